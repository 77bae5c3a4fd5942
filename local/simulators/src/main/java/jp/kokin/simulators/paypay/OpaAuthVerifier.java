package jp.kokin.simulators.paypay;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The simulator's check of PayPay's request authentication, written from PayPay's "HMAC認証"
 * page (not shared with Kokin's adapter): the header
 * {@code hmac OPA-Auth:{apiKey}:{macData}:{nonce}:{epoch}:{hash}}, where
 * {@code hash = base64(MD5(Content-Type header + body))} ({@code empty} when there is no body)
 * and {@code macData = base64(HMAC-SHA256(secret, [path, METHOD, nonce, epoch, contentType or
 * "empty", hash] joined by "\n"))}, the path without its query. The epoch must be less than
 * 2 minutes from the server's clock.
 */
final class OpaAuthVerifier {

    static final Duration MAX_SKEW = Duration.ofMinutes(2);
    private static final String SCHEME = "hmac OPA-Auth:";

    private final String apiKey;
    private final String apiSecret;

    OpaAuthVerifier(String apiKey, String apiSecret) {
        this.apiKey = apiKey;
        this.apiSecret = apiSecret;
    }

    /** Why the request is not authentic; empty when it is. */
    Optional<String> problem(String authorization, String method, String path, String contentType, byte[] body,
                             Instant now) {
        if (authorization == null || !authorization.startsWith(SCHEME)) {
            return Optional.of("no hmac OPA-Auth authorization");
        }
        String[] parts = authorization.substring(SCHEME.length()).split(":", -1);
        if (parts.length != 5) {
            return Optional.of("the authorization has " + parts.length + " fields instead of 5");
        }
        String key = parts[0];
        String macData = parts[1];
        String nonce = parts[2];
        String epochText = parts[3];
        String hash = parts[4];
        if (!key.equals(apiKey)) {
            return Optional.of("unknown API key");
        }
        long epoch;
        try {
            epoch = Long.parseLong(epochText);
        } catch (NumberFormatException e) {
            return Optional.of("the epoch is not a number");
        }
        if (Math.abs(now.getEpochSecond() - epoch) >= MAX_SKEW.toSeconds()) {
            return Optional.of("the epoch is 2 minutes or more away from the server's clock");
        }
        boolean hasBody = body != null && body.length > 0;
        String signedContentType = hasBody ? (contentType == null ? "" : contentType) : "empty";
        String expectedHash = hasBody ? md5Base64(signedContentType, body) : "empty";
        if (!constantTimeEquals(expectedHash, hash)) {
            return Optional.of("the body hash does not match the body and content type");
        }
        int q = path.indexOf('?');
        String signedPath = q < 0 ? path : path.substring(0, q);
        String data = String.join("\n", signedPath, method, nonce, epochText, signedContentType, expectedHash);
        if (!constantTimeEquals(hmacBase64(data), macData)) {
            return Optional.of("the MAC does not match");
        }
        return Optional.empty();
    }

    private String hmacBase64(String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(apiSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String md5Base64(String contentType, byte[] body) {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            byte[] prefix = contentType.getBytes(StandardCharsets.UTF_8);
            byte[] all = new byte[prefix.length + body.length];
            System.arraycopy(prefix, 0, all, 0, prefix.length);
            System.arraycopy(body, 0, all, prefix.length, body.length);
            return Base64.getEncoder().encodeToString(md5.digest(all));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
