package jp.kokin.console.auth;

import java.time.Instant;
import java.util.Objects;

import jp.kokin.domain.console.StaffUser;

/**
 * A signed-in session, carried whole in a signed cookie (no server-side state).
 *
 * @param id         random, 128 bits, base64url: names the session in the audit log and keys its CSRF token
 * @param issuedAt   sign-in time at the console (absolute lifetime: {@code CONSOLE_SESSION_HOURS})
 * @param lastSeen   last request (idle timeout: {@code CONSOLE_IDLE_MINUTES}); the cookie is re-issued as it moves
 * @param csrfToken  derived from the id and the signing key; every form posts it back
 */
public record Session(String id, StaffUser user, Instant issuedAt, Instant lastSeen, String csrfToken) {
    public Session {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(lastSeen, "lastSeen");
        Objects.requireNonNull(csrfToken, "csrfToken");
    }
}
