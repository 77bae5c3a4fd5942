package jp.kokin.console.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;

import jp.kokin.adapters.json.Json;
import jp.kokin.console.ConsoleHandler;
import jp.kokin.console.ConsoleTestKit;
import jp.kokin.console.auth.IdentityProvider.VerifiedIdentity;
import jp.kokin.console.web.Layout;
import jp.kokin.console.web.Route;
import jp.kokin.domain.console.AuditActions;
import jp.kokin.domain.console.AuditEntry;
import jp.kokin.domain.console.Permission;
import jp.kokin.domain.console.StaffUser;
import jp.kokin.domain.refund.Principals;

/** Signing in through the provider, out, re-authentication before moving money, and the language switch. */
class AuthRoutesTest {
    private final ConsoleTestKit kit = new ConsoleTestKit();

    private VerifiedIdentity identity(String... groups) {
        return new VerifiedIdentity(ConsoleTestKit.ISSUER, "sub-hanako", "山田 花子", "hanako@city.test", List.of(groups),
                kit.clock.instant().minusSeconds(3));
    }

    @Test
    void sign_in_sends_the_browser_to_the_provider_with_pkce_and_keeps_the_flow_in_a_short_signed_cookie() {
        var response = call("GET", "/console/auth/sign-in?next=%2Fconsole%2Fpayments%3Ffrom%3D2026-11-01", List.of());

        assertEquals(303, response.getStatusCode());
        var request = kit.identity.requests.getFirst();
        assertEquals(ConsoleTestKit.ISSUER + "/authorize?state=" + request.state(), response.getHeaders().get("Location"));
        assertEquals("https://kokin.test/console/auth/callback", request.redirectUri());
        assertFalse(request.forceLogin());
        String setCookie = response.getCookies().getFirst();
        assertTrue(setCookie.startsWith(AuthRoutes.AUTH_COOKIE + "="), setCookie);
        assertTrue(setCookie.contains("Path=/console/auth; Max-Age=600; HttpOnly; Secure; SameSite=Lax"), setCookie);
        JsonNode flow = flow(setCookie);
        assertEquals(request.state(), flow.path("s").asText());
        assertEquals(request.nonce(), flow.path("n").asText());
        assertEquals(AuthRoutes.challenge(flow.path("v").asText()), request.codeChallenge());
        assertTrue(flow.path("v").asText().length() >= 43, "a verifier of at least 43 characters (RFC 7636)");
        assertEquals("/console/payments?from=2026-11-01", flow.path("next").asText());
    }

    @Test
    void re_authentication_asks_the_provider_for_a_new_login_from_a_page_not_a_redirect_after_the_form() {
        var response = call("GET", "/console/auth/sign-in?reauth=1&next=%2Fconsole%2Frefunds%2Fr1", List.of());

        assertTrue(kit.identity.requests.getFirst().forceLogin());
        assertEquals(200, response.getStatusCode());
        String to = ConsoleTestKit.ISSUER + "/authorize?state=" + kit.identity.requests.getFirst().state();
        assertTrue(response.getBody().contains("<meta http-equiv=\"refresh\" content=\"0;url=" + to + "\">"), response.getBody());
        assertTrue(response.getCookies().getFirst().startsWith(AuthRoutes.AUTH_COOKIE + "="));
    }

    @Test
    void a_re_authentication_the_provider_answered_without_asking_for_credentials_again_is_refused() {
        var signIn = call("GET", "/console/auth/sign-in?reauth=1&next=%2Fconsole%2Frefunds%2Fr1", List.of());
        kit.identity.next = new VerifiedIdentity(ConsoleTestKit.ISSUER, "sub-hanako", "山田 花子", "", List.of("refund_approver.131016"),
                kit.clock.instant().minus(Duration.ofMinutes(30)));

        assertFailed(callback(signIn, "code-1"), "reauth_not_fresh");

        var again = call("GET", "/console/auth/sign-in?reauth=1&next=%2Fconsole%2Frefunds%2Fr1", List.of());
        kit.identity.next = identity("refund_approver.131016");
        assertEquals(200, callback(again, "code-2").getStatusCode());
    }

