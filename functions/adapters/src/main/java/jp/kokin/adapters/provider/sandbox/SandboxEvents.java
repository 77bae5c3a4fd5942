package jp.kokin.adapters.provider.sandbox;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jp.kokin.adapters.json.Json;
import jp.kokin.domain.checkout.PaymentMethod;
import jp.kokin.domain.checkout.CheckoutIds;
import jp.kokin.domain.webhook.StandardWebhook;
import jp.kokin.domain.webhook.WebhookVerificationException;

/**
 * The sandbox provider's notifications: Standard Webhooks v1 headers and the body
 * <pre>{"type": "payment.succeeded" | "payment.failed",
 *  "data": {"providerPaymentId", "merchantPaymentId", "amount", "currency", "method", "occurredAt"}}</pre>
 * The sandbox function signs them ({@link #sign}); the webhook function verifies and parses
 * them ({@link #verifyAndParse}).
 */
public final class SandboxEvents {

    private SandboxEvents() {}

    /** A notification ready to post: its Standard Webhooks headers and its exact body bytes. */
    public record Signed(String webhookId, long timestamp, String signature, byte[] body) {
        public Map<String, String> headers() {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put(StandardWebhook.ID_HEADER, webhookId);
            headers.put(StandardWebhook.TIMESTAMP_HEADER, Long.toString(timestamp));
            headers.put(StandardWebhook.SIGNATURE_HEADER, signature);
            headers.put("content-type", "application/json");
            return headers;
        }
    }

    /** Verifies the signature (any of {@code secrets}) at {@code now}, then parses the body. */
    public static SandboxEvent verifyAndParse(Map<String, String> lowerCaseHeaders, byte[] body,
                                                     List<String> secrets, Instant now)
            throws WebhookVerificationException, InvalidSandboxEventException {
        StandardWebhook.verify(secrets, lowerCaseHeaders.get(StandardWebhook.ID_HEADER),
                lowerCaseHeaders.get(StandardWebhook.TIMESTAMP_HEADER),
                lowerCaseHeaders.get(StandardWebhook.SIGNATURE_HEADER), body, now);
        return parse(body);
    }

    /** Parses a body (already verified). */
    public static SandboxEvent parse(byte[] body) throws InvalidSandboxEventException {
        JsonNode root;
        try {
            root = Json.parse(body);
        } catch (Json.InvalidJsonException e) {
            throw new InvalidSandboxEventException(e.getMessage());
        }
        if (!root.isObject()) {
            throw new InvalidSandboxEventException("the body is not a JSON object");
        }
        String typeText = requiredText(root, "type", "type");
        SandboxEvent.Type type = SandboxEvent.Type.fromWire(typeText).orElseThrow(
                () -> new InvalidSandboxEventException("type must be payment.succeeded or payment.failed"));
        JsonNode data = root.get("data");
        if (data == null || !data.isObject()) {
            throw new InvalidSandboxEventException("data must be an object");
        }
        String providerPaymentId = requiredText(data, "providerPaymentId", "data.providerPaymentId");
        String merchantPaymentId = requiredText(data, "merchantPaymentId", "data.merchantPaymentId");
        if (CheckoutIds.checkoutOfPayment(merchantPaymentId).isEmpty()) {
            throw new InvalidSandboxEventException("data.merchantPaymentId is not a Kokin payment id");
        }
        JsonNode amount = data.get("amount");
        if (amount == null || !amount.isIntegralNumber() || !amount.canConvertToLong() || amount.asLong() < 0) {
            throw new InvalidSandboxEventException("data.amount must be a non-negative integer (yen)");
        }
        String currency = requiredText(data, "currency", "data.currency");
        if (!SandboxEvent.JPY.equals(currency)) {
            throw new InvalidSandboxEventException("data.currency must be JPY");
        }
        Optional<PaymentMethod> method = PaymentMethod.fromWire(requiredText(data, "method", "data.method"));
        if (method.isEmpty()) {
            throw new InvalidSandboxEventException("data.method must be paypay, dpay, aupay or card");
        }
        Instant occurredAt;
        try {
            occurredAt = Instant.parse(requiredText(data, "occurredAt", "data.occurredAt"));
        } catch (DateTimeParseException e) {
            throw new InvalidSandboxEventException("data.occurredAt must be an ISO-8601 instant");
        }
        return new SandboxEvent(providerPaymentId, merchantPaymentId, type, amount.asLong(), currency,
                method.get(), occurredAt);
    }

    /** The JSON body of a notification (UTF-8). */
    public static byte[] body(SandboxEvent n) {
        ObjectNode root = Json.object();
        root.put("type", n.type().wire());
        ObjectNode data = root.putObject("data");
        data.put("providerPaymentId", n.providerPaymentId());
        data.put("merchantPaymentId", n.merchantPaymentId());
        data.put("amount", n.amount());
        data.put("currency", n.currency());
        data.put("method", n.method().wire());
        data.put("occurredAt", n.occurredAt().toString());
        return Json.write(root).getBytes(StandardCharsets.UTF_8);
    }

    /** Signs a notification with {@code secret} (the sandbox's current secret) at {@code now}. */
    public static Signed sign(SandboxEvent n, String secret, String webhookId, Instant now) {
        byte[] body = body(n);
        long timestamp = now.getEpochSecond();
        return new Signed(webhookId, timestamp, StandardWebhook.sign(secret, webhookId, timestamp, body), body);
    }

    /** A fresh webhook id: {@code evt_} and 26 random base32 characters. */
    public static String newWebhookId() {
        return "evt_" + CheckoutIds.randomToken(26);
    }

    private static String requiredText(JsonNode node, String field, String path) throws InvalidSandboxEventException {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new InvalidSandboxEventException(path + " is required (a string)");
        }
        return v.asText();
    }
}
