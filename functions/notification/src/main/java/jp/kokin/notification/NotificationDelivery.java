package jp.kokin.notification;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jp.kokin.adapters.notification.Backoff;
import jp.kokin.adapters.notification.DeliveryResult;
import jp.kokin.adapters.notification.WebhookSender;
import jp.kokin.adapters.queue.NotificationCodec;
import jp.kokin.domain.catalog.Catalog;
import jp.kokin.domain.catalog.Portal;
import jp.kokin.domain.notification.PortalNotification;

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
final class NotificationDelivery {

    /** Changes one in-flight message's visibility timeout. */
    @FunctionalInterface
    interface Visibility {
        void delay(String receiptHandle, Duration delay);
    }

    private final Supplier<Catalog> catalog;
    private final Consumer<String> disableNotifications;
    private final WebhookSender sender;
    private final Backoff backoff;
    private final Visibility visibility;
    private final NotificationLog log;

    NotificationDelivery(Supplier<Catalog> catalog, Consumer<String> disableNotifications, WebhookSender sender,
                         Backoff backoff, Visibility visibility, NotificationLog log) {
        this.catalog = catalog;
        this.disableNotifications = disableNotifications;
        this.sender = sender;
        this.backoff = backoff;
        this.visibility = visibility;
        this.log = log;
    }

    boolean deliver(SQSEvent.SQSMessage record) {
        String messageId = record.getMessageId();
        int attempt = attempt(record);
        PortalNotification notification;
        try {
            notification = NotificationCodec.fromJson(record.getBody());
        } catch (RuntimeException e) {
            ObjectNode line = log.line("ERROR", messageId, "malformed");
            line.put("attempt", attempt);
            line.put("error", e.getClass().getSimpleName());
            log.write(line);
            return false;
        }
        try {
            return deliver(record, notification, attempt);
        } catch (RuntimeException e) {
            // The catalog could not be read, or the like: retried with the queue's visibility timeout.
            ObjectNode line = line("ERROR", messageId, "error", notification, attempt);
            line.put("error", e.getClass().getSimpleName() + ": " + e.getMessage());
            log.write(line);
            return false;
        }
    }

    private boolean deliver(SQSEvent.SQSMessage record, PortalNotification notification, int attempt) {
        String messageId = record.getMessageId();
        Optional<Portal> found = catalog.get().portal(notification.portalId());
        Optional<String> skip = found.isEmpty() ? Optional.of("unknown_portal")
                : found.get().notificationsDisabled() ? Optional.of("notifications_disabled")
                : found.get().notificationUrl() == null || found.get().notificationSecrets().isEmpty()
                        ? Optional.of("no_endpoint") : Optional.empty();
        if (skip.isPresent()) {
            ObjectNode line = line("WARN", messageId, "skipped", notification, attempt);
            line.put("reason", skip.get());
            log.write(line);
            return true;
        }
        Portal portal = found.get();
        DeliveryResult result = sender.send(portal, notification);
        switch (result) {
            case DeliveryResult.Delivered d -> {
                ObjectNode line = line("INFO", messageId, "delivered", notification, attempt);
                line.put("status", d.status());
                log.write(line);
                return true;
            }
            case DeliveryResult.Gone g -> {
                disableNotifications.accept(portal.id());
                ObjectNode line = line("WARN", messageId, "gone_disabled", notification, attempt);
                line.put("status", 410);
                log.write(line);
                return true;
            }
            case DeliveryResult.Failed f -> {
                Duration delay = backoff.after(attempt);
                ObjectNode line = line("WARN", messageId, "retry", notification, attempt);
                line.put("status", f.status());
                line.put("reason", f.reason());
                line.put("endpoint", WebhookSender.origin(portal.notificationUrl()));
                try {
                    visibility.delay(record.getReceiptHandle(), delay);
                    line.put("retryInSeconds", delay.toSeconds());
                } catch (RuntimeException e) {
                    line.put("visibilityError", e.getClass().getSimpleName());
                }
                log.write(line);
                return false;
            }
        }
    }

    private ObjectNode line(String level, String messageId, String outcome, PortalNotification n, int attempt) {
        ObjectNode line = log.line(level, messageId, outcome);
        line.put("notificationId", n.id());
        line.put("type", n.type());
        line.put("portal", n.portalId());
        line.put("attempt", attempt);
        return line;
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
