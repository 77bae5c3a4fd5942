package jp.kokin.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import jp.kokin.console.web.Route;
import jp.kokin.domain.console.Permission;
import jp.kokin.domain.console.Role;
import jp.kokin.domain.console.StaffUser;

/**
 * Every route of {@link ConsoleHandler#routes()} refuses who may not use it: no session (a GET is
 * sent to sign in and comes back, a POST is answered 401), roles without the route's permission
 * (403), and the permission held over another organization only (404 for what belongs to an
 * organization, as if it did not exist; 403 for what needs the permission over every organization).
 * Each check runs on a fresh {@link ConsoleTestKit} seeded by {@link ConsoleAuthorizationFixtures},
 * and a user holding the permission over the right organization is let through (so a 404 is not a
 * missing fixture). A route without a fixture fails {@link #every_route_has_a_fixture}: a new route
 * cannot skip these checks.
 */
class ConsoleAuthorizationTest {

    /** Every route that needs a permission, as {@code METHOD pattern}. */
    static Stream<String> guardedRoutes() {
        return new ConsoleTestKit().handler().routes().stream().filter(r -> r.permission().isPresent()).map(ConsoleAuthorizationTest::key);
    }

    /** The guarded routes that read or change something of one organization (or of every one). */
    static Stream<String> scopedRoutes() {
        return guardedRoutes().filter(k -> ConsoleAuthorizationFixtures.fixture(k).isEmpty() || fixture(new ConsoleTestKit(), k).scope() != Scope.NONE);
    }

