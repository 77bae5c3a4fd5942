package jp.kokin.adapters.provider.paypay;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * PayPay Open Payment API request authentication ("HMAC認証", {@code api_authorization}):
 * <pre>
 * Authorization: hmac OPA-Auth:{apiKey}:{mac}:{nonce}:{epoch}:{hash}
 * hash = Base64(MD5(contentType + body))                    or "empty" without a body
 * mac  = Base64(HMAC-SHA256(apiSecret, path + "\n" + METHOD + "\n" + nonce + "\n" + epoch
 *                                      + "\n" + contentType + "\n" + hash))
 * </pre>
 * where {@code path} is the request path without the query ({@code /v2/codes}), {@code epoch} is
 * the current Unix time in seconds (PayPay refuses a difference of 2 minutes or more from its
 * clock), {@code nonce} a random string (8 characters recommended) and {@code contentType} the
 * request's {@code Content-Type} header exactly as sent, replaced by {@code empty} when there is
 * no body. The official SDK ({@code jp.ne.paypay.auth.HmacAuth}) does the same: MD5 over the
 * content type then the body, both UTF-8, and {@code empty} for both when the body is absent.
 * The documentation's vector is pinned by a unit test.
 */
public final class OpaAuth {

    /** What we send (and sign) as {@code Content-Type}: the official SDK's value. */
    public static final String CONTENT_TYPE = "application/json;charset=UTF-8";
    /** Stands for the content type and the hash of a request without a body. */
    public static final String EMPTY = "empty";
    public static final String PREFIX = "hmac OPA-Auth:";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] NONCE_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    private OpaAuth() {}

    /** {@code Base64(MD5(contentType + body))}, or {@code empty} when there is no body. */
    public static String bodyHash(String contentType, byte[] body) {
        if (body == null || body.length == 0) {
            return EMPTY;
        }
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            md5.update(contentType.getBytes(StandardCharsets.UTF_8));
            md5.update(body);
            return Base64.getEncoder().encodeToString(md5.digest());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has MD5", e);
        }
    }

    /** The MAC over the request's path (query removed), method, nonce, epoch, content type and hash. */
    public static String mac(String secret, String path, String method, String nonce, long epoch,
                             String contentType, String bodyHash) {
        String data = withoutQuery(path) + "\n" + method + "\n" + nonce + "\n" + epoch + "\n" + contentType + "\n" + bodyHash;
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(hmac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has HmacSHA256", e);
        }
    }

    /**
     * The {@code Authorization} header for one request. {@code body} is the exact bytes sent (null
     * or empty when none), {@code contentType} the exact {@code Content-Type} sent with it.
     */
    public static String header(String apiKey, String secret, String method, String path, String contentType,
                                byte[] body, String nonce, long epoch) {
        boolean hasBody = body != null && body.length > 0;
        String signedContentType = hasBody ? contentType : EMPTY;
        String hash = bodyHash(contentType, body);
        String mac = mac(secret, path, method, nonce, epoch, signedContentType, hash);
        return PREFIX + apiKey + ":" + mac + ":" + nonce + ":" + epoch + ":" + hash;
    }

    /** Eight random lower-case letters and digits (the length the documentation recommends). */
    public static String newNonce() {
        char[] nonce = new char[8];
        for (int i = 0; i < nonce.length; i++) {
            nonce[i] = NONCE_CHARS[RANDOM.nextInt(NONCE_CHARS.length)];
        }
        return new String(nonce);
    }

    private static String withoutQuery(String path) {
        int q = path.indexOf('?');
        return q < 0 ? path : path.substring(0, q);
    }
}
