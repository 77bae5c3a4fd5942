package jp.kokin.adapters.provider.paypay;

import static jp.kokin.adapters.provider.paypay.PayPayFixtures.config;
import static jp.kokin.adapters.provider.paypay.PayPayFixtures.context;
import static jp.kokin.adapters.provider.paypay.PayPayFixtures.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

import jp.kokin.domain.checkout.CheckoutIds;
import jp.kokin.domain.provider.InboundProviderEvent;
import jp.kokin.domain.provider.ProviderEvent;
import jp.kokin.domain.provider.ProviderEventException;

class PayPayWebhookTest {

    private static final String PAYMENT_ID = CheckoutIds.paymentId(CheckoutIds.newCheckoutId(), 2);

    private static PayPayProvider provider(List<String> allowedSourceIps) {
        Map<String, Object> config = config("https://stg-api.sandbox.paypay.ne.jp");
        if (!allowedSourceIps.isEmpty()) {
            config.put("allowedSourceIps", allowedSourceIps);
        }
        return new PayPayProvider(settings(config), context());
    }

    private static InboundProviderEvent inbound(String body, String sourceIp) {
        return new InboundProviderEvent(Map.of("content-type", "application/json"), body.getBytes(StandardCharsets.UTF_8),
                sourceIp, Instant.now());
    }

    /** PayPay's documented COMPLETED event, about {@code merchantOrderId}, with {@code amount} as JSON. */
    private static String completed(String merchantOrderId, String amount) {
        return """
                {"notification_type":"Transaction","merchant_id":"123456789","store_id":"123456","pos_id":"123",
                 "order_id":"123456789123456","merchant_order_id":"%s","authorized_at":"2020-03-13T13:35:30Z",
                 "expires_at":"2020-04-13T13:35:29Z","paid_at":"2020-04-13T13:35:29Z","order_amount":%s,
                 "state":"COMPLETED"}""".formatted(merchantOrderId, amount);
    }

    @Test
    void a_transaction_about_one_of_our_payments_is_only_a_hint() throws Exception {
        ProviderEvent n = provider(List.of()).verify(inbound(completed(PAYMENT_ID, "\"1200\""), "198.51.100.1"));

        assertEquals(new ProviderEvent.Hint(PAYMENT_ID), n);
    }

    @Test
    void order_amount_may_be_a_string_or_a_number() throws Exception {
        assertEquals(OptionalLong.of(1200), PayPayEvent.parse(
                completed(PAYMENT_ID, "\"1200\"").getBytes(StandardCharsets.UTF_8)).orderAmount());
        assertEquals(OptionalLong.of(1200), PayPayEvent.parse(
                completed(PAYMENT_ID, "1200").getBytes(StandardCharsets.UTF_8)).orderAmount());
        assertEquals(new ProviderEvent.Hint(PAYMENT_ID),
                provider(List.of()).verify(inbound(completed(PAYMENT_ID, "1200"), "198.51.100.1")));
        assertThrows(PayPayEvent.UnreadableException.class, () -> PayPayEvent.parse(
                completed(PAYMENT_ID, "\"twelve\"").getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void a_failed_event_without_time_fields_is_a_hint_too() throws Exception {
        String failed = """
                {"notification_type":"Transaction","merchant_id":"123456789","store_id":"123456","pos_id":"123",
                 "order_id":"123456789123456","merchant_order_id":"%s","order_amount":"12345","state":"FAILED"}"""
                .formatted(PAYMENT_ID);

        assertEquals(new ProviderEvent.Hint(PAYMENT_ID), provider(List.of()).verify(inbound(failed, "198.51.100.1")));
    }

    @Test
    void other_notification_types_and_other_merchants_orders_are_ignored() throws Exception {
        var provider = provider(List.of());
        String file = """
                {"notification_type":"file.created","notification_id":"6b1b7d1c-0d33-4f37-9d0c-5a5b1c2d3e4f",
                 "fileType":"transaction_recon","path":"https://example.invalid/f.csv","requestedAt":"1700000000"}""";

        assertInstanceOf(ProviderEvent.Ignored.class, provider.verify(inbound(file, "")));
        assertInstanceOf(ProviderEvent.Ignored.class, provider.verify(inbound(completed("A12345", "\"12345\""), "")));
        assertInstanceOf(ProviderEvent.Ignored.class, provider.verify(inbound(completed("", "\"12345\""), "")));
    }

    @Test
    void unreadable_bodies_are_malformed() {
        var provider = provider(List.of());
        for (String body : List.of("", "not json", "[1,2]", "{\"state\":\"COMPLETED\"}",
                "{\"notification_type\":\"Transaction\",\"state\":\"COMPLETED\"}",
                "{\"notification_type\":\"Transaction\",\"merchant_order_id\":42}")) {
            ProviderEventException e = assertThrows(ProviderEventException.class, () -> provider.verify(inbound(body, "")),
                    body);
            assertEquals(ProviderEventException.Kind.MALFORMED, e.kind(), body);
        }
    }

    @Test
    void with_an_allow_list_only_listed_sources_are_believed_even_before_reading_the_body() throws Exception {
        var provider = provider(List.of("203.0.113.0/24", "2001:db8::/32"));

        assertEquals(new ProviderEvent.Hint(PAYMENT_ID),
                provider.verify(inbound(completed(PAYMENT_ID, "1200"), "203.0.113.44")));
        assertEquals(new ProviderEvent.Hint(PAYMENT_ID),
                provider.verify(inbound(completed(PAYMENT_ID, "1200"), "2001:db8:1::5")));
        for (String source : List.of("198.51.100.1", "", "2001:db9::1")) {
            ProviderEventException e = assertThrows(ProviderEventException.class,
                    () -> provider.verify(inbound("not even json", source)), source);
            assertEquals(ProviderEventException.Kind.UNAUTHENTICATED, e.kind(), source);
        }
    }

    @Test
    void an_accepted_notification_is_answered_200_ok() {
        var reply = provider(List.of()).accepted();

        assertEquals(200, reply.status());
        assertEquals("OK", reply.body());
    }
}
