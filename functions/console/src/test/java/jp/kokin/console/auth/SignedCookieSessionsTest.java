package jp.kokin.console.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import jp.kokin.console.ConsoleTestKit;
import jp.kokin.domain.console.StaffUser;

/** The session cookie: only what we signed, only while it is used, never longer than a working day. */
class SignedCookieSessionsTest {
    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");
    private static final Duration IDLE = Duration.ofMinutes(15);
    private static final Duration LIFETIME = Duration.ofHours(8);
    private final SignedCookieSessions sessions = new SignedCookieSessions(ConsoleTestKit.SESSION_KEY, IDLE, LIFETIME,
            new SecureRandom(new byte[] {7}));
    private final StaffUser user = ConsoleTestKit.user("approver", "refund_approver.131016", "viewer");

    private Map<String, String> cookies(Session s, Instant at) {
        String c = sessions.cookie(s, at);
        return Map.of(Sessions.COOKIE, c.substring(Sessions.COOKIE.length() + 1, c.indexOf(';')));
    }

    @Test
    void a_session_reads_back_whole_from_its_cookie() {
        Session s = sessions.start(user, T0);

        Session read = sessions.read(cookies(s, T0), T0.plusSeconds(1)).orElseThrow();

        assertEquals(s.id(), read.id());
        assertEquals(user, read.user());
        assertEquals(s.csrfToken(), read.csrfToken());
    }

    @Test
    void a_tampered_cookie_or_one_signed_with_another_key_is_no_session() {
        Session s = sessions.start(user, T0);
        String value = cookies(s, T0).get(Sessions.COOKIE);
        String payload = new String(java.util.Base64.getUrlDecoder().decode(value.substring(0, value.indexOf('.'))), StandardCharsets.UTF_8);
        String forged = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                payload.replace("refund_approver", "platform_admin").getBytes(StandardCharsets.UTF_8)) + value.substring(value.indexOf('.'));
        var other = new SignedCookieSessions("another key, also at least 32 bytes long".getBytes(StandardCharsets.UTF_8), IDLE, LIFETIME,
                new SecureRandom());

        assertTrue(sessions.read(Map.of(Sessions.COOKIE, forged), T0).isEmpty());
        assertTrue(sessions.read(Map.of(Sessions.COOKIE, value + "x"), T0).isEmpty());
        assertTrue(sessions.read(Map.of(Sessions.COOKIE, "garbage"), T0).isEmpty());
        assertTrue(other.read(cookies(s, T0), T0).isEmpty());
    }

    @Test
    void a_session_unused_for_the_idle_timeout_is_over_and_use_keeps_it_alive() {
        Session s = sessions.start(user, T0);

        assertTrue(sessions.read(cookies(s, T0), T0.plus(IDLE).plusSeconds(1)).isEmpty());
        Instant t = T0;
        for (int i = 0; i < 4; i++) { // re-issued at each request, as the handler does
            Instant next = t.plus(IDLE).minusSeconds(1);
            s = sessions.read(cookies(s, t), next).orElseThrow();
            t = next;
        }
        assertTrue(t.isAfter(T0.plus(IDLE.multipliedBy(3))));
    }

    @Test
    void a_session_ends_at_its_absolute_lifetime_however_busy() {
        Session s = sessions.start(user, T0);
        Instant late = T0.plus(LIFETIME).minusSeconds(60);
        Session busy = new Session(s.id(), s.user(), s.issuedAt(), late, s.csrfToken());

        assertTrue(sessions.read(cookies(busy, late), late.plusSeconds(30)).isPresent());
        assertTrue(sessions.read(cookies(busy, late.plusSeconds(90)), late.plusSeconds(90)).isEmpty());
    }

    @Test
    void the_csrf_token_is_the_sessions_own() {
        Session a = sessions.start(user, T0);
        Session b = sessions.start(user, T0);

        assertTrue(sessions.csrfValid(a, a.csrfToken()));
        assertFalse(sessions.csrfValid(a, b.csrfToken()));
        assertFalse(sessions.csrfValid(a, null));
        assertFalse(sessions.csrfValid(a, ""));
    }

    @Test
    void a_key_shorter_than_32_bytes_is_refused() {
        assertThrows(IllegalArgumentException.class, () -> new SignedCookieSessions(new byte[31], IDLE, LIFETIME, new SecureRandom()));
        var lazy = new SignedCookieSessions(() -> new byte[16], IDLE, LIFETIME, new SecureRandom());
        assertThrows(IllegalArgumentException.class, () -> lazy.sign("auth", "x"));
    }

    @Test
    void signed_values_hold_only_for_their_purpose() {
        String signed = sessions.sign("auth", "{\"s\":\"state\"}");

        assertEquals(Optional.of("{\"s\":\"state\"}"), sessions.verified("auth", signed));
        assertTrue(sessions.verified("other", signed).isEmpty());
        assertTrue(sessions.verified("auth", signed.replace('.', 'x')).isEmpty());
    }
}
