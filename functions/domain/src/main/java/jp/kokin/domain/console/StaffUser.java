package jp.kokin.domain.console;

import java.time.Instant;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A signed-in member of staff, as the session carries them.
 *
 * @param principal  {@code usr_} and 16 hex digits ({@link jp.kokin.domain.refund.Principals#ofStaff}):
 *                   what refunds, run releases, pay-ins and the audit log record as who acted
 * @param subject    the identity provider's {@code sub}
 * @param name       for display (the token's {@code name}, else {@code email}, else {@code sub})
 * @param grants     per role, the organizations it is granted over; {@link #EVERY_ORGANIZATION} for all
 * @param authTime   when the person last entered their credentials at the identity provider (re-authentication
 *                   before moving money compares this with the clock)
 */
public record StaffUser(String principal, String subject, String name, String email,
                        Map<Role, Set<String>> grants, Instant authTime) {
    /** Stands for every organization in {@link #grants}. */
    public static final String EVERY_ORGANIZATION = "*";

    public StaffUser {
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(authTime, "authTime");
        email = email == null ? "" : email;
        var copy = new EnumMap<Role, Set<String>>(Role.class);
        grants.forEach((role, orgs) -> copy.put(role, Set.copyOf(orgs)));
        grants = Map.copyOf(copy);
    }

    /**
     * Roles from group names: {@code role} (every organization) or {@code role.ORG}; other groups are
     * ignored (a user pool has groups for other purposes too).
     */
    public static Map<Role, Set<String>> fromGroups(Collection<String> groups) {
        var grants = new EnumMap<Role, Set<String>>(Role.class);
        for (String group : groups) {
            int dot = group.indexOf('.');
            String roleName = dot < 0 ? group : group.substring(0, dot);
            String org = dot < 0 ? EVERY_ORGANIZATION : group.substring(dot + 1);
            if (org.isEmpty()) {
                continue;
            }
            Role.fromWire(roleName).ifPresent(role ->
                    grants.computeIfAbsent(role, r -> new LinkedHashSet<>()).add(org));
        }
        return grants;
    }

    /** Whether a role carrying {@code permission} is granted over {@code organization}. */
    public boolean may(Permission permission, String organization) {
        for (Role role : permission.roles()) {
            Set<String> orgs = grants.get(role);
            if (orgs != null && (orgs.contains(EVERY_ORGANIZATION) || orgs.contains(organization))) {
                return true;
            }
        }
        return false;
    }

    /** Whether some role carrying {@code permission} is granted over some organization. */
    public boolean mayAnywhere(Permission permission) {
        return permission.roles().stream().anyMatch(r -> !grants.getOrDefault(r, Set.of()).isEmpty());
    }

    /** Whether {@code permission} is held over every organization (platform-wide actions: a run's release). */
    public boolean mayEverywhere(Permission permission) {
        return may(permission, EVERY_ORGANIZATION);
    }

    /**
     * The organizations over which {@code permission} is held: empty when held over every
     * organization (see {@link #mayEverywhere}), so a list filters by {@code Optional.of(set)}.
     */
    public Optional<Set<String>> organizations(Permission permission) {
        if (mayEverywhere(permission)) {
            return Optional.empty();
        }
        var orgs = new LinkedHashSet<String>();
        for (Role role : permission.roles()) {
            orgs.addAll(grants.getOrDefault(role, Set.of()));
        }
        return Optional.of(Set.copyOf(orgs));
    }
}
