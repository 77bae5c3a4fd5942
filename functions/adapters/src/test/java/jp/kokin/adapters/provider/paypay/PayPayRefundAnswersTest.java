package jp.kokin.adapters.provider.paypay;

import static jp.kokin.adapters.provider.paypay.PayPayFixtures.API_KEY;
import static jp.kokin.adapters.provider.paypay.PayPayFixtures.API_SECRET;
import static jp.kokin.adapters.provider.paypay.PayPayFixtures.MERCHANT_ID;
import static jp.kokin.adapters.provider.paypay.PayPayFixtures.config;
import static jp.kokin.adapters.provider.paypay.PayPayFixtures.context;
import static jp.kokin.adapters.provider.paypay.PayPayFixtures.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;

import jp.kokin.adapters.json.Json;
import jp.kokin.adapters.provider.RefundFixtures;
import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.checkout.Payment;
import jp.kokin.domain.provider.ProviderException;
import jp.kokin.domain.refund.Refund;
import jp.kokin.domain.refund.RefundReason;
import jp.kokin.domain.refund.RefundResult;

/**
 * How the PayPay adapter signs and words a refund, and reads PayPay's answers (including ones the
 * simulator never gives), from a server that answers fixed bodies per route.
 */
class PayPayRefundAnswersTest {

    private static final String PAYPAY_PAYMENT_ID = "04123456789012345678";

    private final HttpServer server;
    private final Map<String, String[]> answers = new ConcurrentHashMap<>(); // "METHOD path" -> {status, body}
    private final ConcurrentLinkedQueue<String[]> requests = new ConcurrentLinkedQueue<>(); // {method path, auth, body}
    private final Checkout checkout = PayPayFixtures.checkout(false);
    private final Payment payment = PayPayFixtures.firstPayment(checkout).withProviderPaymentId("04-abcdefgh12345678");
    private final Refund refund = RefundFixtures.submitted(checkout, payment, 1, 500, RefundReason.DUPLICATE, null,
            Instant.parse("2026-11-30T01:00:00Z"));

