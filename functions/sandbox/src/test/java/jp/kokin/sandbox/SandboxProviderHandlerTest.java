package jp.kokin.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.sun.net.httpserver.HttpServer;

import jp.kokin.domain.provider.Callbacks;
import jp.kokin.adapters.provider.sandbox.SandboxEvent;
import jp.kokin.adapters.provider.sandbox.SandboxProvider;
import jp.kokin.adapters.provider.sandbox.SandboxToken;
import jp.kokin.adapters.testing.TricklingAnswer;
import jp.kokin.adapters.provider.sandbox.SandboxEvents;
import jp.kokin.domain.catalog.Catalog;
import jp.kokin.domain.catalog.ProviderSettings;
import jp.kokin.domain.checkout.CheckoutIds;
import jp.kokin.domain.checkout.PaymentMethod;
import jp.kokin.domain.webhook.StandardWebhook;

class SandboxProviderHandlerTest {

    private static final Instant NOW = Instant.parse("2025-04-01T03:00:00Z");
    private static final String SECRET = StandardWebhook.newSecret();
    private static final String PREVIOUS = StandardWebhook.newSecret();

    record Received(String path, Map<String, String> headers, byte[] body) {}

    /** Plays Kokin: receives the webhooks on /webhooks/sandbox. */
    private HttpServer kokin;
    private final LinkedBlockingQueue<Received> webhooks = new LinkedBlockingQueue<>();
    private final AtomicInteger answer = new AtomicInteger(200);

    private final String checkoutId = CheckoutIds.newCheckoutId();
    private final String paymentId = CheckoutIds.paymentId(checkoutId, 1);

