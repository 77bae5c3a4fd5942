package jp.kokin.domain.settlement;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

import jp.kokin.domain.format.JapaneseDates;

/**
 * One payment in a creditor's statement: the part of a checkout's payment that belongs to this creditor.
 *
 * @param amount yen allocated to the creditor, not negative
 * @param paidAt the provider's completion time; its JST date is the deemed payment date (みなし納付日)
 */
public record SettlementPayment(String checkoutId, String paymentId, long amount, Instant paidAt) {

    public SettlementPayment {
        Objects.requireNonNull(checkoutId, "checkoutId");
        Objects.requireNonNull(paymentId, "paymentId");
        Objects.requireNonNull(paidAt, "paidAt");
        if (amount < 0) {
            throw new IllegalArgumentException("amount of payment " + paymentId + " must not be negative: " + amount);
        }
    }

    /** The deemed payment date (みなし納付日): the JST date of {@code paidAt}. */
    public LocalDate deemedDate() {
        return JapaneseDates.businessDate(paidAt);
    }
}
