package jp.kokin.domain.notification;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A notification to a portal. {@code id} is stable for the event (the {@code webhook-id} across
 * every retry), so a portal can drop repeats. {@code data} holds strings, numbers and booleans.
 */
public record PortalNotification(String id, String portalId, String type, Instant timestamp, Map<String, Object> data) {
    public static final String CHECKOUT_PAID = "checkout.paid";
    public static final String RECEIPT_ISSUED = "receipt.issued";
    /** A refund's money went back to the payer ({@code webhook-id} {@code msg_{refundId}_succeeded}). */
    public static final String REFUND_SUCCEEDED = "refund.succeeded";
    /** A refund failed at the provider ({@code msg_{refundId}_failed}). */
    public static final String REFUND_FAILED = "refund.failed";
    /** The provider cannot refund: the payer must give a bank account through the link it carries ({@code msg_{refundId}_action_required}). */
    public static final String REFUND_ACTION_REQUIRED = "refund.action_required";

    public PortalNotification {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(portalId, "portalId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(timestamp, "timestamp");
        data = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(data));
    }
}
