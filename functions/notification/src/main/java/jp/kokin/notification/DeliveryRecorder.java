package jp.kokin.notification;

import jp.kokin.domain.notification.PortalNotification;

/** Records one delivery attempt of a notification (the console's deliveries table; see DynamoNotificationDeliveries). */
@FunctionalInterface
public interface DeliveryRecorder {
    /**
     * @param body       the queued message, kept for a resend
     * @param status     {@code pending}, {@code delivered}, {@code failed} or {@code disabled}
     * @param httpStatus the portal's answer, 0 for none
     */
    void attempted(PortalNotification notification, String body, String status, int httpStatus);

    DeliveryRecorder NONE = (n, body, status, httpStatus) -> { };
}
