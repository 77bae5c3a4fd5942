package jp.kokin.domain.console;

import java.util.List;
import java.util.Optional;

/** Portal notifications per checkout, and resending one (the console's view of the notification queue). */
public interface NotificationDeliveries {
    List<NotificationDelivery> of(String checkoutId);

    Optional<NotificationDelivery> find(String checkoutId, String notificationId);

    /** Queues the stored message again (same id); the notification function records the new attempts. */
    void resend(NotificationDelivery delivery);
}
