package jp.kokin.adapters.queue;

import java.util.Objects;

import jp.kokin.adapters.log.Log;
import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.receipt.ReceiptDue;

/**
 * A receipt is due: the checkout goes on the receipt queue. The one place a failed enqueue is
 * handled: it is logged ({@code receipt.enqueue_failed}, error, with the checkout id) and left to
 * the receipt sweeper, which queues every paid checkout still without a receipt after its grace
 * period; the payment stays recorded.
 */
public final class QueuedReceiptDue implements ReceiptDue {
    private final ReceiptQueue queue;

    public QueuedReceiptDue(ReceiptQueue queue) {
        this.queue = Objects.requireNonNull(queue, "queue");
    }

    @Override
    public void receiptDue(Checkout paid) {
        try {
            queue.enqueue(paid.id());
        } catch (RuntimeException e) {
            Log.error("receipt.enqueue_failed", e, "checkoutId", paid.id()); // the receipt sweeper finds it
        }
    }
}
