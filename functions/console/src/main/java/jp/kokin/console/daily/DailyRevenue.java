package jp.kokin.console.daily;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import jp.kokin.domain.catalog.Catalog;
import jp.kokin.domain.catalog.Organization;
import jp.kokin.domain.catalog.RevenueItem;
import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.checkout.CheckoutItem;
import jp.kokin.domain.checkout.LineAmount;
import jp.kokin.domain.checkout.Payment;
import jp.kokin.domain.format.JapaneseDates;
import jp.kokin.domain.refund.Refund;
import jp.kokin.domain.refund.RefundLine;
import jp.kokin.domain.refund.RefundStatus;

/**
 * The 収入日計表: paid checkouts added up per JST day of payment, creditor (the organization a fee line
 * is owed to), revenue item (歳入科目, for a national creditor) or procedure (any other), and payment
 * method: count (checkouts), gross (paid), refunds, net = gross − refunds.
 *
 * <p>A refund counts on the day of the payment it returns money of (the day's row shows what is left
 * of that day's collections), once it is approved or further on ({@code approved}, {@code submitted},
 * {@code succeeded}, {@code bank_transfer_required}); a refund still requested, rejected or failed
 * returns nothing.
 */
public final class DailyRevenue {
    /** Whether a line is owed to a national creditor (its revenue item) or another (its procedure). */
    public enum Kind {
        REVENUE_ITEM, PROCEDURE
    }

    /** What a row adds up. */
    public record Key(LocalDate day, String creditor, String creditorName, Kind kind, String itemCode, String itemName,
                      String method) {}

    public record Row(Key key, long count, long gross, long refunds) {
        public long net() {
            return gross - refunds;
        }
    }

    /** One day over every row. */
    public record DayTotal(LocalDate day, long count, long gross, long refunds) {
        public long net() {
            return gross - refunds;
        }
    }

    private static final Comparator<Key> ORDER = Comparator.comparing(Key::day).thenComparing(Key::creditor)
            .thenComparing(Key::kind).thenComparing(Key::itemCode).thenComparing(Key::method);

    private final Catalog catalog;
    private final Map<Key, long[]> sums = new TreeMap<>(ORDER);
    private final Map<LocalDate, Long> checkoutsPerDay = new TreeMap<>();

    public DailyRevenue(Catalog catalog) {
        this.catalog = catalog;
    }

    /** Adds a checkout; one not paid (or paid without a winning payment) adds nothing. */
    public void add(Checkout c) {
        Optional<Payment> paying = c.winningPayment();
        if (c.paidAt() == null || paying.isEmpty()) {
            return;
        }
        LocalDate day = JapaneseDates.businessDate(c.paidAt());
        String method = paying.get().method().wire();
        Map<Key, long[]> mine = new LinkedHashMap<>(); // this checkout's parts: gross, refunds
        List<List<Key>> keys = new ArrayList<>();
        for (CheckoutItem item : c.items()) {
            List<Key> lineKeys = new ArrayList<>();
            for (LineAmount line : item.lines()) {
                Key k = key(c, day, item, line.creditor(), method);
                mine.computeIfAbsent(k, x -> new long[2])[0] += line.amount();
                lineKeys.add(k);
            }
            keys.add(lineKeys);
        }
        for (Refund refund : c.refunds()) {
            if (!refund.paymentId().equals(paying.get().id()) || !returnsMoney(refund.status())) {
                continue;
            }
            for (RefundLine rl : refund.lines()) {
                if (rl.item() < keys.size() && rl.line() < keys.get(rl.item()).size()) {
                    mine.get(keys.get(rl.item()).get(rl.line()))[1] += rl.amount();
                }
            }
        }
        mine.forEach((k, v) -> {
            long[] s = sums.computeIfAbsent(k, x -> new long[3]);
            s[0]++;
            s[1] = Math.addExact(s[1], v[0]);
            s[2] = Math.addExact(s[2], v[1]);
        });
        checkoutsPerDay.merge(day, 1L, Long::sum);
    }

    /** Approved or further on, and not failed: money that goes (or went) back. */
    static boolean returnsMoney(RefundStatus s) {
        return s.returnsMoney();
    }

    private Key key(Checkout c, LocalDate day, CheckoutItem item, String creditor, String method) {
        String creditorName = catalog.organization(creditor).map(Organization::name).orElse(creditor);
        if (catalog.treasuryOf(creditor).isPresent()) {
            RevenueItem ri = catalog.revenueItem(c.organizationCode(), item.procedureCode(), creditor).orElse(RevenueItem.UNASSIGNED);
            return new Key(day, creditor, creditorName, Kind.REVENUE_ITEM, ri.code(), ri.name(), method);
        }
        return new Key(day, creditor, creditorName, Kind.PROCEDURE, item.procedureCode(), item.name().ja(), method);
    }

    public List<Row> rows() {
        List<Row> out = new ArrayList<>();
        sums.forEach((k, s) -> out.add(new Row(k, s[0], s[1], s[2])));
        return out;
    }

    /** Per day from {@code from} to {@code to} (every day, zero when nothing was paid): checkouts, gross, refunds. */
    public List<DayTotal> days(LocalDate from, LocalDate to) {
        Map<LocalDate, long[]> byDay = new TreeMap<>();
        sums.forEach((k, s) -> {
            long[] d = byDay.computeIfAbsent(k.day(), x -> new long[2]);
            d[0] = Math.addExact(d[0], s[1]);
            d[1] = Math.addExact(d[1], s[2]);
        });
        List<DayTotal> out = new ArrayList<>();
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            long[] t = byDay.getOrDefault(d, new long[2]);
            out.add(new DayTotal(d, checkoutsPerDay.getOrDefault(d, 0L), t[0], t[1]));
        }
        return out;
    }
}
