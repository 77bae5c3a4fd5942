package jp.kokin.domain.receipt;

import java.util.Optional;

import jp.kokin.domain.checkout.Checkout;

/** Where receipts and their counters live. */
public interface ReceiptLedger extends ReceiptLookup {

    Optional<Checkout> findCheckout(String checkoutId);

    /** The last number issued for an organization and fiscal year (0 when none), read consistently. */
    long lastSequence(String organizationCode, int fiscalYear);

    /**
     * In one atomic write: moves the counter from {@code previousSequence} to the receipt's
     * number, stores the receipt, and stores {@code paidCheckout} (which carries the receipt) only
     * if it has no receipt yet.
     */
    IssueResult issue(Checkout paidCheckout, Receipt receipt, long previousSequence);

    enum IssueResult {
        ISSUED,
        /** Another receipt took the number first: read the counter again. */
        NUMBER_TAKEN,
        /** The checkout changed (e.g. its receipt was just issued): read it again. */
        CHECKOUT_CHANGED
    }
}
