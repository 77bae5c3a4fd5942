package jp.kokin.adapters.provider.stripe;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Stripe's webhook signature ("Verify webhook signatures", docs.stripe.com/webhooks#verify-manually):
 * the {@code Stripe-Signature} header is {@code t=<unix seconds>,v1=<hex>[,v1=<hex>…]} (other
 * schemes such as {@code v0} are ignored), where each {@code v1} is the lower-case hex
 * HMAC-SHA256 of {@code t + "." + raw body} keyed with the endpoint's signing secret
 * ({@code whsec_…}) taken as UTF-8 bytes, not decoded. Stripe sends one {@code v1} per active
 * secret while a secret is being rolled; we accept any {@code v1} under any configured secret
 * (current first, then previous), compare in constant time, and refuse a {@code t} more than
 * the tolerance (default {@value #DEFAULT_TOLERANCE_SECONDS} s, Stripe's libraries' default)
 * before or after the time the notification was received.
 */
public final class StripeSignature {

    public static final long DEFAULT_TOLERANCE_SECONDS = 300;
    public static final String HEADER = "stripe-signature";

    /** Why a signature is not believed; the message names the reason, never a secret. */
    public static final class InvalidSignatureException extends Exception {
        public InvalidSignatureException(String message) {
            super(message);
        }
    }

    private StripeSignature() {}

    /**
     * Checks {@code header} over {@code payload} with any of {@code secrets}, with {@code t}
     * within {@code tolerance} of {@code now}.
     */
    public static void verify(String header, byte[] payload, List<String> secrets, Instant now, Duration tolerance)
            throws InvalidSignatureException {
        if (header == null || header.isBlank()) {
            throw new InvalidSignatureException("no Stripe-Signature header");
        }
        String timestamp = null;
        List<String> signatures = new ArrayList<>();
        for (String element : header.split(",")) {
            int eq = element.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String key = element.substring(0, eq).trim();
            String value = element.substring(eq + 1).trim();
            if (key.equals("t")) {
                if (timestamp != null) {
                    throw new InvalidSignatureException("the Stripe-Signature header has two timestamps");
                }
                timestamp = value;
            } else if (key.equals("v1")) {
                signatures.add(value);
            }
        }
        if (timestamp == null || !timestamp.matches("[0-9]{1,12}")) {
            throw new InvalidSignatureException("the Stripe-Signature header has no valid timestamp");
        }
        if (signatures.isEmpty()) {
            throw new InvalidSignatureException("the Stripe-Signature header has no v1 signature");
        }
        if (secrets.isEmpty()) {
            throw new InvalidSignatureException("no webhook secret is configured");
        }
        boolean matched = false;
        for (String secret : secrets) {
            if (secret == null || secret.isEmpty()) {
                continue;
            }
            byte[] expected = sign(secret, timestamp, payload).getBytes(StandardCharsets.US_ASCII);
            for (String candidate : signatures) {
                // every pair is compared so the time taken does not tell which one matched
                matched |= MessageDigest.isEqual(expected, candidate.getBytes(StandardCharsets.US_ASCII));
            }
        }
        if (!matched) {
            throw new InvalidSignatureException("no v1 signature matches a configured webhook secret");
        }
        long skew = Math.abs(now.getEpochSecond() - Long.parseLong(timestamp));
        if (skew > tolerance.toSeconds()) {
            throw new InvalidSignatureException("the signature's timestamp is " + skew + " s away from now (tolerance "
                    + tolerance.toSeconds() + " s)");
        }
    }

    /** The hex {@code v1} signature of {@code payload} at {@code timestamp} (unix seconds, as sent). */
    public static String sign(String secret, String timestamp, byte[] payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update(timestamp.getBytes(StandardCharsets.US_ASCII));
            mac.update((byte) '.');
            return HexFormat.of().formatHex(mac.doFinal(payload));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** A complete header value, {@code t=…,v1=…}, one {@code v1} per secret (tests and fixtures). */
    public static String header(Instant at, byte[] payload, String... secrets) {
        String t = Long.toString(at.getEpochSecond());
        StringBuilder sb = new StringBuilder("t=").append(t);
        for (String secret : secrets) {
            sb.append(",v1=").append(sign(secret, t, payload));
        }
        return sb.toString();
    }
}