    PayPayRefundAnswersTest() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        server.createContext("/", exchange -> {
            String route = exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
            requests.add(new String[] {route, exchange.getRequestHeaders().getFirst("Authorization"),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8),
                    exchange.getRequestHeaders().getFirst("X-ASSUME-MERCHANT")});
            String[] answer = answers.getOrDefault(route, new String[] {"404", envelope("RESOURCE_NOT_FOUND", "null")});
            byte[] bytes = answer[1].getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(Integer.parseInt(answer[0]), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                exchange.getResponseBody().write(bytes);
            }
            exchange.close();
        });
        server.start();
        answers.put("GET /v2/codes/payments/" + payment.id(), new String[] {"200", envelope("SUCCESS", """
                {"paymentId":"%s","status":"COMPLETED","acceptedAt":1743139337,"merchantPaymentId":"%s",
                 "amount":{"amount":1200,"currency":"JPY"}}""".formatted(PAYPAY_PAYMENT_ID, payment.id()))});
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static String envelope(String code, String data) {
        return "{\"resultInfo\":{\"code\":\"" + code + "\",\"message\":\"m\",\"codeId\":\"08100001\"},\"data\":" + data + "}";
    }

    private static String refundData(String merchantRefundId, String status) {
        return """
                {"status":"%s","acceptedAt":1743139400,"merchantRefundId":"%s","paymentId":"%s",
                 "amount":{"amount":500,"currency":"JPY"},"requestedAt":1743139399,"reason":"duplicate"}"""
                .formatted(status, merchantRefundId, PAYPAY_PAYMENT_ID);
    }

    private void refundAnswer(int status, String code, String data) {
        answers.put("POST /v2/refunds", new String[] {Integer.toString(status), envelope(code, data)});
    }

    private void refundDetails(int status, String code, String data) {
        answers.put("GET /v2/refunds/" + refund.id(), new String[] {Integer.toString(status), envelope(code, data)});
    }

    private PayPayProvider provider() {
        return new PayPayProvider(settings(config("http://127.0.0.1:" + server.getAddress().getPort())), context());
    }

    @Test
    void a_refund_reads_paypays_payment_id_then_posts_a_signed_request_under_our_refund_id() throws Exception {
        refundAnswer(201, "SUCCESS", refundData(refund.id(), "CREATED"));

        assertEquals(new RefundResult.Pending(refund.id()), provider().refund(checkout, payment, refund));

        String[][] sent = requests.toArray(new String[0][]);
        assertEquals("GET /v2/codes/payments/" + payment.id(), sent[0][0]);
        assertEquals("POST /v2/refunds", sent[1][0]);
        assertEquals(MERCHANT_ID, sent[1][3]);
        JsonNode body = Json.parse(sent[1][2].getBytes(StandardCharsets.UTF_8));
        assertEquals(refund.id(), body.path("merchantRefundId").asText());
        assertEquals(PAYPAY_PAYMENT_ID, body.path("paymentId").asText());
        assertEquals(500, body.path("amount").path("amount").asLong());
        assertEquals("JPY", body.path("amount").path("currency").asText());
        assertTrue(body.path("requestedAt").isIntegralNumber());
        assertEquals("duplicate", body.path("reason").asText());
        // hmac OPA-Auth:{key}:{mac}:{nonce}:{epoch}:{hash}, the MAC over this path, method and body
        String[] auth = sent[1][1].substring("hmac OPA-Auth:".length()).split(":");
        assertEquals(API_KEY, auth[0]);
        assertEquals(sent[1][1], OpaAuth.header(API_KEY, API_SECRET, "POST", "/v2/refunds", OpaAuth.CONTENT_TYPE,
                sent[1][2].getBytes(StandardCharsets.UTF_8), auth[2], Long.parseLong(auth[3])));
    }

    @Test
    void refunded_succeeds_and_created_or_a_temporary_refund_failed_is_pending() throws Exception {
        refundAnswer(201, "SUCCESS", refundData(refund.id(), "REFUNDED"));
        assertEquals(new RefundResult.Succeeded(refund.id(), Instant.ofEpochSecond(1743139400)),
                provider().refund(checkout, payment, refund));
        refundDetails(200, "SUCCESS", refundData(refund.id(), "REFUND_FAILED"));
        assertEquals(new RefundResult.Pending(refund.id()), provider().queryRefund(checkout, payment, refund));
    }

    @Test
    void past_the_window_over_fifty_refunds_or_a_closed_account_cannot_be_refunded_through_paypay() throws Exception {
        for (String code : new String[] {"REFUND_WINDOW_EXCEED", "REFUND_LIMIT_EXCEEDED", "CANCELED_USER"}) {
            refundAnswer(400, code, "null");
            var cannot = assertInstanceOf(RefundResult.CannotRefund.class, provider().refund(checkout, payment, refund));
            assertTrue(cannot.reason().contains(code), cannot.reason());
        }
    }

    @Test
    void more_than_the_refundable_amount_or_an_unknown_payment_fails() throws Exception {
        for (String code : new String[] {"INVALID_PARAMS", "RESOURCE_NOT_FOUND"}) {
            refundAnswer(400, code, "null");
            assertInstanceOf(RefundResult.Failed.class, provider().refund(checkout, payment, refund));
        }
    }

    @Test
    void a_temporary_refusal_is_unknown_unless_paypay_already_holds_the_refund_under_our_id() throws Exception {
        refundAnswer(400, "UNACCEPTABLE_OP", "null");
        assertThrows(ProviderException.class, () -> provider().refund(checkout, payment, refund));

        refundDetails(200, "SUCCESS", refundData(refund.id(), "REFUNDED"));
        assertInstanceOf(RefundResult.Succeeded.class, provider().refund(checkout, payment, refund));
    }

    @Test
    void a_5xx_or_a_rate_limit_is_unknown() {
        refundAnswer(503, "INTERNAL_SERVER_ERROR", "null");
        assertThrows(ProviderException.class, () -> provider().refund(checkout, payment, refund));
        refundAnswer(429, "RATE_LIMIT", "null");
        assertThrows(ProviderException.class, () -> provider().refund(checkout, payment, refund));
        refundDetails(500, "INTERNAL_SERVER_ERROR", "null");
        assertThrows(ProviderException.class, () -> provider().queryRefund(checkout, payment, refund));
    }

    @Test
    void a_refund_paypay_never_received_is_not_found_and_an_answer_about_another_refund_is_not_believed() throws Exception {
        assertEquals(new RefundResult.NotFound(), provider().queryRefund(checkout, payment, refund));
        refundDetails(400, "NO_SUCH_REFUND_ORDER", "null");
        assertEquals(new RefundResult.NotFound(), provider().queryRefund(checkout, payment, refund));

        refundDetails(200, "SUCCESS", refundData("rfd_someone_else_1", "REFUNDED"));
        assertThrows(ProviderException.class, () -> provider().queryRefund(checkout, payment, refund));
        refundDetails(200, "SUCCESS", refundData(refund.id(), "SOMETHING_NEW"));
        assertThrows(ProviderException.class, () -> provider().queryRefund(checkout, payment, refund));
    }

    @Test
    void a_payment_paypay_reports_without_its_payment_id_is_not_refunded() throws Exception {
        answers.put("GET /v2/codes/payments/" + payment.id(), new String[] {"200", envelope("SUCCESS",
                "{\"status\":\"CREATED\",\"merchantPaymentId\":\"" + payment.id() + "\"}")});

        assertInstanceOf(RefundResult.Failed.class, provider().refund(checkout, payment, refund));
        assertTrue(requests.stream().noneMatch(r -> r[0].equals("POST /v2/refunds")));
    }
}
