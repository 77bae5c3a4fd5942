package jp.kokin.adapters.provider.stripe;

import static jp.kokin.adapters.provider.stripe.StripeFixtures.NOW;
import static jp.kokin.adapters.provider.stripe.StripeFixtures.PREVIOUS_WHSEC;
import static jp.kokin.adapters.provider.stripe.StripeFixtures.WHSEC;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Map;

import org.junit.jupiter.api.Test;

import jp.kokin.adapters.provider.SecretResolver;
import jp.kokin.domain.checkout.CheckoutIds;
import jp.kokin.domain.provider.InboundProviderEvent;
import jp.kokin.domain.provider.ProviderEvent;
import jp.kokin.domain.provider.ProviderEventException;
import jp.kokin.domain.provider.ProviderStatus;

/** What a verified Stripe event means for our payment. */
class StripeNotificationTest {

    static final String PAYMENT = CheckoutIds.paymentId(CheckoutIds.newCheckoutId(), 1);
    static final long CREATED = NOW.getEpochSecond() - 5;

    private final StripeProvider stripe = new StripeProvider(StripeFixtures.settings("https://api.stripe.com"),
            StripeFixtures.context(Clock.fixed(NOW, ZoneOffset.UTC)));

    static String event(String type, String status, String paymentStatus, String currency, String clientReferenceId) {
        String ref = clientReferenceId == null ? "null" : "\"" + clientReferenceId + "\"";
        return """
                {"id":"evt_1","object":"event","api_version":"2025-09-30.clover","created":%d,"livemode":false,
                 "type":"%s","data":{"object":{"id":"cs_test_a1","object":"checkout.session","amount_total":1500,
                 "currency":"%s","client_reference_id":%s,"status":"%s","payment_status":"%s",
                 "metadata":{"kokin_payment_id":"%s"}}}}""".formatted(CREATED, type, currency, ref, status, paymentStatus, PAYMENT);
    }

