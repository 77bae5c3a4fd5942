package jp.kokin.domain.console;

import java.time.Instant;
import java.util.Objects;

/**
 * A portal notification about a checkout and how its delivery went, as the notification function
 * records it after every attempt.
 *
 * @param notificationId the Standard Webhooks {@code webhook-id} (a resend keeps it: the portal deduplicates)
 * @param type           e.g. {@code checkout.paid}, {@code receipt.issued}, {@code refund.paid}
 * @param status         {@code pending} (retrying), {@code delivered}, {@code failed} (given up), {@code disabled}
 * @param attempts       attempts so far
 * @param lastHttpStatus the portal's last answer (0: no answer)
 * @param body           the queued message, kept for a resend (under 4 KB); null when it was larger, and then it cannot be resent
 */
public record NotificationDelivery(String checkoutId, String notificationId, String portalId, String type,
                                   String status, int attempts, int lastHttpStatus, Instant firstAttemptAt,
                                   Instant lastAttemptAt, String body) {
    public NotificationDelivery {
        Objects.requireNonNull(checkoutId, "checkoutId");
        Objects.requireNonNull(notificationId, "notificationId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(status, "status");
    }

    /** Whether the message was kept, so that it can be queued again. */
    public boolean resendable() {
        return body != null && !body.isEmpty();
    }
}
