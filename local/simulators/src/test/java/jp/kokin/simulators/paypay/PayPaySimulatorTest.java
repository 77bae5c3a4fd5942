package jp.kokin.simulators.paypay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;

import jp.kokin.simulators.SimulatorServer;

class PayPaySimulatorTest {

    private static final String KEY = "sim_key";
    private static final String SECRET = "sim_secret_0123456789";
    private static final String MERCHANT = "734502134861234567";
    private static final String CONTENT_TYPE = "application/json;charset=UTF-8";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A clock the test moves. */
    private static final class TestClock extends Clock {
        private volatile Instant now = Instant.now();

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final TestClock clock = new TestClock();
    private final LinkedBlockingQueue<Received> webhooks = new LinkedBlockingQueue<>();
    private final HttpServer kokin = webhookReceiver();
    private final PayPaySimulator sim = PayPaySimulator.fromSettings(
            Map.of("type", "paypay", "apiKey", KEY, "apiSecret", List.of(SECRET, "previous"), "merchantId", MERCHANT,
                    "baseUrl", "ignored"),
            "http://127.0.0.1:" + kokin.getAddress().getPort() + "/webhooks/paypay", clock);
    private final SimulatorServer server = SimulatorServer.start(sim);
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private record Received(Headers headers, byte[] body) {}

    @AfterEach
    void stop() {
        server.close();
        kokin.stop(0);
    }

