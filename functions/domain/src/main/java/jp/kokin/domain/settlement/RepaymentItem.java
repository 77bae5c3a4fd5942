package jp.kokin.domain.settlement;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * One row of a repayment request (返還請求) or of a statement's netted refunds (返還金相殺): one fee line
 * of a refund made after the creditor's line was settled.
 *
 * @param receiptNumber the receipt (領収書) of the refunded payment; {@code null} when none was issued
 * @param item          0-based item of the checkout, {@code line} its 0-based fee line
 * @param fiscalYear    the fiscal year (年度) of the revenue repaid (the payment's deemed payment date)
 */
public record RepaymentItem(String refundId, String checkoutId, String paymentId, String receiptNumber, String creditor,
                            String procedureCode, String procedureName, int item, int line, int fiscalYear, long amount) {

    /** Rows in refund id, item and line order: every writer lists them alike. */
    public static final Comparator<RepaymentItem> ORDER = Comparator.comparing(RepaymentItem::refundId)
            .thenComparingInt(RepaymentItem::item).thenComparingInt(RepaymentItem::line)
            .thenComparing(RepaymentItem::creditor);

    public RepaymentItem {
        Objects.requireNonNull(refundId, "refundId");
        Objects.requireNonNull(checkoutId, "checkoutId");
        Objects.requireNonNull(creditor, "creditor");
        Objects.requireNonNull(procedureCode, "procedureCode");
        procedureName = procedureName == null ? "" : procedureName;
        if (amount <= 0) {
            throw new IllegalArgumentException("a repayment is positive yen: " + amount);
        }
    }

    /** The rows of one refund claim, one per creditor's fee line. */
    public static List<RepaymentItem> of(RefundClaim claim) {
        List<RepaymentItem> rows = new ArrayList<>();
        for (RefundClaim.Repayment r : claim.repayments()) {
            rows.add(new RepaymentItem(claim.refundId(), claim.checkoutId(), claim.paymentId(), claim.receiptNumber(),
                    r.creditor(), r.procedureCode(), r.procedureName(), r.item(), r.line(), claim.fiscalYear(), r.amount()));
        }
        return rows;
    }

    /** The fee line as people read it: {@code 1-1} for the first item's first line. */
    public String feeLine() {
        return (item + 1) + "-" + (line + 1);
    }
}
