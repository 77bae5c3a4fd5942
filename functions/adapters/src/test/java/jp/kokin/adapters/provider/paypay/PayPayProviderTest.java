package jp.kokin.adapters.provider.paypay;

import static jp.kokin.adapters.provider.paypay.PayPayFixtures.API_KEY;
import static jp.kokin.adapters.provider.paypay.PayPayFixtures.API_SECRET;
import static jp.kokin.adapters.provider.paypay.PayPayFixtures.MERCHANT_ID;
import static jp.kokin.adapters.provider.paypay.PayPayFixtures.callbacks;
import static jp.kokin.adapters.provider.paypay.PayPayFixtures.config;
import static jp.kokin.adapters.provider.paypay.PayPayFixtures.context;
import static jp.kokin.adapters.provider.paypay.PayPayFixtures.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import jp.kokin.adapters.provider.ProviderContext;
import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.checkout.Payment;
import jp.kokin.domain.provider.ProviderException;
import jp.kokin.domain.provider.ProviderSession;
import jp.kokin.domain.provider.ProviderStatus;
import jp.kokin.simulators.SimulatorServer;
import jp.kokin.simulators.paypay.PayPaySimulator;

/** The adapter against the PayPay simulator (its own implementation of PayPay's wire format). */
class PayPayProviderTest {

    private final PayPaySimulator sim = new PayPaySimulator(API_KEY, API_SECRET, MERCHANT_ID, "", Clock.systemUTC());
    private final SimulatorServer server = SimulatorServer.start(sim);
    private final Checkout checkout = PayPayFixtures.checkout(false);
    private final Payment payment = PayPayFixtures.firstPayment(checkout);

    @AfterEach
    void stop() {
        server.close();
    }

    private PayPayProvider provider() {
        return provider(Map.of(), context());
    }

    private PayPayProvider provider(Map<String, Object> overrides, ProviderContext context) {
        Map<String, Object> config = config(server.baseUrl());
        config.putAll(overrides);
        return new PayPayProvider(settings(config), context);
    }

    /** Starts the attempt and returns the payment as stored afterwards (with PayPay's code id). */
    private Payment started(PayPayProvider provider) throws ProviderException {
        ProviderSession session = provider.start(checkout, payment, callbacks(checkout, payment));
        return payment.withProviderPaymentId(session.providerPaymentId());
    }

    @Test
    void start_creates_a_code_and_sends_the_citizen_to_its_page() throws Exception {
        ProviderSession session = provider().start(checkout, payment, callbacks(checkout, payment));

        String url = ((ProviderSession.Redirect.Get) session.redirect()).url();
        assertEquals(sim.codeUrl(payment.id()).orElseThrow(), url);
        assertTrue(url.startsWith(server.baseUrl() + "/web/"), url);
        assertTrue(url.endsWith(session.providerPaymentId()), url);
        assertEquals("CREATED", sim.status(payment.id()).orElseThrow());
        HttpResponse<String> page = http().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(page.body().contains("¥1,200"), page.body());
        assertTrue(page.body().contains("住民票の写し"), page.body());
    }

