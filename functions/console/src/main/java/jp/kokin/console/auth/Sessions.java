package jp.kokin.console.auth;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import jp.kokin.domain.console.StaffUser;

/**
 * Session cookies: issue on sign-in, read (signature, idle timeout, absolute lifetime) on every
 * request, refresh as the user moves, clear on sign-out. The cookie is {@code HttpOnly; Secure;
 * SameSite=Strict; Path=/console}.
 */
public interface Sessions {
    /** The cookie's name. */
    String COOKIE = "kokin_console";

    /** A new session for a user who just signed in. */
    Session start(StaffUser user, Instant now);

    /** The session the cookies carry, if its signature holds and it has not expired at {@code now}. */
    Optional<Session> read(Map<String, String> cookies, Instant now);

    /** The {@code Set-Cookie} value carrying {@code session} seen at {@code now}. */
    String cookie(Session session, Instant now);

    /** The {@code Set-Cookie} value that removes the session cookie. */
    String clearCookie();

    /** Whether {@code token} is this session's CSRF token (constant-time comparison). */
    boolean csrfValid(Session session, String token);

    /**
     * {@code value} (URL-safe text) with a signature by the session key for {@code purpose}: short-lived
     * browser state such as the sign-in's state, nonce and PKCE verifier.
     */
    String sign(String purpose, String value);

    /** The value {@link #sign} signed for {@code purpose}, if its signature holds. */
    Optional<String> verified(String purpose, String signed);
}
