package jp.kokin.domain.refund;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jp.kokin.domain.PlatformLinks;
import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.checkout.CheckoutIds;
import jp.kokin.domain.checkout.InMemoryCheckoutRepository;
import jp.kokin.domain.checkout.PaymentMethod;
import jp.kokin.domain.checkout.RecordingPaymentProvider;
import jp.kokin.domain.checkout.TestCheckouts;
import jp.kokin.domain.checkout.TestClock;
import jp.kokin.domain.provider.PaymentProvider;
import jp.kokin.domain.provider.Providers;

/**
 * The refund use cases over the in-memory checkouts and notice counters, a recording PayPay and a
 * recording notification queue: a 住民票 checkout of 千代田区 (300 yen) paid by PayPay, with refunds
 * added as the tests need them.
 */
abstract class RefundFixture {
    static final Instant PAID_AT = TestCheckouts.CREATED_AT.plusSeconds(60);
    static final String APPROVER = "key_approver00000";
    static final PlatformLinks LINKS = new PlatformLinks("https://pay.example.jp");

    final TestClock clock = new TestClock(PAID_AT.plus(Duration.ofMinutes(5)));
    final InMemoryCheckoutRepository checkouts = new InMemoryCheckoutRepository();
    final InMemoryRefundNoticeLedger counters = new InMemoryRefundNoticeLedger(checkouts);
    final RecordingPortalNotifications queue = new RecordingPortalNotifications();
    final RecordingPaymentProvider paypay = new RecordingPaymentProvider("paypay");
    final Providers providers = new Providers() {
        @Override
        public Optional<PaymentProvider> forMethod(String organizationCode, PaymentMethod method) {
            return Optional.of(paypay);
        }

        @Override
        public Optional<PaymentProvider> named(String name) {
            return Optional.ofNullable(name.equals("paypay") ? paypay : null);
        }
    };
    final RecordRefund recording = RecordRefund.of(checkouts, counters, queue, LINKS, clock);
    final SubmitRefund submission = new SubmitRefund(checkouts, providers, recording, clock);

    /** A paid checkout, stored, paid by its first attempt, at PayPay. */
    Checkout paidCheckout() {
        Checkout created = TestCheckouts.created();
        Checkout started = TestCheckouts.changed(created.startPayment(PaymentMethod.PAYPAY, "paypay", created.createdAt())).checkout();
        Checkout paid = TestCheckouts.succeed(started, 1, PAID_AT);
        checkouts.put(paid);
        return paid;
    }

    /** Adds a refund of {@code amount} yen of the paying payment in {@code status} (requested or approved) and stores it. */
    Refund addRefund(Checkout checkout, long amount, RefundStatus status) {
        Checkout current = checkouts.stored(checkout.id());
        String id = CheckoutIds.refundId(current.id(), current.refunds().size() + 1);
        Refund refund = Refund.requested(id, TestCheckouts.paymentId(current, 1), amount, RefundReason.OVERPAID,
                List.of(new RefundLine(0, 0, current.items().getFirst().procedureCode(), current.organizationCode(), amount)),
                null, null, null, "key_requester0000", clock.instant());
        if (status == RefundStatus.APPROVED) {
            refund = refund.decided(RefundStatus.APPROVED, APPROVER, clock.instant(), null);
        }
        checkouts.put(current.withRefund(refund).atVersion(current.version() + 1));
        return refund;
    }

    Refund stored(Refund refund) {
        return checkouts.stored(CheckoutIds.checkoutOfRefund(refund.id()).orElseThrow()).refund(refund.id()).orElseThrow();
    }
}
