package jp.kokin.domain.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jp.kokin.domain.format.CanonicalBase64;

/**
 * Standard Webhooks v1 (https://www.standardwebhooks.com): what our portal notifications and the
 * sandbox provider's notifications carry, so that any Standard Webhooks library verifies them.
 *
 * <ul>
 *   <li>headers {@code webhook-id} (stable across retries), {@code webhook-timestamp} (unix
 *       seconds) and {@code webhook-signature} (a space-separated list of {@code v1,<base64>});</li>
 *   <li>signed content {@code id + "." + timestamp + "." + body}, HMAC-SHA256;</li>
 *   <li>the key is the base64 decoding of the secret after its {@code whsec_} prefix.</li>
 * </ul>
 *
 * Verification takes a list of secrets (current first, then previous ones) so that a secret can
 * be rotated without dropping notifications signed with the old one.
 */
public final class StandardWebhook {

    /** How far a timestamp may be from now, in either direction. */
    public static final Duration TOLERANCE = Duration.ofMinutes(5);

    public static final String ID_HEADER = "webhook-id";
    public static final String TIMESTAMP_HEADER = "webhook-timestamp";
    public static final String SIGNATURE_HEADER = "webhook-signature";

    private static final String SECRET_PREFIX = "whsec_";
    private static final String VERSION = "v1";
    private static final int SECRET_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private StandardWebhook() {}

    /** The {@code webhook-signature} value ({@code v1,<base64>}) for one message. */
    public static String sign(String secret, String msgId, long timestamp, byte[] body) {
        Objects.requireNonNull(msgId, "msgId");
        Objects.requireNonNull(body, "body");
        return VERSION + "," + Base64.getEncoder().encodeToString(mac(key(secret), msgId, timestamp, body));
    }

    /**
     * Verifies a message at {@code now}: some {@code v1} signature in the header must match some
     * secret, and the timestamp must lie within {@link #TOLERANCE} of {@code now}.
     */
    public static void verify(List<String> secrets, String msgId, String timestampHeader, String signatureHeader,
                              byte[] body, Instant now) throws WebhookVerificationException {
        Objects.requireNonNull(now, "now");
        if (secrets == null || secrets.isEmpty()) {
            throw new IllegalArgumentException("no webhook secret configured");
        }
        if (isBlank(msgId)) {
            throw new WebhookVerificationException("missing " + ID_HEADER + " header");
        }
        if (isBlank(timestampHeader)) {
            throw new WebhookVerificationException("missing " + TIMESTAMP_HEADER + " header");
        }
        if (isBlank(signatureHeader)) {
            throw new WebhookVerificationException("missing " + SIGNATURE_HEADER + " header");
        }
        if (body == null) {
            throw new WebhookVerificationException("missing body");
        }
        long timestamp = parseTimestamp(timestampHeader.strip());
        long nowSeconds = now.getEpochSecond();
        if (timestamp < nowSeconds - TOLERANCE.toSeconds()) {
            throw new WebhookVerificationException("message timestamp too old");
        }
        if (timestamp > nowSeconds + TOLERANCE.toSeconds()) {
            throw new WebhookVerificationException("message timestamp too new");
        }
        List<byte[]> candidates = signatures(signatureHeader);
        if (candidates.isEmpty()) {
            throw new WebhookVerificationException("no " + VERSION + " signature in " + SIGNATURE_HEADER);
        }
        boolean matched = false;
        for (String secret : secrets) {
            byte[] expected = mac(key(secret), msgId, timestamp, body);
            for (byte[] candidate : candidates) {
                // Keep going after a match: the time taken does not depend on which one matched.
                matched |= MessageDigest.isEqual(expected, candidate);
            }
        }
        if (!matched) {
            throw new WebhookVerificationException("no matching signature");
        }
    }

    /** The shortest signing key we accept (Standard Webhooks secrets are 24 to 64 bytes; we make 32). */
    public static final int MIN_SECRET_BYTES = 24;

    /**
     * What is wrong with a signing secret as configuration ({@code whsec_} and the base64 of at
     * least {@value #MIN_SECRET_BYTES} bytes), never quoting it; empty when it is usable.
     */
    public static java.util.Optional<String> secretProblem(String value) {
        if (value == null || !value.startsWith(SECRET_PREFIX)) {
            return java.util.Optional.of("must be whsec_ followed by base64");
        }
        try {
            if (Base64.getDecoder().decode(value.substring(SECRET_PREFIX.length())).length < MIN_SECRET_BYTES) {
                return java.util.Optional.of("the key must be at least " + MIN_SECRET_BYTES + " bytes (32 recommended)");
            }
        } catch (IllegalArgumentException e) {
            return java.util.Optional.of("must be whsec_ followed by base64");
        }
        return java.util.Optional.empty();
    }

    /** A new random secret: {@code whsec_} and the base64 of 32 random bytes. */
    public static String newSecret() {
        byte[] key = new byte[SECRET_BYTES];
        RANDOM.nextBytes(key);
        return SECRET_PREFIX + Base64.getEncoder().encodeToString(key);
    }

    private static long parseTimestamp(String value) throws WebhookVerificationException {
        if (value.isEmpty() || value.length() > 12 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new WebhookVerificationException("invalid " + TIMESTAMP_HEADER + " header: not unix seconds");
        }
        return Long.parseLong(value);
    }

    /** The decoded {@code v1} signatures of the header; entries of other versions are ignored. */
    private static List<byte[]> signatures(String header) {
        List<byte[]> result = new java.util.ArrayList<>();
        for (String entry : header.strip().split(" +")) {
            int comma = entry.indexOf(',');
            if (comma < 0 || !entry.substring(0, comma).equals(VERSION)) {
                continue;
            }
            // A malformed or non-canonical entry cannot match; the others may.
            CanonicalBase64.decodeStandard(entry.substring(comma + 1)).ifPresent(result::add);
        }
        return result;
    }

    /** The HMAC key of a secret; like the reference libraries, the {@code whsec_} prefix is optional. */
    static byte[] key(String secret) {
        Objects.requireNonNull(secret, "secret");
        String encoded = secret.startsWith(SECRET_PREFIX) ? secret.substring(SECRET_PREFIX.length()) : secret;
        try {
            byte[] key = Base64.getDecoder().decode(encoded);
            if (key.length == 0) {
                throw new IllegalArgumentException("empty webhook secret");
            }
            return key;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a webhook secret is whsec_ followed by base64", e);
        }
    }

    private static byte[] mac(byte[] key, String msgId, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((msgId + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has HmacSHA256", e);
        }
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
