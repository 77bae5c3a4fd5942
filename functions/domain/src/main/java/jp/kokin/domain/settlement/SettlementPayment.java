package jp.kokin.domain.settlement;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

import jp.kokin.domain.format.JapaneseDates;

/**
 * One payment in a creditor's statement: the part of a checkout's payment that belongs to this creditor.
 *
 * @param amount yen allocated to the creditor and settled (net of {@code refunded}), not negative
 * @param paidAt the provider's completion time; its JST date is the deemed payment date (みなし納付日)
 * @param refunded yen of the creditor's part refunded before the run claimed it (収納後取消), not negative
 */
public record SettlementPayment(String checkoutId, String paymentId, long amount, Instant paidAt, long refunded) {

    /** A payment nothing of which was refunded before settlement. */
    public SettlementPayment(String checkoutId, String paymentId, long amount, Instant paidAt) {
        this(checkoutId, paymentId, amount, paidAt, 0);
    }

    public SettlementPayment {
        Objects.requireNonNull(checkoutId, "checkoutId");
        Objects.requireNonNull(paymentId, "paymentId");
        Objects.requireNonNull(paidAt, "paidAt");
        if (amount < 0) {
            throw new IllegalArgumentException("amount of payment " + paymentId + " must not be negative: " + amount);
        }
        if (refunded < 0) {
            throw new IllegalArgumentException("refunded part of payment " + paymentId + " must not be negative: " + refunded);
        }
    }

    /** What was paid for the creditor's part (settled plus refunded). */
    public long gross() {
        return Math.addExact(amount, refunded);
    }

    /** Cancelled after collection (収納後取消): part or all of it was refunded before settlement. */
    public boolean cancelledAfterCollection() {
        return refunded > 0;
    }

    /** The deemed payment date (みなし納付日): the JST date of {@code paidAt}. */
    public LocalDate deemedDate() {
        return JapaneseDates.businessDate(paidAt);
    }
}
