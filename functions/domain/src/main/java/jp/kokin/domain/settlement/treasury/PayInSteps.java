package jp.kokin.domain.settlement.treasury;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

import jp.kokin.domain.format.JapaneseDates;

/**
 * The two recorded steps of a pay-in, due → paid → confirmed, version-locked and audited in the
 * pay-in's own audit: the settlement API ({@code POST /v1/treasury/payins/{id}/paid|confirmed}) and
 * the console record them through here. A repeat with the same details changes nothing.
 */
public final class PayInSteps {
    /** Tries of a status change that lost the version race to another writer before giving up ({@link Outcome.Contention}). */
    public static final int MAX_UPDATE_TRIES = 5;

    /** What a step did. */
    public sealed interface Outcome {
        /** Stored now. */
        record Recorded(PayIn payIn) implements Outcome {}

        /** Already so (a retried request): nothing changed. */
        record Unchanged(PayIn payIn) implements Outcome {}

        /** No pay-in by that id that the caller may see. */
        record NotFound() implements Outcome {}

        /** {@code paidOn} is after today (JST). */
        record PaidInFuture(LocalDate today) implements Outcome {}

        /** {@code paidOn} is before the run's business date. */
        record BeforeBusinessDate(LocalDate businessDate) implements Outcome {}

        /** Paid (or confirmed) already with another payment: a recorded payment is not changed. */
        record AlreadyPaid(PayIn payIn) implements Outcome {}

        /** Confirming a pay-in still due. */
        record NotPaid(PayIn payIn) implements Outcome {}

        /** It kept changing under us ({@link #MAX_UPDATE_TRIES} tries). */
        record Contention() implements Outcome {}
    }

    private final PayInStore payIns;

    public PayInSteps(PayInStore payIns) {
        this.payIns = Objects.requireNonNull(payIns, "payIns");
    }

    /**
     * Records the payment of pay-in {@code id} by {@code principal} at {@code now}.
     *
     * @param visible whether the caller may see a pay-in (others are {@link Outcome.NotFound})
     */
    public Outcome paid(String id, Predicate<PayIn> visible, PayInPayment payment, String principal, Instant now) {
        LocalDate today = JapaneseDates.businessDate(now);
        if (payment.paidOn().isAfter(today)) {
            return new Outcome.PaidInFuture(today);
        }
        for (int attempt = 1; attempt <= MAX_UPDATE_TRIES; attempt++) {
            Optional<PayIn> found = find(id, visible);
            if (found.isEmpty()) {
                return new Outcome.NotFound();
            }
            PayIn p = found.get();
            if (payment.paidOn().isBefore(p.businessDate())) {
                return new Outcome.BeforeBusinessDate(p.businessDate());
            }
            if (p.status() != PayInStatus.DUE && payment.equals(p.paid())) {
                return new Outcome.Unchanged(p); // a retried request (confirmed since, perhaps)
            }
            if (p.status() != PayInStatus.DUE) {
                return new Outcome.AlreadyPaid(p);
            }
            PayIn updated = withStep(p, PayInStatus.PAID, payment, null, new PayInAudit("paid", principal, now,
                    "paidOn=" + payment.paidOn() + "; bank=" + payment.bank() + "; reference=" + payment.reference()));
            if (payIns.update(updated)) {
                return new Outcome.Recorded(updated);
            }
        }
        return new Outcome.Contention();
    }

    /** Records the collection officer's confirmation of pay-in {@code id} ({@code note} may be null). */
    public Outcome confirmed(String id, Predicate<PayIn> visible, String note, String principal, Instant now) {
        for (int attempt = 1; attempt <= MAX_UPDATE_TRIES; attempt++) {
            Optional<PayIn> found = find(id, visible);
            if (found.isEmpty()) {
                return new Outcome.NotFound();
            }
            PayIn p = found.get();
            switch (p.status()) {
                case DUE -> {
                    return new Outcome.NotPaid(p);
                }
                case CONFIRMED -> {
                    return new Outcome.Unchanged(p);
                }
                case PAID -> {
                    PayIn updated = withStep(p, PayInStatus.CONFIRMED, p.paid(), now, new PayInAudit("confirmed", principal, now, note));
                    if (payIns.update(updated)) {
                        return new Outcome.Recorded(updated);
                    }
                }
            }
        }
        return new Outcome.Contention();
    }

    private Optional<PayIn> find(String id, Predicate<PayIn> visible) {
        if (id == null || !PayIn.ID.matcher(id).matches()) {
            return Optional.empty();
        }
        return payIns.find(id).filter(visible);
    }

    /**
     * The pay-in one step on, with its audit entry; the audit keeps the newest {@link PayIn#MAX_AUDIT}
     * entries (forward-only steps write three at most, so the cap is a guard, not a policy).
     */
    static PayIn withStep(PayIn p, PayInStatus status, PayInPayment paid, Instant confirmedAt, PayInAudit entry) {
        List<PayInAudit> audit = new ArrayList<>(p.audit());
        audit.add(entry);
        while (audit.size() > PayIn.MAX_AUDIT) {
            audit.removeFirst();
        }
        return new PayIn(p.id(), p.runId(), p.businessDate(), p.organizationCode(), p.ministryCode(), p.ministryName(),
                p.account(), p.officerCode(), p.officerName(), p.fiscalYear(), p.revenueItem(), p.amount(), p.count(),
                p.dueDate(), p.closedYear(), status, p.createdAt(), paid, confirmedAt, audit, p.documents(), p.version() + 1);
    }
}
