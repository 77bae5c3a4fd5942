package jp.kokin.domain.checkout;

import java.time.Instant;
import java.util.List;

/** The payment janitor's work list. */
@FunctionalInterface
public interface PendingPayments {

    /**
     * At most {@code limit} checkouts with a payment attempt pending since before
     * {@code startedBefore}, oldest first.
     */
    List<Checkout> withPaymentsPendingSince(Instant startedBefore, int limit);
}
