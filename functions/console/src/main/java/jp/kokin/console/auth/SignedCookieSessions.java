package jp.kokin.console.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jp.kokin.adapters.json.Json;
import jp.kokin.domain.console.Role;
import jp.kokin.domain.console.StaffUser;

/**
 * Sessions in a cookie: {@code base64url(json) "." base64url(HMAC-SHA256(key, json))}. Nothing is
 * stored server-side; a session ends at its idle timeout, its absolute lifetime, or sign-out (the
 * cookie is cleared; a copied cookie stays valid until it times out, which is why the idle timeout
 * is short).
 *
 * <p>Size model: the payload is the user's ids and names (≤ 600 bytes) and grants (≤ {@link #MAX_GRANTS}
 * role-organization pairs of ≤ 40 bytes): under {@link #MAX_COOKIE_BYTES}, the 4 KB a browser keeps per cookie.
 */
public final class SignedCookieSessions implements Sessions {
    public static final int MAX_COOKIE_BYTES = 4000;
    public static final int MAX_GRANTS = 60;
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    /** The HMAC-SHA256 key's least length (its block is 64 bytes; 32 random bytes are its strength). */
    public static final int MIN_KEY_BYTES = 32;

    private final Supplier<byte[]> key;
    private final Duration idle;
    private final Duration lifetime;
    private final SecureRandom random;

    /**
     * @param key      at least 32 bytes (the {@code CONSOLE_SESSION_KEY} secret)
     * @param idle     a session unused this long is over
     * @param lifetime a session this old is over however busy
     */
    public SignedCookieSessions(byte[] key, Duration idle, Duration lifetime, SecureRandom random) {
        this(checked(key.clone()), idle, lifetime, random);
    }

    /**
     * @param key read at each use (a secret reference is resolved and cached by the caller, so a rotated key
     *            takes over within the cache's time; sessions signed by the old key then end)
     */
    public SignedCookieSessions(Supplier<byte[]> key, Duration idle, Duration lifetime, SecureRandom random) {
        this.key = Objects.requireNonNull(key, "key");
        this.idle = Objects.requireNonNull(idle, "idle");
        this.lifetime = Objects.requireNonNull(lifetime, "lifetime");
        this.random = Objects.requireNonNull(random, "random");
    }

    @Override
    public Session start(StaffUser user, Instant now) {
        byte[] id = new byte[16];
        random.nextBytes(id);
        String sid = B64.encodeToString(id);
        return new Session(sid, user, now, now, csrfFor(sid));
    }

    @Override
    public Optional<Session> read(Map<String, String> cookies, Instant now) {
        String value = cookies.get(COOKIE);
        if (value == null || value.length() > MAX_COOKIE_BYTES) {
            return Optional.empty();
        }
        int dot = value.indexOf('.');
        if (dot < 0) {
            return Optional.empty();
        }
        try {
            byte[] payload = B64D.decode(value.substring(0, dot));
            byte[] mac = B64D.decode(value.substring(dot + 1));
            if (!MessageDigest.isEqual(mac, hmac("session|".getBytes(StandardCharsets.UTF_8), payload))) {
                return Optional.empty();
            }
            JsonNode n = Json.parse(payload);
            Instant issued = Instant.parse(n.path("iat").asText());
            Instant seen = Instant.parse(n.path("seen").asText());
            if (now.isAfter(seen.plus(idle)) || now.isAfter(issued.plus(lifetime)) || seen.isAfter(now.plusSeconds(60))) {
                return Optional.empty();
            }
            var grants = new EnumMap<Role, Set<String>>(Role.class);
            n.path("grants").properties().forEach(e -> Role.fromWire(e.getKey()).ifPresent(role -> {
                var orgs = new LinkedHashSet<String>();
                e.getValue().forEach(o -> orgs.add(o.asText()));
                grants.put(role, orgs);
            }));
            var user = new StaffUser(n.path("p").asText(), n.path("sub").asText(), n.path("name").asText(),
                    n.path("email").asText(""), grants, Instant.parse(n.path("auth").asText()));
            String sid = n.path("sid").asText();
            if (sid.isEmpty() || user.principal().isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new Session(sid, user, issued, seen, csrfFor(sid)));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    @Override
    public String cookie(Session session, Instant now) {
        ObjectNode n = Json.object();
        StaffUser u = session.user();
        n.put("sid", session.id()).put("p", u.principal()).put("sub", u.subject()).put("name", u.name())
                .put("email", u.email()).put("auth", u.authTime().toString())
                .put("iat", session.issuedAt().toString()).put("seen", now.toString());
        ObjectNode grants = n.putObject("grants");
        int count = 0;
        for (var e : u.grants().entrySet()) {
            var orgs = grants.putArray(e.getKey().wire());
            for (String org : new ArrayList<>(e.getValue())) {
                if (++count > MAX_GRANTS) {
                    throw new IllegalArgumentException("more than " + MAX_GRANTS + " role grants");
                }
                orgs.add(org);
            }
        }
        byte[] payload = Json.write(n).getBytes(StandardCharsets.UTF_8);
        String value = B64.encodeToString(payload) + "." + B64.encodeToString(hmac("session|".getBytes(StandardCharsets.UTF_8), payload));
        if (value.length() > MAX_COOKIE_BYTES) {
            throw new IllegalArgumentException("the session does not fit in a cookie");
        }
        return COOKIE + "=" + value + "; Path=/console; HttpOnly; Secure; SameSite=Strict";
    }

    @Override
    public String clearCookie() {
        return COOKIE + "=; Path=/console; HttpOnly; Secure; SameSite=Strict; Max-Age=0";
    }

    @Override
    public boolean csrfValid(Session session, String token) {
        return token != null && MessageDigest.isEqual(session.csrfToken().getBytes(StandardCharsets.US_ASCII),
                token.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public String sign(String purpose, String value) {
        byte[] data = value.getBytes(StandardCharsets.UTF_8);
        return B64.encodeToString(data) + "." + B64.encodeToString(hmac(signedPurpose(purpose), data));
    }

    @Override
    public Optional<String> verified(String purpose, String signed) {
        if (signed == null || signed.length() > MAX_COOKIE_BYTES) {
            return Optional.empty();
        }
        int dot = signed.indexOf('.');
        if (dot < 0) {
            return Optional.empty();
        }
        try {
            byte[] data = B64D.decode(signed.substring(0, dot));
            byte[] mac = B64D.decode(signed.substring(dot + 1));
            return MessageDigest.isEqual(mac, hmac(signedPurpose(purpose), data))
                    ? Optional.of(new String(data, StandardCharsets.UTF_8)) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static byte[] signedPurpose(String purpose) {
        if (!purpose.matches("[a-z_]{1,32}")) {
            throw new IllegalArgumentException("a purpose is a short lower-case word");
        }
        return ("signed|" + purpose + "|").getBytes(StandardCharsets.US_ASCII);
    }

    private static Supplier<byte[]> checked(byte[] key) {
        checkLength(key);
        return () -> key;
    }

    private static byte[] checkLength(byte[] key) {
        if (key == null || key.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("the session key has at least " + MIN_KEY_BYTES + " bytes");
        }
        return key;
    }

    private String csrfFor(String sid) {
        return B64.encodeToString(hmac("csrf|".getBytes(StandardCharsets.UTF_8), sid.getBytes(StandardCharsets.US_ASCII)));
    }

    private byte[] hmac(byte[] purpose, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(checkLength(key.get()), "HmacSHA256"));
            mac.update(purpose);
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
