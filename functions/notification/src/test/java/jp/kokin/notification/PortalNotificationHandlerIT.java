package jp.kokin.notification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.sun.net.httpserver.HttpServer;

import jp.kokin.adapters.catalog.CatalogLoader;
import jp.kokin.adapters.catalog.CatalogRepository;
import jp.kokin.adapters.queue.PortalNotificationQueue;
import jp.kokin.domain.notification.PortalNotification;
import jp.kokin.domain.webhook.StandardWebhook;
import jp.kokin.local.embedded.EmbeddedAws;
import jp.kokin.local.embedded.Provisioned;
import jp.kokin.local.embedded.SamTemplate;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The notification function against DynamoDB Local and ElasticMQ provisioned from
 * {@code template.yaml}, with real portals on 127.0.0.1 answering 200, 500 and 410. The test
 * plays the Lambda SQS poller: receive, invoke, delete what was not reported as failed.
 */
class PortalNotificationHandlerIT {

    private static final Duration DEADLINE = Duration.ofSeconds(30);

    record Received(String portal, Map<String, String> headers, byte[] body) {}

    static EmbeddedAws aws;
    static Provisioned resources;
    static HttpServer portals;
    static final List<Received> received = new CopyOnWriteArrayList<>();
    static final String OK_SECRET = StandardWebhook.newSecret();
    static Map<String, String> env;
    static String queueUrl;

