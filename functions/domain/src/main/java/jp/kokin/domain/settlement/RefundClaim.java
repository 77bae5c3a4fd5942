package jp.kokin.domain.settlement;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import jp.kokin.domain.catalog.BankAccount;
import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.checkout.CheckoutItem;
import jp.kokin.domain.format.JapaneseDates;
import jp.kokin.domain.refund.Refund;
import jp.kokin.domain.refund.RefundLine;

/**
 * What a settlement run claimed of one refund, recorded in its claim batch beside the lines (so that
 * its documents come from the stored batches alone): the parts its creditors owe back because the
 * refund came after their line was settled (返還請求, or netted against their transfer), and the bank
 * transfer to the payer that the run's refund transfer file pays. A refund netted in its line (before
 * settlement) has no repayments here: the line's shares already leave it out.
 *
 * @param receiptNumber the checkout's receipt (領収書) number; {@code null} when none was issued
 * @param paidAt        when the refunded payment was made: its JST date's fiscal year is the
 *                      fiscal year of the revenue the creditor pays back
 * @param repayments    what each creditor owes back, per fee line; empty when none
 * @param payee         the payer's account when the run pays the refund by transfer; else {@code null}
 * @param transferAmount yen transferred to {@code payee} (the refund's amount); 0 without one
 */
public record RefundClaim(String refundId, String checkoutId, String paymentId, String receiptNumber, Instant paidAt,
                          List<Repayment> repayments, BankAccount payee, long transferAmount) {

    public RefundClaim {
        Objects.requireNonNull(refundId, "refundId");
        Objects.requireNonNull(checkoutId, "checkoutId");
        Objects.requireNonNull(paymentId, "paymentId");
        Objects.requireNonNull(paidAt, "paidAt");
        repayments = List.copyOf(repayments);
        if ((payee == null) != (transferAmount == 0) || transferAmount < 0) {
            throw new IllegalArgumentException("refund " + refundId + ": a transfer has a payee and positive yen");
        }
        if (repayments.isEmpty() && payee == null) {
            throw new IllegalArgumentException("refund " + refundId + " claims nothing");
        }
    }

    /**
     * One creditor's part of one fee line to pay back.
     *
     * @param item 0-based item of the checkout; {@code line} its 0-based fee line
     */
    public record Repayment(String creditor, String procedureCode, String procedureName, int item, int line, long amount) {
        public Repayment {
            Objects.requireNonNull(creditor, "creditor");
            Objects.requireNonNull(procedureCode, "procedureCode");
            procedureName = procedureName == null ? "" : procedureName;
            if (amount <= 0) {
                throw new IllegalArgumentException("a repayment is positive yen: " + amount);
            }
        }
    }

    /** The fiscal year (年度) of the revenue repaid: that of the refunded payment's deemed payment date. */
    public int fiscalYear() {
        return JapaneseDates.fiscalYear(paidAt);
    }

    /**
     * What run {@code runId} claims of {@code refund} as stored in {@code claimed} (the checkout as the
     * claim writes it), given the refund as it was read ({@code before}); empty when the claim does not
     * touch it.
     */
    static Optional<RefundClaim> of(Checkout claimed, Refund before, Refund after, String runId) {
        List<Repayment> repayments = new ArrayList<>();
        boolean repaid = before.settlementRunId() == null && runId.equals(after.settlementRunId())
                && !runId.equals(claimed.settlementRunId());
        if (repaid) {
            for (RefundLine l : after.lines()) {
                CheckoutItem item = claimed.items().get(l.item());
                repayments.add(new Repayment(l.creditor(), l.procedureCode(), item.name().ja(), l.item(), l.line(), l.amount()));
            }
        }
        boolean transferred = after.bankTransfer() != null && runId.equals(after.bankTransfer().transferRunId())
                && (before.bankTransfer() == null || before.bankTransfer().transferRunId() == null);
        if (repayments.isEmpty() && !transferred) {
            return Optional.empty();
        }
        Instant paidAt = claimed.payment(after.paymentId()).map(p -> p.completedAt() != null ? p.completedAt() : claimed.paidAt())
                .orElse(claimed.paidAt());
        return Optional.of(new RefundClaim(after.id(), claimed.id(), after.paymentId(),
                claimed.receipt() == null ? null : claimed.receipt().number(), paidAt, repayments,
                transferred ? after.bankTransfer().account() : null, transferred ? after.amount() : 0));
    }

    /** Yen the creditors owe back over every fee line. */
    public long repaymentAmount() {
        return repayments.stream().mapToLong(Repayment::amount).sum();
    }
}
