package jp.kokin.adapters.provider.stripe;

import static jp.kokin.adapters.provider.stripe.StripeFixtures.KEY;
import static jp.kokin.adapters.provider.stripe.StripeFixtures.NOW;
import static jp.kokin.adapters.provider.stripe.StripeFixtures.WHSEC;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import jp.kokin.domain.catalog.Language;
import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.checkout.Payment;
import jp.kokin.domain.provider.InboundProviderEvent;
import jp.kokin.domain.provider.ProviderEvent;
import jp.kokin.domain.provider.ProviderException;
import jp.kokin.domain.provider.ProviderSession;
import jp.kokin.domain.provider.ProviderStatus;
import jp.kokin.simulators.Simulator;
import jp.kokin.simulators.SimulatorServer;
import jp.kokin.simulators.stripe.StripeSimulator;

/** The adapter against the Stripe simulator (written from Stripe's documentation, independently). */
class StripeProviderTest {

    private final StripeFixtures.TestClock clock = new StripeFixtures.TestClock(NOW);
    /** Kokin is not listening: what the simulator posts is read from its log. */
    private final StripeSimulator sim = StripeSimulator.fromSettings(
            Map.of("secretKey", KEY, "webhookSecret", List.of(WHSEC, StripeFixtures.PREVIOUS_WHSEC)),
            "http://127.0.0.1:9/webhooks/stripe", clock);
    private final SimulatorServer server = SimulatorServer.start(sim);
    private final StripeProvider stripe = provider();

    private final Checkout checkout = StripeFixtures.checkout(Language.JA, Duration.ofMinutes(60));
    private final Payment payment = StripeFixtures.payment(checkout, NOW);

    @AfterEach
    void stop() {
        server.close();
    }

    private StripeProvider provider(Object... settings) {
        Object[] all = new Object[settings.length + 2];
        all[0] = "timeoutMillis";
        all[1] = "5000"; // ample on a loaded build machine; the timeout test sets its own short one
        System.arraycopy(settings, 0, all, 2, settings.length);
        return new StripeProvider(StripeFixtures.settings(server.baseUrl(), all), StripeFixtures.context(clock));
    }

    private Payment started() throws ProviderException {
        return payment.withProviderPaymentId(stripe.start(checkout, payment, StripeFixtures.callbacks(checkout, payment))
                .providerPaymentId());
    }

    private StripeSimulator.CheckoutSession session() {
        return sim.session(payment.id()).orElseThrow();
    }

    // ------------------------------------------------------------------ start

    @Test
    void start_creates_a_jpy_card_session_with_3d_secure_and_redirects_to_its_page() throws Exception {
        ProviderSession started = stripe.start(checkout, payment, StripeFixtures.callbacks(checkout, payment));

        var s = session();
        assertEquals(s.id(), started.providerPaymentId());
        assertTrue(started.providerPaymentId().startsWith("cs_"));
        assertEquals(new ProviderSession.Redirect.Get(server.baseUrl() + "/c/pay/" + s.id()), started.redirect());
        assertEquals(List.of(new StripeSimulator.LineItem("住民票の写し", "jpy", 300, 4),
                new StripeSimulator.LineItem("印鑑登録証明書", "jpy", 300, 1)), s.lineItems());
        assertEquals(1500, s.amountTotal());
        assertEquals(List.of("card"), s.paymentMethodTypes());
        assertEquals("any", s.requestThreeDSecure());
        assertEquals(Map.of("kokin_payment_id", payment.id(), "kokin_checkout_id", checkout.id()), s.metadata());
        assertEquals(StripeFixtures.callbacks(checkout, payment).returnUrl(), s.successUrl());
        assertEquals(StripeFixtures.callbacks(checkout, payment).cancelUrl(), s.cancelUrl());
        assertEquals("ja", s.locale());
        assertEquals(checkout.expiresAt(), s.expiresAt());
    }

    @Test
    void an_english_checkout_gets_english_item_names_and_page() throws Exception {
        Checkout english = StripeFixtures.checkout(Language.EN, Duration.ofMinutes(60));
        Payment p = StripeFixtures.payment(english, NOW);
        stripe.start(english, p, StripeFixtures.callbacks(english, p));

        var s = sim.session(p.id()).orElseThrow();
        assertEquals("en", s.locale());
        assertEquals("Certificate of residence", s.lineItems().getFirst().name());
    }

