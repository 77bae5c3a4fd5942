package jp.kokin.adapters.provider.stripe;

import static jp.kokin.adapters.provider.stripe.StripeFixtures.KEY;
import static jp.kokin.adapters.provider.stripe.StripeFixtures.NOW;
import static jp.kokin.adapters.provider.stripe.StripeFixtures.WHSEC;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import jp.kokin.adapters.provider.RefundFixtures;
import jp.kokin.domain.catalog.Language;
import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.checkout.Payment;
import jp.kokin.domain.provider.InboundProviderEvent;
import jp.kokin.domain.provider.ProviderEvent;
import jp.kokin.domain.provider.ProviderException;
import jp.kokin.domain.refund.Refund;
import jp.kokin.domain.refund.RefundReason;
import jp.kokin.domain.refund.RefundResult;
import jp.kokin.simulators.Simulator;
import jp.kokin.simulators.Simulator.RefundBehaviour;
import jp.kokin.simulators.SimulatorServer;
import jp.kokin.simulators.stripe.StripeSimulator;

/** Refunds through the Stripe adapter against the Stripe simulator (written from Stripe's documentation). */
class StripeRefundIT {

    private final StripeFixtures.TestClock clock = new StripeFixtures.TestClock(NOW);
    /** Stands for Kokin's webhook endpoint (answers 200); the events are read from the simulator's log. */
    private final com.sun.net.httpserver.HttpServer webhook = webhookEndpoint();
    private final StripeSimulator sim = StripeSimulator.fromSettings(Map.of("secretKey", KEY, "webhookSecret", WHSEC),
            "http://127.0.0.1:" + webhook.getAddress().getPort() + "/webhooks/stripe", clock);
    private final SimulatorServer server = SimulatorServer.start(sim);
    private final Checkout checkout = StripeFixtures.checkout(Language.JA, Duration.ofMinutes(60));
    private final Payment unpaid = StripeFixtures.payment(checkout, NOW);

    @AfterEach
    void stop() {
        server.close();
        webhook.stop(0);
    }

