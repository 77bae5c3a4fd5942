package jp.kokin.adapters.provider.paypay;

import static jp.kokin.adapters.provider.paypay.PayPayFixtures.API_KEY;
import static jp.kokin.adapters.provider.paypay.PayPayFixtures.API_SECRET;
import static jp.kokin.adapters.provider.paypay.PayPayFixtures.MERCHANT_ID;
import static jp.kokin.adapters.provider.paypay.PayPayFixtures.callbacks;
import static jp.kokin.adapters.provider.paypay.PayPayFixtures.config;
import static jp.kokin.adapters.provider.paypay.PayPayFixtures.context;
import static jp.kokin.adapters.provider.paypay.PayPayFixtures.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import jp.kokin.adapters.provider.RefundFixtures;
import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.checkout.Payment;
import jp.kokin.domain.provider.ProviderException;
import jp.kokin.domain.refund.Refund;
import jp.kokin.domain.refund.RefundResult;
import jp.kokin.simulators.Simulator.RefundBehaviour;
import jp.kokin.simulators.SimulatorServer;
import jp.kokin.simulators.paypay.PayPaySimulator;

/** Refunds through the PayPay adapter against the PayPay simulator (written from PayPay's documentation). */
class PayPayRefundIT {

    private final RefundFixtures.MovableClock clock = new RefundFixtures.MovableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    private final PayPaySimulator sim = new PayPaySimulator(API_KEY, API_SECRET, MERCHANT_ID, "", clock);
    private final SimulatorServer server = SimulatorServer.start(sim);
    private final Checkout checkout = PayPayFixtures.checkout(false);
    private final Payment unpaid = PayPayFixtures.firstPayment(checkout);

    @AfterEach
    void stop() {
        server.close();
    }

    private PayPayProvider provider(String timeoutMillis) {
        Map<String, Object> config = config(server.baseUrl());
        config.put("timeoutMillis", timeoutMillis);
        return new PayPayProvider(settings(config), context(clock, Duration.ofSeconds(5)));
    }

    /** Started at PayPay and paid there (1,200 yen); we keep only the code id, not PayPay's payment id. */
    private Payment paid(PayPayProvider paypay) throws ProviderException {
        Payment p = unpaid.withProviderPaymentId(paypay.start(checkout, unpaid, callbacks(checkout, unpaid)).providerPaymentId());
        sim.pay(unpaid.id());
        return p;
    }

    private Refund refund(int n, long amount) {
        return RefundFixtures.submitted(checkout, unpaid, n, amount, clock.instant());
    }

    @Test
    void a_refund_of_the_whole_payment_succeeds_under_our_merchant_refund_id() throws Exception {
        PayPayProvider paypay = provider("5000");
        Payment payment = paid(paypay);
        Refund refund = refund(1, 1200);

        var result = assertInstanceOf(RefundResult.Succeeded.class, paypay.refund(checkout, payment, refund));

        assertEquals(refund.id(), result.providerRefundId());
        assertEquals("REFUNDED", sim.refundStatus(refund.id()).orElseThrow());
        assertEquals("REFUNDED", sim.status(unpaid.id()).orElseThrow());
        assertInstanceOf(RefundResult.Succeeded.class, paypay.queryRefund(checkout, payment, refund));
    }

    @Test
    void two_partial_refunds_succeed_and_a_third_beyond_what_was_paid_is_refused_by_paypay() throws Exception {
        PayPayProvider paypay = provider("5000");
        Payment payment = paid(paypay);

        assertInstanceOf(RefundResult.Succeeded.class, paypay.refund(checkout, payment, refund(1, 500)));
        assertInstanceOf(RefundResult.Succeeded.class, paypay.refund(checkout, payment, refund(2, 500)));
        var refused = assertInstanceOf(RefundResult.Failed.class, paypay.refund(checkout, payment, refund(3, 500)));

        assertTrue(refused.reason().contains("INVALID_PARAMS"), refused.reason());
        assertEquals(1000, sim.refunded(unpaid.id()));
    }

    @Test
    void the_same_refund_sent_twice_is_refunded_once() throws Exception {
        PayPayProvider paypay = provider("5000");
        Payment payment = paid(paypay);
        Refund refund = refund(1, 400);

        assertInstanceOf(RefundResult.Succeeded.class, paypay.refund(checkout, payment, refund));
        assertInstanceOf(RefundResult.Succeeded.class, paypay.refund(checkout, payment, refund));

        assertEquals(400, sim.refunded(unpaid.id()));
    }

