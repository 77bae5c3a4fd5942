package jp.kokin.domain.settlement;

import java.util.List;
import java.util.Objects;

/**
 * The statement (計算書) for one creditor (収納先) on one business date: count, total, the totals per
 * procedure and every payment with its deemed payment date. Rendered by {@link StatementCsv} and
 * {@link StatementHtml}.
 *
 * @param creditorName display name; {@code null} is kept as empty
 */
public record CreditorStatement(
        String creditorCode,
        String creditorName,
        long count,
        long amount,
        List<ProcedureTotal> procedures,
        List<SettlementPayment> payments) {

    public CreditorStatement {
        Objects.requireNonNull(creditorCode, "creditorCode");
        creditorName = creditorName == null ? "" : creditorName;
        if (count < 0) {
            throw new IllegalArgumentException("count of creditor " + creditorCode + " must not be negative: " + count);
        }
        if (amount < 0) {
            throw new IllegalArgumentException("amount of creditor " + creditorCode + " must not be negative: " + amount);
        }
        procedures = List.copyOf(procedures);
        payments = List.copyOf(payments);
    }
}