    @Test
    void paying_on_the_page_returns_the_citizen_to_our_return_url() throws Exception {
        ProviderSession session = provider().start(checkout, payment, callbacks(checkout, payment));
        String url = ((ProviderSession.Redirect.Get) session.redirect()).url();

        HttpResponse<Void> paid = http().send(HttpRequest.newBuilder(URI.create(url + "/pay"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());

        assertEquals(303, paid.statusCode());
        assertEquals(callbacks(checkout, payment).returnUrl(), paid.headers().firstValue("Location").orElseThrow());
        assertEquals("COMPLETED", sim.status(payment.id()).orElseThrow());
    }

    @Test
    void an_unpaid_code_is_pending_also_after_it_expired_at_paypay() throws Exception {
        var provider = provider();
        Payment stored = started(provider);

        assertInstanceOf(ProviderStatus.Pending.class, provider.query(checkout, stored));
        sim.expire(payment.id());
        assertInstanceOf(ProviderStatus.Pending.class, provider.query(checkout, stored));
    }

    @Test
    void a_completed_payment_succeeds_for_paypays_amount_at_its_acceptance_time() throws Exception {
        var provider = provider();
        Payment stored = started(provider);
        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        sim.pay(payment.id());

        var status = assertInstanceOf(ProviderStatus.Succeeded.class, provider.query(checkout, stored));

        assertEquals(1200, status.amount());
        assertFalse(status.at().isBefore(before));
        assertFalse(status.at().isAfter(Instant.now()));
    }

    @Test
    void a_different_amount_is_reported_as_paypay_says_it() throws Exception {
        var provider = provider();
        Payment stored = started(provider);
        sim.payWithAmount(payment.id(), 1000);

        assertEquals(1000, assertInstanceOf(ProviderStatus.Succeeded.class, provider.query(checkout, stored)).amount());
    }

    @Test
    void a_declined_payment_has_failed() throws Exception {
        var provider = provider();
        Payment stored = started(provider);
        sim.decline(payment.id());

        assertInstanceOf(ProviderStatus.Failed.class, provider.query(checkout, stored));
    }

    @Test
    void a_payment_never_created_at_paypay_has_failed() throws Exception {
        var status = provider().query(checkout, payment);

        assertEquals(new ProviderStatus.Failed("never created at PayPay"), status);
    }

    @Test
    void canceling_deletes_an_unpaid_code_which_can_then_no_longer_be_paid() throws Exception {
        var provider = provider();
        Payment stored = started(provider);

        assertTrue(provider.cancel(stored));

        assertThrows(IllegalStateException.class, () -> sim.pay(payment.id()));
        assertInstanceOf(ProviderStatus.Expired.class, provider.query(checkout, stored));
        assertTrue(provider.cancel(stored), "a code already gone is canceled");
    }

    @Test
    void a_paid_payment_is_not_canceled_and_stays_paid() throws Exception {
        var provider = provider();
        Payment stored = started(provider);
        sim.pay(payment.id());

        assertFalse(provider.cancel(stored));

        assertInstanceOf(ProviderStatus.Succeeded.class, provider.query(checkout, stored));
        assertEquals("COMPLETED", sim.status(payment.id()).orElseThrow());
    }

    @Test
    void without_a_code_id_an_existing_code_cannot_be_canceled_but_a_missing_one_is() throws Exception {
        var provider = provider();
        started(provider);

        assertFalse(provider.cancel(payment), "the code exists but we do not know its id");
        Payment neverStarted = PayPayFixtures.firstPayment(PayPayFixtures.checkout(false));
        assertTrue(provider.cancel(neverStarted));
    }

    @Test
    void a_cancel_whose_outcome_is_unknown_is_false() throws Exception {
        var provider = provider();
        Payment stored = started(provider);
        sim.failNext(1, 500);

        assertFalse(provider.cancel(stored));
        assertEquals("CREATED", sim.status(payment.id()).orElseThrow());
    }

    @Test
    void a_second_code_for_the_same_payment_is_refused_with_paypays_code() throws Exception {
        var provider = provider();
        started(provider);

        var e = assertThrows(ProviderException.class,
                () -> provider.start(checkout, payment, callbacks(checkout, payment)));
        assertTrue(e.getMessage().contains("DUPLICATE_DYNAMIC_QR_REQUEST"), e.getMessage());
    }

    @Test
    void server_errors_are_unknown_outcomes() throws Exception {
        var provider = provider();
        sim.failNext(1, 503);
        assertThrows(ProviderException.class, () -> provider.start(checkout, payment, callbacks(checkout, payment)));

        Payment stored = started(provider);
        sim.failNext(1, 500);
        assertThrows(ProviderException.class, () -> provider.query(checkout, stored));
    }

    @Test
    void no_answer_within_the_timeout_is_an_unknown_outcome() throws Exception {
        var provider = provider(Map.of("timeoutMillis", "300"), context());
        sim.hangNext(1, Duration.ofSeconds(2));

        long started = System.nanoTime();
        assertThrows(ProviderException.class, () -> provider.query(checkout, payment));
        assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofMillis(1500)) < 0);
    }

    @Test
    void a_wrong_secret_is_refused_by_paypay() {
        var provider = provider(Map.of("apiSecret", "not-the-secret"), context());

        var e = assertThrows(ProviderException.class, () -> provider.start(checkout, payment, callbacks(checkout, payment)));
        assertTrue(e.getMessage().contains("401"), e.getMessage());
        assertTrue(sim.status(payment.id()).isEmpty());
    }

    @Test
    void requests_are_signed_with_the_first_secret_of_a_list() throws Exception {
        provider(Map.of("apiSecret", List.of(API_SECRET, "previous-secret")), context())
                .start(checkout, payment, callbacks(checkout, payment));

        Payment other = PayPayFixtures.firstPayment(PayPayFixtures.checkout(false));
        var reversed = provider(Map.of("apiSecret", List.of("next-secret", API_SECRET)), context());
        assertThrows(ProviderException.class, () -> reversed.query(checkout, other));
    }

    @Test
    void a_clock_off_by_more_than_two_minutes_is_refused() {
        Clock late = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-3));
        var provider = provider(Map.of(), context(late, Duration.ofSeconds(5)));

        assertThrows(ProviderException.class, () -> provider.query(checkout, payment));
    }

    @Test
    void another_merchant_is_refused() {
        var provider = provider(Map.of("merchantId", "999"), context());

        assertThrows(ProviderException.class, () -> provider.query(checkout, payment));
    }

    @Test
    void an_unreadable_secret_reference_is_an_unknown_outcome_not_a_crash() {
        var provider = provider(Map.of("apiSecret", "secretsmanager:kokin/paypay#secret"), context());

        assertThrows(ProviderException.class, () -> provider.start(checkout, payment, callbacks(checkout, payment)));
        assertFalse(provider.cancel(payment));
    }

    @Test
    void the_order_description_is_the_first_item_and_how_many_more() {
        assertEquals("住民票の写し", PayPayProvider.orderDescription(PayPayFixtures.checkout(false)));
        assertEquals("住民票の写し ほか1件", PayPayProvider.orderDescription(PayPayFixtures.checkout(true)));
    }

    private static HttpClient http() {
        return HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    }
}
