package jp.kokin.domain.console;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Notification deliveries in memory; {@link #resent()} lists what was queued again. */
public final class InMemoryNotificationDeliveries implements NotificationDeliveries {
    private final List<NotificationDelivery> deliveries = new ArrayList<>();
    private final List<NotificationDelivery> resent = new ArrayList<>();

    public synchronized void put(NotificationDelivery d) {
        deliveries.removeIf(x -> x.checkoutId().equals(d.checkoutId()) && x.notificationId().equals(d.notificationId()));
        deliveries.add(d);
    }

    @Override
    public synchronized List<NotificationDelivery> of(String checkoutId) {
        return deliveries.stream().filter(d -> d.checkoutId().equals(checkoutId)).toList();
    }

    @Override
    public synchronized Optional<NotificationDelivery> find(String checkoutId, String notificationId) {
        return of(checkoutId).stream().filter(d -> d.notificationId().equals(notificationId)).findFirst();
    }

    @Override
    public synchronized void resend(NotificationDelivery delivery) {
        if (!delivery.resendable()) { // as the DynamoDB adapter: a body that was not kept cannot be resent
            throw new IllegalStateException("no stored body for " + delivery.notificationId());
        }
        resent.add(delivery);
    }

    public synchronized List<NotificationDelivery> resent() {
        return new ArrayList<>(resent);
    }
}
