package jp.kokin.domain.settlement;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.checkout.CheckoutItem;
import jp.kokin.domain.checkout.LineAmount;
import jp.kokin.domain.checkout.Payment;
import jp.kokin.domain.format.JapaneseDates;
import jp.kokin.domain.refund.Refund;
import jp.kokin.domain.refund.RefundLine;
import jp.kokin.domain.refund.RefundStatus;

/**
 * One payment line that a settlement run claims: the paying (winning) payment of one paid checkout,
 * with its money split by creditor and procedure. A run claims a line once (a conditional write);
 * it is listed in its run's statements under its own deemed payment date (みなし納付日).
 *
 * @param shares one per (item, fee line) of the checkout, in the checkout's order; never empty
 * @param organizationCode the checkout's organization (a national line's revenue item is looked up by it);
 *                         {@code ""} in batches stored before it was kept
 * @param reference the portal's reference of the checkout (a pay-in line lists it); {@code ""} in batches
 *                  stored before it was kept
 */
public record SettlementLine(String checkoutId, String paymentId, Instant paidAt, List<Share> shares,
                             String organizationCode, String reference) {

    public SettlementLine {
        Objects.requireNonNull(checkoutId, "checkoutId");
        Objects.requireNonNull(paymentId, "paymentId");
        Objects.requireNonNull(paidAt, "paidAt");
        shares = List.copyOf(shares);
        if (shares.isEmpty()) {
            throw new IllegalArgumentException("settlement line " + checkoutId + " has no shares");
        }
        organizationCode = organizationCode == null ? "" : organizationCode;
        reference = reference == null ? "" : reference;
    }

    /** A line without its checkout's organization and reference (as batches stored before they were kept read). */
    public SettlementLine(String checkoutId, String paymentId, Instant paidAt, List<Share> shares) {
        this(checkoutId, paymentId, paidAt, shares, "", "");
    }

    /**
     * One creditor's part of one item of the checkout.
     *
     * @param quantity units of the procedure paid (the item's quantity)
     * @param amount yen for this creditor from this item that the run settles: what was paid less
     *               {@code refunded}; not negative
     * @param refunded yen of this part refunded before the run claimed the line (収納後取消): the paying
     *                 payment's refunds that succeeded or await a bank transfer; not negative
     */
    public record Share(String creditor, String procedureCode, String procedureName, int quantity, long amount,
                        long refunded) {
        public Share {
            Objects.requireNonNull(creditor, "creditor");
            Objects.requireNonNull(procedureCode, "procedureCode");
            procedureName = procedureName == null ? "" : procedureName;
            if (amount < 0) {
                throw new IllegalArgumentException("share of " + creditor + " must not be negative: " + amount);
            }
            if (refunded < 0) {
                throw new IllegalArgumentException("refunded part of " + creditor + " must not be negative: " + refunded);
            }
        }

        /** A share nothing of which was refunded. */
        public Share(String creditor, String procedureCode, String procedureName, int quantity, long amount) {
            this(creditor, procedureCode, procedureName, quantity, amount, 0);
        }

        /** What was paid for this part (settled plus refunded). */
        public long gross() {
            return Math.addExact(amount, refunded);
        }
    }

    /**
     * The line of a paid checkout's paying payment, whether awaiting settlement or already claimed;
     * empty for any other checkout (not paid, or no paying payment). Each share is net of the paying
     * payment's refunds that the line's run accounts for: those that succeeded or await a bank
     * transfer, claimed by the same run as the line (or, for a line awaiting settlement, not claimed
     * yet). Refunds a later run claimed are repaid by the creditor, never taken from the line.
     */
    public static Optional<SettlementLine> of(Checkout checkout) {
        if (!checkout.awaitingSettlement() && checkout.settlementRunId() == null) {
            return Optional.empty();
        }
        Optional<Payment> winner = checkout.winningPayment();
        if (winner.isEmpty() || checkout.paidAt() == null) {
            return Optional.empty();
        }
        Map<Long, Long> refunded = new HashMap<>();
        for (Refund r : checkout.refunds()) {
            boolean nettedInLine = r.paymentId().equals(winner.get().id())
                    && (r.status() == RefundStatus.SUCCEEDED || r.status() == RefundStatus.BANK_TRANSFER_REQUIRED)
                    && Objects.equals(r.settlementRunId(), checkout.settlementRunId());
            if (nettedInLine) {
                for (RefundLine l : r.lines()) {
                    refunded.merge(((long) l.item() << 32) | l.line(), l.amount(), Math::addExact);
                }
            }
        }
        List<Share> shares = new ArrayList<>();
        for (int i = 0; i < checkout.items().size(); i++) {
            CheckoutItem item = checkout.items().get(i);
            for (int j = 0; j < item.lines().size(); j++) {
                LineAmount line = item.lines().get(j);
                long back = Math.min(line.amount(), refunded.getOrDefault(((long) i << 32) | j, 0L));
                shares.add(new Share(line.creditor(), item.procedureCode(), item.name().ja(), item.quantity(),
                        line.amount() - back, back));
            }
        }
        return Optional.of(new SettlementLine(checkout.id(), winner.get().id(), checkout.paidAt(), shares,
                checkout.organizationCode(), checkout.reference()));
    }

    /** The deemed payment date (みなし納付日): the JST date of {@code paidAt}. */
    public LocalDate deemedDate() {
        return JapaneseDates.businessDate(paidAt);
    }

    /** Total yen of the line that the run settles (what the payment paid, less what was refunded before). */
    public long amount() {
        long total = 0;
        for (Share s : shares) {
            total = Math.addExact(total, s.amount());
        }
        return total;
    }

    /** Yen of the line refunded before its run claimed it (収納後取消). */
    public long refunded() {
        long total = 0;
        for (Share s : shares) {
            total = Math.addExact(total, s.refunded());
        }
        return total;
    }
}