    @Test
    void a_checkout_expiring_sooner_than_stripe_allows_gets_the_shortest_session_stripe_accepts() throws Exception {
        Checkout soon = StripeFixtures.checkout(Language.JA, Duration.ofMinutes(10));
        Payment p = StripeFixtures.payment(soon, NOW);

        stripe.start(soon, p, StripeFixtures.callbacks(soon, p));

        assertEquals(NOW.plus(Duration.ofMinutes(32)), sim.session(p.id()).orElseThrow().expiresAt());
    }

    @Test
    void expires_at_is_clamped_into_stripes_window_and_stable_for_a_quick_retry() {
        Instant created = NOW;
        assertEquals(NOW.plus(Duration.ofMinutes(45)),
                StripeProvider.expiresAt(NOW.plus(Duration.ofMinutes(45)), created, NOW.plusSeconds(50)));
        assertEquals(NOW.plus(Duration.ofMinutes(32)), StripeProvider.expiresAt(NOW.plus(Duration.ofMinutes(5)), created, NOW));
        assertEquals(NOW.plus(Duration.ofMinutes(32)),
                StripeProvider.expiresAt(NOW.plus(Duration.ofMinutes(5)), created, NOW.plusSeconds(59)), "same parameters on a retry");
        assertEquals(NOW.plus(Duration.ofMinutes(41)),
                StripeProvider.expiresAt(NOW.plus(Duration.ofMinutes(5)), created, NOW.plus(Duration.ofMinutes(10))));
        assertEquals(NOW.plus(Duration.ofHours(24)).minus(Duration.ofMinutes(2)),
                StripeProvider.expiresAt(NOW.plus(Duration.ofHours(24)), created, NOW));
        assertEquals(NOW.plusSeconds(3600), StripeProvider.expiresAt(NOW.plusMillis(3_600_900), created, NOW), "whole seconds");
    }

    @Test
    void a_retried_start_finds_the_same_session() throws Exception {
        String first = stripe.start(checkout, payment, StripeFixtures.callbacks(checkout, payment)).providerPaymentId();
        clock.advance(Duration.ofSeconds(20));
        String again = stripe.start(checkout, payment, StripeFixtures.callbacks(checkout, payment)).providerPaymentId();

        assertEquals(first, again);
        assertEquals(1, sim.sessions().size());
    }

    @Test
    void a_wrong_key_is_a_provider_error_carrying_stripes_message() {
        var wrong = provider("secretKey", "sk_test_51NotTheRightKey000000000");
        var e = assertThrows(ProviderException.class,
                () -> wrong.start(checkout, payment, StripeFixtures.callbacks(checkout, payment)));
        assertTrue(e.getMessage().contains("401") && e.getMessage().contains("Invalid API Key provided"), e.getMessage());
        assertFalse(e.getMessage().contains("NotTheRightKey000000000"));
    }

    @Test
    void a_server_error_or_a_timeout_is_an_unknown_outcome() {
        sim.failNext(1, 500);
        assertThrows(ProviderException.class, () -> stripe.start(checkout, payment, StripeFixtures.callbacks(checkout, payment)));

        StripeProvider impatient = provider("timeoutMillis", "300");
        sim.hangNext(1, Duration.ofMillis(1500));
        long began = System.nanoTime();
        var e = assertThrows(ProviderException.class,
                () -> impatient.start(checkout, payment, StripeFixtures.callbacks(checkout, payment)));
        assertTrue(Duration.ofNanos(System.nanoTime() - began).toMillis() < 1200, "gave up after timeoutMillis");
        assertTrue(e.getMessage().contains("within 300 ms"), e.getMessage());
    }

    @Test
    void an_unreadable_secret_reference_is_a_provider_error() {
        var unresolvable = provider("secretKey", "secretsmanager:kokin/stripe#secretKey");
        assertThrows(ProviderException.class,
                () -> unresolvable.start(checkout, payment, StripeFixtures.callbacks(checkout, payment)));
    }

    // ------------------------------------------------------------------ query

