package jp.kokin.adapters.console;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jp.kokin.domain.console.CheckoutHistory;
import jp.kokin.domain.console.HistoryEvent;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * A checkout's history in its own partition: {@code CHK#{id}} / {@code HIST#{version:010d}#{seq:02d}}, put if
 * absent (a replayed stream record changes nothing), read in key order (version, then seq).
 *
 * <p>Size model: keys ~60 B, type ~20 B, time 24 B, detail ≤ 5 facts of ~80 B: ~0.3 KB, one write unit per
 * event. A paid checkout with a receipt has about 6 events (created, payment started + status, payment
 * status + paid, receipt issued), 8 with a settlement claim. Only {@code hist*} attributes are written (IAM).
 */
public final class DynamoCheckoutHistory implements CheckoutHistory {
    static final String IS_NEW = "attribute_not_exists(pk)";

    private final DynamoDbClient dynamoDb;
    private final String table;

    public DynamoCheckoutHistory(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    public static DynamoCheckoutHistory fromEnv(DynamoDbClient dynamoDb, Map<String, String> env) {
        return new DynamoCheckoutHistory(dynamoDb, Tables.ledger(env));
    }

    static String sortKey(long version, int seq) {
        return String.format("HIST#%010d#%02d", version, seq);
    }

    @Override
    public void append(List<HistoryEvent> events) {
        for (HistoryEvent e : events) {
            Map<String, AttributeValue> item = new HashMap<>();
            item.put("pk", AttributeValue.fromS("CHK#" + e.checkoutId()));
            item.put("sk", AttributeValue.fromS(sortKey(e.version(), e.seq())));
            item.put("histType", AttributeValue.fromS(e.type()));
            item.put("histAt", AttributeValue.fromS(e.at().toString()));
            Map<String, AttributeValue> detail = new LinkedHashMap<>();
            e.detail().forEach((k, v) -> detail.put(k, AttributeValue.fromS(v)));
            item.put("histDetail", AttributeValue.fromM(detail));
            try {
                dynamoDb.putItem(b -> b.tableName(table).item(item).conditionExpression(IS_NEW));
            } catch (ConditionalCheckFailedException already) {
                // written before (the stream delivers at least once): the event is the same
            }
        }
    }

    @Override
    public List<HistoryEvent> of(String checkoutId) {
        List<HistoryEvent> events = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            var response = dynamoDb.query(b -> b.tableName(table).keyConditionExpression("pk = :pk AND begins_with(sk, :h)")
                    .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("CHK#" + checkoutId), ":h", AttributeValue.fromS("HIST#")))
                    .limit(MAX_EVENTS - events.size()).exclusiveStartKey(from));
            for (var i : response.items()) {
                String sk = i.get("sk").s(); // HIST#0000000003#01
                Map<String, String> detail = new LinkedHashMap<>();
                i.getOrDefault("histDetail", AttributeValue.fromM(Map.of())).m().forEach((k, v) -> detail.put(k, v.s()));
                events.add(new HistoryEvent(checkoutId, Long.parseLong(sk.substring(5, 15)), Integer.parseInt(sk.substring(16)),
                        Instant.parse(i.get("histAt").s()), i.get("histType").s(), detail));
            }
            start = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty() ? response.lastEvaluatedKey() : null;
        } while (start != null && events.size() < MAX_EVENTS);
        return events;
    }
}
