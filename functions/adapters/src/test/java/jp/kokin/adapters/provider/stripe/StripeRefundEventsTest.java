package jp.kokin.adapters.provider.stripe;

import static jp.kokin.adapters.provider.stripe.StripeFixtures.NOW;
import static jp.kokin.adapters.provider.stripe.StripeFixtures.WHSEC;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import jp.kokin.domain.checkout.CheckoutIds;
import jp.kokin.domain.provider.InboundProviderEvent;
import jp.kokin.domain.provider.ProviderEvent;
import jp.kokin.domain.provider.ProviderEventException;
import jp.kokin.domain.refund.RefundResult;

/** What a verified Stripe refund event means for our refund, and the refund request's parameters. */
class StripeRefundEventsTest {

    static final String REFUND = CheckoutIds.refundId(CheckoutIds.newCheckoutId(), 2);
    static final long CREATED = NOW.getEpochSecond() - 5;

    private final StripeProvider stripe = new StripeProvider(StripeFixtures.settings("https://api.stripe.com"),
            StripeFixtures.context(Clock.fixed(NOW, ZoneOffset.UTC)));

    static String event(String type, String status, String failureReason, String metadata) {
        String failure = failureReason == null ? "" : "\"failure_reason\":\"" + failureReason + "\",";
        return """
                {"id":"evt_2","object":"event","api_version":"2025-09-30.clover","created":%d,"livemode":false,
                 "type":"%s","data":{"object":{"id":"re_3Kokin","object":"refund","amount":500,"currency":"jpy",
                 "created":%d,%s"metadata":%s,"payment_intent":"pi_3Kokin","status":"%s"}}}"""
                .formatted(CREATED, type, CREATED, failure, metadata, status);
    }

    static String ours() {
        return "{\"kokin_refund_id\":\"" + REFUND + "\"}";
    }

    private ProviderEvent verify(String body, String... secrets) throws ProviderEventException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return stripe.verify(new InboundProviderEvent(Map.of("stripe-signature", StripeSignature.header(NOW, bytes, secrets)),
                bytes, "203.0.113.9", NOW));
    }

    @Test
    void a_signed_refund_updated_to_succeeded_reports_our_refund_succeeded_at_the_event_time() throws Exception {
        var report = assertInstanceOf(ProviderEvent.RefundReport.class,
                verify(event("refund.updated", "succeeded", null, ours()), WHSEC));

        assertEquals(REFUND, report.refundId());
        assertEquals(new RefundResult.Succeeded("re_3Kokin", NOW.minusSeconds(5)), report.result());
        assertEquals(NOW.minusSeconds(5), report.occurredAt());
    }

    @Test
    void a_signed_refund_failed_is_a_failure_or_when_the_card_is_closed_a_bank_transfer() throws Exception {
        var declined = assertInstanceOf(ProviderEvent.RefundReport.class,
                verify(event("refund.failed", "failed", "declined", ours()), WHSEC));
        var closed = assertInstanceOf(ProviderEvent.RefundReport.class,
                verify(event("refund.failed", "failed", "expired_or_canceled_card", ours()), WHSEC));

        assertInstanceOf(RefundResult.Failed.class, declined.result());
        assertInstanceOf(RefundResult.CannotRefund.class, closed.result());
    }

    @Test
    void a_refund_still_pending_or_requiring_action_is_reported_pending() throws Exception {
        for (String status : List.of("pending", "requires_action")) {
            var report = assertInstanceOf(ProviderEvent.RefundReport.class,
                    verify(event("refund.created", status, null, ours()), WHSEC));
            assertEquals(new RefundResult.Pending("re_3Kokin"), report.result());
        }
    }

    @Test
    void a_refund_made_outside_kokin_is_ignored() throws Exception {
        assertInstanceOf(ProviderEvent.Ignored.class, verify(event("refund.updated", "succeeded", null, "{}"), WHSEC));
        assertInstanceOf(ProviderEvent.Ignored.class,
                verify(event("refund.updated", "succeeded", null, "{\"kokin_refund_id\":\"pay_x\"}"), WHSEC));
    }

    @Test
    void a_refund_event_signed_with_another_secret_or_tampered_is_refused() {
        String body = event("refund.updated", "succeeded", null, ours());
        assertThrows(ProviderEventException.class, () -> verify(body, "whsec_someone_else"));

        byte[] signed = body.getBytes(StandardCharsets.UTF_8);
        String header = StripeSignature.header(NOW, signed, WHSEC);
        byte[] tampered = body.replace("\"amount\":500", "\"amount\":5000").getBytes(StandardCharsets.UTF_8);
        assertThrows(ProviderEventException.class, () -> stripe.verify(
                new InboundProviderEvent(Map.of("stripe-signature", header), tampered, "203.0.113.9", NOW)));
    }

    @Test
    void a_refund_event_without_a_refund_object_is_malformed() {
        String body = event("refund.updated", "succeeded", null, ours()).replace("\"object\":\"refund\"", "\"object\":\"charge\"");
        var e = assertThrows(ProviderEventException.class, () -> verify(body, WHSEC));
        assertEquals(ProviderEventException.Kind.MALFORMED, e.kind());
    }

    @Test
    void the_refund_request_names_the_payment_intent_amount_our_ids_and_duplicate_as_the_reason() {
        var checkout = StripeFixtures.checkout(jp.kokin.domain.catalog.Language.JA, java.time.Duration.ofMinutes(60));
        var payment = StripeFixtures.payment(checkout, NOW);
        var duplicate = jp.kokin.adapters.provider.RefundFixtures.submitted(checkout, payment, 1, 1500,
                jp.kokin.domain.refund.RefundReason.DUPLICATE, null, NOW);
        var overpaid = jp.kokin.adapters.provider.RefundFixtures.submitted(checkout, payment, 2, 100, NOW);

        assertEquals("payment_intent=pi_1&amount=1500&metadata%5Bkokin_refund_id%5D=" + duplicate.id()
                        + "&metadata%5Bkokin_payment_id%5D=" + payment.id() + "&reason=duplicate",
                StripeProvider.refundForm("pi_1", payment, duplicate).encode());
        assertEquals("payment_intent=pi_1&amount=100&metadata%5Bkokin_refund_id%5D=" + overpaid.id()
                        + "&metadata%5Bkokin_payment_id%5D=" + payment.id(),
                StripeProvider.refundForm("pi_1", payment, overpaid).encode());
    }
}