    @Test
    void query_follows_the_session_open_then_paid() throws Exception {
        Payment p = started();
        assertEquals(new ProviderStatus.Pending(), stripe.query(checkout, p));

        clock.advance(Duration.ofMinutes(3));
        sim.pay(payment.id());
        clock.advance(Duration.ofMinutes(1));

        assertEquals(new ProviderStatus.Succeeded(1500, NOW.plus(Duration.ofMinutes(3))), stripe.query(checkout, p));
    }

    @Test
    void query_reports_the_amount_stripe_says_was_paid() throws Exception {
        Payment p = started();
        sim.payWithAmount(payment.id(), 1);
        assertEquals(1, ((ProviderStatus.Succeeded) stripe.query(checkout, p)).amount());
    }

    @Test
    void query_reports_an_expired_session() throws Exception {
        Payment p = started();
        clock.advance(Duration.ofMinutes(60));
        assertEquals(new ProviderStatus.Expired(), stripe.query(checkout, p));
    }

    @Test
    void query_without_a_session_id_or_for_someone_elses_session_is_a_provider_error() throws Exception {
        assertThrows(ProviderException.class, () -> stripe.query(checkout, payment));

        String id = started().providerPaymentId();
        Payment other = StripeFixtures.payment(StripeFixtures.checkout(Language.JA, Duration.ofMinutes(60)), NOW)
                .withProviderPaymentId(id);
        assertThrows(ProviderException.class, () -> stripe.query(checkout, other));
        assertThrows(ProviderException.class, () -> stripe.query(checkout, payment.withProviderPaymentId("cs_test_unknown")));
    }

    @Test
    void query_during_an_outage_is_a_provider_error() throws Exception {
        Payment p = started();
        sim.failNext(1, 503);
        assertThrows(ProviderException.class, () -> stripe.query(checkout, p));
    }

    // ------------------------------------------------------------------ cancel

    @Test
    void cancel_expires_an_open_session_and_is_true_again_once_expired() throws Exception {
        Payment p = started();

        assertTrue(stripe.cancel(p));
        assertEquals("expired", session().status());
        assertTrue(stripe.cancel(p));
    }

    @Test
    void a_paid_session_cannot_be_canceled() throws Exception {
        Payment p = started();
        sim.pay(payment.id());
        assertFalse(stripe.cancel(p));
        assertInstanceOf(ProviderStatus.Succeeded.class, stripe.query(checkout, p));
    }

    @Test
    void cancel_is_false_when_stripe_cannot_say() throws Exception {
        assertFalse(stripe.cancel(payment), "no session id");
        assertFalse(stripe.cancel(payment.withProviderPaymentId("cs_test_unknown")));
        Payment p = started();
        sim.failNext(1, 500);
        assertFalse(stripe.cancel(p));
        assertEquals("open", session().status());
    }

    // ------------------------------------------------------------------ notifications from the simulator

    @Test
    void the_event_the_simulator_posts_when_the_citizen_pays_is_a_verified_success() throws Exception {
        started();
        sim.pay(payment.id());
        Simulator.Sent sent = firstSent();

        Map<String, String> headers = new java.util.HashMap<>();
        sent.headers().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), v));
        var report = assertInstanceOf(ProviderEvent.Report.class,
                stripe.verify(new InboundProviderEvent(headers, sent.body(), "127.0.0.1", clock.instant())));
        assertEquals(payment.id(), report.paymentId());
        assertEquals(new ProviderStatus.Succeeded(1500, NOW), report.status());
    }

    @Test
    void the_simulators_expiry_event_is_a_verified_expiry() throws Exception {
        started();
        var expired = sim.expireNow(payment.id());
        var event = sim.signedEvent("checkout.session.expired", expired);
        Map<String, String> headers = Map.of("stripe-signature", event.headers().get("Stripe-Signature"));

        var report = assertInstanceOf(ProviderEvent.Report.class,
                stripe.verify(new InboundProviderEvent(headers, event.body(), "127.0.0.1", NOW)));
        assertEquals(new ProviderStatus.Expired(), report.status());
    }

    private Simulator.Sent firstSent() throws InterruptedException {
        var sent = sim.awaitSent(l -> !l.isEmpty(), java.time.Duration.ofSeconds(2));
        assertFalse(sent.isEmpty(), "the simulator posted the event");
        return sent.getFirst();
    }
}
