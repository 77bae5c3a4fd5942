package jp.kokin.domain.receipt;

import jp.kokin.domain.checkout.Checkout;

/**
 * A checkout became paid, so its receipt is due. Called by the use case that records a payment,
 * once, by the write that moved the checkout to paid (the ledger's conditional write lets only one
 * writer say so), so a repeated success, even a concurrent one, asks for nothing and the portal is
 * notified once. Never throws: a receipt that could not be asked for is found later by the
 * receipt sweeper (the checkout carries {@code awaitingReceipt} until its receipt exists).
 */
@FunctionalInterface
public interface ReceiptDue {

    /** {@code paid} (as stored, paid) needs its receipt. */
    void receiptDue(Checkout paid);
}
