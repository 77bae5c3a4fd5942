package jp.kokin.adapters.notification;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;

import jp.kokin.adapters.testing.TricklingAnswer;

import jp.kokin.adapters.json.Json;
import jp.kokin.domain.catalog.Portal;
import jp.kokin.domain.notification.PortalNotification;
import jp.kokin.domain.webhook.StandardWebhook;

class PortalNotificationSenderTest {

    private static final Instant NOW = Instant.parse("2025-04-01T03:00:00Z");
    private static final String SECRET = StandardWebhook.newSecret();

    /** What the receiver saw: lower-case headers and the raw body. */
    record Received(Map<String, String> headers, byte[] body) {}

    private HttpServer server;
    private final LinkedBlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private final AtomicInteger answer = new AtomicInteger(204);
    /** The test portal listens on loopback, as the local runner's mock portal does. */
    private final PortalNotificationSender sender = new PortalNotificationSender(PortalNotificationSender.defaultHttpClient(),
            Clock.fixed(NOW, ZoneOffset.UTC), PortalNotificationSender.Loopback.ALLOWED);

    @BeforeEach
    void startReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hooks", exchange -> {
            Map<String, String> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), v.getFirst()));
            headers.put(":method", exchange.getRequestMethod());
            try (InputStream in = exchange.getRequestBody()) {
                received.add(new Received(headers, in.readAllBytes()));
            }
            exchange.sendResponseHeaders(answer.get(), -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopReceiver() {
        server.stop(0);
    }

    private Portal portal(URI url, String... secrets) {
        return new Portal("portal-a", "Portal A", url, List.of(secrets), List.of("https://portal.example.jp/"), false);
    }

    private URI hooks() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hooks");
    }

    private static PortalNotification paid() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("checkoutId", "chk_abcdefghijklmnopqrstuvwxyz");
        data.put("amount", 1200L);
        data.put("latePayment", false);
        return new PortalNotification("ntf_0001", "portal-a", PortalNotification.CHECKOUT_PAID,
                Instant.parse("2025-04-01T02:59:58Z"), data);
    }

    @Test
    void sends_a_standard_webhook_that_the_portal_can_verify() throws Exception {
        DeliveryResult result = sender.send(portal(hooks(), SECRET), paid());

        assertEquals(new DeliveryResult.Delivered(204), result);
        Received r = received.poll(5, TimeUnit.SECONDS);
        assertNotNull(r);
        assertEquals("POST", r.headers().get(":method"));
        assertEquals("ntf_0001", r.headers().get("webhook-id"));
        assertEquals(Long.toString(NOW.getEpochSecond()), r.headers().get("webhook-timestamp"));
        assertEquals("application/json", r.headers().get("content-type"));
        assertEquals("Kokin-Webhooks/1", r.headers().get("user-agent"));
        StandardWebhook.verify(List.of(SECRET), r.headers().get("webhook-id"), r.headers().get("webhook-timestamp"),
                r.headers().get("webhook-signature"), r.body(), NOW.plusSeconds(1));

        JsonNode body = Json.parse(r.body());
        assertEquals("checkout.paid", body.get("type").asText());
        assertEquals("2025-04-01T02:59:58Z", body.get("timestamp").asText());
        assertEquals(1200, body.get("data").get("amount").asLong());
        assertEquals(false, body.get("data").get("latePayment").asBoolean());
        assertEquals("chk_abcdefghijklmnopqrstuvwxyz", body.get("data").get("checkoutId").asText());
        assertArrayEquals(PortalNotificationSender.body(paid()), r.body());
    }

    @Test
    void signs_with_the_first_secret_only() throws Exception {
        String next = StandardWebhook.newSecret();
        sender.send(portal(hooks(), SECRET, next), paid());
        Received r = received.poll(5, TimeUnit.SECONDS);
        assertNotNull(r);
        String signature = r.headers().get("webhook-signature");
        assertEquals(StandardWebhook.sign(SECRET, "ntf_0001", NOW.getEpochSecond(), r.body()), signature);
    }

    @Test
    void the_webhook_id_is_the_same_on_every_retry() throws Exception {
        answer.set(500);
        sender.send(portal(hooks(), SECRET), paid());
        sender.send(portal(hooks(), SECRET), paid());
        assertEquals(received.poll(5, TimeUnit.SECONDS).headers().get("webhook-id"),
                received.poll(5, TimeUnit.SECONDS).headers().get("webhook-id"));
    }

    @Test
    void any_2xx_is_delivered() {
        answer.set(200);
        assertEquals(new DeliveryResult.Delivered(200), sender.send(portal(hooks(), SECRET), paid()));
        answer.set(202);
        assertEquals(new DeliveryResult.Delivered(202), sender.send(portal(hooks(), SECRET), paid()));
    }

    @Test
    void gone_410_asks_us_to_stop() {
        answer.set(410);
        assertEquals(new DeliveryResult.Gone(), sender.send(portal(hooks(), SECRET), paid()));
    }

    @Test
    void server_errors_redirects_and_client_errors_are_retryable_failures() {
        for (int status : new int[] {500, 503, 301, 400, 404}) {
            answer.set(status);
            DeliveryResult result = sender.send(portal(hooks(), SECRET), paid());
            assertEquals(new DeliveryResult.Failed(status, "HTTP " + status), result);
        }
    }

    @Test
    void an_unreachable_portal_is_a_failure_not_an_exception() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        DeliveryResult result = sender.send(portal(URI.create("http://127.0.0.1:" + closedPort + "/hooks"), SECRET), paid());
        DeliveryResult.Failed failed = assertInstanceOf(DeliveryResult.Failed.class, result);
        assertEquals(0, failed.status());
        assertTrue(failed.reason().contains("ConnectException"), failed.reason());
    }

    @Test
    void the_body_is_type_timestamp_and_data() {
        assertEquals("{\"type\":\"checkout.paid\",\"timestamp\":\"2025-04-01T02:59:58Z\",\"data\":"
                        + "{\"checkoutId\":\"chk_abcdefghijklmnopqrstuvwxyz\",\"amount\":1200,\"latePayment\":false}}",
                new String(PortalNotificationSender.body(paid()), StandardCharsets.UTF_8));
    }

    /** A loopback portal that answers slowly ({@link TricklingAnswer}); {@code hungUp} opens when we drop it. */
    private final java.util.concurrent.CountDownLatch hungUp = new java.util.concurrent.CountDownLatch(1);

    private URI tricklingPortal(int first, int trickle, long gapMillis) {
        server.createContext("/trickle", TricklingAnswer.handler(first, trickle, gapMillis, hungUp));
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/trickle");
    }

    @Test
    void a_portal_that_answers_one_byte_a_second_is_given_up_at_the_deadline() throws Exception {
        // 30 bytes at one a second would take 30 s; the deadline (10 s) covers the body too
        DeliveryResult result = sender.send(portal(tricklingPortal(0, 30, 1000), SECRET), paid());

        DeliveryResult.Failed failed = assertInstanceOf(DeliveryResult.Failed.class, result);
        assertEquals(0, failed.status());
        assertTrue(failed.reason().startsWith("DeadlineExceeded"), failed.reason());
        assertTrue(hungUp.await(30, TimeUnit.SECONDS), "the connection was dropped, not read to its end");
    }

    @Test
    void a_portal_answer_longer_than_the_limit_is_not_read_to_its_end() throws Exception {
        // the limit and one byte more at once, then a trickle the sender must not wait for
        URI portal = tricklingPortal(PortalNotificationSender.MAX_ANSWER_BYTES + 1, 300, 100);

        assertEquals(new DeliveryResult.Delivered(200), sender.send(portal(portal, SECRET), paid()));
        assertTrue(hungUp.await(30, TimeUnit.SECONDS), "the connection was dropped after the limit");
    }

    @Test
    void a_portal_answer_at_the_limit_is_read_whole() throws Exception {
        assertEquals(new DeliveryResult.Delivered(200),
                sender.send(portal(tricklingPortal(PortalNotificationSender.MAX_ANSWER_BYTES, 0, 0), SECRET), paid()));
    }
}
