package jp.kokin.domain.refund;

import java.util.ArrayList;
import java.util.List;

import jp.kokin.domain.notification.PortalNotification;
import jp.kokin.domain.notification.PortalNotifications;

/** The portal notification queue as a list; it can refuse ({@link #refusing}). */
public final class RecordingPortalNotifications implements PortalNotifications {
    public final List<PortalNotification> queued = new ArrayList<>();
    private boolean refusing;

    public RecordingPortalNotifications refusing(boolean refuse) {
        this.refusing = refuse;
        return this;
    }

    @Override
    public synchronized void enqueue(List<PortalNotification> notifications) {
        if (refusing) {
            throw new IllegalStateException("the queue refused");
        }
        queued.addAll(notifications);
    }
}