    private HttpServer webhookReceiver() {
        try {
            HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
            s.createContext("/webhooks/paypay", exchange -> {
                webhooks.add(new Received(exchange.getRequestHeaders(), exchange.getRequestBody().readAllBytes()));
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            });
            s.start();
            return s;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    // ---- a client that signs as PayPay documents it (written for this test) ----

    private static String sign(String key, String secret, String method, String path, byte[] body, long epoch) {
        try {
            boolean hasBody = body != null && body.length > 0;
            String contentType = hasBody ? CONTENT_TYPE : "empty";
            String hash = "empty";
            if (hasBody) {
                MessageDigest md5 = MessageDigest.getInstance("MD5");
                md5.update(CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
                md5.update(body);
                hash = Base64.getEncoder().encodeToString(md5.digest());
            }
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            String data = path + "\n" + method + "\n" + "n0nce123" + "\n" + epoch + "\n" + contentType + "\n" + hash;
            String macData = Base64.getEncoder().encodeToString(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
            return "hmac OPA-Auth:" + key + ":" + macData + ":n0nce123:" + epoch + ":" + hash;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> call(String method, String path, String body, String authorization, String merchant)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .header("Authorization", authorization).header("X-ASSUME-MERCHANT", merchant);
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", CONTENT_TYPE).method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> call(String method, String path, String body) throws Exception {
        byte[] bytes = body == null ? null : body.getBytes(StandardCharsets.UTF_8);
        return call(method, path, body, sign(KEY, SECRET, method, path, bytes, clock.instant().getEpochSecond()), MERCHANT);
    }

    private static String createBody(String merchantPaymentId, long amount) {
        return """
                {"merchantPaymentId":"%s","amount":{"amount":%d,"currency":"JPY"},"codeType":"ORDER_QR",
                 "orderDescription":"住民票の写し","requestedAt":1700000000,"redirectUrl":"https://kokin.example.jp/back",
                 "redirectType":"WEB_LINK","isAuthorization":false}""".formatted(merchantPaymentId, amount);
    }

    private JsonNode create(String merchantPaymentId) throws Exception {
        HttpResponse<String> r = call("POST", "/v2/codes", createBody(merchantPaymentId, 1200));
        assertEquals(201, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }

    private JsonNode details(String merchantPaymentId) throws Exception {
        return JSON.readTree(call("GET", "/v2/codes/payments/" + merchantPaymentId, null).body());
    }

    private static String code(HttpResponse<String> r) throws IOException {
        return JSON.readTree(r.body()).path("resultInfo").path("code").asText();
    }

    // ---- authentication ----

    @Test
    void accepts_the_documented_example_request() {
        var verifier = new OpaAuthVerifier("APIKeyGenerated", "APIKeySecretGenerated");
        byte[] body = "{\"sampleRequestBodyKey1\":\"sampleRequestBodyValue1\",\"sampleRequestBodyKey2\":\"sampleRequestBodyValue2\"}"
                .getBytes(StandardCharsets.UTF_8);
        String header = "hmac OPA-Auth:APIKeyGenerated:NW1jKIMnzR7tEhMWtcJcaef+nFVBt7jjAGcVuxHhchc=:acd028:1579843452:"
                + "1j0FnY4flNp5CtIKa7x9MQ==";

        assertTrue(verifier.problem(header, "POST", "/v2/codes", "application/json;charset=UTF-8;", body,
                Instant.ofEpochSecond(1579843452 + 60)).isEmpty());
        assertTrue(verifier.problem(header, "POST", "/v2/codes", "application/json;charset=UTF-8", body,
                Instant.ofEpochSecond(1579843452)).isPresent(), "the hash covers the exact content type");
    }

    @Test
    void refuses_requests_that_are_not_signed_with_our_key_and_secret() throws Exception {
        String path = "/v2/codes";
        String body = createBody("pay_a_1", 1200);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        long now = clock.instant().getEpochSecond();

        for (String authorization : List.of(
                sign(KEY, "wrong-secret", "POST", path, bytes, now),
                sign("other-key", SECRET, "POST", path, bytes, now),
                sign(KEY, SECRET, "POST", path, bytes, now - 120),
                sign(KEY, SECRET, "POST", path, bytes, now + 121),
                sign(KEY, SECRET, "POST", path, createBody("pay_a_1", 1).getBytes(StandardCharsets.UTF_8), now),
                sign(KEY, SECRET, "PUT", path, bytes, now),
                "hmac OPA-Auth:" + KEY,
                "Basic c2ltOnNpbQ==")) {
            HttpResponse<String> r = call("POST", path, body, authorization, MERCHANT);
            assertEquals(401, r.statusCode(), authorization);
            assertEquals("UNAUTHORIZED", code(r), authorization);
        }
        assertTrue(sim.status("pay_a_1").isEmpty());
        assertEquals(201, call("POST", path, body, sign(KEY, SECRET, "POST", path, bytes, now - 119), MERCHANT).statusCode());
    }

    @Test
    void refuses_another_merchant() throws Exception {
        String path = "/v2/codes/payments/pay_a_1";
        HttpResponse<String> r = call("GET", path, null,
                sign(KEY, SECRET, "GET", path, null, clock.instant().getEpochSecond()), "999");

        assertEquals(401, r.statusCode());
        assertEquals("OP_OUT_OF_SCOPE", code(r));
    }

    // ---- codes and details ----

    @Test
    void a_new_code_has_a_page_url_and_an_expiry_five_minutes_later() throws Exception {
        JsonNode created = create("pay_a_1");

        assertEquals("SUCCESS", created.path("resultInfo").path("code").asText());
        JsonNode data = created.path("data");
        assertTrue(data.path("url").asText().startsWith(server.baseUrl() + "/web/04-"), data.toString());
        assertEquals(data.path("url").asText(), sim.codeUrl("pay_a_1").orElseThrow());
        assertEquals(clock.instant().getEpochSecond() + 300, data.path("expiryDate").asLong());
        assertEquals(1200, data.path("amount").path("amount").asLong());
        assertEquals("CREATED", details("pay_a_1").path("data").path("status").asText());
    }

    @Test
    void the_same_merchant_payment_id_cannot_have_two_codes() throws Exception {
        create("pay_a_1");

        HttpResponse<String> again = call("POST", "/v2/codes", createBody("pay_a_1", 1200));
        assertEquals(400, again.statusCode());
        assertEquals("DUPLICATE_DYNAMIC_QR_REQUEST", code(again));
    }

    @Test
    void invalid_codes_are_refused() throws Exception {
        assertEquals("INVALID_PARAMS", code(call("POST", "/v2/codes", createBody("pay a/1", 1200))));
        assertEquals("INVALID_PARAMS", code(call("POST", "/v2/codes", createBody("pay_a_1", 0))));
        assertEquals("MISSING_REQUEST_PARAMS", code(call("POST", "/v2/codes", "{\"merchantPaymentId\":\"pay_a_1\"}")));
        assertEquals("INVALID_REQUEST_PARAMS", code(call("POST", "/v2/codes",
                createBody("pay_a_1", 1200).replace("JPY", "USD"))));
    }

    @Test
    void an_expired_code_stays_created_and_can_no_longer_be_paid() throws Exception {
        String url = create("pay_a_1").path("data").path("url").asText();
        clock.advance(Duration.ofMinutes(5));

        assertEquals("CREATED", details("pay_a_1").path("data").path("status").asText());
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(page.body().contains("有効期限"), page.body());
        assertFalse(page.body().contains("/pay\""), page.body());
        HttpResponse<String> pay = http.send(HttpRequest.newBuilder(URI.create(url + "/pay"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(409, pay.statusCode());
        assertThrows(IllegalStateException.class, () -> sim.pay("pay_a_1"));
        assertEquals("CREATED", details("pay_a_1").path("data").path("status").asText());
    }

    @Test
    void a_deleted_code_is_gone_from_the_details_and_cannot_be_deleted_twice() throws Exception {
        String codeId = create("pay_a_1").path("data").path("codeId").asText();

        HttpResponse<String> deleted = call("DELETE", "/v2/codes/" + codeId, null);
        assertEquals(200, deleted.statusCode());
        assertEquals("DELETED", JSON.readTree(deleted.body()).path("data").path("qrStatus").asText());

        HttpResponse<String> gone = call("GET", "/v2/codes/payments/pay_a_1", null);
        assertEquals(400, gone.statusCode());
        assertEquals("DYNAMIC_QR_PAYMENT_NOT_FOUND", code(gone));
        HttpResponse<String> again = call("DELETE", "/v2/codes/" + codeId, null);
        assertEquals(404, again.statusCode());
        assertEquals("DYNAMIC_QR_NOT_FOUND", code(again));
        assertThrows(IllegalStateException.class, () -> sim.pay("pay_a_1"));
    }

    @Test
    void canceling_a_paid_payment_gives_the_money_back() throws Exception {
        create("pay_a_1");
        sim.pay("pay_a_1");

        HttpResponse<String> canceled = call("DELETE", "/v2/payments/pay_a_1", null);

        assertEquals(202, canceled.statusCode());
        assertEquals("REQUEST_ACCEPTED", code(canceled));
        assertEquals("FAILED", details("pay_a_1").path("data").path("status").asText());
        assertEquals(404, call("DELETE", "/v2/payments/pay_unknown_1", null).statusCode());
    }

    // ---- the page and the webhook ----

    @Test
    void paying_on_the_page_completes_notifies_kokin_unsigned_and_returns_the_browser() throws Exception {
        String url = create("pay_a_1").path("data").path("url").asText();
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(page.body().contains("¥1,200") && page.body().contains("住民票の写し"), page.body());

        HttpResponse<String> paid = http.send(HttpRequest.newBuilder(URI.create(url + "/pay"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());

        assertEquals(303, paid.statusCode());
        assertEquals("https://kokin.example.jp/back", paid.headers().firstValue("Location").orElseThrow());
        JsonNode data = details("pay_a_1").path("data");
        assertEquals("COMPLETED", data.path("status").asText());
        assertEquals(clock.instant().getEpochSecond(), data.path("acceptedAt").asLong());
        assertEquals(1200, data.path("amount").path("amount").asLong());

        Received webhook = webhooks.poll(5, TimeUnit.SECONDS);
        JsonNode body = JSON.readTree(webhook.body());
        assertEquals("application/json", webhook.headers().getFirst("Content-Type"));
        assertNull(webhook.headers().getFirst("Authorization"));
        assertEquals("Transaction", body.path("notification_type").asText());
        assertEquals(MERCHANT, body.path("merchant_id").asText());
        assertTrue(body.has("store_id") && body.has("pos_id"), body.toString());
        assertEquals(data.path("paymentId").asText(), body.path("order_id").asText());
        assertEquals("pay_a_1", body.path("merchant_order_id").asText());
        assertEquals(Instant.ofEpochSecond(data.path("acceptedAt").asLong()).toString(), body.path("paid_at").asText());
        assertTrue(body.path("authorized_at").isTextual() && body.path("expires_at").isTextual(), body.toString());
        assertEquals("1200", body.path("order_amount").asText());
        assertEquals("COMPLETED", body.path("state").asText());
    }

    @Test
    void declining_fails_the_payment_and_notifies_kokin() throws Exception {
        String url = create("pay_a_1").path("data").path("url").asText();

        HttpResponse<String> declined = http.send(HttpRequest.newBuilder(URI.create(url + "/decline"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());

        assertEquals(303, declined.statusCode());
        assertEquals("FAILED", details("pay_a_1").path("data").path("status").asText());
        JsonNode body = JSON.readTree(webhooks.poll(5, TimeUnit.SECONDS).body());
        assertEquals("FAILED", body.path("state").asText());
        assertEquals("pay_a_1", body.path("merchant_order_id").asText());
    }

    @Test
    void a_payment_for_another_amount_is_reported_with_that_amount() throws Exception {
        create("pay_a_1");

        sim.payWithAmount("pay_a_1", 1000);

        assertEquals(1000, details("pay_a_1").path("data").path("amount").path("amount").asLong());
        assertEquals("1000", JSON.readTree(webhooks.poll(5, TimeUnit.SECONDS).body()).path("order_amount").asText());
    }

    @Test
    void faults_apply_to_the_api_not_to_the_page() throws Exception {
        String url = create("pay_a_1").path("data").path("url").asText();
        sim.failNext(1, 503);

        assertEquals(200, http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode());
        assertEquals(503, call("GET", "/v2/codes/payments/pay_a_1", null).statusCode());
        assertEquals(200, call("GET", "/v2/codes/payments/pay_a_1", null).statusCode());
    }

    @Test
    void settings_must_be_inline() {
        assertThrows(IllegalArgumentException.class, () -> PayPaySimulator.fromSettings(
                Map.of("apiKey", KEY, "apiSecret", "secretsmanager:kokin/paypay", "merchantId", MERCHANT), "", clock));
        assertThrows(IllegalArgumentException.class, () -> PayPaySimulator.fromSettings(
                Map.of("apiKey", KEY, "apiSecret", SECRET), "", clock));
    }

    // ---- refunds ----

    private static String refundBody(String merchantRefundId, String paymentId, long amount) {
        return """
                {"merchantRefundId":"%s","paymentId":"%s","amount":{"amount":%d,"currency":"JPY"},
                 "requestedAt":1700000000,"reason":"overpaid"}""".formatted(merchantRefundId, paymentId, amount);
    }

    @Test
    void refunds_a_completed_payment_in_parts_lists_them_in_its_details_and_refuses_more_than_remains() throws Exception {
        create("pay_refund_1");
        String paymentId = sim.pay("pay_refund_1");

        HttpResponse<String> first = call("POST", "/v2/refunds", refundBody("rfd_r_1", paymentId, 700));
        HttpResponse<String> tooMuch = call("POST", "/v2/refunds", refundBody("rfd_r_2", paymentId, 501));
        HttpResponse<String> rest = call("POST", "/v2/refunds", refundBody("rfd_r_3", paymentId, 500));
        HttpResponse<String> unknownPayment = call("POST", "/v2/refunds", refundBody("rfd_r_4", "00000000000000000001", 1));
        HttpResponse<String> neverSent = call("GET", "/v2/refunds/rfd_r_9", null);

        assertEquals(201, first.statusCode(), first.body());
        assertEquals("REFUNDED", JSON.readTree(first.body()).path("data").path("status").asText());
        assertEquals("INVALID_PARAMS", code(tooMuch));
        assertEquals(201, rest.statusCode(), rest.body());
        assertEquals("RESOURCE_NOT_FOUND", code(unknownPayment));
        assertEquals(404, neverSent.statusCode());
        JsonNode details = details("pay_refund_1").path("data");
        assertEquals("REFUNDED", details.path("status").asText());
        assertEquals(2, details.path("refunds").path("data").size());
        assertEquals("rfd_r_1", JSON.readTree(call("GET", "/v2/refunds/rfd_r_1", null).body()).path("data")
                .path("merchantRefundId").asText());
    }

    @Test
    void refuses_a_refund_after_day_365_and_the_next_refund_control_applies_once() throws Exception {
        create("pay_refund_2");
        String paymentId = sim.pay("pay_refund_2");
        sim.nextRefund(jp.kokin.simulators.Simulator.RefundBehaviour.CANNOT);

        assertEquals("REFUND_WINDOW_EXCEED", code(call("POST", "/v2/refunds", refundBody("rfd_s_1", paymentId, 100))));
        assertEquals(201, call("POST", "/v2/refunds", refundBody("rfd_s_2", paymentId, 100)).statusCode());
        clock.advance(Duration.ofDays(367));
        assertEquals("REFUND_WINDOW_EXCEED", code(call("POST", "/v2/refunds", refundBody("rfd_s_3", paymentId, 100))));
    }
}
