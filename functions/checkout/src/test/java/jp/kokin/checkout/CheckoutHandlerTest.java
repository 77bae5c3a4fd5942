package jp.kokin.checkout;

import static jp.kokin.domain.checkout.TestCatalogs.CHIYODA;
import static jp.kokin.domain.checkout.TestCatalogs.RETURN_URL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;

import jp.kokin.adapters.json.Json;
import jp.kokin.adapters.testing.HttpEvents;
import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.checkout.CheckoutIds;
import jp.kokin.domain.checkout.CheckoutStatus;
import jp.kokin.domain.checkout.ConfirmPayment;
import jp.kokin.domain.checkout.InMemoryCheckoutRepository;
import jp.kokin.domain.checkout.PaymentMethod;
import jp.kokin.domain.checkout.PaymentStatus;
import jp.kokin.domain.checkout.RecordingPaymentProvider;
import jp.kokin.domain.checkout.TestCatalogs;
import jp.kokin.domain.checkout.TestCheckouts;
import jp.kokin.domain.checkout.TestClock;
import jp.kokin.domain.provider.PaymentProvider;
import jp.kokin.domain.provider.ProviderStatus;
import jp.kokin.domain.provider.Providers;
import jp.kokin.domain.receipt.Receipt;
import jp.kokin.domain.receipt.RecordingReceiptDue;

/**
 * {@code CheckoutFunction} over fakes: every outcome of its use cases becomes the status, problem
 * code or page that the portals and citizens see.
 */
class CheckoutHandlerTest {
    private static final String PORTAL_KEY = "myna-key";
    private static final String SHINJUKU_KEY = "shinjuku-key";

    private final TestClock clock = new TestClock(TestCheckouts.CREATED_AT);
    private final InMemoryCheckoutRepository checkouts = new InMemoryCheckoutRepository();
    private final Map<String, Receipt> receipts = new HashMap<>();
    private final RecordingPaymentProvider sandbox = new RecordingPaymentProvider("sandbox");
    private final RecordingReceiptDue receiptDue = new RecordingReceiptDue();
    private final Providers providers = new Providers() {
        @Override
        public Optional<PaymentProvider> forMethod(String organizationCode, PaymentMethod method) {
            return Optional.of(sandbox);
        }

        @Override
        public Optional<PaymentProvider> named(String name) {
            return name.equals("sandbox") ? Optional.of(sandbox) : Optional.empty();
        }
    };
    private final CheckoutHandler handler = new CheckoutHandler(new CheckoutWiring(TestCatalogs::standard, checkouts,
            number -> Optional.ofNullable(receipts.get(number)), providers, receiptDue, "https://pay.example.jp", clock));

    private static String juminhyo(int quantity) {
        return """
                {"organizationCode":"131016","items":[{"procedureCode":"juminhyo","quantity":%d}],
                 "reference":"APP-2026-0001","returnUrl":"%s"}""".formatted(quantity, RETURN_URL);
    }

    private APIGatewayV2HTTPResponse send(APIGatewayV2HTTPEvent event) {
        return handler.handleRequest(event, null);
    }

    private static JsonNode json(APIGatewayV2HTTPResponse r) {
        return Json.parse(r.getBody());
    }

    private static void assertProblem(int status, String code, APIGatewayV2HTTPResponse r) {
        assertEquals(status, r.getStatusCode(), r.getBody());
        assertEquals("application/problem+json", r.getHeaders().get("content-type"));
        assertEquals(code, json(r).path("code").asText(), r.getBody());
    }

    private static void assertPage(int status, String text, APIGatewayV2HTTPResponse r) {
        assertEquals(status, r.getStatusCode(), r.getBody());
        assertTrue(r.getHeaders().get("content-type").startsWith("text/html"), r.getHeaders().toString());
        assertTrue(r.getBody().contains(text), text + " not in " + r.getBody());
    }

    private String create() {
        var r = send(HttpEvents.createCheckout(PORTAL_KEY, juminhyo(1)));
        assertEquals(201, r.getStatusCode(), r.getBody());
        return json(r).path("id").asText();
    }

    private APIGatewayV2HTTPResponse choose(String id, String form) {
        return send(HttpEvents.route("POST /pay/{id}").path("id", id).form(form).build());
    }

    private APIGatewayV2HTTPResponse returnPage(String id, String paymentId) {
        return send(HttpEvents.route("GET /pay/{id}/return").path("id", id).query("payment", paymentId).build());
    }

    // --- the portals' API ---

    @Test
    void a_created_checkout_is_201_with_its_location_and_a_replay_is_200_marked_replayed() {
        var created = send(HttpEvents.route("POST /v1/checkouts").bearer(PORTAL_KEY).header("idempotency-key", "k-1")
                .json(juminhyo(1)).build());
        String id = json(created).path("id").asText();
        assertEquals(201, created.getStatusCode(), created.getBody());
        assertEquals("/v1/checkouts/" + id, created.getHeaders().get("location"));
        assertEquals(300, json(created).path("amount").asLong());

        var replayed = send(HttpEvents.route("POST /v1/checkouts").bearer(PORTAL_KEY).header("idempotency-key", "k-1")
                .json(juminhyo(1)).build());

        assertEquals(200, replayed.getStatusCode(), replayed.getBody());
        assertEquals("true", replayed.getHeaders().get("idempotent-replayed"));
        assertEquals(id, json(replayed).path("id").asText());
        assertEquals(1, checkouts.checkoutCount());
    }

