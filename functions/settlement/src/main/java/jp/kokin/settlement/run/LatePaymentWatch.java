package jp.kokin.settlement.run;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

import jp.kokin.adapters.log.Log;
import jp.kokin.adapters.log.Metrics;
import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.format.JapaneseDates;
import jp.kokin.domain.settlement.SettlementRunStore;

/**
 * Finds late payments: awaiting settlement, yet deemed paid on or before the latest business date
 * that already has a complete run (a notification that came late, a payment the janitor found).
 * The next run settles them (carried over), but nothing should wait silently: each is an ERROR log
 * line {@code settlement.late_payment} (up to {@link #MAX_LOGGED}, then one line with the count) and
 * the count is the metric {@code Kokin/LatePayments}, which an alarm watches.
 */
public final class LatePaymentWatch {
    /** Late payments logged one by one per watch; past it one line gives the count (a flood is one incident). */
    public static final int MAX_LOGGED = 100;
    public static final String METRIC = "LatePayments";
    private static final int PAGE = 100;

    /** What one watch found; {@code settledThrough} empty when no run has completed yet. */
    public record Outcome(Optional<LocalDate> settledThrough, long late) {}

    private final SettlementRunStore store;
    private final Clock clock;

    public LatePaymentWatch(SettlementRunStore store, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public Outcome watch() {
        Optional<LocalDate> latest = store.latestSettledDate();
        long late = 0;
        if (latest.isPresent()) {
            LocalDate settledThrough = latest.get();
            Instant cutoff = SettlementRunner.cutoff(settledThrough);
            for (int shard = 0; shard < store.shards(); shard++) {
                String cursor = null;
                do {
                    SettlementRunStore.UnsettledPage page = store.unsettled(shard, cutoff, cursor, PAGE);
                    for (Checkout c : page.checkouts()) {
                        LocalDate deemed = JapaneseDates.businessDate(c.paidAt());
                        if (!c.awaitingSettlement() || deemed.isAfter(settledThrough)) {
                            continue;
                        }
                        late++;
                        if (late <= MAX_LOGGED) {
                            Log.error("settlement.late_payment", null, "checkoutId", c.id(),
                                    "paymentId", c.winningPayment().map(p -> p.id()).orElse(""),
                                    "deemedDate", deemed, "settledThrough", settledThrough);
                        }
                    }
                    cursor = page.cursor();
                } while (cursor != null);
            }
            if (late > MAX_LOGGED) {
                Log.error("settlement.late_payment", null, "late", late, "logged", MAX_LOGGED,
                        "settledThrough", settledThrough);
            }
        }
        Metrics.count(METRIC, late, clock.instant());
        Log.info("settlement.watched", "late", late, "settledThrough", latest.map(LocalDate::toString).orElse("none"));
        return new Outcome(latest, late);
    }
}
