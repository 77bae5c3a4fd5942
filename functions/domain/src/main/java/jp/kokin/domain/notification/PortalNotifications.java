package jp.kokin.domain.notification;

import java.util.List;

/** The queue of notifications to portals (delivered, with retries, by the notification function). */
@FunctionalInterface
public interface PortalNotifications {

    /** Queues up to 10 notifications at once; throws when any was not accepted. */
    void enqueue(List<PortalNotification> notifications);
}
