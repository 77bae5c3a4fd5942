package jp.kokin.domain.refund;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.checkout.CheckoutIds;
import jp.kokin.domain.checkout.CheckoutItem;
import jp.kokin.domain.checkout.CheckoutLimits;
import jp.kokin.domain.checkout.LineAmount;
import jp.kokin.domain.checkout.Payment;

/**
 * A duplicate payment (過誤納: it succeeded after another had paid the checkout) must always be
 * returned: the write that records it also proposes a {@code duplicate} refund of the whole payment,
 * requested by {@link Principals#SYSTEM} and waiting for a person's approval, or approved by
 * {@link Principals#CATALOG_POLICY} when the organization's policy lets duplicates skip approval (the
 * janitor then submits it).
 */
public final class DuplicateRefunds {
    private DuplicateRefunds() {}

    /** {@code checkout} with the proposal for {@code duplicate} added; unchanged if one exists or no room is left. */
    public static Checkout propose(Checkout checkout, Payment duplicate, RefundPolicy policy, Instant now) {
        boolean proposed = checkout.refunds().stream().anyMatch(r -> r.paymentId().equals(duplicate.id())
                && r.reason() == RefundReason.DUPLICATE);
        if (proposed || checkout.refunds().size() >= CheckoutLimits.MAX_REFUNDS
                || checkout.refundHeld(duplicate.id()) > 0) {
            return checkout;
        }
        List<RefundLine> lines = new ArrayList<>();
        for (int i = 0; i < checkout.items().size(); i++) {
            CheckoutItem item = checkout.items().get(i);
            for (int j = 0; j < item.lines().size(); j++) {
                LineAmount line = item.lines().get(j);
                if (line.amount() > 0) {
                    lines.add(new RefundLine(i, j, item.procedureCode(), line.creditor(), line.amount()));
                }
            }
        }
        Refund refund = Refund.requested(CheckoutIds.refundId(checkout.id(), checkout.refunds().size() + 1),
                duplicate.id(), duplicate.amount(), RefundReason.DUPLICATE, lines,
                "proposed by Kokin: this payment succeeded after the checkout was already paid", null, null,
                Principals.SYSTEM, now);
        if (policy.duplicateWithoutApproval()
                && RefundTransitions.TABLE.apply(refund.status(), RefundEvent.APPROVED)
                        instanceof jp.kokin.domain.statemachine.Transition.Applied<RefundStatus> approved) {
            refund = refund.decided(approved.to(), Principals.CATALOG_POLICY, now, null);
        }
        return checkout.withRefund(refund);
    }
}
