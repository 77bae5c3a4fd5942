package jp.kokin.adapters.provider.sandbox;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jp.kokin.adapters.json.Json;
import jp.kokin.domain.checkout.PaymentMethod;
import jp.kokin.domain.format.CanonicalBase64;

/**
 * What the sandbox provider knows about one payment attempt, carried in its own payment id so
 * that the sandbox needs no storage: {@code sbx_} + {@code base64url(json) "." base64url(mac)}.
 * The MAC is HMAC-SHA256 under the sandbox's webhook secret, so a page cannot be fed a forged
 * amount, payment or return URL. Verification accepts every configured secret (rotation).
 *
 * @param merchantPaymentId our payment id ({@code pay_…})
 * @param returnUrl         where the sandbox sends the citizen back: our return page
 */
public record SandboxToken(String merchantPaymentId, String checkoutId, long amount, PaymentMethod method,
                           String returnUrl) {

    public static final String PREFIX = "sbx_";
    /** Longer ids are refused before any decoding. */
    static final int MAX_LENGTH = 2048;
    private static final String MAC_CONTEXT = "kokin-sandbox-token.v1.";
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    public SandboxToken {
        Objects.requireNonNull(merchantPaymentId, "merchantPaymentId");
        Objects.requireNonNull(checkoutId, "checkoutId");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(returnUrl, "returnUrl");
        if (amount < 0) {
            throw new IllegalArgumentException("amount must not be negative");
        }
    }

    /** The provider payment id: {@code sbx_} and this token signed with {@code secret}. */
    public String encode(String secret) {
        ObjectNode json = Json.object();
        json.put("p", merchantPaymentId);
        json.put("c", checkoutId);
        json.put("a", amount);
        json.put("m", method.wire());
        json.put("r", returnUrl);
        byte[] payload = Json.write(json).getBytes(StandardCharsets.UTF_8);
        return PREFIX + ENCODER.encodeToString(payload) + "." + ENCODER.encodeToString(mac(secret, payload));
    }

    /** The token in a provider payment id, if it was signed with one of {@code secrets}; empty otherwise. */
    public static Optional<SandboxToken> decode(String providerPaymentId, List<String> secrets) {
        if (providerPaymentId == null || providerPaymentId.length() > MAX_LENGTH
                || !providerPaymentId.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String token = providerPaymentId.substring(PREFIX.length());
        int dot = token.indexOf('.');
        if (dot < 0 || token.indexOf('.', dot + 1) >= 0) {
            return Optional.empty();
        }
        // Canonical spellings only: otherwise one token would have several valid ids.
        Optional<byte[]> decodedPayload = CanonicalBase64.decodeUrl(token.substring(0, dot));
        Optional<byte[]> decodedMac = CanonicalBase64.decodeUrl(token.substring(dot + 1));
        if (decodedPayload.isEmpty() || decodedMac.isEmpty()) {
            return Optional.empty();
        }
        byte[] payload = decodedPayload.get();
        byte[] mac = decodedMac.get();
        boolean valid = false;
        for (String secret : secrets) {
            valid |= MessageDigest.isEqual(mac(secret, payload), mac);
        }
        return valid ? parse(payload) : Optional.empty();
    }

    /** Only reached for payloads we signed; still parsed defensively. */
    private static Optional<SandboxToken> parse(byte[] payload) {
        try {
            JsonNode json = Json.parse(payload);
            JsonNode amount = json.path("a");
            Optional<PaymentMethod> method = PaymentMethod.fromWire(json.path("m").asText());
            if (!amount.canConvertToExactIntegral() || method.isEmpty()
                    || !json.path("p").isTextual() || !json.path("c").isTextual() || !json.path("r").isTextual()) {
                return Optional.empty();
            }
            return Optional.of(new SandboxToken(json.get("p").asText(), json.get("c").asText(), amount.asLong(),
                    method.get(), json.get("r").asText()));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static byte[] mac(String secret, byte[] payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update(MAC_CONTEXT.getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(payload);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has HmacSHA256", e);
        }
    }
}
