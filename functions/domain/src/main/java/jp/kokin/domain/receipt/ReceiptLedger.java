package jp.kokin.domain.receipt;

import java.util.List;
import java.util.Optional;

import jp.kokin.domain.checkout.Checkout;

/** Where receipts and their counters live. */
public interface ReceiptLedger extends ReceiptLookup {

    Optional<Checkout> findCheckout(String checkoutId);

    /** The last number issued for an organization and fiscal year (0 when none), read consistently. */
    long lastSequence(String organizationCode, int fiscalYear);

    /**
     * The last payer's notice number issued for a treasury organization and fiscal year (0 when none),
     * read consistently.
     */
    long lastPayerNoticeSequence(String organizationCode, int fiscalYear);

    /**
     * In one atomic write: moves the counter from {@code previousSequence} to the receipt's
     * number, moves each notice's counter from its {@code previousNoticeSequences} entry (same order
     * as {@code receipt.notices()}) to the notice's number, stores the receipt (with its notices),
     * and stores {@code paidCheckout} (which carries the receipt) only if it has no receipt yet.
     */
    IssueResult issue(Checkout paidCheckout, Receipt receipt, long previousSequence, List<Long> previousNoticeSequences);

    enum IssueResult {
        ISSUED,
        /** Another receipt took the number first: read the counter again. */
        NUMBER_TAKEN,
        /** Another receipt took a payer's notice number first: read the notice counters again. */
        NOTICE_NUMBER_TAKEN,
        /** The checkout changed (e.g. its receipt was just issued): read it again. */
        CHECKOUT_CHANGED
    }
}
