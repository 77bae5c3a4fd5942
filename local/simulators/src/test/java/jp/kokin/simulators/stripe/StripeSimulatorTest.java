package jp.kokin.simulators.stripe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import jp.kokin.simulators.SimulatorServer;

class StripeSimulatorTest {

    static final String KEY = "sk_test_51SimulatorKey0123456789";
    static final String WHSEC = "whsec_simulator_secret";
    static final Instant NOW = Instant.parse("2025-04-01T01:00:00Z");
    static final String PAYMENT = "pay_abcdefghijklmnopqrstuvwxyz_1";
    static final ObjectMapper JSON = new ObjectMapper();

    private final TestClock clock = new TestClock(NOW);
    private final WebhookReceiver kokin = new WebhookReceiver();
    private final StripeSimulator sim = StripeSimulator.fromSettings(
            Map.of("type", "stripe", "secretKey", KEY, "webhookSecret", List.of(WHSEC, "whsec_previous")), kokin.url(), clock);
    private final SimulatorServer server = SimulatorServer.start(sim);
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @AfterEach
    void stop() {
        server.close();
        kokin.close();
    }

    record Answer(int status, HttpResponse<String> response) {
        JsonNode json() throws Exception {
            return JSON.readTree(response.body());
        }

        String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }
    }

    Answer call(String method, String path, String form, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .method(method, form == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(form));
        if (form != null) {
            b.header("Content-Type", "application/x-www-form-urlencoded");
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r);
    }

    static String sessionForm(long expiresAt) {
        return "mode=payment"
                + "&line_items[0][price_data][currency]=jpy&line_items[0][price_data][unit_amount]=300"
                + "&line_items[0][price_data][product_data][name]=" + enc("住民票の写し") + "&line_items[0][quantity]=4"
                + "&payment_method_types[0]=card&payment_method_options[card][request_three_d_secure]=any"
                + "&client_reference_id=" + PAYMENT + "&metadata[kokin_payment_id]=" + PAYMENT
                + "&metadata[kokin_checkout_id]=chk_abcdefghijklmnopqrstuvwxyz"
                + "&success_url=" + enc("https://kokin.example.jp/pay/chk_x/return?payment=" + PAYMENT)
                + "&cancel_url=" + enc("https://kokin.example.jp/pay/chk_x/return?payment=" + PAYMENT)
                + "&expires_at=" + expiresAt + "&locale=ja";
    }

    static String enc(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    Answer create(String form, String idempotencyKey) throws Exception {
        return idempotencyKey == null
                ? call("POST", "/v1/checkout/sessions", form, "Authorization", "Bearer " + KEY)
                : call("POST", "/v1/checkout/sessions", form, "Authorization", "Bearer " + KEY, "Idempotency-Key", idempotencyKey);
    }

    static long inMinutes(long minutes) {
        return NOW.plus(Duration.ofMinutes(minutes)).getEpochSecond();
    }

    static String hmacHex(String secret, String signed) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
    }

    // ------------------------------------------------------------------ signature

    @Test
    void signs_like_stripe_the_brief_vector() {
        byte[] body = "{\"id\":\"evt_test\",\"type\":\"checkout.session.completed\"}".getBytes(StandardCharsets.UTF_8);
        assertEquals("715369d9e69ebcb0b7e62a81bd79bfd0825e4a0f25a4577924dd7017a7eac01e",
                StripeWebhookSigner.v1("whsec_test_secret", 1700000000L, body));
        assertEquals("t=1700000000,v1=715369d9e69ebcb0b7e62a81bd79bfd0825e4a0f25a4577924dd7017a7eac01e",
                StripeWebhookSigner.header("whsec_test_secret", 1700000000L, body));
    }

    // ------------------------------------------------------------------ authentication

    @Test
    void refuses_a_missing_or_wrong_key_with_a_stripe_error_and_accepts_basic_auth() throws Exception {
        Answer none = call("POST", "/v1/checkout/sessions", sessionForm(inMinutes(60)));
        assertEquals(401, none.status());
        assertEquals("invalid_request_error", none.json().path("error").path("type").asText());

        Answer wrong = call("POST", "/v1/checkout/sessions", sessionForm(inMinutes(60)),
                "Authorization", "Bearer sk_test_51SomebodyElse000000000");
        assertEquals(401, wrong.status());
        assertTrue(wrong.json().path("error").path("message").asText().startsWith("Invalid API Key provided"));
        assertFalse(wrong.response().body().contains("SomebodyElse000000000"), "the key is masked");
        assertTrue(sim.sessions().isEmpty());

        String basic = Base64.getEncoder().encodeToString((KEY + ":").getBytes(StandardCharsets.UTF_8));
        assertEquals(200, call("POST", "/v1/checkout/sessions", sessionForm(inMinutes(60)), "Authorization", "Basic " + basic).status());
    }

    // ------------------------------------------------------------------ create

    @Test
    void creates_a_stripe_shaped_open_session_whose_url_is_the_hosted_page() throws Exception {
        Answer a = create(sessionForm(inMinutes(60)), PAYMENT);

        assertEquals(200, a.status(), a.response().body());
        JsonNode s = a.json();
        assertEquals("checkout.session", s.path("object").asText());
        assertTrue(s.path("id").asText().startsWith("cs_test_"));
        assertEquals(server.baseUrl() + "/c/pay/" + s.path("id").asText(), s.path("url").asText());
        assertEquals("open", s.path("status").asText());
        assertEquals("unpaid", s.path("payment_status").asText());
        assertEquals(1200, s.path("amount_total").asLong());
        assertEquals("jpy", s.path("currency").asText());
        assertEquals(PAYMENT, s.path("client_reference_id").asText());
        assertEquals(PAYMENT, s.path("metadata").path("kokin_payment_id").asText());
        assertEquals(inMinutes(60), s.path("expires_at").asLong());
        assertEquals(NOW.getEpochSecond(), s.path("created").asLong());
        assertEquals("any", s.path("payment_method_options").path("card").path("request_three_d_secure").asText());
        assertEquals("card", s.path("payment_method_types").path(0).asText());
        assertTrue(s.path("payment_intent").isNull());

        var session = sim.session(PAYMENT).orElseThrow();
        assertEquals(List.of(new StripeSimulator.LineItem("住民票の写し", "jpy", 300, 4)), session.lineItems());
        assertEquals("ja", session.locale());
    }

    @Test
    void defaults_to_24_hours_and_validates_expires_at_amount_currency_and_parameters_like_stripe() throws Exception {
        String base = sessionForm(inMinutes(60));
        assertEquals(NOW.plus(Duration.ofHours(24)).getEpochSecond(),
                create(base.replace("&expires_at=" + inMinutes(60), ""), null).json().path("expires_at").asLong());

        Answer tooSoon = create(sessionForm(inMinutes(29)), null);
        assertEquals(400, tooSoon.status());
        assertEquals("expires_at", tooSoon.json().path("error").path("param").asText());
        assertEquals(200, create(sessionForm(inMinutes(30)), null).status());
        assertEquals(200, create(sessionForm(inMinutes(24 * 60)), null).status());
        assertEquals("expires_at", create(sessionForm(inMinutes(24 * 60 + 1)), null).json().path("error").path("param").asText());

        Answer small = create(base.replace("unit_amount]=300", "unit_amount]=10"), null);
        assertEquals(400, small.status());
        assertEquals("amount_too_small", small.json().path("error").path("code").asText());
        assertEquals(400, create(base.replace("unit_amount]=300", "unit_amount]=3.5"), null).status());
        assertEquals(400, create(base.replace("currency]=jpy", "currency]=yen"), null).status());
        assertEquals(400, create(base.replace("request_three_d_secure]=any", "request_three_d_secure]=always"), null).status());
        Answer unknown = create(base + "&payment_method_option[card]=x", null);
        assertEquals("Received unknown parameter: payment_method_option", unknown.json().path("error").path("message").asText());
        assertEquals(400, create(base.replace("success_url=https", "success_url=ftp"), null).status());
        assertEquals(400, create(base.replace("payment_method_types[0]=card", "payment_method_types[0]=paypay"), null).status());
    }

    // ------------------------------------------------------------------ idempotency

    @Test
    void the_same_idempotency_key_and_parameters_return_the_same_session() throws Exception {
        Answer first = create(sessionForm(inMinutes(60)), PAYMENT);
        Answer again = create(sessionForm(inMinutes(60)), PAYMENT);

        assertEquals(first.json().path("id"), again.json().path("id"));
        assertEquals("true", again.header("Idempotent-Replayed"));
        assertEquals(1, sim.sessions().size());
    }

    @Test
    void the_same_key_with_other_parameters_is_an_idempotency_error() throws Exception {
        create(sessionForm(inMinutes(60)), PAYMENT);
        Answer other = create(sessionForm(inMinutes(61)), PAYMENT);

        assertEquals(400, other.status());
        assertEquals("idempotency_error", other.json().path("error").path("type").asText());
        assertEquals(1, sim.sessions().size());
    }

    @Test
    void a_request_refused_by_validation_is_not_remembered_under_its_key() throws Exception {
        assertEquals(400, create(sessionForm(inMinutes(10)), PAYMENT).status());
        assertEquals(200, create(sessionForm(inMinutes(60)), PAYMENT).status());
    }

    // ------------------------------------------------------------------ retrieve and expire

    @Test
    void retrieves_a_session_expands_its_payment_intent_and_answers_404_for_an_unknown_one() throws Exception {
        String id = create(sessionForm(inMinutes(60)), null).json().path("id").asText();
        sim.pay(PAYMENT);

        Answer plain = call("GET", "/v1/checkout/sessions/" + id, null, "Authorization", "Bearer " + KEY);
        assertEquals("complete", plain.json().path("status").asText());
        assertEquals("paid", plain.json().path("payment_status").asText());
        assertTrue(plain.json().path("payment_intent").asText().startsWith("pi_"));
        assertTrue(plain.json().path("url").isNull());

        Answer expanded = call("GET", "/v1/checkout/sessions/" + id + "?expand%5B%5D=payment_intent", null,
                "Authorization", "Bearer " + KEY);
        assertEquals(NOW.getEpochSecond(), expanded.json().path("payment_intent").path("created").asLong());

        Answer missing = call("GET", "/v1/checkout/sessions/cs_test_nope", null, "Authorization", "Bearer " + KEY);
        assertEquals(404, missing.status());
        assertEquals("resource_missing", missing.json().path("error").path("code").asText());
    }

    @Test
    void expires_an_open_session_once_and_posts_the_event() throws Exception {
        String id = create(sessionForm(inMinutes(60)), null).json().path("id").asText();

        Answer expired = call("POST", "/v1/checkout/sessions/" + id + "/expire", null, "Authorization", "Bearer " + KEY);
        assertEquals(200, expired.status());
        assertEquals("expired", expired.json().path("status").asText());
        assertEquals("checkout.session.expired", JSON.readTree(kokin.next().body()).path("type").asText());

        Answer again = call("POST", "/v1/checkout/sessions/" + id + "/expire", null, "Authorization", "Bearer " + KEY);
        assertEquals(400, again.status());
        assertTrue(again.json().path("error").path("message").asText().contains("`expired`"));
    }

    @Test
    void a_session_past_expires_at_expires_when_touched_and_posts_the_event() throws Exception {
        String id = create(sessionForm(inMinutes(30)), null).json().path("id").asText();
        clock.advance(Duration.ofMinutes(30));

        Answer got = call("GET", "/v1/checkout/sessions/" + id, null, "Authorization", "Bearer " + KEY);
        assertEquals("expired", got.json().path("status").asText());
        JsonNode event = JSON.readTree(kokin.next().body());
        assertEquals("checkout.session.expired", event.path("type").asText());
        assertEquals(PAYMENT, event.path("data").path("object").path("client_reference_id").asText());
        assertThrows(IllegalStateException.class, () -> sim.pay(PAYMENT));
    }

    // ------------------------------------------------------------------ hosted page

    @Test
    void the_hosted_page_shows_the_amount_and_3ds_and_a_decline_keeps_the_session_open() throws Exception {
        JsonNode created = create(sessionForm(inMinutes(60)), null).json();
        String page = created.path("url").asText().substring(server.baseUrl().length());

        Answer shown = call("GET", page, null);
        assertEquals(200, shown.status());
        assertTrue(shown.response().body().contains("¥1,200"), shown.response().body());
        assertTrue(shown.response().body().contains("3-D Secure"));

        Answer declined = call("POST", page, "action=decline");
        assertEquals(303, declined.status());
        assertEquals(created.path("url").asText(), declined.header("Location"));
        assertTrue(call("GET", page, null).response().body().contains("card_declined"));
        assertEquals("open", sim.session(PAYMENT).orElseThrow().status());

        call("POST", page, "action=3ds_fail");
        assertTrue(call("GET", page, null).response().body().contains("payment_intent_authentication_failure"));
        assertEquals("open", sim.session(PAYMENT).orElseThrow().status());

        Answer paid = call("POST", page, "action=pay");
        assertEquals(303, paid.status());
        assertEquals("https://kokin.example.jp/pay/chk_x/return?payment=" + PAYMENT, paid.header("Location"));
        WebhookReceiver.Received event = kokin.next();
        assertEquals("checkout.session.completed", JSON.readTree(event.body()).path("type").asText());
        assertEquals(0, kokin.pending(), "a decline or a failed authentication posts nothing");
        assertTrue(call("GET", page, null).response().body().contains("完了"));
    }

    @Test
    void paying_posts_a_completed_event_signed_with_the_current_secret() throws Exception {
        create(sessionForm(inMinutes(60)), null);

        sim.pay(PAYMENT);

        WebhookReceiver.Received received = kokin.next();
        assertTrue(received.headers().get("content-type").startsWith("application/json"));
        String header = received.headers().get("stripe-signature");
        String t = header.substring(2, header.indexOf(','));
        assertEquals(Long.toString(NOW.getEpochSecond()), t);
        assertEquals("v1=" + hmacHex(WHSEC, t + "." + received.body()), header.substring(header.indexOf(',') + 1));
        JsonNode event = JSON.readTree(received.body());
        assertTrue(event.path("id").asText().startsWith("evt_"));
        assertEquals("event", event.path("object").asText());
        assertEquals(NOW.getEpochSecond(), event.path("created").asLong());
        JsonNode session = event.path("data").path("object");
        assertEquals("complete", session.path("status").asText());
        assertEquals("paid", session.path("payment_status").asText());
        assertEquals(1200, session.path("amount_total").asLong());
        assertEquals(PAYMENT, session.path("client_reference_id").asText());
    }

    @Test
    void pay_with_amount_reports_another_amount() throws Exception {
        create(sessionForm(inMinutes(60)), null);

        assertEquals(1, sim.payWithAmount(PAYMENT, 1).amountTotal());
        assertEquals(1, JSON.readTree(kokin.next().body()).path("data").path("object").path("amount_total").asLong());
    }

    @Test
    void fault_injection_answers_api_calls_only() throws Exception {
        JsonNode created = create(sessionForm(inMinutes(60)), null).json();
        sim.failNext(1, 503);

        assertEquals(503, call("GET", "/v1/checkout/sessions/" + created.path("id").asText(), null, "Authorization", "Bearer " + KEY).status());
        assertEquals(200, call("GET", created.path("url").asText().substring(server.baseUrl().length()), null).status());
    }

    @Test
    void mounted_below_a_path_the_session_url_keeps_the_mount() throws Exception {
        HttpServer mounted = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        mounted.createContext("/_sim/stripe", sim);
        mounted.start();
        try {
            String base = "http://127.0.0.1:" + mounted.getAddress().getPort() + "/_sim/stripe";
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/checkout/sessions"))
                    .header("Authorization", "Bearer " + KEY).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(sessionForm(inMinutes(60)))).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode s = JSON.readTree(r.body());
            assertEquals(base + "/c/pay/" + s.path("id").asText(), s.path("url").asText());
            assertEquals(200, http.send(HttpRequest.newBuilder(URI.create(s.path("url").asText())).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());
        } finally {
            mounted.stop(0);
        }
    }

    // ------------------------------------------------------------------ refunds

    private String paidIntent() throws Exception {
        create(sessionForm(inMinutes(60)), null);
        return sim.pay(PAYMENT).paymentIntent();
    }

    Answer refund(String form, String idempotencyKey) throws Exception {
        return call("POST", "/v1/refunds", form, "Authorization", "Bearer " + KEY, "Idempotency-Key", idempotencyKey);
    }

    @Test
    void refunds_a_paid_intent_in_parts_up_to_what_was_paid_and_replays_a_repeated_key() throws Exception {
        String pi = paidIntent();

        Answer first = refund("payment_intent=" + pi + "&amount=700&metadata[kokin_refund_id]=rfd_a_1", "rfd_a_1");
        Answer replay = refund("payment_intent=" + pi + "&amount=700&metadata[kokin_refund_id]=rfd_a_1", "rfd_a_1");
        Answer second = refund("payment_intent=" + pi + "&amount=300", "rfd_a_2");
        Answer tooMuch = refund("payment_intent=" + pi + "&amount=201", "rfd_a_3");
        Answer rest = refund("payment_intent=" + pi, "rfd_a_4");
        Answer more = refund("payment_intent=" + pi + "&amount=1", "rfd_a_5");

        assertEquals(200, first.status());
        assertEquals("succeeded", first.json().path("status").asText());
        assertEquals("rfd_a_1", first.json().path("metadata").path("kokin_refund_id").asText());
        assertEquals(first.json().path("id").asText(), replay.json().path("id").asText());
        assertEquals("true", replay.header("Idempotent-Replayed"));
        assertEquals(200, second.status());
        assertEquals("amount_too_large", tooMuch.json().path("error").path("code").asText());
        assertEquals(200, rest.json().path("amount").asLong());
        assertEquals("charge_already_refunded", more.json().path("error").path("code").asText());
        assertEquals(1200, sim.refunded(PAYMENT));
        Answer list = call("GET", "/v1/refunds?payment_intent=" + pi + "&limit=100", null, "Authorization", "Bearer " + KEY);
        assertEquals(3, list.json().path("data").size());
    }

    @Test
    void the_http_test_control_forces_the_next_refund_only() throws Exception {
        String pi = paidIntent();
        var control = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/_control/next-refund?behaviour=cannot"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        var wrong = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/_control/next-refund?behaviour=maybe"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());

        Answer refused = refund("payment_intent=" + pi + "&amount=100", "rfd_b_1");
        Answer next = refund("payment_intent=" + pi + "&amount=100", "rfd_b_2");

        assertEquals(204, control.statusCode());
        assertEquals(400, wrong.statusCode());
        assertEquals("charge_expired_for_refund", refused.json().path("error").path("code").asText());
        assertEquals("succeeded", next.json().path("status").asText());
    }

    @Test
    void a_forced_failure_answers_a_failed_refund_and_posts_a_signed_refund_failed_event() throws Exception {
        String pi = paidIntent();
        sim.nextRefund(jp.kokin.simulators.Simulator.RefundBehaviour.FAIL);

        Answer failed = refund("payment_intent=" + pi + "&amount=100&metadata[kokin_refund_id]=rfd_c_1", "rfd_c_1");

        assertEquals("failed", failed.json().path("status").asText());
        assertEquals("declined", failed.json().path("failure_reason").asText());
        var sent = sim.awaitSent(l -> l.stream().anyMatch(x -> new String(x.body(), StandardCharsets.UTF_8)
                .contains("refund.failed")), Duration.ofSeconds(10));
        var event = sent.stream().filter(x -> new String(x.body(), StandardCharsets.UTF_8).contains("refund.failed"))
                .findFirst().orElseThrow();
        String header = event.headers().get("Stripe-Signature");
        long t = Long.parseLong(header.substring(2, header.indexOf(',')));
        assertEquals(hmacHex(WHSEC, t + "." + new String(event.body(), StandardCharsets.UTF_8)),
                header.substring(header.indexOf("v1=") + 3));
    }
}
