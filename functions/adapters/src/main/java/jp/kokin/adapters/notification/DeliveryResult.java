package jp.kokin.adapters.notification;

/** What one delivery attempt of a portal notification came to. */
public sealed interface DeliveryResult {

    /** The portal answered 2xx: delivered, never sent again. */
    record Delivered(int status) implements DeliveryResult {}

    /** The portal answered 410 Gone: it wants no more notifications (Standard Webhooks). */
    record Gone() implements DeliveryResult {}

    /**
     * Anything else: another status ({@code status}), or no answer ({@code status} 0: connection
     * refused, timeout, TLS failure). Retried with backoff.
     *
     * @param reason short and free of secrets, e.g. {@code HTTP 500} or {@code HttpTimeoutException: request timed out}
     */
    record Failed(int status, String reason) implements DeliveryResult {}
}
