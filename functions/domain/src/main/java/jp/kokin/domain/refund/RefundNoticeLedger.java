package jp.kokin.domain.refund;

import jp.kokin.domain.checkout.Checkout;

/** Where refund notice numbers (返金通知番号) are counted: one gapless counter per organization and fiscal year. */
public interface RefundNoticeLedger {

    /** The last notice number's sequence for an organization and fiscal year (0 when none), read consistently. */
    long lastNoticeSequence(String organizationCode, int fiscalYear);

    /**
     * In one atomic write: moves the counter of {@code numbered}'s organization and {@code fiscalYear}
     * from {@code previousSequence} to {@code previousSequence + 1}, and stores {@code numbered} (which
     * carries the new number on one refund) only if the stored version is still {@code numbered.version()},
     * as version + 1.
     */
    NoticeResult numberNotice(Checkout numbered, int fiscalYear, long previousSequence);

    enum NoticeResult {
        NUMBERED,
        /** Another refund took the number first: read the counter again. */
        NUMBER_TAKEN,
        /** The checkout changed since it was read: read it again. */
        CHECKOUT_CHANGED
    }
}
