package jp.kokin.domain.settlement;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * What a statement document shows above its payments: the creditor, its totals and the totals per
 * procedure. Known before the payments are written, so {@link StatementCsv} and {@link StatementHtml}
 * can stream the payments of a statement of any size after it.
 *
 * @param carriedOver payments deemed paid before the business date (late payments carried over)
 */
public record StatementHeader(String creditorCode, String creditorName, long count, long amount, long carriedOver,
                              List<ProcedureTotal> procedures) {

    public StatementHeader {
        Objects.requireNonNull(creditorCode, "creditorCode");
        creditorName = creditorName == null ? "" : creditorName;
        procedures = List.copyOf(procedures);
        if (count < 0 || amount < 0 || carriedOver < 0 || carriedOver > count) {
            throw new IllegalArgumentException("statement of " + creditorCode + " has impossible totals");
        }
    }

    /** The header of a run's statement, from the totals of the run's one pass over its lines. */
    public static StatementHeader of(StatementTotals.Creditor totals) {
        return new StatementHeader(totals.code(), totals.name(), totals.count(), totals.amount(), totals.carriedOver(),
                totals.procedures());
    }

    /** The header of a statement held in memory; its carried-over count from its payments' deemed dates. */
    public static StatementHeader of(LocalDate businessDate, CreditorStatement s) {
        long carried = s.payments().stream().filter(p -> isCarriedOver(businessDate, p)).count();
        return new StatementHeader(s.creditorCode(), s.creditorName(), s.count(), s.amount(),
                Math.min(carried, s.count()), s.procedures());
    }

    /** Whether {@code payment} is deemed paid before {@code businessDate} (a late payment carried over). */
    public static boolean isCarriedOver(LocalDate businessDate, SettlementPayment payment) {
        return payment.deemedDate().isBefore(businessDate);
    }
}
