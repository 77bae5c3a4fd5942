package jp.kokin.checkout;

import jp.kokin.adapters.testing.HttpEvents;

import static jp.kokin.adapters.testing.TestCatalog.PORTAL_KEY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import jp.kokin.adapters.json.Json;
import jp.kokin.adapters.queue.QueuedReceiptDue;
import jp.kokin.adapters.testing.TestAws;

/** The citizen's hosted payment page, through {@code CheckoutFunction} against DynamoDB Local. */
class PaymentPageIT {
    private TestAws aws;
    private CheckoutHandler handler;

    @BeforeEach
    void freshPlatform() {
        aws = TestAws.create();
        handler = new CheckoutHandler(CheckoutWiring.fromEnv(aws.env("CheckoutFunction")));
    }

    private String create(CheckoutHandler via, String json) {
        var r = via.handleRequest(HttpEvents.createCheckout(PORTAL_KEY, json), null);
        assertEquals(201, r.getStatusCode(), r.getBody());
        return Json.parse(r.getBody()).path("id").asText();
    }

    private static APIGatewayV2HTTPResponse page(CheckoutHandler via, String id) {
        return via.handleRequest(HttpEvents.route("GET /pay/{id}").path("id", id).build(), null);
    }

    private static APIGatewayV2HTTPResponse choose(CheckoutHandler via, String id, String form) {
        return via.handleRequest(HttpEvents.route("POST /pay/{id}").path("id", id).form(form).build(), null);
    }

    private static void assertHtml(int status, APIGatewayV2HTTPResponse r) {
        assertEquals(status, r.getStatusCode(), r.getBody());
        assertEquals("text/html; charset=utf-8", r.getHeaders().get("content-type"));
        assertTrue(r.getHeaders().get("content-security-policy").contains("frame-ancestors 'none'"));
    }

    @Test
    void thePageIsJapaneseAndListsEveryOfferedMethodWithALabel() {
        String id = create(handler, CheckoutApiIT.juminhyo(2));

        var r = page(handler, id);

        assertHtml(200, r);
        String html = r.getBody();
        assertTrue(html.contains("<html lang=\"ja\">"), html);
        assertTrue(html.contains("手数料のお支払い") && html.contains("千代田区") && html.contains("600円"), html);
        for (String method : new String[] {"paypay", "dpay", "aupay", "card"}) {
            assertTrue(html.contains("<label><input type=\"radio\" name=\"method\" required value=\"" + method + "\">"), method);
        }
        assertTrue(html.contains("<legend>"), "the radio group has a legend");
    }

    @Test
    void with_the_sandbox_disabled_the_methods_the_catalog_maps_to_the_sandbox_are_not_offered() {
        var env = new java.util.LinkedHashMap<>(aws.env("CheckoutFunction"));
        env.put("SANDBOX_ENABLED", "false");
        CheckoutHandler production = new CheckoutHandler(CheckoutWiring.fromEnv(env));
        String id = create(production, CheckoutApiIT.juminhyo(1)); // the test catalog has only the sandbox account

        String html = page(production, id).getBody();
        for (String method : new String[] {"paypay", "dpay", "aupay", "card"}) {
            assertFalse(html.contains("value=\"" + method + "\""), method + " offered: " + html);
        }
        var chosen = choose(production, id, "method=card");
        assertFalse(chosen.getStatusCode() == 303, "no redirect to the sandbox page");
        assertEquals(0, aws.ledger().find(id).orElseThrow().payments().size(), "no attempt was started");
    }

    @Test
    void aCheckoutInEnglishGetsAnEnglishPageWithOnlyItsMethods() {
        String id = create(handler, CheckoutApiIT.passport());

        var r = page(handler, id);

        assertHtml(200, r);
        String html = r.getBody();
        assertTrue(html.contains("<html lang=\"en\">") && html.contains("Pay your fee") && html.contains("¥16,000"), html);
        assertTrue(html.contains("value=\"paypay\"") && html.contains("value=\"card\""), html);
        assertFalse(html.contains("value=\"dpay\"") || html.contains("value=\"aupay\""), html);
    }

    @Test
    void choosingAMethodStartsAPaymentAndRedirectsToTheProvider() {
        String id = create(handler, CheckoutApiIT.juminhyo(1));

        var r = choose(handler, id, "method=paypay");

        assertEquals(303, r.getStatusCode(), r.getBody());
        assertTrue(r.getHeaders().get("location").startsWith(aws.publicBaseUrl() + "/sandbox/checkout/"), r.getHeaders().toString());
        var stored = aws.ledger().find(id).orElseThrow();
        assertEquals("pending", stored.status().wire());
        assertEquals(1, stored.payments().size());
        assertEquals("paypay", stored.payments().getFirst().method().wire());
        assertTrue(stored.payments().getFirst().providerPaymentId() != null);
    }

    @Test
    void choosingAnotherMethodCancelsTheAttemptStillPending() {
        String id = create(handler, CheckoutApiIT.juminhyo(1));
        choose(handler, id, "method=paypay");

        var r = choose(handler, id, "method=card");

        assertEquals(303, r.getStatusCode(), r.getBody());
        var stored = aws.ledger().find(id).orElseThrow();
        assertEquals(2, stored.payments().size());
        assertEquals("canceled", stored.payments().get(0).status().wire());
        assertEquals("pending", stored.payments().get(1).status().wire());
    }

