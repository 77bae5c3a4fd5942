package jp.kokin.adapters.provider.sbps;

import static jp.kokin.adapters.provider.sbps.SbpsFixtures.KEY;
import static jp.kokin.adapters.provider.sbps.SbpsFixtures.MERCHANT;
import static jp.kokin.adapters.provider.sbps.SbpsFixtures.NOW;
import static jp.kokin.adapters.provider.sbps.SbpsFixtures.SERVICE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import jp.kokin.adapters.provider.RefundFixtures;
import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.checkout.Payment;
import jp.kokin.domain.checkout.PaymentMethod;
import jp.kokin.domain.provider.ProviderException;
import jp.kokin.domain.provider.ProviderSession;
import jp.kokin.domain.refund.Refund;
import jp.kokin.domain.refund.RefundResult;
import jp.kokin.simulators.Simulator.RefundBehaviour;
import jp.kokin.simulators.SimulatorServer;
import jp.kokin.simulators.sbps.SbpsSimulator;

/**
 * Refunds of d払い and au PAY through the SBPS adapter against the SBPS simulator: SBPS's
 * 取消・返金要求 returns a whole payment, named by its tracking id (read from the inquiry).
 */
class SbpsRefundIT {

    private final RefundFixtures.MovableClock clock = new RefundFixtures.MovableClock(NOW);
    private final SbpsSimulator simulator = new SbpsSimulator(MERCHANT, SERVICE, KEY, clock);
    private final SimulatorServer server = SimulatorServer.start(simulator);
    private final Checkout checkout = SbpsFixtures.checkout();

    @AfterEach
    void stop() {
        server.close();
    }

    private SbpsProvider provider(Duration timeout, Map<String, Object> extra) {
        Map<String, Object> config = SbpsFixtures.config(server.baseUrl(), KEY);
        config.put("queryPath", "/api/xmlapi.do");
        config.putAll(extra);
        return (SbpsProvider) SbpsProvider.FACTORY.create(SbpsFixtures.settings(config), SbpsFixtures.context(clock, timeout));
    }

    private SbpsProvider provider() {
        return provider(Duration.ofSeconds(5), Map.of());
    }

    /** Purchased through the simulator and paid there (1,200 yen); completed as the domain records it. */
    private Payment paid(SbpsProvider provider, PaymentMethod method) throws ProviderException {
        simulator.dropNotifications(true);
        Payment payment = SbpsFixtures.payment(checkout, method);
        var form = (ProviderSession.Redirect.FormPost) provider.start(checkout, payment,
                SbpsFixtures.callbacks("http://127.0.0.1:9", checkout, payment)).redirect();
        Map<String, String> fields = new LinkedHashMap<>();
        form.fields().forEach(e -> fields.put(e.getKey(), e.getValue()));
        simulator.purchase(fields);
        simulator.pay(payment.id());
        return new Payment(payment.id(), payment.method(), payment.provider(), null,
                jp.kokin.domain.checkout.PaymentStatus.SUCCEEDED, payment.amount(), payment.createdAt(), clock.instant(), false);
    }

    private Refund refund(Payment payment, int n, long amount) {
        return RefundFixtures.submitted(checkout, payment, n, amount, clock.instant());
    }

    @Test
    void a_dpay_payment_is_refunded_in_whole_and_the_inquiry_then_says_so() throws Exception {
        SbpsProvider sbps = provider();
        Payment payment = paid(sbps, PaymentMethod.DPAY);
        Refund refund = refund(payment, 1, 1200);

        var result = assertInstanceOf(RefundResult.Succeeded.class, sbps.refund(checkout, payment, refund));

        assertEquals(simulator.trackingId(payment.id()).orElseThrow(), result.providerRefundId());
        assertEquals(1200, simulator.refunded(payment.id()));
        assertInstanceOf(RefundResult.Succeeded.class, sbps.queryRefund(checkout, payment, refund));
    }

    @Test
    void an_au_pay_payment_is_refunded_through_its_own_request_id() throws Exception {
        SbpsProvider sbps = provider();
        Payment payment = paid(sbps, PaymentMethod.AUPAY);

        assertInstanceOf(RefundResult.Succeeded.class, sbps.refund(checkout, payment, refund(payment, 1, 1200)));
        assertEquals(1200, simulator.refunded(payment.id()));
    }