    @Test
    void a_timeout_is_an_unknown_outcome_and_the_query_then_finds_the_refund() throws Exception {
        Payment payment = paid(provider("5000"));
        sim.refundHang(Duration.ofSeconds(2));
        sim.nextRefund(RefundBehaviour.TIME_OUT);
        Refund refund = refund(1, 700);

        assertThrows(ProviderException.class, () -> provider("300").refund(checkout, payment, refund));

        assertInstanceOf(RefundResult.Succeeded.class, provider("5000").queryRefund(checkout, payment, refund));
        assertEquals(700, sim.refunded(unpaid.id()));
    }

    @Test
    void a_5xx_is_an_unknown_outcome_the_query_finds_nothing_and_sending_again_refunds_once() throws Exception {
        PayPayProvider paypay = provider("5000");
        Payment payment = paid(paypay);
        sim.nextRefund(RefundBehaviour.SERVER_ERROR);
        Refund refund = refund(1, 700);

        assertThrows(ProviderException.class, () -> paypay.refund(checkout, payment, refund));
        assertInstanceOf(RefundResult.NotFound.class, paypay.queryRefund(checkout, payment, refund));
        assertInstanceOf(RefundResult.Succeeded.class, paypay.refund(checkout, payment, refund));

        assertEquals(700, sim.refunded(unpaid.id()));
    }

    @Test
    void a_refund_never_sent_is_not_found() throws Exception {
        PayPayProvider paypay = provider("5000");
        Payment payment = paid(paypay);

        assertInstanceOf(RefundResult.NotFound.class, paypay.queryRefund(checkout, payment, refund(1, 100)));
    }

    @Test
    void a_refund_created_but_not_yet_run_by_paypays_batch_is_pending_until_paypay_says_refunded() throws Exception {
        PayPayProvider paypay = provider("5000");
        Payment payment = paid(paypay);
        sim.nextRefund(RefundBehaviour.PENDING);
        Refund refund = refund(1, 300);

        assertInstanceOf(RefundResult.Pending.class, paypay.refund(checkout, payment, refund));
        assertInstanceOf(RefundResult.Pending.class, paypay.queryRefund(checkout, payment, refund));
        assertInstanceOf(RefundResult.Succeeded.class, paypay.queryRefund(checkout, payment, refund));
    }

    @Test
    void a_refund_after_day_365_cannot_be_refunded_through_paypay() throws Exception {
        PayPayProvider paypay = provider("5000");
        Payment payment = paid(paypay);
        clock.advance(Duration.ofDays(367));

        var cannot = assertInstanceOf(RefundResult.CannotRefund.class, paypay.refund(checkout, payment, refund(1, 1200)));

        assertTrue(cannot.reason().contains("REFUND_WINDOW_EXCEED"), cannot.reason());
        assertEquals(0, sim.refunded(unpaid.id()));
    }

    @Test
    void a_51st_refund_of_one_payment_cannot_be_refunded_through_paypay() throws Exception {
        PayPayProvider paypay = provider("5000");
        Payment payment = paid(paypay);
        for (int n = 1; n <= PayPaySimulator.MAX_REFUNDS; n++) {
            assertInstanceOf(RefundResult.Succeeded.class, paypay.refund(checkout, payment, refund(n, 1)));
        }

        var cannot = assertInstanceOf(RefundResult.CannotRefund.class, paypay.refund(checkout, payment, refund(51, 1)));

        assertTrue(cannot.reason().contains("REFUND_LIMIT_EXCEEDED"), cannot.reason());
        assertEquals(50, sim.refunded(unpaid.id()));
    }

    @Test
    void a_forced_failure_fails_and_a_forced_cannot_goes_to_bank_transfer() throws Exception {
        PayPayProvider paypay = provider("5000");
        Payment payment = paid(paypay);

        sim.nextRefund(RefundBehaviour.FAIL);
        assertInstanceOf(RefundResult.Failed.class, paypay.refund(checkout, payment, refund(1, 100)));
        sim.nextRefund(RefundBehaviour.CANNOT);
        assertInstanceOf(RefundResult.CannotRefund.class, paypay.refund(checkout, payment, refund(2, 100)));

        assertEquals(0, sim.refunded(unpaid.id()));
    }
}
