package jp.kokin.notification;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import jp.kokin.adapters.log.Log;
import jp.kokin.adapters.notification.Backoff;
import jp.kokin.adapters.notification.DeliveryResult;
import jp.kokin.adapters.notification.PortalSecrets;
import jp.kokin.adapters.notification.PortalNotificationSender;
import jp.kokin.adapters.queue.PortalNotificationCodec;
import jp.kokin.domain.catalog.Catalog;
import jp.kokin.domain.catalog.Portal;
import jp.kokin.domain.notification.PortalNotification;
import jp.kokin.domain.notification.Redelivery;

/**
 * One queue record: decode, find the portal, send, and decide. Returns whether the record is
 * done (delete it) or is to come back (a batch item failure). Never throws.
 *
 * <ul>
 *   <li>2xx: done. Unknown portal, notifications disabled or no endpoint: done, logged as skipped.</li>
 *   <li>410 Gone: the portal's notifications are disabled in the catalog; done.</li>
 *   <li>Anything else: the visibility timeout becomes the backoff for this attempt; retried.</li>
 *   <li>A body that is not a notification: retried with the queue's visibility timeout until
 *       the dead-letter queue takes it, where an operator can see it.</li>
 * </ul>
 */
final class PortalNotificationDelivery {

    private final Supplier<Catalog> catalog;
    private final Consumer<String> disableNotifications;
    private final PortalNotificationSender sender;
    private final Backoff backoff;
    private final Redelivery redelivery;
    private final PortalSecrets secrets;
    private final DeliveryRecorder deliveries;

    /** The queue's maxReceiveCount (template.yaml): the attempt after which the dead-letter queue takes a record. */
    static final int MAX_RECEIVES = 10;

    PortalNotificationDelivery(Supplier<Catalog> catalog, Consumer<String> disableNotifications, PortalNotificationSender sender,
                         Backoff backoff, Redelivery redelivery, PortalSecrets secrets, DeliveryRecorder deliveries) {
        this.secrets = secrets;
        this.deliveries = deliveries;
        this.catalog = catalog;
        this.disableNotifications = disableNotifications;
        this.sender = sender;
        this.backoff = backoff;
        this.redelivery = redelivery;
    }

    /** Delivers {@code record}, giving the portal at most {@code deadline} to answer. */
    boolean deliver(SQSEvent.SQSMessage record, Duration deadline) {
        String messageId = record.getMessageId();
        int attempt = attempt(record);
        PortalNotification notification;
        try {
            notification = PortalNotificationCodec.fromJson(record.getBody());
        } catch (RuntimeException e) {
            Log.warn("notification.malformed", "messageId", messageId, "attempt", attempt,
                    "error", e.getClass().getSimpleName());
            return false;
        }
        try {
            return deliver(record, notification, attempt, deadline);
        } catch (RuntimeException e) {
            // The catalog could not be read, or the like: retried with the queue's visibility timeout.
            Log.error("notification.error", e, "messageId", messageId, "notificationId", notification.id(),
                    "type", notification.type(), "portal", notification.portalId(), "attempt", attempt);
            return false;
        }
    }

    private boolean deliver(SQSEvent.SQSMessage record, PortalNotification n, int attempt, Duration deadline) {
        Optional<Portal> found = catalog.get().portal(n.portalId());
        Optional<String> skip = found.isEmpty() ? Optional.of("unknown_portal")
                : found.get().notificationsDisabled() ? Optional.of("notifications_disabled")
                : found.get().notificationUrl() == null || found.get().notificationSecrets().isEmpty()
                        ? Optional.of("no_endpoint") : Optional.empty();
        if (skip.isPresent()) {
            Log.warn("notification.skipped", "messageId", record.getMessageId(), "notificationId", n.id(),
                    "type", n.type(), "portal", n.portalId(), "attempt", attempt, "reason", skip.get());
            recordAttempt(record, n, "disabled", 0);
            return true;
        }
        Portal portal = secrets.resolve(found.get()); // a secret that cannot be read: retried (see deliver)
        return switch (sender.send(portal, n, deadline)) {
            case DeliveryResult.Delivered d -> {
                Log.info("notification.delivered", "messageId", record.getMessageId(), "notificationId", n.id(),
                        "type", n.type(), "portal", n.portalId(), "attempt", attempt, "status", d.status());
                recordAttempt(record, n, "delivered", d.status());
                yield true;
            }
            case DeliveryResult.Gone g -> {
                disableNotifications.accept(portal.id());
                Log.warn("notification.gone_disabled", "messageId", record.getMessageId(), "notificationId", n.id(),
                        "type", n.type(), "portal", n.portalId(), "attempt", attempt, "status", 410);
                recordAttempt(record, n, "disabled", 410);
                yield true;
            }
            case DeliveryResult.Failed f -> {
                Duration delay = backoff.after(attempt);
                Object retry;
                try {
                    redelivery.deliverAgainAfter(record.getReceiptHandle(), delay);
                    retry = delay.toSeconds();
                } catch (RuntimeException e) {
                    retry = "queue default (" + e.getClass().getSimpleName() + ")";
                }
                Log.warn("notification.retry", "messageId", record.getMessageId(), "notificationId", n.id(),
                        "type", n.type(), "portal", n.portalId(), "attempt", attempt, "status", f.status(),
                        "reason", f.reason(), "endpoint", PortalNotificationSender.origin(portal.notificationUrl()),
                        "retryInSeconds", retry);
                recordAttempt(record, n, attempt >= MAX_RECEIVES ? "failed" : "pending", f.status());
                yield false;
            }
        };
    }

    /**
     * Records the attempt for the console (a notification about a checkout). A failure to record is
     * logged and ignored: the notification's own fate (deleted or retried) never depends on it, so it
     * is neither lost nor sent twice because of the record.
     */
    private void recordAttempt(SQSEvent.SQSMessage record, PortalNotification n, String status, int httpStatus) {
        try {
            deliveries.attempted(n, record.getBody(), status, httpStatus);
        } catch (RuntimeException e) {
            Log.warn("notification.record_failed", "messageId", record.getMessageId(), "notificationId", n.id(),
                    "status", status, "error", e.getClass().getSimpleName());
        }
    }

    /** The message's receive count: 1 on the first delivery. */
    static int attempt(SQSEvent.SQSMessage record) {
        Map<String, String> attributes = record.getAttributes();
        String count = attributes == null ? null : attributes.get("ApproximateReceiveCount");
        try {
            return count == null ? 1 : Math.max(1, Integer.parseInt(count));
        } catch (NumberFormatException e) {
            return 1;
        }
    }
}
