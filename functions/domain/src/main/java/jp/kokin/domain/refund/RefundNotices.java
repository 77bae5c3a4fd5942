package jp.kokin.domain.refund;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.checkout.CheckoutRepository;
import jp.kokin.domain.format.JapaneseDates;

/**
 * Gives a succeeded refund its notice number (返金通知番号): the next of its organization and the
 * fiscal year of its completion, taken in the same atomic write that stores the number on the
 * checkout, so the series has no gaps and no refund has two numbers. Called right after the write
 * that made the refund succeeded; the janitor finishes what a crash in between left.
 */
public final class RefundNotices {
    /** Attempts of one request under contention for the counter (as receipts). */
    public static final int MAX_ATTEMPTS = 20;

    private final CheckoutRepository checkouts;
    private final RefundNoticeLedger ledger;
    private final Clock clock;

    /** {@code clock}: the fiscal year of a succeeded refund without a completion time (none should lack it) is today's. */
    public RefundNotices(CheckoutRepository checkouts, RefundNoticeLedger ledger, Clock clock) {
        this.checkouts = checkouts;
        this.ledger = ledger;
        this.clock = clock;
    }

    /**
     * The checkout with refund {@code refundId} numbered (by this call or before), trying {@code inHand}
     * first; the checkout as last read when the refund is not (or no longer) a succeeded one without a
     * number, or when the counter stayed contended for {@link #MAX_ATTEMPTS} attempts (the janitor
     * numbers it later). Empty when the checkout is gone.
     */
    public Optional<Checkout> assign(Checkout inHand, String refundId) {
        Checkout current = inHand;
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            if (current == null) {
                Optional<Checkout> read = checkouts.find(inHand.id());
                if (read.isEmpty()) {
                    return Optional.empty();
                }
                current = read.get();
            }
            Optional<Refund> refund = current.refund(refundId);
            if (refund.isEmpty() || refund.get().status() != RefundStatus.SUCCEEDED || refund.get().noticeNumber() != null) {
                return Optional.of(current);
            }
            Instant completed = refund.get().completedAt() != null ? refund.get().completedAt() : clock.instant();
            int fiscalYear = JapaneseDates.fiscalYear(completed);
            long previous = ledger.lastNoticeSequence(current.organizationCode(), fiscalYear);
            String number = new RefundNoticeNumber(current.organizationCode(), fiscalYear, previous + 1).format();
            Checkout numbered = current.withRefund(refund.get().withNoticeNumber(number));
            switch (ledger.numberNotice(numbered, fiscalYear, previous)) {
                case NUMBERED -> {
                    return Optional.of(numbered.atVersion(numbered.version() + 1));
                }
                case NUMBER_TAKEN, CHECKOUT_CHANGED -> current = null;
            }
        }
        return checkouts.find(inHand.id());
    }
}
