package jp.kokin.adapters.console;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jp.kokin.domain.console.NotificationDeliveries;
import jp.kokin.domain.console.NotificationDelivery;
import jp.kokin.domain.notification.PortalNotification;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Portal notifications per checkout: {@code CHK#{checkoutId}} / {@code DLV#{notificationId}}, one item per
 * notification updated after every attempt by the notification function ({@link #record}); the console
 * reads them ({@link #of}, {@link #find}) and queues one again ({@link #resend}).
 *
 * <p>Size model: keys ~90 B, type/portal/status/times ~120 B, the body ≤ {@link #MAX_BODY} (a notification is
 * ~400 B; a larger body is not kept and cannot be resent): ~0.6 KB, one write unit per attempt. The item lives
 * in the checkout's partition, never in the checkout item: a notification never rewrites the checkout. Only
 * {@code dlv*} attributes are written (the notification function's IAM allows no other).
 */
public final class DynamoNotificationDeliveries implements NotificationDeliveries {
    /** The largest body kept for a resend (UTF-8 bytes). */
    public static final int MAX_BODY = 4096;
    /** Notifications listed per checkout at most (paid, receipt, a few refunds, each once). */
    static final int MAX_PER_CHECKOUT = 100;

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final SqsClient sqs;
    private final String queueUrl;

    /** @param sqs may be null where nothing is resent (the notification function) */
    public DynamoNotificationDeliveries(DynamoDbClient dynamoDb, String table, SqsClient sqs, String queueUrl) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    public static DynamoNotificationDeliveries fromEnv(DynamoDbClient dynamoDb, SqsClient sqs, Map<String, String> env) {
        return new DynamoNotificationDeliveries(dynamoDb, Tables.ledger(env), sqs, env.get("PORTAL_NOTIFICATION_QUEUE_URL"));
    }

    static Map<String, AttributeValue> key(String checkoutId, String notificationId) {
        return Map.of("pk", AttributeValue.fromS("CHK#" + checkoutId), "sk", AttributeValue.fromS("DLV#" + notificationId));
    }

    /** The checkout a notification is about ({@code data.checkoutId}), if any. */
    public static Optional<String> checkoutOf(PortalNotification n) {
        Object id = n.data().get("checkoutId");
        return id instanceof String s && !s.isBlank() ? Optional.of(s) : Optional.empty();
    }

    /**
     * Records one attempt (UpdateItem: attempts counted, first attempt kept, the rest overwritten). Nothing for a
     * notification that names no checkout.
     *
     * @param status     {@code pending}, {@code delivered}, {@code failed} or {@code disabled}
     * @param httpStatus the portal's answer, 0 for none
     */
    public void record(PortalNotification n, String body, String status, int httpStatus, Instant at) {
        Optional<String> checkoutId = checkoutOf(n);
        if (checkoutId.isEmpty()) {
            return;
        }
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":type", AttributeValue.fromS(n.type()));
        values.put(":portal", AttributeValue.fromS(n.portalId()));
        values.put(":status", AttributeValue.fromS(status));
        values.put(":http", AttributeValue.fromN(Integer.toString(httpStatus)));
        values.put(":at", AttributeValue.fromS(at.toString()));
        values.put(":one", AttributeValue.fromN("1"));
        String update = "SET dlvType = :type, dlvPortal = :portal, dlvStatus = :status, dlvHttp = :http,"
                + " dlvFirstAt = if_not_exists(dlvFirstAt, :at), dlvLastAt = :at";
        if (body != null && body.getBytes(StandardCharsets.UTF_8).length <= MAX_BODY) {
            values.put(":body", AttributeValue.fromS(body));
            update += ", dlvBody = :body";
        }
        String expression = update + " ADD dlvAttempts :one";
        dynamoDb.updateItem(b -> b.tableName(table).key(key(checkoutId.get(), n.id())).updateExpression(expression)
                .expressionAttributeValues(values));
    }

    @Override
    public List<NotificationDelivery> of(String checkoutId) {
        var response = dynamoDb.query(b -> b.tableName(table).keyConditionExpression("pk = :pk AND begins_with(sk, :dlv)")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("CHK#" + checkoutId), ":dlv", AttributeValue.fromS("DLV#")))
                .limit(MAX_PER_CHECKOUT));
        List<NotificationDelivery> result = new ArrayList<>();
        response.items().forEach(i -> result.add(delivery(checkoutId, i)));
        result.sort(java.util.Comparator.comparing(NotificationDelivery::firstAttemptAt,
                java.util.Comparator.nullsLast(java.util.Comparator.naturalOrder())));
        return result;
    }

    @Override
    public Optional<NotificationDelivery> find(String checkoutId, String notificationId) {
        var item = dynamoDb.getItem(b -> b.tableName(table).key(key(checkoutId, notificationId)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(delivery(checkoutId, item));
    }

    /** Queues the stored body again (same webhook-id); refused when no body was kept or no queue is configured. */
    @Override
    public void resend(NotificationDelivery delivery) {
        if (sqs == null || queueUrl == null || queueUrl.isBlank()) {
            throw new IllegalStateException("no notification queue (PORTAL_NOTIFICATION_QUEUE_URL) to resend to");
        }
        if (!delivery.resendable()) {
            throw new IllegalStateException("the notification's body was not kept: it cannot be resent");
        }
        sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(delivery.body()));
    }

    private static NotificationDelivery delivery(String checkoutId, Map<String, AttributeValue> i) {
        return new NotificationDelivery(checkoutId, i.get("sk").s().substring("DLV#".length()), s(i, "dlvPortal"), s(i, "dlvType"),
                s(i, "dlvStatus"), (int) n(i, "dlvAttempts"), (int) n(i, "dlvHttp"), instant(i, "dlvFirstAt"),
                instant(i, "dlvLastAt"), i.containsKey("dlvBody") ? i.get("dlvBody").s() : null);
    }

    private static String s(Map<String, AttributeValue> i, String name) {
        AttributeValue v = i.get(name);
        return v == null || v.s() == null ? "" : v.s();
    }

    private static long n(Map<String, AttributeValue> i, String name) {
        AttributeValue v = i.get(name);
        return v == null || v.n() == null ? 0 : Long.parseLong(v.n());
    }

    private static Instant instant(Map<String, AttributeValue> i, String name) {
        AttributeValue v = i.get(name);
        return v == null ? null : Instant.parse(v.s());
    }
}
