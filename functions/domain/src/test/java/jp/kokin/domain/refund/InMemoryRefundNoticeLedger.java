package jp.kokin.domain.refund;

import java.util.HashMap;
import java.util.Map;

import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.checkout.InMemoryCheckoutRepository;

/**
 * The refund notice counters in memory, over the in-memory checkouts, with the DynamoDB transaction's
 * promise: the counter moves from the sequence read and the checkout is stored at the version read,
 * both or neither. {@link #beforeNextNumber} lets another numberer in between a read and the write.
 */
public final class InMemoryRefundNoticeLedger implements RefundNoticeLedger {
    private final InMemoryCheckoutRepository checkouts;
    private final Map<String, Long> counters = new HashMap<>();
    private Runnable beforeNext;

    public InMemoryRefundNoticeLedger(InMemoryCheckoutRepository checkouts) {
        this.checkouts = checkouts;
    }

    public void beforeNextNumber(Runnable other) {
        this.beforeNext = other;
    }

    @Override
    public synchronized long lastNoticeSequence(String organizationCode, int fiscalYear) {
        return counters.getOrDefault(organizationCode + "#" + fiscalYear, 0L);
    }

    @Override
    public NoticeResult numberNotice(Checkout numbered, int fiscalYear, long previousSequence) {
        Runnable other = beforeNext;
        beforeNext = null;
        if (other != null) {
            other.run();
        }
        synchronized (this) {
            String key = numbered.organizationCode() + "#" + fiscalYear;
            if (counters.getOrDefault(key, 0L) != previousSequence) {
                return NoticeResult.NUMBER_TAKEN;
            }
            if (checkouts.update(numbered).isEmpty()) {
                return NoticeResult.CHECKOUT_CHANGED;
            }
            counters.put(key, previousSequence + 1);
            return NoticeResult.NUMBERED;
        }
    }
}