    @Test
    void a_refused_creation_is_answered_with_the_rejections_problem() {
        send(HttpEvents.route("POST /v1/checkouts").bearer(PORTAL_KEY).header("idempotency-key", "k-2").json(juminhyo(1)).build());
        assertProblem(409, "idempotency_key_reused", send(HttpEvents.route("POST /v1/checkouts").bearer(PORTAL_KEY)
                .header("idempotency-key", "k-2").json(juminhyo(2)).build()));
        assertProblem(422, "unknown_organization", send(HttpEvents.createCheckout(PORTAL_KEY,
                juminhyo(1).replace("131016", "131032"))));
        assertProblem(422, "unknown_organization", send(HttpEvents.createCheckout(SHINJUKU_KEY, juminhyo(1))));
        assertProblem(403, "forbidden", send(HttpEvents.createCheckout("operator-key", juminhyo(1))));
    }

    @Test
    void a_request_that_cannot_be_parsed_is_refused_before_any_use_case() {
        assertProblem(401, "unauthorized", send(HttpEvents.route("POST /v1/checkouts").json(juminhyo(1)).build()));
        assertProblem(415, "unsupported_media_type", send(HttpEvents.route("POST /v1/checkouts").bearer(PORTAL_KEY)
                .header("content-type", "text/plain").build()));
        assertProblem(400, "invalid_request", send(HttpEvents.route("POST /v1/checkouts").bearer(PORTAL_KEY)
                .header("idempotency-key", "k".repeat(CreateRequest.MAX_IDEMPOTENCY_KEY + 1)).json(juminhyo(1)).build()));
        var invalid = send(HttpEvents.createCheckout(PORTAL_KEY, juminhyo(0)));
        assertProblem(400, "invalid_request", invalid);
        assertEquals("items[0].quantity", json(invalid).path("errors").get(0).path("field").asText());
        assertProblem(400, "invalid_request", send(HttpEvents.createCheckout(PORTAL_KEY, "{not json")));
        assertEquals(0, checkouts.checkoutCount());
    }

    @Test
    void a_checkout_is_shown_to_the_keys_that_see_it_and_is_404_to_the_others() {
        String id = create();
        var mine = send(HttpEvents.route("GET /v1/checkouts/{id}").path("id", id).bearer(PORTAL_KEY).build());
        assertEquals(200, mine.getStatusCode());
        assertEquals("created", json(mine).path("status").asText());
        assertProblem(404, "not_found", send(HttpEvents.route("GET /v1/checkouts/{id}").path("id", id).bearer(SHINJUKU_KEY).build()));
        assertProblem(404, "not_found", send(HttpEvents.route("GET /v1/checkouts/{id}").path("id", "chk_x").bearer(PORTAL_KEY).build()));
    }

    @Test
    void a_cancel_is_200_with_the_canceled_checkout_and_409_once_an_attempt_is_under_way() {
        String id = create();
        var canceled = send(HttpEvents.route("POST /v1/checkouts/{id}/cancel").path("id", id).bearer(PORTAL_KEY).build());
        assertEquals(200, canceled.getStatusCode(), canceled.getBody());
        assertEquals("canceled", json(canceled).path("status").asText());
        assertProblem(404, "not_found", send(HttpEvents.route("POST /v1/checkouts/{id}/cancel").path("id", id)
                .bearer(SHINJUKU_KEY).build()));

        String started = create();
        choose(started, "method=card");
        assertProblem(409, "checkout_not_cancelable", send(HttpEvents.route("POST /v1/checkouts/{id}/cancel")
                .path("id", started).bearer(PORTAL_KEY).build()));
    }

    @Test
    void a_receipt_is_shown_to_the_keys_that_see_its_checkout_and_on_its_page_with_its_token() {
        Checkout paid = TestCheckouts.paid(TestCheckouts.created(), TestCheckouts.CREATED_AT.plusSeconds(60));
        checkouts.put(paid);
        String number = "131016-2026-0000001";
        Receipt receipt = new Receipt(number, paid.id(), CHIYODA, paid.reference(), paid.amount(), paid.items(),
                paid.paidAt(), paid.paidAt(), "a".repeat(Receipt.TOKEN_LENGTH));
        receipts.put(number, receipt);

        var api = send(HttpEvents.route("GET /v1/receipts/{number}").path("number", number).bearer(PORTAL_KEY).build());
        assertEquals(200, api.getStatusCode(), api.getBody());
        assertEquals(number, json(api).path("number").asText());
        assertProblem(404, "not_found", send(HttpEvents.route("GET /v1/receipts/{number}").path("number", number)
                .bearer(SHINJUKU_KEY).build()));
        assertProblem(404, "not_found", send(HttpEvents.route("GET /v1/receipts/{number}").path("number", "../x")
                .bearer(PORTAL_KEY).build()));

        assertPage(200, "領収書", send(HttpEvents.route("GET /receipts/{number}/{token}").path("number", number)
                .path("token", receipt.token()).build()));
        assertPage(404, "", send(HttpEvents.route("GET /receipts/{number}/{token}").path("number", number)
                .path("token", "b".repeat(Receipt.TOKEN_LENGTH)).build()));
    }