    @BeforeAll
    static void start() throws IOException {
        aws = EmbeddedAws.start();
        resources = aws.provision(SamTemplate.load(Path.of("../../template.yaml")), Map.of(), "notification-it-");
        portals = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        portals.createContext("/", exchange -> {
            Map<String, String> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v.getFirst()));
            String status = exchange.getRequestURI().getPath().substring(1);
            try (InputStream in = exchange.getRequestBody()) {
                received.add(new Received(status, headers, in.readAllBytes()));
            }
            exchange.sendResponseHeaders(Integer.parseInt(status), -1);
            exchange.close();
        });
        portals.start();

        Map<String, String> all = new HashMap<>(resources.environmentOf("PortalNotificationFunction"));
        all.putAll(aws.awsEnv());
        all.put("ALLOW_LOOPBACK_URLS", "true"); // the test portals listen on loopback, as the local runner's mock portal does
        env = Map.copyOf(all);
        queueUrl = env.get("PORTAL_NOTIFICATION_QUEUE_URL");
        new CatalogLoader(aws.dynamoDb(), env.get("CATALOG_TABLE")).load(catalogJson().getBytes(StandardCharsets.UTF_8));
    }

    @AfterAll
    static void stop() {
        if (portals != null) {
            portals.stop(0);
        }
        if (aws != null) {
            aws.close();
        }
    }

    private static String catalogJson() {
        String base = "http://127.0.0.1:" + portals.getAddress().getPort();
        return """
                {
                  "organizations": [{"code": "131016", "kind": "local", "name": "千代田区",
                    "bankAccount": {"bankCode": "0001", "branchCode": "001", "accountType": 1, "accountNumber": "1234567", "holderKana": "ﾁﾖﾀﾞｸ"},
                    "procedures": [{"code": "juminhyo", "name": {"ja": "住民票の写し"}, "fees": [{"creditor": "131016", "amount": 300}]}]}],
                  "apiKeys": [],
                  "portals": [
                    {"id": "ok", "name": "OK", "notificationUrl": "%1$s/200", "notificationSecret": "%2$s", "returnUrlPrefixes": ["https://ok.example.jp/"]},
                    {"id": "down", "name": "Down", "notificationUrl": "%1$s/500", "notificationSecret": "%3$s", "returnUrlPrefixes": ["https://down.example.jp/"]},
                    {"id": "gone", "name": "Gone", "notificationUrl": "%1$s/410", "notificationSecret": "%3$s", "returnUrlPrefixes": ["https://gone.example.jp/"]}
                  ],
                  "settlement": {"requesterCode": "1234567890", "requesterKana": "ｺｳｷﾝｼｭｳﾉｳ", "bankCode": "0001",
                    "branchCode": "001", "accountType": 1, "accountNumber": "7654321"}
                }
                """.formatted(base, OK_SECRET, StandardWebhook.newSecret());
    }

    private static PortalNotification notification(String id, String portalId) {
        return new PortalNotification(id, portalId, PortalNotification.CHECKOUT_PAID, Instant.now(),
                Map.of("checkoutId", "chk_abcdefghijklmnopqrstuvwxyz", "amount", 1200L));
    }

    /** Receives until {@code count} messages are in hand or the deadline passes (long polling, no sleeps). */
    private static List<Message> receive(int count) {
        List<Message> messages = new ArrayList<>();
        Instant deadline = Instant.now().plus(DEADLINE);
        while (messages.size() < count && Instant.now().isBefore(deadline)) {
            messages.addAll(aws.sqs().receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1)
                    .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)).messages());
        }
        assertEquals(count, messages.size(), "messages received before the deadline");
        return messages;
    }

    /** What the Lambda poller does: invoke with the batch, delete every record not reported as failed. */
    private static Set<String> invoke(PortalNotificationHandler handler, List<Message> messages) {
        SQSEvent event = new SQSEvent();
        event.setRecords(messages.stream().map(m -> {
            SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
            record.setMessageId(m.messageId());
            record.setReceiptHandle(m.receiptHandle());
            record.setBody(m.body());
            record.setAttributes(Map.of("ApproximateReceiveCount",
                    m.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)));
            return record;
        }).toList());
        SQSBatchResponse response = handler.handleRequest(event, null);
        Set<String> failed = response.getBatchItemFailures().stream()
                .map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).collect(Collectors.toSet());
        messages.stream().filter(m -> !failed.contains(m.messageId()))
                .forEach(m -> aws.sqs().deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(m.receiptHandle())));
        return failed;
    }

    private static int count(QueueAttributeName attribute) {
        return Integer.parseInt(aws.sqs().getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(attribute))
                .attributes().get(attribute));
    }

    private static boolean portalDisabledInTable(String portalId) {
        Map<String, AttributeValue> item = aws.dynamoDb().getItem(r -> r.tableName(env.get("CATALOG_TABLE"))
                .key(Map.of("pk", AttributeValue.fromS("PORTAL#" + portalId))).consistentRead(true)).item();
        AttributeValue disabled = item.get("notificationsDisabled");
        return disabled != null && Boolean.TRUE.equals(disabled.bool());
    }

    private static <T> T await(Supplier<T> value, java.util.function.Predicate<T> condition, String what) {
        Instant deadline = Instant.now().plus(DEADLINE);
        T last = value.get();
        while (!condition.test(last)) {
            assertTrue(Instant.now().isBefore(deadline), "timed out waiting for " + what + "; last: " + last);
            last = value.get();
        }
        return last;
    }

    @Test
    void delivered_notifications_are_deleted_failed_ones_come_back_after_their_backoff_and_410_disables() throws Exception {
        PortalNotificationHandler handler = new PortalNotificationHandler(PortalNotificationWiring.fromEnv(env));
        new PortalNotificationQueue(aws.sqs(), queueUrl).enqueue(List.of(
                notification("ntf_ok", "ok"), notification("ntf_down", "down"), notification("ntf_gone", "gone")));

        List<Message> first = receive(3);
        Map<String, String> messageIdByNotification = new HashMap<>();
        first.forEach(m -> messageIdByNotification.put(
                m.body().replaceAll(".*\"id\":\"(ntf_[a-z]+)\".*", "$1"), m.messageId()));
        Set<String> failed = invoke(handler, first);

        // Only the portal answering 500 is reported for a retry.
        assertEquals(Set.of(messageIdByNotification.get("ntf_down")), failed);

        // The 2xx portal got a request it can verify with its secret.
        Received ok = received.stream().filter(r -> r.portal().equals("200")).findFirst().orElseThrow();
        assertEquals("ntf_ok", ok.headers().get("webhook-id"));
        StandardWebhook.verify(List.of(OK_SECRET), ok.headers().get("webhook-id"), ok.headers().get("webhook-timestamp"),
                ok.headers().get("webhook-signature"), ok.body(), Instant.now());

        // 410: the portal is disabled in the catalog table, and the catalog as read again says so.
        assertTrue(portalDisabledInTable("gone"));
        assertTrue(CatalogRepository.fromEnv(aws.dynamoDb(), env).get().portal("gone").orElseThrow().notificationsDisabled());
        assertTrue(!portalDisabledInTable("ok") && !portalDisabledInTable("down"));

        // The failed message was not deleted: it is in flight, hidden for the first backoff step (5 s ± 10 %),
        // far less than the queue's 360 s, and comes back as the second attempt.
        assertEquals(1, count(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
        assertEquals(0, count(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
        Instant hiddenAt = Instant.now();
        List<Message> second = receive(1);
        Duration hidden = Duration.between(hiddenAt, Instant.now());
        assertEquals(messageIdByNotification.get("ntf_down"), second.getFirst().messageId());
        assertEquals("2", second.getFirst().attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT));
        assertTrue(hidden.compareTo(Duration.ofSeconds(3)) >= 0 && hidden.compareTo(Duration.ofSeconds(20)) < 0,
                "hidden for about 5 s: " + hidden);

        // Second attempt fails again: back off again (5 min), still not deleted.
        assertEquals(Set.of(messageIdByNotification.get("ntf_down")), invoke(handler, second));
        assertEquals(1, count(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));

        // The delivered and gone notifications were each sent once and are gone from the queue; the
        // failing one was sent once per attempt, with the same webhook-id.
        List<String> ids = received.stream().map(r -> r.portal() + ":" + r.headers().get("webhook-id")).sorted().toList();
        assertEquals(List.of("200:ntf_ok", "410:ntf_gone", "500:ntf_down", "500:ntf_down"), ids);

        // A later notification to the disabled portal is skipped (done, no request).
        new PortalNotificationQueue(aws.sqs(), queueUrl).enqueue(List.of(notification("ntf_gone_2", "gone")));
        assertEquals(Set.of(), invoke(new PortalNotificationHandler(PortalNotificationWiring.fromEnv(env)), receive(1)));
        assertEquals(4, received.size(), "no request to a disabled portal");
    }

    @Test
    void a_malformed_message_is_a_batch_item_failure_not_an_exception() {
        aws.sqs().sendMessage(r -> r.queueUrl(queueUrl).messageBody("{\"not\": \"a notification\"}"));
        // Other messages of this queue may be visible too: keep only this one (the rest become visible again later).
        List<Message> messages = await(() -> aws.sqs().receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10)
                        .waitTimeSeconds(1).messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT))
                .messages().stream().filter(m -> m.body().contains("\"not\"")).toList(), l -> !l.isEmpty(), "the message");

        Set<String> failed = invoke(new PortalNotificationHandler(PortalNotificationWiring.fromEnv(env)), messages);

        assertEquals(Set.of(messages.getFirst().messageId()), failed, "left to the queue, and after 10 receives to its DLQ");
    }
}
