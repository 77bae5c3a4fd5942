package jp.kokin.simulators.stripe;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How Stripe signs the events it posts (docs.stripe.com/webhooks, "Verify manually"): the
 * signed payload is the timestamp, a dot and the raw JSON body; the signature is HMAC-SHA256
 * keyed with the endpoint secret's UTF-8 bytes ({@code whsec_…} as it is), lower-case hex; the
 * header is {@code Stripe-Signature: t=<timestamp>,v1=<signature>}.
 */
public final class StripeWebhookSigner {

    private StripeWebhookSigner() {}

    /** The lower-case hex HMAC-SHA256 of {@code timestamp.body}. */
    public static String v1(String secret, long timestamp, byte[] body) {
        ByteArrayOutputStream signed = new ByteArrayOutputStream();
        signed.writeBytes((timestamp + ".").getBytes(StandardCharsets.UTF_8));
        signed.writeBytes(body);
        byte[] mac;
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac = hmac.doFinal(signed.toByteArray());
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
        StringBuilder hex = new StringBuilder(mac.length * 2);
        for (byte b : mac) {
            hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return hex.toString();
    }

    /** The {@code Stripe-Signature} header value. */
    public static String header(String secret, long timestamp, byte[] body) {
        return "t=" + timestamp + ",v1=" + v1(secret, timestamp, body);
    }
}
