package jp.kokin.domain.settlement;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * What a statement document shows above its payments: the creditor, its totals and the totals per
 * procedure. Known before the payments are written, so {@link StatementCsv} and {@link StatementHtml}
 * can stream the payments of a statement of any size after it.
 *
 * @param amount what the creditor is paid (the transfer): the payments' yen less {@code refunded} and {@code netted}
 * @param carriedOver payments deemed paid before the business date (late payments carried over)
 * @param refunded yen of its payments refunded before the run claimed them (収納後取消)
 * @param cancelled payments with such a refund
 * @param netted yen of refunds made after earlier runs settled them, deducted from this transfer (返還金相殺)
 */
public record StatementHeader(String creditorCode, String creditorName, long count, long amount, long carriedOver,
                              List<ProcedureTotal> procedures, long refunded, long cancelled, long netted) {

    /** A header without refunds. */
    public StatementHeader(String creditorCode, String creditorName, long count, long amount, long carriedOver,
                           List<ProcedureTotal> procedures) {
        this(creditorCode, creditorName, count, amount, carriedOver, procedures, 0, 0, 0);
    }

    public StatementHeader {
        Objects.requireNonNull(creditorCode, "creditorCode");
        creditorName = creditorName == null ? "" : creditorName;
        procedures = List.copyOf(procedures);
        if (count < 0 || amount < 0 || carriedOver < 0 || carriedOver > count || refunded < 0 || cancelled < 0
                || cancelled > count || netted < 0) {
            throw new IllegalArgumentException("statement of " + creditorCode + " has impossible totals");
        }
    }

    /** What its payments paid: the transfer plus what was refunded and netted. */
    public long gross() {
        return amount + refunded + netted;
    }

    /** Whether refunds touch this statement (its documents then show gross, refunds and net). */
    public boolean withRefunds() {
        return refunded > 0 || netted > 0;
    }

    /** The header of a run's statement, from the totals of the run's one pass over its lines. */
    public static StatementHeader of(StatementTotals.Creditor totals) {
        return new StatementHeader(totals.code(), totals.name(), totals.count(), totals.amount(), totals.carriedOver(),
                totals.procedures(), totals.refunded(), totals.cancelled(), totals.netted());
    }

    /** The header of a statement held in memory; its carried-over count from its payments' deemed dates. */
    public static StatementHeader of(LocalDate businessDate, CreditorStatement s) {
        long carried = s.payments().stream().filter(p -> isCarriedOver(businessDate, p)).count();
        long refunded = s.payments().stream().mapToLong(SettlementPayment::refunded).sum();
        long cancelled = s.payments().stream().filter(SettlementPayment::cancelledAfterCollection).count();
        return new StatementHeader(s.creditorCode(), s.creditorName(), s.count(), s.amount(),
                Math.min(carried, s.count()), s.procedures(), refunded, Math.min(cancelled, s.count()), 0);
    }

    /** Whether {@code payment} is deemed paid before {@code businessDate} (a late payment carried over). */
    public static boolean isCarriedOver(LocalDate businessDate, SettlementPayment payment) {
        return payment.deemedDate().isBefore(businessDate);
    }
}
