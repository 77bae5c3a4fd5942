package jp.kokin.adapters.provider;

import java.time.Instant;
import java.util.List;

import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.checkout.CheckoutIds;
import jp.kokin.domain.checkout.Payment;
import jp.kokin.domain.refund.Principals;
import jp.kokin.domain.refund.Refund;
import jp.kokin.domain.refund.RefundLine;
import jp.kokin.domain.refund.RefundReason;

/** Refunds as the lifecycle hands them to an adapter: approved, then stored {@code submitted}. */
public final class RefundFixtures {

    private RefundFixtures() {}

    /** A clock the test moves (shared by an adapter and its simulator). */
    public static final class MovableClock extends java.time.Clock {
        private volatile Instant now;

        public MovableClock(Instant start) {
            now = start;
        }

        public void advance(java.time.Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public java.time.Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    /** The {@code n}th refund (1-based) of {@code payment}: {@code amount} yen, submitted at {@code at}. */
    public static Refund submitted(Checkout checkout, Payment payment, int n, long amount, Instant at) {
        return submitted(checkout, payment, n, amount, RefundReason.OVERPAID, null, at);
    }

    public static Refund submitted(Checkout checkout, Payment payment, int n, long amount, RefundReason reason, String note,
                                   Instant at) {
        return requested(checkout, payment, n, amount, reason, note, at).submitted(at);
    }

    /** Not yet sent to the provider ({@code submittedAt} null). */
    public static Refund requested(Checkout checkout, Payment payment, int n, long amount, RefundReason reason, String note,
                                   Instant at) {
        return Refund.requested(CheckoutIds.refundId(checkout.id(), n), payment.id(), amount, reason,
                List.of(new RefundLine(0, 0, "proc", checkout.organizationCode(), amount)), note, null, null,
                Principals.SYSTEM, at);
    }
}
