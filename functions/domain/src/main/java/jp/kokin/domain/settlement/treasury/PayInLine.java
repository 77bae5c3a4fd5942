package jp.kokin.domain.settlement.treasury;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

import jp.kokin.domain.format.JapaneseDates;

/**
 * One entrustment (納付受託) in a pay-in: a national fee line of one paid checkout.
 *
 * @param reference     the portal's reference of the checkout (the payer's identifying item)
 * @param amount        yen paid in for it (net of refunds before the run: {@code refunded})
 * @param paidAt        the provider's completion time; its JST date is the entrustment date (Art. 6(4))
 */
public record PayInLine(String checkoutId, String paymentId, String reference, String procedureCode,
                        String procedureName, int quantity, long amount, long refunded, Instant paidAt) {
    public PayInLine {
        Objects.requireNonNull(checkoutId, "checkoutId");
        Objects.requireNonNull(paymentId, "paymentId");
        Objects.requireNonNull(procedureCode, "procedureCode");
        Objects.requireNonNull(paidAt, "paidAt");
        reference = reference == null ? "" : reference;
        procedureName = procedureName == null ? "" : procedureName;
        if (amount < 0 || refunded < 0) {
            throw new IllegalArgumentException("pay-in line amounts are not negative");
        }
    }

    /** The entrustment date (納付受託日, the deemed payment date): JST date of {@code paidAt}. */
    public LocalDate entrustedOn() {
        return JapaneseDates.businessDate(paidAt);
    }
}