    @Test
    void sign_in_never_sends_the_user_on_to_another_site_or_outside_the_console() {
        for (String next : List.of("//evil.example/console/", "https://evil.example/console/", "/\\evil.example", "/console/../admin",
                "/console/%2e%2e/admin", "/console//evil.example", "javascript:alert(1)", "/consoleevil", "/console/\r\nSet-Cookie:x",
                "/console/%2F%2Fevil.example", "/console/\"><script>")) {
            var response = call("GET", "/console/auth/sign-in?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8), List.of());
            assertEquals("/console/", flow(response.getCookies().getFirst()).path("next").asText(), next);
        }
    }

    @Test
    void a_member_of_staff_signs_in_is_audited_and_lands_on_the_page_they_asked_for_with_a_session() {
        kit.identity.next = identity("viewer.131016");
        var signIn = call("GET", "/console/auth/sign-in?next=%2Fconsole%2Fpayments", List.of());

        var callback = callback(signIn, "code-1");

        assertEquals(200, callback.getStatusCode());
        assertTrue(callback.getBody().contains("<meta http-equiv=\"refresh\" content=\"0;url=/console/payments\">"), callback.getBody());
        String session = cookieNamed(callback, Sessions.COOKIE);
        assertTrue(session.contains("Path=/console; HttpOnly; Secure; SameSite=Strict"), session);
        assertTrue(cookieNamed(callback, AuthRoutes.AUTH_COOKIE).contains("Max-Age=0"), "the flow's cookie is cleared");
        AuditEntry entry = kit.audit.all().getLast();
        assertEquals(AuditActions.SIGN_IN, entry.action());
        assertEquals(Principals.ofStaff(ConsoleTestKit.ISSUER, "sub-hanako"), entry.principal());
        assertEquals("山田 花子", entry.name());
        assertEquals("192.0.2.10", entry.sourceIp());

        var home = call("GET", "/console/", List.of(pair(session)));
        assertEquals(200, home.getStatusCode());
        assertTrue(home.getBody().contains("山田 花子"), home.getBody());
    }

    @Test
    void a_callback_with_another_state_is_refused_with_a_retry_link_and_audited() {
        kit.identity.next = identity("viewer.131016");
        var signIn = call("GET", "/console/auth/sign-in?next=%2Fconsole%2Fpayments", List.of());

        var response = call("GET", "/console/auth/callback?code=c&state=forged", List.of(pair(signIn.getCookies().getFirst())));

        assertFailed(response, "state_mismatch");
        assertTrue(response.getBody().contains("href=\"/console/auth/sign-in?next=%2Fconsole%2Fpayments\""), response.getBody());
    }

    @Test
    void a_callback_without_the_flow_cookie_with_a_tampered_one_or_after_ten_minutes_is_refused_without_an_audit_entry() {
        kit.identity.next = identity("viewer.131016");
        assertRefusedUnaudited(call("GET", "/console/auth/callback?code=c&state=s", List.of()));
        assertRefusedUnaudited(call("GET", "/console/auth/callback?error=access_denied", List.of()));

        var signIn = call("GET", "/console/auth/sign-in", List.of());
        String cookie = pair(signIn.getCookies().getFirst());
        String state = kit.identity.requests.getLast().state();
        int at = cookie.indexOf('=') + 12;
        String tampered = cookie.substring(0, at) + (cookie.charAt(at) == 'A' ? 'B' : 'A') + cookie.substring(at + 1);
        assertRefusedUnaudited(call("GET", "/console/auth/callback?code=c&state=" + state, List.of(tampered)));

        kit.clock.advance(AuthRoutes.AUTH_COOKIE_LIFETIME.plusSeconds(1));
        assertRefusedUnaudited(call("GET", "/console/auth/callback?code=c&state=" + state, List.of(cookie)));
        assertTrue(kit.audit.all().isEmpty(), "anyone may GET the callback: only sign-ins that began are audited " + kit.audit.all());
    }

    /** A callback no sign-in began (no valid flow cookie): the failed page, and nothing in the audit log. */
    private void assertRefusedUnaudited(APIGatewayV2HTTPResponse response) {
        assertEquals(400, response.getStatusCode(), response.getBody());
        assertTrue(response.getBody().contains("id=\"retry\""), response.getBody());
        assertTrue(response.getCookies().stream().noneMatch(c -> c.startsWith(Sessions.COOKIE + "=")));
        assertTrue(kit.audit.all().stream().noneMatch(e -> e.action().equals(AuditActions.SIGN_IN_FAILED)), kit.audit.all().toString());
    }

    @Test
    void an_error_from_the_provider_or_a_refused_code_is_a_failed_sign_in() {
        var signIn = call("GET", "/console/auth/sign-in", List.of());
        String state = kit.identity.requests.getLast().state();

        assertFailed(call("GET", "/console/auth/callback?error=access_denied&state=" + state, List.of(pair(signIn.getCookies().getFirst()))),
                "provider_error:access_denied");
        kit.identity.next = null;
        assertFailed(callback(signIn, "code-x"), "token:no identity prepared");
    }

    @Test
    void a_person_without_any_console_role_signs_in_at_the_provider_but_gets_no_session() {
        kit.identity.next = identity("some-other-group", "viewer.");
        var response = callback(call("GET", "/console/auth/sign-in", List.of()), "code-1");

        assertEquals(403, response.getStatusCode());
        assertTrue(response.getBody().contains("管理画面の権限がありません"), response.getBody());
        assertTrue(response.getCookies().stream().noneMatch(c -> c.startsWith(Sessions.COOKIE + "=")), response.getCookies().toString());
        AuditEntry entry = kit.audit.all().getLast();
        assertEquals(AuditActions.SIGN_IN_FAILED, entry.action());
        assertEquals(Principals.ofStaff(ConsoleTestKit.ISSUER, "sub-hanako"), entry.principal());
        assertEquals("no_roles", entry.detail().get("reason"));
    }

    @Test
    void signing_out_clears_the_session_is_audited_and_shows_the_signed_out_page() {
        StaffUser viewer = ConsoleTestKit.user("viewer", "viewer.131016");
        var response = kit.post("/console/auth/sign-out", Map.of(), viewer);

        assertEquals(303, response.getStatusCode());
        assertEquals("/console/auth/signed-out", response.getHeaders().get("Location"));
        assertTrue(response.getCookies().getFirst().startsWith(Sessions.COOKIE + "=;"), response.getCookies().toString());
        assertTrue(response.getCookies().getFirst().contains("Max-Age=0"));
        assertEquals(AuditActions.SIGN_OUT, kit.audit.all().getLast().action());
        assertEquals(viewer.principal(), kit.audit.all().getLast().principal());

        var page = kit.anonymousGet("/console/auth/signed-out");
        assertEquals(200, page.getStatusCode());
        assertTrue(page.getBody().contains("id=\"sign-in-again\" href=\"/console/auth/sign-in\""), page.getBody());
    }

    @Test
    void signing_out_also_ends_the_providers_session_when_it_has_a_logout_page() {
        kit.identity.logout = "https://idp.test/logout";

        var response = kit.post("/console/auth/sign-out", Map.of(), ConsoleTestKit.user("viewer", "viewer.131016"));

        assertEquals(200, response.getStatusCode());
        assertTrue(response.getBody().contains("content=\"0;url=https://idp.test/logout?return=https://kokin.test/console/auth/signed-out\""),
                response.getBody());
        assertTrue(response.getCookies().getFirst().contains("Max-Age=0"));
        assertEquals(AuditActions.SIGN_OUT, kit.audit.all().getLast().action());
    }

    @Test
    void signing_out_without_the_forms_csrf_token_is_refused() {
        var response = kit.post("/console/auth/sign-out", Map.of("_csrf", "forged"), ConsoleTestKit.user("viewer", "viewer.131016"));

        assertEquals(403, response.getStatusCode());
        assertTrue(kit.audit.all().isEmpty());
    }

    @Test
    void the_language_switch_remembers_the_choice_and_returns_only_to_console_pages() {
        var response = kit.anonymousGet("/console/lang?to=en&next=%2Fconsole%2Fpayments%3Fstatus%3Dpaid");

        assertEquals(303, response.getStatusCode());
        assertEquals("/console/payments?status=paid", response.getHeaders().get("Location"));
        assertTrue(response.getCookies().getFirst().startsWith("kokin_console_lang=en; Path=/console;"), response.getCookies().toString());
        assertEquals("/console/", kit.anonymousGet("/console/lang?to=en&next=%2F%2Fevil.example").getHeaders().get("Location"));
        assertEquals("/console/", kit.anonymousGet("/console/lang?to=en&next=https%3A%2F%2Fevil.example").getHeaders().get("Location"));
        assertTrue(kit.anonymousGet("/console/lang?to=xx&next=/console/").getCookies().getFirst().startsWith("kokin_console_lang=ja;"));
    }

    @Test
    void moving_money_after_a_stale_sign_in_sends_the_user_to_sign_in_again_and_back_to_the_form() {
        var ran = new ArrayList<String>();
        var handler = ConsoleHandler.withExtraRoutes(kit.wiring(), List.of(Route.postMovingMoney("/console/test/approve", Permission.DECIDE_REFUND, r -> {
            ran.add(r.user().name());
            return Layout.seeOther("/console/test/done");
        })));
        StaffUser stale = withAuthTime(ConsoleTestKit.user("approver", "refund_approver.131016"),
                kit.clock.instant().minus(kit.wiring().settings().reauth()).minusSeconds(1));

        var response = post(handler, "/console/test/approve", Map.of("_back", "/console/test/form"), stale);
        assertEquals(303, response.getStatusCode());
        assertEquals("/console/auth/sign-in?reauth=1&next=%2Fconsole%2Ftest%2Fform", response.getHeaders().get("Location"));
        assertTrue(ran.isEmpty());

        var evil = post(handler, "/console/test/approve", Map.of("_back", "//evil.example/"), stale);
        assertEquals("/console/auth/sign-in?reauth=1&next=%2Fconsole%2F", evil.getHeaders().get("Location"));

        StaffUser fresh = withAuthTime(stale, kit.clock.instant().minusSeconds(60));
        assertEquals("/console/test/done", post(handler, "/console/test/approve", Map.of("_back", "/console/test/form"), fresh)
                .getHeaders().get("Location"));
        assertEquals(List.of("approver (test)"), ran);
    }

    @Test
    void the_safe_next_rule_keeps_console_paths_with_their_query() {
        assertEquals("/console/payments?q=A%2FB&x=//y", AuthRoutes.safeNext(Optional.of("/console/payments?q=A%2FB&x=//y")));
        assertEquals("/console", AuthRoutes.safeNext(Optional.of("/console")));
        assertEquals("/console/", AuthRoutes.safeNext(Optional.empty()));
    }

    // --- helpers ---

    private void assertFailed(APIGatewayV2HTTPResponse response, String reason) {
        assertEquals(400, response.getStatusCode(), response.getBody());
        assertTrue(response.getBody().contains("id=\"retry\""), response.getBody());
        assertTrue(response.getCookies().stream().noneMatch(c -> c.startsWith(Sessions.COOKIE + "=")));
        AuditEntry entry = kit.audit.all().getLast();
        assertEquals(AuditActions.SIGN_IN_FAILED, entry.action());
        assertEquals("-", entry.principal());
        assertEquals(reason, entry.detail().get("reason"));
    }

    private APIGatewayV2HTTPResponse callback(APIGatewayV2HTTPResponse signIn, String code) {
        String state = kit.identity.requests.getLast().state();
        return call("GET", "/console/auth/callback?code=" + code + "&state=" + state, List.of(pair(signIn.getCookies().getFirst())));
    }

    private JsonNode flow(String setCookie) {
        String value = pair(setCookie).substring(AuthRoutes.AUTH_COOKIE.length() + 1);
        return Json.parse(kit.sessions.verified("auth", value).orElseThrow());
    }

    private static StaffUser withAuthTime(StaffUser u, java.time.Instant authTime) {
        return new StaffUser(u.principal(), u.subject(), u.name(), u.email(), u.grants(), authTime);
    }

    private static String pair(String setCookie) {
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    private static String cookieNamed(APIGatewayV2HTTPResponse response, String name) {
        return response.getCookies().stream().filter(c -> c.startsWith(name + "=")).findFirst().orElseThrow();
    }

    private APIGatewayV2HTTPResponse post(ConsoleHandler handler, String path, Map<String, String> form, StaffUser user) {
        Session s = kit.sessions.start(user, kit.clock.instant());
        var body = new HashMap<>(form);
        body.put("_csrf", s.csrfToken());
        return handler.handleRequest(ConsoleTestKit.event("POST", path, body, List.of(pair(kit.sessions.cookie(s, kit.clock.instant())))), null);
    }

    private APIGatewayV2HTTPResponse call(String method, String pathAndQuery, List<String> cookies) {
        return kit.handler().handleRequest(ConsoleTestKit.event(method, pathAndQuery, Map.of(), cookies), null);
    }
}