    @Test
    void a_partial_refund_cannot_be_made_through_sbps_and_nothing_is_sent() throws Exception {
        SbpsProvider sbps = provider();
        Payment payment = paid(sbps, PaymentMethod.DPAY);

        var cannot = assertInstanceOf(RefundResult.CannotRefund.class, sbps.refund(checkout, payment, refund(payment, 1, 500)));

        assertTrue(cannot.reason().contains("whole"), cannot.reason());
        assertEquals(SbpsSimulator.Status.PAID, simulator.status(payment.id()).orElseThrow());
    }

    @Test
    void the_same_refund_sent_again_returns_the_money_once() throws Exception {
        SbpsProvider sbps = provider();
        Payment payment = paid(sbps, PaymentMethod.DPAY);
        Refund refund = refund(payment, 1, 1200);

        assertInstanceOf(RefundResult.Succeeded.class, sbps.refund(checkout, payment, refund));
        assertInstanceOf(RefundResult.Succeeded.class, sbps.refund(checkout, payment, refund));

        assertEquals(1200, simulator.refunded(payment.id()));
    }

    @Test
    void a_timeout_is_an_unknown_outcome_and_the_inquiry_then_finds_the_payment_refunded() throws Exception {
        Payment payment = paid(provider(), PaymentMethod.DPAY);
        simulator.refundHang(Duration.ofSeconds(2));
        simulator.nextRefund(RefundBehaviour.TIME_OUT);
        Refund refund = refund(payment, 1, 1200);

        assertThrows(ProviderException.class, () -> provider(Duration.ofMillis(300), Map.of()).refund(checkout, payment, refund));

        assertInstanceOf(RefundResult.Succeeded.class, provider().queryRefund(checkout, payment, refund));
    }

    @Test
    void a_5xx_is_an_unknown_outcome_the_inquiry_finds_nothing_and_sending_again_refunds_once() throws Exception {
        SbpsProvider sbps = provider();
        Payment payment = paid(sbps, PaymentMethod.DPAY);
        simulator.nextRefund(RefundBehaviour.SERVER_ERROR);
        Refund refund = refund(payment, 1, 1200);

        assertThrows(ProviderException.class, () -> sbps.refund(checkout, payment, refund));
        assertInstanceOf(RefundResult.NotFound.class, sbps.queryRefund(checkout, payment, refund));
        assertInstanceOf(RefundResult.Succeeded.class, sbps.refund(checkout, payment, refund));

        assertEquals(1200, simulator.refunded(payment.id()));
    }

    @Test
    void a_refund_never_sent_is_not_found() throws Exception {
        SbpsProvider sbps = provider();
        Payment payment = paid(sbps, PaymentMethod.DPAY);

        assertInstanceOf(RefundResult.NotFound.class, sbps.queryRefund(checkout, payment, refund(payment, 1, 1200)));
    }

    @Test
    void past_the_refund_window_cannot_be_refunded_through_sbps() throws Exception {
        SbpsProvider sbps = provider();
        Payment payment = paid(sbps, PaymentMethod.DPAY);
        clock.advance(Duration.ofDays(61));

        assertInstanceOf(RefundResult.CannotRefund.class, sbps.refund(checkout, payment, refund(payment, 1, 1200)));
        assertEquals(SbpsSimulator.Status.PAID, simulator.status(payment.id()).orElseThrow());
    }

    @Test
    void sbps_refusing_for_its_deadline_cannot_be_refunded_and_another_refusal_fails() throws Exception {
        SbpsProvider sbps = provider();
        Payment payment = paid(sbps, PaymentMethod.DPAY);

        simulator.nextRefund(RefundBehaviour.CANNOT);
        var cannot = assertInstanceOf(RefundResult.CannotRefund.class, sbps.refund(checkout, payment, refund(payment, 1, 1200)));
        simulator.nextRefund(RefundBehaviour.FAIL);
        var failed = assertInstanceOf(RefundResult.Failed.class, sbps.refund(checkout, payment, refund(payment, 2, 1200)));

        assertTrue(cannot.reason().contains("40121999"), cannot.reason());
        assertTrue(failed.reason().contains("40122999"), failed.reason());
        assertEquals(0, simulator.refunded(payment.id()));
    }

    @Test
    void without_the_api_configured_a_refund_cannot_be_made_through_sbps() throws Exception {
        Payment payment = paid(provider(), PaymentMethod.DPAY);
        Map<String, Object> config = SbpsFixtures.config(server.baseUrl(), KEY);
        SbpsProvider linkOnly = (SbpsProvider) SbpsProvider.FACTORY.create(SbpsFixtures.settings(config),
                SbpsFixtures.context(clock, Duration.ofSeconds(5)));

        assertInstanceOf(RefundResult.CannotRefund.class, linkOnly.refund(checkout, payment, refund(payment, 1, 1200)));
    }
}