    @Test
    void every_route_has_a_fixture() {
        var missing = new TreeSet<String>();
        for (Route route : new ConsoleTestKit().handler().routes()) {
            String key = key(route);
            boolean covered = route.permission().isEmpty() ? ConsoleAuthorizationFixtures.OPEN.contains(key)
                    : ConsoleAuthorizationFixtures.fixture(key).isPresent();
            if (!covered) {
                missing.add(key);
            }
        }
        assertTrue(missing.isEmpty(), "routes without a fixture in ConsoleAuthorizationFixtures (a guarded route: FIXTURES;"
                + " a route anyone may call: OPEN): " + missing);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("guardedRoutes")
    void without_a_session_a_page_is_sent_to_sign_in_and_a_form_is_refused(String route) {
        var kit = new ConsoleTestKit();
        var f = fixture(kit, route);

        APIGatewayV2HTTPResponse response = kit.call(method(route), f.path(), f.form(), null);

        if (method(route).equals("GET")) {
            assertEquals(303, response.getStatusCode(), route);
            assertTrue(response.getHeaders().get("Location").startsWith("/console/auth/sign-in?next="), route);
        } else {
            assertEquals(401, response.getStatusCode(), route);
        }
        assertAudited(kit, route, false);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("guardedRoutes")
    void roles_without_the_routes_permission_get_403(String route) {
        var kit = new ConsoleTestKit();
        var f = fixture(kit, route);
        Permission permission = permission(kit, route);
        // every role that does not carry the permission, over every organization
        var roles = EnumSet.complementOf(EnumSet.copyOf(permission.roles()));
        StaffUser user = ConsoleTestKit.user("without-" + permission.name().toLowerCase(java.util.Locale.ROOT),
                roles.isEmpty() ? new String[] {"no-console-role"} : roles.stream().map(Role::wire).toArray(String[]::new));

        APIGatewayV2HTTPResponse response = kit.call(method(route), f.path(), f.form(), user);

        assertEquals(403, response.getStatusCode(), route + " as " + user.grants() + ": " + response.getBody());
        assertAudited(kit, route, false);
    }

    @ParameterizedTest(name = "{0}", allowZeroInvocations = true) // none until a route reads one organization's data
    @MethodSource("scopedRoutes")
    void the_permission_over_another_organization_only_does_not_reach_this_ones(String route) {
        var kit = new ConsoleTestKit();
        var f = fixture(kit, route);
        Permission permission = permission(kit, route);
        StaffUser other = userWith(permission, f.otherOrganization());

        APIGatewayV2HTTPResponse response = kit.call(method(route), f.path(), f.form(), other);

        int expected = f.scope() == Scope.EVERY_ORGANIZATION ? 403 : 404;
        assertEquals(expected, response.getStatusCode(), route + " as " + other.grants() + ": " + response.getBody());
        assertAudited(kit, route, false);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("guardedRoutes")
    void the_permission_over_the_right_organization_is_let_through(String route) {
        var kit = new ConsoleTestKit();
        var f = fixture(kit, route);
        Permission permission = permission(kit, route);
        StaffUser user = userWith(permission, f.scope() == Scope.EVERY_ORGANIZATION ? null : f.organization());

        APIGatewayV2HTTPResponse response = kit.call(method(route), f.path(), f.form(), user);

        int status = response.getStatusCode();
        assertFalse(status == 401 || status == 403 || status == 404 || status == 405 || status >= 500,
                route + " as " + user.grants() + " → " + status + ": " + response.getBody());
        if (status == 303) {
            assertFalse(response.getHeaders().get("Location").startsWith("/console/auth/sign-in"), route + " asked to sign in again");
        }
    }

    // --- helpers ---

    /** How a route's resource is scoped. */
    enum Scope {
        /** A list or a page of no one organization (filtered by the user's organizations, never refused for them). */
        NONE,
        /** Belongs to one organization: another organization's user gets 404. */
        ORGANIZATION,
        /** Needs the permission over every organization (a run's release and files): else 403. */
        EVERY_ORGANIZATION
    }

    /**
     * One route's request on the seeded kit.
     *
     * @param organization      the organization the resource belongs to (null for {@link Scope#NONE} and lists)
     * @param otherOrganization one it does not belong to
     */
    record Fixture(String path, Scope scope, String organization, String otherOrganization, Map<String, String> form) {
        static Fixture list(String path) {
            return new Fixture(path, Scope.NONE, ConsoleAuthorizationFixtures.CHIYODA, ConsoleAuthorizationFixtures.SHINJUKU, Map.of());
        }

        static Fixture of(String path, String organization, String other) {
            return new Fixture(path, Scope.ORGANIZATION, organization, other, Map.of());
        }

        static Fixture everyOrganization(String path) {
            return new Fixture(path, Scope.EVERY_ORGANIZATION, null, ConsoleAuthorizationFixtures.SHINJUKU, Map.of());
        }

        Fixture withForm(Map<String, String> form) {
            return new Fixture(path, scope, organization, otherOrganization, form);
        }
    }

    /** {@code METHOD pattern} with each path parameter written {@code {}} (the fixtures do not depend on parameter names). */
    static String key(Route route) {
        return route.method() + " " + route.pattern().replaceAll("\\{[^}/]*}", "{}");
    }

    private static String method(String key) {
        return key.substring(0, key.indexOf(' '));
    }

    private static Fixture fixture(ConsoleTestKit kit, String route) {
        Function<ConsoleAuthorizationFixtures.Seeded, Fixture> f = ConsoleAuthorizationFixtures.fixture(route)
                .map(ConsoleAuthorizationFixtures.Entry::build)
                .orElseThrow(() -> new AssertionError("no fixture for " + route + " (see every_route_has_a_fixture)"));
        return f.apply(ConsoleAuthorizationFixtures.seed(kit));
    }

    private static Permission permission(ConsoleTestKit kit, String route) {
        return kit.handler().routes().stream().filter(r -> key(r).equals(route)).findFirst().orElseThrow().permission().orElseThrow();
    }

    /** A user holding {@code permission} (by each role that carries it) over {@code organization}, or over every one when null. */
    static StaffUser userWith(Permission permission, String organization) {
        List<String> groups = new ArrayList<>();
        for (Role role : permission.roles()) {
            groups.add(organization == null ? role.wire() : role.wire() + "." + organization);
        }
        return ConsoleTestKit.user("with-" + permission.name().toLowerCase(java.util.Locale.ROOT), groups.toArray(String[]::new));
    }

    /** A refused request changes nothing worth auditing (sign-in routes aside, which the refusals never reach). */
    private static void assertAudited(ConsoleTestKit kit, String route, boolean expected) {
        Set<String> actions = new TreeSet<>();
        kit.audit.all().forEach(e -> actions.add(e.action()));
        assertEquals(expected, !actions.isEmpty(), route + " audited " + actions);
    }
}
