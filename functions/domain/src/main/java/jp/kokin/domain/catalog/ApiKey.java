package jp.kokin.domain.catalog;

import java.util.Objects;
import java.util.Set;

/**
 * An API key as stored: only the SHA-256 hash of the secret, its role, the portal it acts for
 * (portal keys) and the organizations it may see ({@code *} for all).
 */
public record ApiKey(String hash, Role role, String portalId, Set<String> organizations) {
    public static final String ALL_ORGANIZATIONS = "*";

    public ApiKey {
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(role, "role");
        organizations = Set.copyOf(organizations);
        if (role == Role.PORTAL && (portalId == null || portalId.isBlank())) {
            throw new IllegalArgumentException("a portal key names its portal");
        }
    }

    /** Scoped to every organization ({@code *}): only such an operator key gets the whole day's transfer file. */
    public boolean coversAllOrganizations() {
        return organizations.contains(ALL_ORGANIZATIONS);
    }

    public boolean canAccess(String organizationCode) {
        return organizations.contains(ALL_ORGANIZATIONS) || organizations.contains(organizationCode);
    }
}
