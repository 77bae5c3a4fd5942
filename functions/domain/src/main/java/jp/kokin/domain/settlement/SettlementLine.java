package jp.kokin.domain.settlement;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.checkout.CheckoutItem;
import jp.kokin.domain.checkout.LineAmount;
import jp.kokin.domain.checkout.Payment;
import jp.kokin.domain.format.JapaneseDates;

/**
 * One payment line that a settlement run claims: the paying (winning) payment of one paid checkout,
 * with its money split by creditor and procedure. A run claims a line once (a conditional write);
 * it is listed in its run's statements under its own deemed payment date (みなし納付日).
 *
 * @param shares one per (item, fee line) of the checkout, in the checkout's order; never empty
 */
public record SettlementLine(String checkoutId, String paymentId, Instant paidAt, List<Share> shares) {

    public SettlementLine {
        Objects.requireNonNull(checkoutId, "checkoutId");
        Objects.requireNonNull(paymentId, "paymentId");
        Objects.requireNonNull(paidAt, "paidAt");
        shares = List.copyOf(shares);
        if (shares.isEmpty()) {
            throw new IllegalArgumentException("settlement line " + checkoutId + " has no shares");
        }
    }

    /**
     * One creditor's part of one item of the checkout.
     *
     * @param quantity units of the procedure paid (the item's quantity)
     * @param amount yen for this creditor from this item, not negative
     */
    public record Share(String creditor, String procedureCode, String procedureName, int quantity, long amount) {
        public Share {
            Objects.requireNonNull(creditor, "creditor");
            Objects.requireNonNull(procedureCode, "procedureCode");
            procedureName = procedureName == null ? "" : procedureName;
            if (amount < 0) {
                throw new IllegalArgumentException("share of " + creditor + " must not be negative: " + amount);
            }
        }
    }

    /**
     * The line of a paid checkout's paying payment, whether awaiting settlement or already claimed;
     * empty for any other checkout (not paid, or no paying payment).
     */
    public static Optional<SettlementLine> of(Checkout checkout) {
        if (!checkout.awaitingSettlement() && checkout.settlementRunId() == null) {
            return Optional.empty();
        }
        Optional<Payment> winner = checkout.winningPayment();
        if (winner.isEmpty() || checkout.paidAt() == null) {
            return Optional.empty();
        }
        List<Share> shares = new ArrayList<>();
        for (CheckoutItem item : checkout.items()) {
            for (LineAmount line : item.lines()) {
                shares.add(new Share(line.creditor(), item.procedureCode(), item.name().ja(), item.quantity(), line.amount()));
            }
        }
        return Optional.of(new SettlementLine(checkout.id(), winner.get().id(), checkout.paidAt(), shares));
    }

    /** The deemed payment date (みなし納付日): the JST date of {@code paidAt}. */
    public LocalDate deemedDate() {
        return JapaneseDates.businessDate(paidAt);
    }

    /** Total yen of the line (what the payment paid). */
    public long amount() {
        long total = 0;
        for (Share s : shares) {
            total = Math.addExact(total, s.amount());
        }
        return total;
    }
}
