package jp.kokin.domain.receipt;

/**
 * Asks for a paid checkout's receipt to be issued (the receipt queue). Unlike the rule that
 * queues a receipt when a payment is recorded, this one reports a refusal: the receipt sweeper
 * counts it and finds the checkout again on its next run.
 */
@FunctionalInterface
public interface ReceiptRequests {

    /** Queues the checkout's receipt; throws when the queue did not take it. */
    void enqueue(String checkoutId);
}