    private static com.sun.net.httpserver.HttpServer webhookEndpoint() {
        try {
            var http = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
            http.createContext("/", exchange -> {
                exchange.getRequestBody().readAllBytes();
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            });
            http.start();
            return http;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private StripeProvider provider(String timeoutMillis) {
        return new StripeProvider(StripeFixtures.settings(server.baseUrl(), "timeoutMillis", timeoutMillis),
                StripeFixtures.context(clock));
    }

    /** Started at Stripe and paid there (1,500 yen). */
    private Payment paid(StripeProvider stripe) throws ProviderException {
        Payment p = unpaid.withProviderPaymentId(stripe.start(checkout, unpaid, StripeFixtures.callbacks(checkout, unpaid))
                .providerPaymentId());
        sim.pay(unpaid.id());
        return p;
    }

    private Refund refund(int n, long amount) {
        return RefundFixtures.submitted(checkout, unpaid, n, amount, NOW);
    }

    @Test
    void a_refund_of_the_whole_payment_succeeds_under_our_refund_id() throws Exception {
        StripeProvider stripe = provider("5000");
        Payment payment = paid(stripe);
        Refund refund = refund(1, 1500);

        var result = assertInstanceOf(RefundResult.Succeeded.class, stripe.refund(checkout, payment, refund));

        assertTrue(result.providerRefundId().startsWith("re_"), result.providerRefundId());
        assertEquals(1500, sim.refunded(unpaid.id()));
        assertEquals(result, stripe.queryRefund(checkout, payment, refund));
    }

    @Test
    void two_partial_refunds_succeed_and_a_third_beyond_what_was_paid_is_refused_by_stripe() throws Exception {
        StripeProvider stripe = provider("5000");
        Payment payment = paid(stripe);

        assertInstanceOf(RefundResult.Succeeded.class, stripe.refund(checkout, payment, refund(1, 600)));
        assertInstanceOf(RefundResult.Succeeded.class, stripe.refund(checkout, payment, refund(2, 600)));
        var refused = assertInstanceOf(RefundResult.Failed.class, stripe.refund(checkout, payment, refund(3, 600)));

        assertTrue(refused.reason().contains("amount_too_large"), refused.reason());
        assertEquals(1200, sim.refunded(unpaid.id()));
    }

    @Test
    void the_same_refund_sent_twice_is_refunded_once() throws Exception {
        StripeProvider stripe = provider("5000");
        Payment payment = paid(stripe);
        Refund refund = refund(1, 500);

        var first = assertInstanceOf(RefundResult.Succeeded.class, stripe.refund(checkout, payment, refund));
        var again = assertInstanceOf(RefundResult.Succeeded.class, stripe.refund(checkout, payment, refund));

        assertEquals(first.providerRefundId(), again.providerRefundId());
        assertEquals(500, sim.refunded(unpaid.id()));
    }

    @Test
    void a_timeout_is_an_unknown_outcome_and_the_query_then_finds_the_refund() throws Exception {
        Payment payment = paid(provider("5000"));
        StripeProvider impatient = provider("300");
        sim.refundHang(Duration.ofSeconds(2));
        sim.nextRefund(RefundBehaviour.TIME_OUT);
        Refund refund = refund(1, 700);

        assertThrows(ProviderException.class, () -> impatient.refund(checkout, payment, refund));

        assertInstanceOf(RefundResult.Succeeded.class, provider("5000").queryRefund(checkout, payment, refund));
        assertEquals(700, sim.refunded(unpaid.id()));
    }

    @Test
    void a_5xx_is_an_unknown_outcome_the_query_finds_nothing_and_sending_again_refunds_once() throws Exception {
        StripeProvider stripe = provider("5000");
        Payment payment = paid(stripe);
        sim.nextRefund(RefundBehaviour.SERVER_ERROR);
        Refund refund = refund(1, 700);

        assertThrows(ProviderException.class, () -> stripe.refund(checkout, payment, refund));
        assertInstanceOf(RefundResult.NotFound.class, stripe.queryRefund(checkout, payment, refund));
        assertInstanceOf(RefundResult.Succeeded.class, stripe.refund(checkout, payment, refund));

        assertEquals(700, sim.refunded(unpaid.id()));
    }

    @Test
    void a_refund_never_sent_is_not_found() throws Exception {
        StripeProvider stripe = provider("5000");
        Payment payment = paid(stripe);
        stripe.refund(checkout, payment, refund(1, 100));

        assertInstanceOf(RefundResult.NotFound.class, stripe.queryRefund(checkout, payment, refund(2, 100)));
    }

    @Test
    void past_one_page_of_refunds_a_refund_not_listed_is_an_unknown_outcome_not_a_guess() throws Exception {
        StripeProvider stripe = provider("5000");
        Payment payment = paid(stripe);
        for (int n = 1; n <= 101; n++) { // more than Kokin makes: as if refunds were also made in Stripe's dashboard
            stripe.refund(checkout, payment, refund(n, 1));
        }

        assertInstanceOf(RefundResult.Succeeded.class, stripe.queryRefund(checkout, payment, refund(101, 1)));
        assertThrows(ProviderException.class, () -> stripe.queryRefund(checkout, payment, refund(102, 1)));
    }

    @Test
    void a_charge_too_old_for_refund_cannot_be_refunded_through_stripe() throws Exception {
        StripeProvider stripe = provider("5000");
        Payment payment = paid(stripe);
        sim.nextRefund(RefundBehaviour.CANNOT);

        var cannot = assertInstanceOf(RefundResult.CannotRefund.class, stripe.refund(checkout, payment, refund(1, 1500)));

        assertTrue(cannot.reason().contains("charge_expired_for_refund"), cannot.reason());
        assertEquals(0, sim.refunded(unpaid.id()));
    }

    @Test
    void a_pending_refund_is_pending_and_the_next_query_finds_it_succeeded() throws Exception {
        StripeProvider stripe = provider("5000");
        Payment payment = paid(stripe);
        sim.nextRefund(RefundBehaviour.PENDING);
        Refund refund = refund(1, 300);

        assertInstanceOf(RefundResult.Pending.class, stripe.refund(checkout, payment, refund));
        assertInstanceOf(RefundResult.Succeeded.class, stripe.queryRefund(checkout, payment, refund));
    }

    @Test
    void the_signed_refund_created_event_reports_the_refund() throws Exception {
        StripeProvider stripe = provider("5000");
        Payment payment = paid(stripe);
        Refund refund = refund(1, 300);
        stripe.refund(checkout, payment, refund);

        var report = assertInstanceOf(ProviderEvent.RefundReport.class, stripe.verify(inbound(sentOfType("refund.created"))));
        assertEquals(refund.id(), report.refundId());
        assertInstanceOf(RefundResult.Succeeded.class, report.result());
    }

    @Test
    void a_failed_refund_fails_and_its_signed_refund_failed_event_reports_it() throws Exception {
        StripeProvider stripe = provider("5000");
        Payment payment = paid(stripe);
        sim.nextRefund(RefundBehaviour.FAIL);
        Refund refund = refund(1, 300);

        var failed = assertInstanceOf(RefundResult.Failed.class, stripe.refund(checkout, payment, refund));

        assertTrue(failed.reason().contains("declined"), failed.reason());
        ProviderEvent event = stripe.verify(inbound(sentOfType("refund.failed")));
        var report = assertInstanceOf(ProviderEvent.RefundReport.class, event);
        assertEquals(refund.id(), report.refundId());
        assertInstanceOf(RefundResult.Failed.class, report.result());
    }

    @Test
    void a_pending_refund_settled_later_is_reported_by_a_signed_refund_updated_event() throws Exception {
        StripeProvider stripe = provider("5000");
        Payment payment = paid(stripe);
        sim.nextRefund(RefundBehaviour.PENDING);
        Refund refund = refund(1, 300);
        stripe.refund(checkout, payment, refund);
        stripe.queryRefund(checkout, payment, refund);

        ProviderEvent event = stripe.verify(inbound(sentOfType("refund.updated")));

        var report = assertInstanceOf(ProviderEvent.RefundReport.class, event);
        assertEquals(refund.id(), report.refundId());
        assertInstanceOf(RefundResult.Succeeded.class, report.result());
    }

    private Simulator.Sent sentOfType(String type) throws InterruptedException {
        List<Simulator.Sent> sent = sim.awaitSent(l -> l.stream().anyMatch(s -> isType(s, type)), Duration.ofSeconds(10));
        return sent.stream().filter(s -> isType(s, type)).findFirst().orElseThrow(() -> new AssertionError("no " + type));
    }

    private static boolean isType(Simulator.Sent s, String type) {
        return new String(s.body(), java.nio.charset.StandardCharsets.UTF_8).contains("\"type\":\"" + type + "\"");
    }

    private InboundProviderEvent inbound(Simulator.Sent sent) {
        Map<String, String> headers = new HashMap<>();
        sent.headers().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), v));
        return new InboundProviderEvent(headers, sent.body(), "127.0.0.1", clock.instant());
    }
}
