package jp.kokin.adapters.ledger;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import jp.kokin.adapters.json.Json;
import jp.kokin.domain.settlement.treasury.PayIn;
import jp.kokin.domain.settlement.treasury.PayInStatus;
import jp.kokin.domain.settlement.treasury.PayInStore;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Pay-ins (国庫納付) in the ledger table. Item {@code PAYINDATE#YYYY-MM-DD, PAYIN#<id>} (the run's
 * business date, so a date's pay-ins are one Query and a pay-in is one GetItem: its id names its
 * date): {@code doc} (the pay-in, {@link PayInCodec}), {@code version}, and the index keys
 * {@code payinOrg} + {@code payinBusinessDate} (GSI {@value #BY_ORGANIZATION}, always) and
 * {@code payinDue} = {@code Y} + {@code payinDueDate} (sparse GSI {@value #DUE}, only while due).
 *
 * <p>Size model: the doc is ≈ 1.2 KB of names and totals plus ≈ 250 B per audit entry (at most
 * {@link PayIn#MAX_AUDIT}) and ≈ 200 B per document (at most 4): under 8 KB.
 */
public final class DynamoPayIns implements PayInStore {
    public static final String BY_ORGANIZATION = "PayInsByOrganization";
    public static final String DUE = "DuePayIns";
    /** BatchGetItem's limit of keys a call. */
    static final int BATCH_GET_KEYS = 100;
    /** Calls for one batch of keys that DynamoDB left (partly) unprocessed before giving up. */
    static final int BATCH_GET_ATTEMPTS = 8;

    private final DynamoDbClient dynamoDb;
    private final String table;

    public DynamoPayIns(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    public static DynamoPayIns fromEnv(DynamoDbClient dynamoDb, Map<String, String> env) {
        String table = env.get("LEDGER_TABLE");
        if (table == null || table.isBlank()) {
            throw new IllegalStateException("environment variable LEDGER_TABLE is not set");
        }
        return new DynamoPayIns(dynamoDb, table);
    }

    static Map<String, AttributeValue> key(String id) {
        return DynamoLedger.key("PAYINDATE#" + businessDateOf(id).orElseThrow(
                () -> new IllegalArgumentException("pay-in id names no date: " + id)), "PAYIN#" + id);
    }

    /** The run's business date an id names ({@code pin_YYYYMMDD_…}); empty when those digits are no date. */
    private static Optional<LocalDate> businessDateOf(String id) {
        String d = id.substring(4, 12);
        try {
            return Optional.of(LocalDate.of(Integer.parseInt(d.substring(0, 4)), Integer.parseInt(d.substring(4, 6)),
                    Integer.parseInt(d.substring(6, 8))));
        } catch (java.time.DateTimeException e) {
            return Optional.empty();
        }
    }

    private static Map<String, AttributeValue> item(PayIn p) {
        Map<String, AttributeValue> item = new HashMap<>(key(p.id()));
        item.put("doc", AttributeValue.fromS(Json.write(PayInCodec.payIn(p))));
        item.put("version", AttributeValue.fromN(Long.toString(p.version())));
        item.put("payinOrg", AttributeValue.fromS(p.organizationCode()));
        item.put("payinBusinessDate", AttributeValue.fromS(p.businessDate() + "#" + p.id()));
        if (p.status() == PayInStatus.DUE) {
            item.put("payinDue", AttributeValue.fromS("Y"));
            item.put("payinDueDate", AttributeValue.fromS(p.dueDate() + "#" + p.id()));
        }
        return item;
    }

    private static PayIn payIn(Map<String, AttributeValue> item) {
        return PayInCodec.payIn(Json.parse(item.get("doc").s()));
    }

    @Override
    public boolean create(PayIn payIn) {
        try {
            dynamoDb.putItem(b -> b.tableName(table).item(item(payIn)).conditionExpression(DynamoLedger.IS_NEW));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public Optional<PayIn> find(String id) {
        if (!PayIn.ID.matcher(id).matches() || businessDateOf(id).isEmpty()) { // pin_20261399_…: no such date, no such pay-in
            return Optional.empty();
        }
        var item = dynamoDb.getItem(b -> b.tableName(table).key(key(id)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(payIn(item));
    }

    @Override
    public List<PayIn> byBusinessDate(LocalDate businessDate) {
        return query(QueryRequest.builder().tableName(table).consistentRead(true)
                .keyConditionExpression("pk = :pk AND begins_with(sk, :payin)")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("PAYINDATE#" + businessDate),
                        ":payin", AttributeValue.fromS("PAYIN#"))).build());
    }

    @Override
    public List<PayIn> due() {
        List<PayIn> listed = query(QueryRequest.builder().tableName(table).indexName(DUE)
                .keyConditionExpression("payinDue = :y")
                .expressionAttributeValues(Map.of(":y", AttributeValue.fromS("Y"))).build());
        // The index is eventually consistent and its copy of a pay-in is the one it indexed: a pay-in
        // paid a moment ago may still be listed, with status due. Its item, read consistently, says.
        return current(listed).stream().filter(p -> p.status() == PayInStatus.DUE).toList();
    }

    /** The items of {@code listed} read again consistently, in the same order (BatchGetItem, 100 keys a call). */
    private List<PayIn> current(List<PayIn> listed) {
        Map<String, PayIn> byId = new HashMap<>();
        for (int from = 0; from < listed.size(); from += BATCH_GET_KEYS) {
            List<Map<String, AttributeValue>> keys = listed.subList(from, Math.min(listed.size(), from + BATCH_GET_KEYS))
                    .stream().map(p -> key(p.id())).toList();
            Map<String, KeysAndAttributes> pending = Map.of(table, KeysAndAttributes.builder().keys(keys).consistentRead(true).build());
            for (int attempt = 0; !pending.isEmpty(); attempt++) {
                if (attempt == BATCH_GET_ATTEMPTS) {
                    throw new IllegalStateException("pay-ins not read after " + BATCH_GET_ATTEMPTS + " attempts (throttled)");
                }
                if (attempt > 0) {
                    backOff(attempt);
                }
                Map<String, KeysAndAttributes> request = pending;
                BatchGetItemResponse response = dynamoDb.batchGetItem(b -> b.requestItems(request));
                response.responses().getOrDefault(table, List.of()).forEach(i -> {
                    PayIn p = payIn(i);
                    byId.put(p.id(), p);
                });
                pending = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
            }
        }
        return listed.stream().map(p -> byId.get(p.id())).filter(Objects::nonNull).toList();
    }

    private static void backOff(int attempt) {
        try {
            Thread.sleep(Math.min(1_000L, 25L << attempt)); // DynamoDB asks callers to back off before asking again
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading pay-ins", e);
        }
    }

    @Override
    public List<PayIn> byOrganization(String organizationCode, LocalDate from, LocalDate to) {
        return query(QueryRequest.builder().tableName(table).indexName(BY_ORGANIZATION)
                .keyConditionExpression("payinOrg = :org AND payinBusinessDate BETWEEN :from AND :to")
                .expressionAttributeValues(Map.of(":org", AttributeValue.fromS(organizationCode),
                        ":from", AttributeValue.fromS(from + "#"), ":to", AttributeValue.fromS(to + "#~"))).build());
    }

    private List<PayIn> query(QueryRequest request) {
        List<PayIn> out = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            QueryResponse page = dynamoDb.query(start == null ? request : request.toBuilder().exclusiveStartKey(start).build());
            page.items().forEach(i -> out.add(payIn(i)));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return out;
    }

    @Override
    public boolean update(PayIn updated) {
        try {
            dynamoDb.putItem(b -> b.tableName(table).item(item(updated))
                    .conditionExpression(DynamoLedger.VERSION_MATCHES)
                    .expressionAttributeValues(Map.of(":expectedVersion",
                            AttributeValue.fromN(Long.toString(updated.version() - 1)))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }
}