    @BeforeEach
    void startKokin() throws IOException {
        kokin = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        kokin.createContext("/", exchange -> {
            Map<String, String> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v.getFirst()));
            try (InputStream in = exchange.getRequestBody()) {
                webhooks.add(new Received(exchange.getRequestURI().getPath(), headers, in.readAllBytes()));
            }
            exchange.sendResponseHeaders(answer.get(), -1);
            exchange.close();
        });
        kokin.start();
    }

    @AfterEach
    void stopKokin() {
        kokin.stop(0);
    }

    private String kokinBase() {
        return "http://127.0.0.1:" + kokin.getAddress().getPort();
    }

    private static Catalog catalog() {
        return new Catalog(Map.of(), Map.of(), Map.of(),
                Map.of("sandbox", new ProviderSettings("sandbox", List.of(SECRET, PREVIOUS), "")), null);
    }

    private SandboxProviderHandler handler(boolean enabled, String publicBaseUrl) {
        return new SandboxProviderHandler(new SandboxWiring(SandboxProviderHandlerTest::catalog, enabled, publicBaseUrl,
                SandboxProviderHandler.defaultHttpClient(), Clock.fixed(NOW, ZoneOffset.UTC)));
    }

    private String providerPaymentId(String secret, String returnBase) {
        return new SandboxToken(paymentId, checkoutId, 1200, PaymentMethod.PAYPAY,
                Callbacks.forAttempt(returnBase, checkoutId, paymentId, "sandbox").returnUrl()).encode(secret);
    }

    private static APIGatewayV2HTTPEvent get(String id) {
        return event("GET", id, null);
    }

    private static APIGatewayV2HTTPEvent post(String id, String form) {
        return event("POST", id, form);
    }

    private static APIGatewayV2HTTPEvent event(String method, String id, String body) {
        return APIGatewayV2HTTPEvent.builder()
                .withRouteKey(method + " /sandbox/checkout/{providerPaymentId}")
                .withRawPath("/sandbox/checkout/" + id)
                .withPathParameters(Map.of("providerPaymentId", id))
                .withHeaders(body == null ? Map.of() : Map.of("content-type", "application/x-www-form-urlencoded"))
                .withBody(body)
                .withIsBase64Encoded(false)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withDomainName("sandbox-api.example.com")
                        .withRequestId("req-1")
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod(method)
                                .withPath("/sandbox/checkout/" + id).build())
                        .build())
                .build();
    }

    @Test
    void the_page_shows_the_method_and_the_amount_in_yen_with_pay_and_decline() {
        String id = providerPaymentId(SECRET, kokinBase());
        APIGatewayV2HTTPResponse response = handler(true, kokinBase()).handleRequest(get(id), null);

        assertEquals(200, response.getStatusCode());
        assertTrue(response.getHeaders().get("content-type").startsWith("text/html"));
        String html = response.getBody();
        assertTrue(html.contains("<html lang=\"ja\">"), html);
        assertTrue(html.contains("<title>Kokin Sandbox</title>"));
        assertTrue(html.contains("<h1>Kokin Sandbox"));
        assertTrue(html.contains("PayPay"));
        assertTrue(html.contains("1,200円") && html.contains("¥1,200"));
        assertTrue(html.contains("<form method=\"post\" action=\"/sandbox/checkout/" + id + "\">"));
        assertTrue(html.contains("name=\"outcome\" value=\"succeeded\""));
        assertTrue(html.contains("name=\"outcome\" value=\"failed\""));
        assertFalse(html.contains("<script"));
        assertTrue(webhooks.isEmpty(), "showing the page sends nothing");
    }

    @Test
    void the_page_is_shown_for_an_id_signed_with_the_previous_secret() {
        String id = providerPaymentId(PREVIOUS, kokinBase());
        assertEquals(200, handler(true, kokinBase()).handleRequest(get(id), null).getStatusCode());
    }

    @Test
    void a_forged_or_unknown_id_is_404() {
        String forged = providerPaymentId(StandardWebhook.newSecret(), kokinBase());
        SandboxProviderHandler handler = handler(true, kokinBase());
        for (String id : List.of(forged, "sbx_nothing", "pay_x")) {
            APIGatewayV2HTTPResponse page = handler.handleRequest(get(id), null);
            assertEquals(404, page.getStatusCode(), id);
            assertTrue(page.getBody().contains("lang=\"ja\""));
            assertEquals(404, handler.handleRequest(post(id, "outcome=succeeded"), null).getStatusCode());
        }
        assertTrue(webhooks.isEmpty());
    }

    @Test
    void everything_is_404_unless_the_sandbox_is_enabled() {
        String id = providerPaymentId(SECRET, kokinBase());
        SandboxProviderHandler disabled = handler(false, kokinBase());
        assertEquals(404, disabled.handleRequest(get(id), null).getStatusCode());
        assertEquals(404, disabled.handleRequest(post(id, "outcome=succeeded"), null).getStatusCode());
        assertTrue(webhooks.isEmpty());
    }

    @Test
    void an_outcome_other_than_pay_or_decline_is_400_and_sends_nothing() {
        String id = providerPaymentId(SECRET, kokinBase());
        SandboxProviderHandler handler = handler(true, kokinBase());
        for (String form : List.of("outcome=refunded", "outcome=", "")) {
            assertEquals(400, handler.handleRequest(post(id, form), null).getStatusCode(), form);
        }
        assertTrue(webhooks.isEmpty());
    }

    @Test
    void a_catalog_that_cannot_be_read_shows_the_error_page_with_500() {
        SandboxProviderHandler handler = new SandboxProviderHandler(new SandboxWiring(() -> {
            throw new IllegalStateException("DynamoDB unavailable");
        }, true, kokinBase(), SandboxProviderHandler.defaultHttpClient(), Clock.fixed(NOW, ZoneOffset.UTC)));

        APIGatewayV2HTTPResponse page = handler.handleRequest(get(providerPaymentId(SECRET, kokinBase())), null);

        assertEquals(500, page.getStatusCode());
        assertTrue(page.getHeaders().get("content-type").startsWith("text/html"));
        assertTrue(webhooks.isEmpty());
    }

    @Test
    void the_wiring_of_a_disabled_sandbox_needs_no_aws() {
        SandboxProviderHandler fromEnv = new SandboxProviderHandler(SandboxWiring.fromEnv(Map.of("SANDBOX_ENABLED", "false")));
        assertEquals(404, fromEnv.handleRequest(get("sbx_x.y"), null).getStatusCode());
    }

    @Test
    void pay_posts_a_signed_succeeded_webhook_and_sends_the_citizen_to_our_return_page() throws Exception {
        String id = providerPaymentId(SECRET, kokinBase());
        APIGatewayV2HTTPResponse response = handler(true, kokinBase()).handleRequest(post(id, "outcome=succeeded"), null);

        assertEquals(303, response.getStatusCode());
        assertEquals(kokinBase() + "/pay/" + checkoutId + "/return?payment=" + paymentId,
                response.getHeaders().get("location"));
        Received webhook = webhooks.poll(5, TimeUnit.SECONDS);
        assertNotNull(webhook);
        assertEquals("/webhooks/sandbox", webhook.path());
        assertTrue(webhook.headers().get("webhook-id").startsWith("evt_"));
        SandboxEvent n = SandboxEvents.verifyAndParse(webhook.headers(), webhook.body(), List.of(SECRET), NOW);
        assertEquals(new SandboxEvent(id, paymentId, SandboxEvent.Type.SUCCEEDED, 1200, "JPY",
                PaymentMethod.PAYPAY, NOW), n);
    }

    @Test
    void decline_posts_a_failed_webhook() throws Exception {
        String id = providerPaymentId(SECRET, kokinBase());
        handler(true, kokinBase()).handleRequest(post(id, "outcome=failed"), null);

        Received webhook = webhooks.poll(5, TimeUnit.SECONDS);
        assertNotNull(webhook);
        assertEquals(SandboxEvent.Type.FAILED,
                SandboxEvents.verifyAndParse(webhook.headers(), webhook.body(), List.of(SECRET), NOW).type());
    }

    @Test
    void webhooks_are_signed_with_the_current_secret_even_for_an_id_signed_with_the_previous_one() throws Exception {
        String id = providerPaymentId(PREVIOUS, kokinBase());
        handler(true, kokinBase()).handleRequest(post(id, "outcome=succeeded"), null);

        Received webhook = webhooks.poll(5, TimeUnit.SECONDS);
        assertNotNull(webhook);
        SandboxEvents.verifyAndParse(webhook.headers(), webhook.body(), List.of(SECRET), NOW);
    }

    @Test
    void without_a_public_base_url_the_webhook_goes_to_the_host_of_our_return_page() throws Exception {
        String id = providerPaymentId(SECRET, kokinBase());
        APIGatewayV2HTTPResponse response = handler(true, "").handleRequest(post(id, "outcome=succeeded"), null);

        assertEquals(303, response.getStatusCode());
        Received webhook = webhooks.poll(5, TimeUnit.SECONDS);
        assertNotNull(webhook, "posted to " + kokinBase() + ", not to the sandbox API's own host");
        assertEquals("/webhooks/sandbox", webhook.path());
    }

    @Test
    void the_citizen_is_sent_back_even_when_the_webhook_fails() throws IOException {
        answer.set(500);
        String id = providerPaymentId(SECRET, kokinBase());
        assertEquals(303, handler(true, kokinBase()).handleRequest(post(id, "outcome=succeeded"), null).getStatusCode());

        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        APIGatewayV2HTTPResponse unreachable = handler(true, "http://127.0.0.1:" + closedPort)
                .handleRequest(post(id, "outcome=succeeded"), null);
        assertEquals(303, unreachable.getStatusCode());
    }

    @Test
    void a_webhook_receiver_that_answers_one_byte_a_second_is_given_up_at_the_deadline_and_the_citizen_sent_back()
            throws Exception {
        // 20 bytes at one a second would take 20 s; the deadline (WEBHOOK_TIMEOUT, 5 s) covers the body too
        CountDownLatch hungUp = new CountDownLatch(1);
        HttpServer slow = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        slow.createContext("/webhooks/sandbox", TricklingAnswer.handler(0, 20, 1000, hungUp));
        slow.start();
        try {
            String id = providerPaymentId(SECRET, kokinBase());
            APIGatewayV2HTTPResponse response = handler(true, "http://127.0.0.1:" + slow.getAddress().getPort())
                    .handleRequest(post(id, "outcome=succeeded"), null);

            assertEquals(303, response.getStatusCode());
            assertTrue(hungUp.await(30, TimeUnit.SECONDS), "the connection was dropped, not read to its end");
        } finally {
            slow.stop(0);
        }
    }

    @Test
    void an_unknown_outcome_is_a_400_page_and_sends_nothing() {
        String id = providerPaymentId(SECRET, kokinBase());
        SandboxProviderHandler handler = handler(true, kokinBase());
        for (String form : List.of("outcome=refunded", "", "outcome=", "other=succeeded")) {
            APIGatewayV2HTTPResponse response = handler.handleRequest(post(id, form), null);
            assertEquals(400, response.getStatusCode(), form);
            assertTrue(response.getBody().contains("<html lang=\"ja\">"));
        }
        assertNull(webhooks.poll());
    }

    @Test
    void page_values_are_escaped() {
        assertEquals("&lt;a href=&quot;x&quot;&gt;&amp;&#39;", jp.kokin.domain.format.Html.escape("<a href=\"x\">&'"));
    }
}
