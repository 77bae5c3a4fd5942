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

    public PortalNotification {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(portalId, "portalId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(timestamp, "timestamp");
        data = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(data));
    }
}