    @Test
    void an_unknown_route_is_a_404_problem() {
        assertProblem(404, "not_found", send(HttpEvents.route("GET /v1/nothing").bearer(PORTAL_KEY).build()));
    }

    // --- the citizens' pages ---

    @Test
    void the_payment_page_offers_the_methods_and_an_unknown_checkout_is_a_404_page() {
        assertPage(200, "name=\"method\"", send(HttpEvents.route("GET /pay/{id}").path("id", create()).build()));
        assertPage(404, "", send(HttpEvents.route("GET /pay/{id}").path("id", CheckoutIds.newCheckoutId()).build()));
        assertPage(404, "", choose(CheckoutIds.newCheckoutId(), "method=card"));
        assertPage(404, "", returnPage(CheckoutIds.newCheckoutId(), "pay_x"));
    }

    @Test
    void choosing_a_method_sends_the_citizen_to_the_provider() {
        String id = create();

        var r = choose(id, "method=card");

        String paymentId = CheckoutIds.paymentId(id, 1);
        assertEquals(303, r.getStatusCode(), r.getBody());
        assertEquals(sandbox.redirectUrl(paymentId), r.getHeaders().get("location"));
        assertEquals("https://pay.example.jp/pay/" + id + "/return?payment=" + paymentId,
                sandbox.started.getFirst().returnUrl());
        assertEquals(CheckoutStatus.PENDING, checkouts.stored(id).status());
    }

    @Test
    void a_start_that_is_refused_or_cannot_reach_the_provider_shows_the_page_again_with_why() {
        String id = create();
        assertPage(400, "お支払い方法を選んでください。", choose(id, "method=cash"));

        sandbox.down();
        assertPage(503, "お支払い事業者に接続できませんでした。", choose(id, "method=card"));
        assertEquals(PaymentStatus.FAILED, checkouts.stored(id).payments().getFirst().status());

        sandbox.up();
        for (int i = 1; i < Checkout.MAX_ATTEMPTS; i++) {
            choose(id, "method=card");
        }
        assertPage(409, "試行回数が上限に達しました。", choose(id, "method=card"));

        var cardOnly = send(HttpEvents.createCheckout(PORTAL_KEY, juminhyo(1).replace("\"reference\"", "\"methods\":[\"card\"],\"reference\"")));
        assertPage(409, "この支払いではその方法は使えません。", choose(json(cardOnly).path("id").asText(), "method=paypay"));

        String expired = create();
        clock.advance(Duration.ofHours(2));
        assertPage(409, "お支払いの期限が過ぎました", choose(expired, "method=card"));
    }

    @Test
    void the_return_page_confirms_with_the_provider_and_the_receipt_is_due_once() {
        String id = create();
        choose(id, "method=card");
        String paymentId = CheckoutIds.paymentId(id, 1);
        sandbox.knows(paymentId, new ProviderStatus.Succeeded(300, clock.instant()));

        assertPage(200, "お支払いが完了しました", returnPage(id, paymentId));
        assertEquals(CheckoutStatus.PAID, checkouts.stored(id).status());
        assertEquals(List.of(id), receiptDue.due());

        clock.advance(ConfirmPayment.QUERY_INTERVAL);
        returnPage(id, paymentId); // reloaded: already paid, nobody is asked, nothing more is due
        assertEquals(List.of(paymentId), sandbox.queried);
        assertEquals(List.of(id), receiptDue.due());
    }

    @Test
    void the_return_page_shows_confirming_while_the_provider_says_pending_or_was_asked_a_moment_ago() {
        String id = create();
        choose(id, "method=card");
        String paymentId = CheckoutIds.paymentId(id, 1);

        assertPage(200, "お支払いを確認しています", returnPage(id, paymentId));
        sandbox.knows(paymentId, new ProviderStatus.Succeeded(300, clock.instant()));
        assertPage(200, "お支払いを確認しています", returnPage(id, paymentId)); // asked_recently: not asked again

        assertEquals(List.of(paymentId), sandbox.queried);
        assertEquals(List.of(), receiptDue.due());
        sandbox.down();
        clock.advance(ConfirmPayment.QUERY_INTERVAL);
        assertPage(200, "お支払いを確認しています", returnPage(id, paymentId)); // provider_unavailable
        assertFalse(checkouts.stored(id).status() == CheckoutStatus.PAID);
    }

    @Test
    void a_checkout_expires_by_the_clock_of_its_wiring() {
        String id = create();
        assertEquals(TestCheckouts.CREATED_AT.plus(Duration.ofMinutes(60)),
                Instant.parse(json(send(HttpEvents.route("GET /v1/checkouts/{id}").path("id", id).bearer(PORTAL_KEY).build()))
                        .path("expiresAt").asText()));
    }
}
