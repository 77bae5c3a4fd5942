package jp.kokin.notification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.sun.net.httpserver.HttpServer;

import jp.kokin.adapters.notification.Backoff;
import jp.kokin.adapters.notification.PortalSecrets;
import jp.kokin.adapters.notification.PortalNotificationSender;
import jp.kokin.adapters.provider.SecretResolver;
import jp.kokin.adapters.queue.PortalNotificationCodec;
import jp.kokin.domain.catalog.Catalog;
import jp.kokin.domain.catalog.Portal;
import jp.kokin.domain.notification.PortalNotification;
import jp.kokin.domain.notification.Redelivery;
import jp.kokin.domain.webhook.StandardWebhook;

class PortalNotificationHandlerTest {

    private static final Instant NOW = Instant.parse("2025-04-01T03:00:00Z");
    private static final String SECRET = StandardWebhook.newSecret();
    private static final long SEED = 20250401L;

    /** Each portal's endpoint answers the status in its path: /200, /410, /500. */
    private HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<String> disabled = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> visibility = new ConcurrentHashMap<>();

    /** The queue: each record to deliver again later, by receipt handle, with its delay in seconds. */
    private final Redelivery redelivery = (handle, delay) -> visibility.put(handle, Math.toIntExact(delay.toSeconds()));

