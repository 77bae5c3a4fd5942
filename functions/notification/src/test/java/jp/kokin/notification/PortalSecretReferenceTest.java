package jp.kokin.notification;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.sun.net.httpserver.HttpServer;

import jp.kokin.adapters.notification.PortalSecrets;
import jp.kokin.adapters.notification.PortalNotificationSender;
import jp.kokin.adapters.provider.SecretResolver;
import jp.kokin.adapters.queue.PortalNotificationCodec;
import jp.kokin.domain.catalog.Catalog;
import jp.kokin.domain.catalog.Portal;
import jp.kokin.domain.notification.PortalNotification;
import jp.kokin.domain.webhook.StandardWebhook;

/** A portal whose signing secret is a Secrets Manager reference is notified, signed with the secret it names. */
class PortalSecretReferenceTest {

    private static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");
    private static final String SECRET = StandardWebhook.newSecret();

    /** One server for both the secrets extension ({@code /secretsmanager/get}) and the portal ({@code /notify}). */
    private HttpServer server;
    private final List<String> verified = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/secretsmanager/get", exchange -> {
            byte[] body = ("{\"SecretString\":\"{\\\"myna\\\":\\\"" + SECRET + "\\\"}\"}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.createContext("/notify", exchange -> {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            var h = exchange.getRequestHeaders();
            int status = 204;
            try {
                StandardWebhook.verify(List.of(SECRET), h.getFirst("webhook-id"), h.getFirst("webhook-timestamp"),
                        h.getFirst("webhook-signature"), body, NOW);
                verified.add(h.getFirst("webhook-id"));
            } catch (Exception e) {
                status = 401;
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void a_portal_secret_given_as_a_reference_signs_its_notifications() {
        assertEquals(List.of("ntf_1"), deliver(List.of("secretsmanager:kokin/portals#myna")));
    }

    @Test
    void a_previous_secret_that_cannot_be_read_changes_nothing_the_notification_is_signed_with_the_current_one() {
        // the server has no SSM path: reading the previous secret would fail (404)
        assertEquals(List.of("ntf_1"), deliver(List.of("secretsmanager:kokin/portals#myna", "ssm:/kokin/portals/myna/previous")));
        assertEquals(List.of("ntf_1"), deliver(List.of(SECRET, "ssm:/kokin/portals/myna/previous")));
    }

    /** The test portal listens on loopback, as the local runner's mock portal does. */
    private static PortalNotificationSender loopbackAllowed(Clock clock) {
        return new PortalNotificationSender(PortalNotificationSender.defaultHttpClient(), clock, PortalNotificationSender.Loopback.ALLOWED);
    }

    /** Delivers one notification to a portal with these secrets; the ids the portal verified. */
    private List<String> deliver(List<String> secrets) {
        verified.clear();
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        Portal portal = new Portal("myna", "マイナポータル", URI.create(base + "/notify"),
                secrets, List.of("https://portal.example.jp/"), false);
        Catalog catalog = new Catalog(Map.of(), Map.of("myna", portal), Map.of(), Map.of(), null);
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        var resolver = new SecretResolver(URI.create(base), "token", Duration.ofMinutes(5), clock,
                PortalNotificationSender.defaultHttpClient());
        var handler = new PortalNotificationHandler(new PortalNotificationWiring(() -> catalog, id -> { }, loopbackAllowed(clock),
                (handle, delay) -> { }, new Random(1), new PortalSecrets(resolver)));

        SQSEvent.SQSMessage m = new SQSEvent.SQSMessage();
        m.setMessageId("m1");
        m.setReceiptHandle("rh-m1");
        m.setAttributes(Map.of("ApproximateReceiveCount", "1"));
        m.setBody(PortalNotificationCodec.toJson(new PortalNotification("ntf_1", "myna", PortalNotification.CHECKOUT_PAID,
                NOW.minusSeconds(1), Map.of("checkoutId", "chk_abcdefghijklmnopqrstuvwxyz", "amount", 300L))));
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(m));

        SQSBatchResponse response = assertDoesNotThrow(() -> handler.handleRequest(event, null));

        assertEquals(List.of(), response.getBatchItemFailures(), secrets.toString());
        return List.copyOf(verified);
    }
}
