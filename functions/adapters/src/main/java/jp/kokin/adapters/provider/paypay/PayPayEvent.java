package jp.kokin.adapters.provider.paypay;

import java.util.OptionalLong;

import com.fasterxml.jackson.databind.JsonNode;

import jp.kokin.adapters.json.Json;

/**
 * A PayPay webhook as posted ("Transaction Events"): an unsigned JSON object such as
 * <pre>{"notification_type": "Transaction", "merchant_id": "…", "store_id": "…", "pos_id": "…",
 *  "order_id": "…" (PayPay's payment id), "merchant_order_id": "…" (our payment id),
 *  "authorized_at": "…", "expires_at": "…", "paid_at": "…", "order_amount": "12345",
 *  "state": "COMPLETED"}</pre>
 * {@code order_amount} comes as a string in the documentation's examples and as a number from
 * some senders: both are read. Other notification types (e.g. {@code file.created} for the
 * reconciliation file) carry other fields. Nothing here is believed: it only says which payment
 * to ask about.
 *
 * @param orderAmount empty when absent
 */
public record PayPayEvent(String notificationType, String merchantId, String orderId, String merchantOrderId,
                                 String state, OptionalLong orderAmount) {

    public static final String TRANSACTION = "Transaction";

    /** A body that is not a PayPay notification; the message never quotes the body. */
    public static final class UnreadableException extends Exception {
        public UnreadableException(String message) {
            super(message);
        }
    }

    public boolean isTransaction() {
        return TRANSACTION.equals(notificationType);
    }

    /**
     * Reads a body: a JSON object with a string {@code notification_type}; a transaction event
     * must also carry a string {@code merchant_order_id} (possibly empty, as in PayPay's
     * AUTHORIZED example) and, when present, an integral {@code order_amount}.
     */
    public static PayPayEvent parse(byte[] body) throws UnreadableException {
        JsonNode root;
        try {
            root = Json.parse(body);
        } catch (Json.InvalidJsonException e) {
            throw new UnreadableException(e.getMessage());
        }
        if (!root.isObject()) {
            throw new UnreadableException("the body is not a JSON object");
        }
        JsonNode type = root.get("notification_type");
        if (type == null || !type.isTextual() || type.asText().isBlank()) {
            throw new UnreadableException("notification_type is required (a string)");
        }
        if (!TRANSACTION.equals(type.asText())) {
            return new PayPayEvent(type.asText(), text(root, "merchant_id"), null, null, null, OptionalLong.empty());
        }
        JsonNode merchantOrderId = root.get("merchant_order_id");
        if (merchantOrderId == null || !merchantOrderId.isTextual()) {
            throw new UnreadableException("merchant_order_id is required (a string) in a Transaction notification");
        }
        return new PayPayEvent(type.asText(), text(root, "merchant_id"), text(root, "order_id"),
                merchantOrderId.asText(), text(root, "state"), amount(root.get("order_amount")));
    }

    private static OptionalLong amount(JsonNode node) throws UnreadableException {
        if (node == null || node.isNull()) {
            return OptionalLong.empty();
        }
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return OptionalLong.of(node.asLong());
        }
        if (node.isTextual() && node.asText().matches("-?\\d{1,18}")) {
            return OptionalLong.of(Long.parseLong(node.asText()));
        }
        throw new UnreadableException("order_amount must be an integer or a string of digits");
    }

    private static String text(JsonNode root, String field) {
        JsonNode v = root.get(field);
        return v != null && v.isValueNode() && !v.isNull() ? v.asText() : null;
    }
}
