package jp.kokin.adapters.provider.sandbox;

import static jp.kokin.adapters.provider.sandbox.SandboxFixtures.NOW;
import static jp.kokin.adapters.provider.sandbox.SandboxFixtures.SECRET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import jp.kokin.domain.checkout.PaymentMethod;
import jp.kokin.domain.webhook.StandardWebhook;
import jp.kokin.domain.webhook.WebhookVerificationException;

class SandboxEventsTest {

    private final SandboxToken token = SandboxFixtures.token();
    private final SandboxEvent paid = SandboxEvent.of(token.encode(SECRET), token,
            SandboxEvent.Type.SUCCEEDED, NOW);

    @Test
    void a_signed_notification_verifies_and_parses_back_to_itself() throws Exception {
        SandboxEvents.Signed signed = SandboxEvents.sign(paid, SECRET, "evt_1", NOW);

        assertEquals(paid, SandboxEvents.verifyAndParse(signed.headers(), signed.body(), List.of(SECRET), NOW.plusSeconds(3)));
    }

    @Test
    void the_wire_format_is_the_documented_one() {
        String body = new String(SandboxEvents.body(paid), StandardCharsets.UTF_8);
        assertEquals("{\"type\":\"payment.succeeded\",\"data\":{\"providerPaymentId\":\"" + paid.providerPaymentId()
                + "\",\"merchantPaymentId\":\"" + token.merchantPaymentId()
                + "\",\"amount\":1200,\"currency\":\"JPY\",\"method\":\"paypay\",\"occurredAt\":\"2025-04-01T01:00:00Z\"}}",
                body);
    }

    @Test
    void the_signature_is_standard_webhooks_over_the_exact_body() throws Exception {
        SandboxEvents.Signed signed = SandboxEvents.sign(paid, SECRET, "evt_1", NOW);
        StandardWebhook.verify(List.of(SECRET), "evt_1", Long.toString(NOW.getEpochSecond()), signed.signature(),
                signed.body(), NOW);
        assertEquals("application/json", signed.headers().get("content-type"));
    }

    @Test
    void a_tampered_body_fails_verification() {
        SandboxEvents.Signed signed = SandboxEvents.sign(paid, SECRET, "evt_1", NOW);
        byte[] tampered = new String(signed.body(), StandardCharsets.UTF_8).replace("1200", "12")
                .getBytes(StandardCharsets.UTF_8);
        assertThrows(WebhookVerificationException.class,
                () -> SandboxEvents.verifyAndParse(signed.headers(), tampered, List.of(SECRET), NOW));
    }

    @Test
    void an_old_notification_fails_verification() {
        SandboxEvents.Signed signed = SandboxEvents.sign(paid, SECRET, "evt_1", NOW);
        assertThrows(WebhookVerificationException.class, () -> SandboxEvents.verifyAndParse(signed.headers(),
                signed.body(), List.of(SECRET), NOW.plus(Duration.ofMinutes(6))));
    }

    @Test
    void missing_headers_fail_verification() {
        SandboxEvents.Signed signed = SandboxEvents.sign(paid, SECRET, "evt_1", NOW);
        Map<String, String> headers = new HashMap<>(signed.headers());
        headers.remove("webhook-signature");
        var e = assertThrows(WebhookVerificationException.class,
                () -> SandboxEvents.verifyAndParse(headers, signed.body(), List.of(SECRET), NOW));
        assertEquals("missing webhook-signature header", e.getMessage());
    }

    @Test
    void parses_a_failed_payment() throws Exception {
        var failed = SandboxEvent.of("sbx_x.y", token, SandboxEvent.Type.FAILED, NOW);
        SandboxEvent parsed = SandboxEvents.parse(SandboxEvents.body(failed));
        assertEquals(SandboxEvent.Type.FAILED, parsed.type());
        assertEquals(PaymentMethod.PAYPAY, parsed.method());
    }

    @Test
    void refuses_bodies_that_are_not_the_expected_json() {
        assertInvalid("{", "not valid JSON");
        assertInvalid("", "empty");
        assertInvalid("[]", "not a JSON object");
        assertInvalid("{\"type\":\"payment.refunded\",\"data\":{}}", "type must be");
        assertInvalid("{\"type\":\"payment.succeeded\"}", "data must be an object");
        assertInvalid("{\"type\":\"payment.succeeded\",\"data\":{},\"type\":\"payment.failed\"}", "not valid JSON");
    }

    @Test
    void refuses_missing_fields_one_by_one() {
        for (String field : List.of("providerPaymentId", "merchantPaymentId", "amount", "currency", "method", "occurredAt")) {
            String body = validBody().replaceFirst(",?\"" + field + "\":(\"[^\"]*\"|[0-9.-]+)", "")
                    .replace("{,", "{");
            assertInvalid(body, field);
        }
    }

    @Test
    void refuses_a_currency_other_than_yen() {
        assertInvalid(validBody().replace("\"JPY\"", "\"USD\""), "data.currency must be JPY");
    }

    @Test
    void refuses_amounts_that_are_not_non_negative_integers() {
        for (String amount : List.of("-1", "12.5", "\"1200\"", "1e3", "99999999999999999999")) {
            assertInvalid(validBody().replace("1200", amount), "data.amount");
        }
    }

    @Test
    void refuses_unknown_methods_bad_instants_and_foreign_payment_ids() {
        assertInvalid(validBody().replace("\"paypay\"", "\"cash\""), "data.method");
        assertInvalid(validBody().replace("2025-04-01T01:00:00Z", "yesterday"), "data.occurredAt");
        assertInvalid(validBody().replace(token.merchantPaymentId(), "order-77"), "data.merchantPaymentId");
    }

    private String validBody() {
        return new String(SandboxEvents.body(paid), StandardCharsets.UTF_8);
    }

    private static void assertInvalid(String body, String expectedInMessage) {
        var e = assertThrows(InvalidSandboxEventException.class,
                () -> SandboxEvents.parse(body.getBytes(StandardCharsets.UTF_8)), body);
        assertTrue(e.getMessage().contains(expectedInMessage), e.getMessage() + " for " + body);
    }
}
