package jp.kokin.domain.console;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Checkout history in memory (append if absent by checkout, version and seq). */
public final class InMemoryCheckoutHistory implements CheckoutHistory {
    private final List<HistoryEvent> events = new ArrayList<>();

    @Override
    public synchronized void append(List<HistoryEvent> more) {
        for (HistoryEvent e : more) {
            boolean exists = events.stream().anyMatch(x -> x.checkoutId().equals(e.checkoutId())
                    && x.version() == e.version() && x.seq() == e.seq());
            if (!exists) {
                events.add(e);
            }
        }
    }

    @Override
    public synchronized List<HistoryEvent> of(String checkoutId) {
        return events.stream().filter(e -> e.checkoutId().equals(checkoutId))
                .sorted(Comparator.comparingLong(HistoryEvent::version).thenComparingInt(HistoryEvent::seq))
                .limit(MAX_EVENTS).toList();
    }
}