    @BeforeEach
    void startPortals() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                in.readAllBytes();
            }
            String path = exchange.getRequestURI().getPath();
            requests.add(path + " " + exchange.getRequestHeaders().getFirst("webhook-id"));
            exchange.sendResponseHeaders(Integer.parseInt(path.substring(1)), -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopPortals() {
        server.stop(0);
    }

    private Portal portal(String id, int answers, boolean notificationsDisabled) {
        URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/" + answers);
        return new Portal(id, id, url, List.of(SECRET), List.of("https://" + id + ".example.jp/"), notificationsDisabled);
    }

    /** The test portals listen on loopback, as the local runner's mock portal does. */
    private static PortalNotificationSender loopbackAllowed() {
        return new PortalNotificationSender(PortalNotificationSender.defaultHttpClient(), Clock.fixed(NOW, ZoneOffset.UTC), PortalNotificationSender.Loopback.ALLOWED);
    }

    private PortalNotificationHandler handler(Portal... portals) {
        Map<String, Portal> byId = new LinkedHashMap<>();
        for (Portal p : portals) {
            byId.put(p.id(), p);
        }
        Catalog catalog = new Catalog(Map.of(), byId, Map.of(), Map.of(), null);
        return handler(() -> catalog);
    }

    /** Inline portal secrets only (a secret reference is an error). */
    private PortalNotificationHandler handler(Supplier<Catalog> catalog) {
        return handler(catalog, DeliveryRecorder.NONE);
    }

    private PortalNotificationHandler handler(Supplier<Catalog> catalog, DeliveryRecorder recorder) {
        return new PortalNotificationHandler(new PortalNotificationWiring(catalog, disabled::add, loopbackAllowed(), redelivery,
                new Random(SEED), new PortalSecrets(SecretResolver.inlineOnly(Clock.fixed(NOW, ZoneOffset.UTC))), recorder));
    }

    private static Supplier<Catalog> catalogOf(Portal... portals) {
        Map<String, Portal> byId = new LinkedHashMap<>();
        for (Portal p : portals) {
            byId.put(p.id(), p);
        }
        Catalog catalog = new Catalog(Map.of(), byId, Map.of(), Map.of(), null);
        return () -> catalog;
    }

    @Test
    void every_attempt_is_recorded_for_the_console_with_its_outcome() {
        List<String> recorded = new CopyOnWriteArrayList<>();
        DeliveryRecorder recorder = (n, body, status, http) -> recorded.add(n.id() + " " + status + " " + http);
        SQSBatchResponse response = handler(catalogOf(portal("ok", 200, false), portal("down", 500, false)), recorder)
                .handleRequest(event(record("m1", notification("ntf_1", "ok"), 1), record("m2", notification("ntf_2", "down"), 3),
                        record("m3", notification("ntf_3", "down"), 10)), null);
        assertEquals(List.of("m2", "m3"), failed(response));
        assertEquals(Set.of("ntf_1 delivered 200", "ntf_2 pending 500", "ntf_3 failed 500"), Set.copyOf(recorded));
    }

    @Test
    void a_record_that_cannot_be_written_neither_loses_nor_repeats_the_notification() {
        DeliveryRecorder broken = (n, body, status, http) -> {
            throw new IllegalStateException("ledger unavailable");
        };
        SQSBatchResponse response = handler(catalogOf(portal("ok", 200, false)), broken)
                .handleRequest(event(record("m1", notification("ntf_1", "ok"), 1)), null);
        assertEquals(List.of(), failed(response), "delivered: done, not retried");
        assertEquals(List.of("/200 ntf_1"), requests);
    }

    private static SQSEvent.SQSMessage record(String messageId, String body, int receiveCount) {
        SQSEvent.SQSMessage m = new SQSEvent.SQSMessage();
        m.setMessageId(messageId);
        m.setReceiptHandle("rh-" + messageId);
        m.setBody(body);
        m.setAttributes(Map.of("ApproximateReceiveCount", Integer.toString(receiveCount)));
        return m;
    }

    private static String notification(String id, String portalId) {
        return PortalNotificationCodec.toJson(new PortalNotification(id, portalId, PortalNotification.CHECKOUT_PAID,
                NOW.minusSeconds(2), Map.of("checkoutId", "chk_abcdefghijklmnopqrstuvwxyz", "amount", 1200L)));
    }

    private static SQSEvent event(SQSEvent.SQSMessage... records) {
        SQSEvent e = new SQSEvent();
        e.setRecords(List.of(records));
        return e;
    }

    private static List<String> failed(SQSBatchResponse response) {
        List<String> ids = new ArrayList<>();
        response.getBatchItemFailures().forEach(f -> ids.add(f.getItemIdentifier()));
        Collections.sort(ids);
        return ids;
    }

    @Test
    void a_portal_answering_2xx_gets_the_notification_once_and_the_record_is_done() {
        SQSBatchResponse response = handler(portal("ok", 200, false))
                .handleRequest(event(record("m1", notification("ntf_1", "ok"), 1)), null);

        assertEquals(List.of(), failed(response));
        assertEquals(List.of("/200 ntf_1"), requests);
        assertTrue(visibility.isEmpty());
    }

    @Test
    void a_failing_portal_gets_the_record_back_later_with_the_backoff_for_its_attempt() {
        SQSBatchResponse response = handler(portal("down", 500, false))
                .handleRequest(event(record("m1", notification("ntf_1", "down"), 3)), null);

        assertEquals(List.of("m1"), failed(response));
        assertEquals(new Backoff(new Random(SEED)).after(3).toSeconds(), (long) visibility.get("rh-m1"));
        long seconds = visibility.get("rh-m1");
        assertTrue(seconds >= 27 * 60 && seconds <= 33 * 60, "about 30 minutes after the third attempt: " + seconds);
    }

    @Test
    void a_portal_answering_410_is_disabled_and_the_record_is_done() {
        SQSBatchResponse response = handler(portal("gone", 410, false))
                .handleRequest(event(record("m1", notification("ntf_1", "gone"), 1)), null);

        assertEquals(List.of(), failed(response));
        assertEquals(List.of("gone"), disabled);
        assertTrue(visibility.isEmpty());
    }

    @Test
    void unknown_and_disabled_portals_are_skipped_without_a_request() {
        SQSBatchResponse response = handler(portal("off", 200, true)).handleRequest(event(
                record("m1", notification("ntf_1", "off"), 1),
                record("m2", notification("ntf_2", "nobody"), 1)), null);

        assertEquals(List.of(), failed(response));
        assertEquals(List.of(), requests);
    }

    @Test
    void a_malformed_body_fails_only_its_own_record() {
        SQSBatchResponse response = handler(portal("ok", 200, false)).handleRequest(event(
                record("m1", "{not json", 1),
                record("m2", "{\"id\":\"ntf_x\"}", 1),
                record("m3", notification("ntf_3", "ok"), 1)), null);

        assertEquals(List.of("m1", "m2"), failed(response));
        assertEquals(List.of("/200 ntf_3"), requests);
        assertTrue(visibility.isEmpty(), "left to the queue's own visibility timeout, then the dead-letter queue");
    }

    @Test
    void a_mixed_batch_reports_exactly_the_records_to_retry() {
        SQSBatchResponse response = handler(portal("ok", 204, false), portal("down", 503, false), portal("gone", 410, false))
                .handleRequest(event(
                        record("m1", notification("ntf_1", "ok"), 1),
                        record("m2", notification("ntf_2", "down"), 1),
                        record("m3", notification("ntf_3", "gone"), 2),
                        record("m4", notification("ntf_4", "down"), 9)), null);

        assertEquals(List.of("m2", "m4"), failed(response));
        assertEquals(List.of("gone"), disabled);
        assertTrue(visibility.get("rh-m2") >= 4 && visibility.get("rh-m2") <= 6);
        assertTrue(visibility.get("rh-m4") <= Backoff.MAX.toSeconds());
    }

    @Test
    void a_catalog_that_cannot_be_read_fails_the_record_not_the_batch() {
        PortalNotificationHandler broken = handler(() -> {
            throw new IllegalStateException("DynamoDB unavailable");
        });

        SQSBatchResponse response = broken.handleRequest(event(record("m1", notification("ntf_1", "ok"), 1)), null);

        assertEquals(List.of("m1"), failed(response));
    }

    @Test
    void a_record_that_cannot_be_delayed_is_still_retried_with_the_queues_own_timeout() {
        PortalNotificationHandler handler = new PortalNotificationHandler(new PortalNotificationWiring(() -> new Catalog(Map.of(),
                Map.of("down", portal("down", 500, false)), Map.of(), Map.of(), null), disabled::add, loopbackAllowed(),
                (handle, delay) -> {
                    throw new IllegalStateException("ChangeMessageVisibility refused");
                }, new Random(SEED), new PortalSecrets(SecretResolver.inlineOnly(Clock.fixed(NOW, ZoneOffset.UTC)))));

        SQSBatchResponse response = handler.handleRequest(event(record("m1", notification("ntf_1", "down"), 2)), null);

        assertEquals(List.of("m1"), failed(response), "reported for a retry all the same");
        assertEquals(List.of("/500 ntf_1"), requests);
    }

    @Test
    void the_attempt_is_the_receive_count() {
        assertEquals(4, PortalNotificationDelivery.attempt(record("m", "", 4)));
        SQSEvent.SQSMessage none = record("m", "", 1);
        none.setAttributes(null);
        assertEquals(1, PortalNotificationDelivery.attempt(none));
    }

    /** A Lambda context with {@code millis} left before the function's timeout. */
    private static com.amazonaws.services.lambda.runtime.Context remaining(int millis) {
        return new com.amazonaws.services.lambda.runtime.Context() {
            public String getAwsRequestId() { return "req-1"; }
            public String getLogGroupName() { return "/aws/lambda/notifications"; }
            public String getLogStreamName() { return "stream"; }
            public String getFunctionName() { return "PortalNotificationFunction"; }
            public String getFunctionVersion() { return "1"; }
            public String getInvokedFunctionArn() { return "arn:aws:lambda:ap-northeast-1:000000000000:function:n"; }
            public com.amazonaws.services.lambda.runtime.CognitoIdentity getIdentity() { return null; }
            public com.amazonaws.services.lambda.runtime.ClientContext getClientContext() { return null; }
            public int getRemainingTimeInMillis() { return millis; }
            public int getMemoryLimitInMB() { return 1024; }
            public com.amazonaws.services.lambda.runtime.LambdaLogger getLogger() { return null; }
        };
    }

    @Test
    void a_record_that_cannot_be_tried_within_the_remaining_time_comes_back_later_untried() {
        SQSBatchResponse response = handler(portal("ok", 200, false))
                .handleRequest(event(record("m1", notification("ntf_1", "ok"), 1)), remaining(3_000));

        assertEquals(List.of("m1"), failed(response), "retried later, not run past the function's deadline");
        assertEquals(List.of(), requests, "not tried");
    }

    @Test
    void with_enough_time_left_the_record_is_tried() {
        SQSBatchResponse response = handler(portal("ok", 200, false))
                .handleRequest(event(record("m1", notification("ntf_1", "ok"), 1)), remaining(60_000));

        assertEquals(List.of(), failed(response));
        assertEquals(List.of("/200 ntf_1"), requests);
    }
}
