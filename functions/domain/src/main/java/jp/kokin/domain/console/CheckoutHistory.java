package jp.kokin.domain.console;

import java.util.List;

/** A checkout's stored history (see {@link HistoryEvent}). */
public interface CheckoutHistory {
    /** Appends if absent (same checkout, version and seq: no change). */
    void append(List<HistoryEvent> events);

    /** Oldest first; at most {@link #MAX_EVENTS} (a checkout's writes are bounded by its attempts and refunds). */
    List<HistoryEvent> of(String checkoutId);

    int MAX_EVENTS = 500;
}
