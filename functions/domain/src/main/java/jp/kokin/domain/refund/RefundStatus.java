package jp.kokin.domain.refund;

import java.util.Locale;

/**
 * Where a refund stands ({@link RefundTransitions} says how it moves). {@code requested → approved →
 * submitted → succeeded | failed}; {@code rejected} from {@code requested}; {@code bank_transfer_required}
 * when the provider cannot refund, until a settlement run pays it by bank transfer.
 */
public enum RefundStatus {
    REQUESTED, APPROVED, SUBMITTED, SUCCEEDED, FAILED, REJECTED, BANK_TRANSFER_REQUIRED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RefundStatus fromWire(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }

    /**
     * Whether the refund holds part of the payment: every refund that is not {@code rejected} or
     * {@code failed} counts against what may still be refunded.
     */
    public boolean holdsMoney() {
        return this != REJECTED && this != FAILED;
    }

    /**
     * Approved or further on, and not failed: money that goes (or went) back to the payer. What the console
     * counts as refunded everywhere (収納一覧, its CSV, 収入日計表, a checkout's page); a requested refund may
     * still be rejected, so it is not counted.
     */
    public boolean returnsMoney() {
        return this == APPROVED || this == SUBMITTED || this == SUCCEEDED || this == BANK_TRANSFER_REQUIRED;
    }

    /** No further change: the money went back, or will not through this refund. */
    public boolean isFinal() {
        return this == SUCCEEDED || this == FAILED || this == REJECTED;
    }

    /** Sent to (or about to be sent to) the provider: settlement waits for its outcome. */
    public boolean inFlight() {
        return this == APPROVED || this == SUBMITTED;
    }
}
