package jp.kokin.adapters.queue;

import java.util.Objects;

import jp.kokin.adapters.log.Log;
import jp.kokin.domain.checkout.CheckoutService;

/**
 * The one rule for queueing a receipt, used wherever a payment is recorded (the webhook, the
 * janitor, the citizen's return page): a checkout's receipt is due when, and only when, the write
 * that recorded the payment is the one that moved the checkout to paid
 * ({@link CheckoutService.Recorded#becamePaid()}; the ledger's conditional write lets only one
 * writer say so). A repeated success, concurrent or later, queues nothing, so the portal is
 * notified once. A failed enqueue is logged here and left to the receipt sweeper, which queues
 * every paid checkout still without a receipt after its grace period.
 */
public final class ReceiptDue {
    private final ReceiptQueue queue;

    public ReceiptDue(ReceiptQueue queue) {
        this.queue = Objects.requireNonNull(queue, "queue");
    }

    /** Whether {@code recorded} makes a receipt due. */
    public static boolean isDue(CheckoutService.Recorded recorded) {
        return recorded != null && recorded.becamePaid();
    }

    /**
     * Queues the checkout's receipt if {@code recorded} made it due. Never throws: a refused
     * enqueue is logged (error, with the checkout id) and the sweeper finds the checkout later.
     * True when the receipt was queued.
     */
    public boolean queueIfDue(CheckoutService.Recorded recorded) {
        if (!isDue(recorded)) {
            return false;
        }
        String checkoutId = recorded.checkout().id();
        try {
            queue.enqueue(checkoutId);
            return true;
        } catch (RuntimeException e) {
            Log.error("receipt.enqueue_failed", e, "checkoutId", checkoutId); // the receipt sweeper finds it
            return false;
        }
    }
}
