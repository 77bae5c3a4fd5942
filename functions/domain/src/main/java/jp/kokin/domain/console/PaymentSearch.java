package jp.kokin.domain.console;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import jp.kokin.domain.checkout.Checkout;

/** The 収納一覧's reads, by index only (never a scan). */
public interface PaymentSearch {
    /** Newest first, {@code limit} at most. */
    Page<PaymentRow> list(PaymentQuery query, Optional<String> cursor, int limit);

    /** Checkouts with this portal reference (any portal; the caller filters by scope), newest first, at most 50. */
    List<PaymentRow> byReference(String reference);

    /** The checkout whose receipt has this number. */
    Optional<PaymentRow> byReceiptNumber(String receiptNumber);

    /**
     * The refund approval queue: the checkouts of these organizations that hold at least one refund in
     * status {@code requested}, whatever their age, oldest checkout first ({@code createdAt}, then id),
     * {@code limit} at most per page. A checkout leaves the queue once none of its refunds awaits a
     * decision. The index behind it is eventually consistent: the caller re-checks the refunds' status.
     */
    Page<Checkout> awaitingRefundDecision(Set<String> organizations, Optional<String> cursor, int limit);
}