    @Test
    void noMethodOrAMethodNotOfferedShowsThePageAgainWithAnError() {
        String id = create(handler, CheckoutApiIT.passport());

        var none = choose(handler, id, "");
        assertHtml(400, none);
        assertTrue(none.getBody().contains("role=\"alert\"") && none.getBody().contains("Please choose a payment method."), none.getBody());

        var unknown = choose(handler, id, "method=bitcoin");
        assertHtml(400, unknown);

        var notOffered = choose(handler, id, "method=dpay");
        assertEquals(409, notOffered.getStatusCode(), notOffered.getBody());
        assertTrue(notOffered.getBody().contains("That method is not available"), notOffered.getBody());
        assertTrue(aws.ledger().find(id).orElseThrow().payments().isEmpty(), "no payment was started");
    }

    @Test
    void anExpiredCheckoutSaysSoAndCannotBePaid() {
        Instant created = Instant.now();
        Clock atCreation = Clock.fixed(created, ZoneOffset.UTC);
        Clock sixMinutesLater = Clock.offset(atCreation, Duration.ofMinutes(6));
        CheckoutHandler then = new CheckoutHandler(new CheckoutWiring(aws.catalog(atCreation), aws.ledger(), aws.ledger(),
                aws.providers(atCreation), new QueuedReceiptDue(aws.receiptQueue()), aws.publicBaseUrl(), atCreation));
        CheckoutHandler later = new CheckoutHandler(new CheckoutWiring(aws.catalog(sixMinutesLater), aws.ledger(), aws.ledger(),
                aws.providers(sixMinutesLater), new QueuedReceiptDue(aws.receiptQueue()), aws.publicBaseUrl(), sixMinutesLater));
        String id = create(then, CheckoutApiIT.juminhyo(1).replace("\"reference\"", "\"expiresInMinutes\":5,\"reference\""));
        assertTrue(page(then, id).getBody().contains("name=\"method\""), "payable while it lasts");

        var r = page(later, id);

        assertHtml(200, r);
        assertTrue(r.getBody().contains("お支払いの期限が過ぎました"), r.getBody());
        assertFalse(r.getBody().contains("name=\"method\""), "no form on an expired checkout");
        var post = choose(later, id, "method=paypay");
        assertFalse(post.getStatusCode() == 303, post.getBody());
        assertTrue(post.getStatusCode() >= 400 && post.getStatusCode() < 500, post.getBody());
        assertTrue(aws.ledger().find(id).orElseThrow().payments().isEmpty(), "no payment was created");
        var api = later.handleRequest(HttpEvents.route("GET /v1/checkouts/{id}").path("id", id).bearer(PORTAL_KEY).build(), null);
        assertEquals("expired", Json.parse(api.getBody()).path("status").asText());
    }

    @Test
    void aCanceledCheckoutCannotBePaid() {
        String id = create(handler, CheckoutApiIT.juminhyo(1));
        handler.handleRequest(HttpEvents.route("POST /v1/checkouts/{id}/cancel").path("id", id).bearer(PORTAL_KEY).build(), null);

        assertTrue(page(handler, id).getBody().contains("このお支払いは取り消されました。"));
        assertEquals(409, choose(handler, id, "method=card").getStatusCode());
        assertTrue(aws.ledger().find(id).orElseThrow().payments().isEmpty());
    }

    @Test
    void anUnknownCheckoutIsA404Page() {
        assertHtml(404, page(handler, "chk_aaaaaaaaaaaaaaaaaaaaaaaaaa"));
        assertHtml(404, page(handler, "<script>"));
        assertHtml(404, choose(handler, "chk_aaaaaaaaaaaaaaaaaaaaaaaaaa", "method=paypay"));
        assertHtml(404, handler.handleRequest(HttpEvents.route("GET /pay/{id}/return").path("id", "nope").build(), null));
    }

    @Test
    void theReturnPageWaitsForTheProvidersConfirmation() {
        String id = create(handler, CheckoutApiIT.juminhyo(1));
        choose(handler, id, "method=paypay");
        String paymentId = aws.ledger().find(id).orElseThrow().payments().getFirst().id();

        var r = handler.handleRequest(HttpEvents.route("GET /pay/{id}/return").path("id", id).query("payment", paymentId).build(), null);

        assertHtml(200, r);
        assertTrue(r.getBody().contains("お支払いを確認しています"), r.getBody());
    }

    @Test
    void theReturnPageReloadedWithinTheQueryIntervalStillShowsThatThePaymentIsBeingConfirmed() {
        Clock clock = Clock.fixed(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS), ZoneOffset.UTC);
        CheckoutHandler fixed = new CheckoutHandler(new CheckoutWiring(aws.catalog(clock), aws.ledger(), aws.ledger(),
                aws.providers(clock), new QueuedReceiptDue(aws.receiptQueue()), aws.publicBaseUrl(), clock));
        String id = create(fixed, CheckoutApiIT.juminhyo(1));
        choose(fixed, id, "method=paypay");
        String paymentId = aws.ledger().find(id).orElseThrow().payments().getFirst().id();
        var returnPage = HttpEvents.route("GET /pay/{id}/return").path("id", id).query("payment", paymentId).build();
        fixed.handleRequest(returnPage, null); // asks the provider: still pending
        long version = aws.ledger().find(id).orElseThrow().version();

        var reloaded = fixed.handleRequest(returnPage, null); // the same instant: the provider is not asked again

        assertHtml(200, reloaded);
        assertTrue(reloaded.getBody().contains("お支払いを確認しています"), reloaded.getBody());
        assertEquals(version, aws.ledger().find(id).orElseThrow().version(), "nothing was written");
    }
}
