package jp.kokin.domain.console;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.refund.RefundStatus;

/** The 収納一覧 over checkouts in memory (e.g. {@code InMemoryCheckoutRepository::all}). */
public final class InMemoryPaymentSearch implements PaymentSearch {
    private static final ZoneId JST = ZoneId.of("Asia/Tokyo");
    private final Supplier<? extends Collection<Checkout>> checkouts;
    private final Clock clock;

    public InMemoryPaymentSearch(Supplier<? extends Collection<Checkout>> checkouts) {
        this(checkouts, Clock.systemUTC());
    }

    /** {@code clock}: the status filter is the status at its now (expiry included), as the DynamoDB adapter's. */
    public InMemoryPaymentSearch(Supplier<? extends Collection<Checkout>> checkouts, Clock clock) {
        this.checkouts = checkouts;
        this.clock = clock;
    }

    @Override
    public Page<PaymentRow> list(PaymentQuery q, Optional<String> cursor, int limit) {
        java.time.Instant now = clock.instant();
        List<PaymentRow> rows = checkouts.get().stream().map(PaymentRow::of).filter(r -> {
            LocalDate d = r.createdAt().atZone(JST).toLocalDate();
            return !d.isBefore(q.from()) && !d.isAfter(q.to()) && q.organizations().contains(r.organizationCode())
                    && q.procedure().map(r.procedures()::contains).orElse(true)
                    && q.status().map(r.statusAt(now)::equals).orElse(true)
                    && q.method().map(r.method()::equals).orElse(true)
                    && q.minAmount().map(m -> r.amount() >= m).orElse(true)
                    && q.maxAmount().map(m -> r.amount() <= m).orElse(true);
        }).sorted(Comparator.comparing(PaymentRow::createdAt).thenComparing(PaymentRow::checkoutId).reversed()).toList();
        int start = cursor.map(Integer::parseInt).orElse(0);
        int end = Math.min(rows.size(), start + limit);
        return new Page<>(rows.subList(start, end), end < rows.size() ? Optional.of(Integer.toString(end)) : Optional.empty());
    }

    @Override
    public List<PaymentRow> byReference(String reference) {
        return checkouts.get().stream().filter(c -> c.reference().equals(reference)).map(PaymentRow::of)
                .sorted(Comparator.comparing(PaymentRow::createdAt).reversed()).limit(50).toList();
    }

    @Override
    public Optional<PaymentRow> byReceiptNumber(String number) {
        return checkouts.get().stream().filter(c -> c.receipt() != null && c.receipt().number().equals(number))
                .map(PaymentRow::of).findFirst();
    }

    @Override
    public Page<Checkout> awaitingRefundDecision(Set<String> organizations, Optional<String> cursor, int limit) {
        List<Checkout> awaiting = checkouts.get().stream()
                .filter(c -> organizations.contains(c.organizationCode()))
                .filter(c -> c.refunds().stream().anyMatch(f -> f.status() == RefundStatus.REQUESTED))
                .sorted(Comparator.comparing(Checkout::createdAt).thenComparing(Checkout::id)).toList();
        int start = cursor.map(Integer::parseInt).orElse(0);
        int end = Math.min(awaiting.size(), start + limit);
        return new Page<>(awaiting.subList(start, end), end < awaiting.size() ? Optional.of(Integer.toString(end)) : Optional.empty());
    }
}