    private ProviderEvent verify(String body, String... secrets) throws ProviderEventException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return stripe.verify(new InboundProviderEvent(Map.of("stripe-signature", StripeSignature.header(NOW, bytes, secrets)),
                bytes, "203.0.113.9", NOW));
    }

    private ProviderEvent verify(String body) throws ProviderEventException {
        return verify(body, WHSEC);
    }

    @Test
    void a_paid_completed_session_is_a_success_of_its_amount_at_the_event_time() throws Exception {
        var report = assertInstanceOf(ProviderEvent.Report.class,
                verify(event("checkout.session.completed", "complete", "paid", "jpy", PAYMENT)));

        assertEquals(PAYMENT, report.paymentId());
        assertEquals(new ProviderStatus.Succeeded(1500, NOW.minusSeconds(5)), report.status());
        assertEquals(NOW.minusSeconds(5), report.occurredAt());
    }

    @Test
    void a_session_paid_in_another_currency_reports_an_amount_that_never_matches() throws Exception {
        var report = assertInstanceOf(ProviderEvent.Report.class,
                verify(event("checkout.session.completed", "complete", "paid", "usd", PAYMENT)));
        assertEquals(-1, ((ProviderStatus.Succeeded) report.status()).amount());
    }

    @Test
    void delayed_payments_are_a_hint_then_a_success_or_a_failure() throws Exception {
        assertEquals(new ProviderEvent.Hint(PAYMENT), verify(event("checkout.session.completed", "complete", "unpaid", "jpy", PAYMENT)));
        assertInstanceOf(ProviderStatus.Succeeded.class, ((ProviderEvent.Report)
                verify(event("checkout.session.async_payment_succeeded", "complete", "paid", "jpy", PAYMENT))).status());
        assertInstanceOf(ProviderStatus.Failed.class, ((ProviderEvent.Report)
                verify(event("checkout.session.async_payment_failed", "complete", "unpaid", "jpy", PAYMENT))).status());
    }

    @Test
    void an_expired_session_is_reported_expired() throws Exception {
        var report = assertInstanceOf(ProviderEvent.Report.class,
                verify(event("checkout.session.expired", "expired", "unpaid", "jpy", PAYMENT)));
        assertEquals(new ProviderStatus.Expired(), report.status());
    }

    @Test
    void other_events_and_sessions_that_are_not_ours_are_ignored() throws Exception {
        assertInstanceOf(ProviderEvent.Ignored.class, verify(event("payment_intent.succeeded", "complete", "paid", "jpy", PAYMENT)));
        assertInstanceOf(ProviderEvent.Ignored.class, verify(event("checkout.session.completed", "complete", "paid", "jpy", null)));
        assertInstanceOf(ProviderEvent.Ignored.class,
                verify(event("checkout.session.completed", "complete", "paid", "jpy", "order-4711")));
        assertInstanceOf(ProviderEvent.Ignored.class,
                verify(event("checkout.session.completed", "complete", "paid", "jpy", PAYMENT).replace("\"object\":\"checkout.session\"",
                        "\"object\":\"payment_intent\"")));
    }

    @Test
    void an_event_signed_with_the_previous_secret_is_believed() throws Exception {
        assertInstanceOf(ProviderEvent.Report.class,
                verify(event("checkout.session.expired", "expired", "unpaid", "jpy", PAYMENT), PREVIOUS_WHSEC));
    }

    @Test
    void unsigned_forged_or_stale_notifications_are_unauthenticated() {
        byte[] body = event("checkout.session.completed", "complete", "paid", "jpy", PAYMENT).getBytes(StandardCharsets.UTF_8);
        var missing = assertThrows(ProviderEventException.class,
                () -> stripe.verify(new InboundProviderEvent(Map.of(), body, "", NOW)));
        assertEquals(ProviderEventException.Kind.UNAUTHENTICATED, missing.kind());
        var forged = assertThrows(ProviderEventException.class,
                () -> verify(event("checkout.session.completed", "complete", "paid", "jpy", PAYMENT), "whsec_attacker"));
        assertEquals(ProviderEventException.Kind.UNAUTHENTICATED, forged.kind());
        var stale = assertThrows(ProviderEventException.class, () -> stripe.verify(new InboundProviderEvent(
                Map.of("stripe-signature", StripeSignature.header(NOW.minusSeconds(301), body, WHSEC)), body, "", NOW)));
        assertEquals(ProviderEventException.Kind.UNAUTHENTICATED, stale.kind());
    }

    @Test
    void the_tolerance_is_a_setting() throws Exception {
        var strict = new StripeProvider(StripeFixtures.settings("https://api.stripe.com", "toleranceSeconds", "10"),
                StripeFixtures.context(Clock.fixed(NOW, ZoneOffset.UTC)));
        byte[] body = event("checkout.session.expired", "expired", "unpaid", "jpy", PAYMENT).getBytes(StandardCharsets.UTF_8);
        var e = assertThrows(ProviderEventException.class, () -> strict.verify(new InboundProviderEvent(
                Map.of("stripe-signature", StripeSignature.header(NOW.minusSeconds(11), body, WHSEC)), body, "", NOW)));
        assertEquals(ProviderEventException.Kind.UNAUTHENTICATED, e.kind());
    }

    @Test
    void a_signed_body_that_is_not_an_event_is_malformed() {
        for (String body : new String[] {"{not json", "[1,2]", "{\"type\":\"checkout.session.completed\"}"}) {
            var e = assertThrows(ProviderEventException.class, () -> verify(body));
            assertEquals(ProviderEventException.Kind.MALFORMED, e.kind(), body);
        }
    }

    @Test
    void an_unresolvable_webhook_secret_reference_propagates() {
        var stripe = new StripeProvider(new jp.kokin.domain.catalog.ProviderSettings("stripe", "stripe",
                Map.of("secretKey", StripeFixtures.KEY, "webhookSecret", "secretsmanager:kokin/stripe#whsec")),
                StripeFixtures.context(Clock.fixed(NOW, ZoneOffset.UTC)));
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        assertThrows(SecretResolver.SecretException.class, () -> stripe.verify(new InboundProviderEvent(
                Map.of("stripe-signature", StripeSignature.header(NOW, body, WHSEC)), body, "", NOW)));
    }
}
