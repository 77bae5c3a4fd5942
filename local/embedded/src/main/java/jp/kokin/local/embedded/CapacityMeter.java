package jp.kokin.local.embedded;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;
import java.util.zip.CRC32;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Thread-safe meter behind {@link CapacityReport}: asks DynamoDB Local for the capacity each data
 * request consumes, records it, and hides it from callers that did not ask, so they see the very
 * answer they would have had; and weighs SQS requests as SQS bills them.
 */
final class CapacityMeter {

    static final String DYNAMODB_PREFIX = "DynamoDB_20120810.";
    /** The operations that consume capacity and accept {@code ReturnConsumedCapacity}. */
    private static final Set<String> DATA_OPERATIONS = Set.of("GetItem", "PutItem", "UpdateItem", "DeleteItem",
            "Query", "Scan", "BatchGetItem", "BatchWriteItem", "TransactGetItems", "TransactWriteItems");
    private static final Set<String> READ_OPERATIONS = Set.of("GetItem", "Query", "Scan", "BatchGetItem", "TransactGetItems");
    private static final String RETURN_CONSUMED_CAPACITY = "ReturnConsumedCapacity";
    private static final String CONSUMED_CAPACITY = "ConsumedCapacity";
    private static final ObjectMapper JSON = new ObjectMapper();

    private record TableKey(String caller, String table, String index, String operation) {}
    private record QueueKey(String caller, String queue, String operation) {}

    private static final class TableCounters {
        final LongAdder requests = new LongAdder();
        final LongAdder refused = new LongAdder();
        final DoubleAdder read = new DoubleAdder();
        final DoubleAdder write = new DoubleAdder();
    }

    private static final class QueueCounters {
        final LongAdder requests = new LongAdder();
        final LongAdder billed = new LongAdder();
        final LongAccumulator largest = new LongAccumulator(Math::max, 0);
    }

    /** The chronological log keeps the latest calls only (the runner may run for hours). */
    static final int LOG_LIMIT = 1_000;

    private final ConcurrentHashMap<TableKey, TableCounters> tables = new ConcurrentHashMap<>();
    private final java.util.ArrayDeque<CapacityReport.Call> log = new java.util.ArrayDeque<>();
    private final ConcurrentHashMap<QueueKey, QueueCounters> queues = new ConcurrentHashMap<>();

    /** A DynamoDB request body, with {@code ReturnConsumedCapacity: INDEXES} added if the caller did not ask. */
    record Asked(byte[] body, boolean added) {}

    /** Whether a DynamoDB operation ({@code X-Amz-Target}) consumes capacity. */
    static boolean meters(String target) {
        return target != null && target.startsWith(DYNAMODB_PREFIX) && DATA_OPERATIONS.contains(operation(target));
    }

    static Asked ask(byte[] body) {
        JsonNode request = parse(body);
        if (!(request instanceof ObjectNode object)) {
            return new Asked(body, false);
        }
        JsonNode asked = object.get(RETURN_CONSUMED_CAPACITY);
        if (asked != null && !"NONE".equals(asked.asText())) {
            return new Asked(body, false);
        }
        object.put(RETURN_CONSUMED_CAPACITY, "INDEXES");
        return new Asked(write(object), true);
    }

    /** The answer without the {@code ConsumedCapacity} we asked for (the caller did not). */
    static byte[] hide(byte[] answer) {
        JsonNode response = parse(answer);
        if (response instanceof ObjectNode object && object.remove(CONSUMED_CAPACITY) != null) {
            return write(object);
        }
        return answer;
    }

    /** The CRC32 DynamoDB puts in {@code x-amz-crc32} (the SDK checks it against the body). */
    static String crc32(byte[] body) {
        var crc = new CRC32();
        crc.update(body);
        return Long.toString(crc.getValue());
    }

    /** Records one DynamoDB data request: its answer's ConsumedCapacity, or a refusal on the tables it named. */
    void dynamoDb(String caller, String target, byte[] requestBody, int status, byte[] answer) {
        String who = callerOf(caller);
        String operation = operation(target);
        JsonNode consumed = status == 200 ? parse(answer).get(CONSUMED_CAPACITY) : null;
        if (consumed == null || consumed.isNull() || consumed.isEmpty()) {
            for (String table : tablesNamed(parse(requestBody))) {
                TableCounters c = tables.computeIfAbsent(new TableKey(who, table, null, operation), k -> new TableCounters());
                c.requests.increment();
                if (status != 200) {
                    c.refused.increment();
                }
            }
            log(new CapacityReport.Call(who, operation, items(parse(requestBody)), status == 200 ? "no ConsumedCapacity" : "refused (" + status + ")"));
            return;
        }
        List<String> units = new ArrayList<>();
        for (JsonNode entry : consumed.isArray() ? consumed : List.of(consumed)) {
            String table = entry.path("TableName").asText("?");
            JsonNode tableCapacity = entry.get("Table");
            units.add(table + " " + add(new TableKey(who, table, null, operation), tableCapacity != null ? tableCapacity : entry, operation));
            for (String kind : List.of("GlobalSecondaryIndexes", "LocalSecondaryIndexes")) {
                entry.path(kind).properties().forEach(e -> units.add(e.getKey() + " "
                        + add(new TableKey(who, table, e.getKey(), operation), e.getValue(), operation)));
            }
        }
        log(new CapacityReport.Call(who, operation, items(parse(requestBody)), String.join(", ", units)));
    }

    private void log(CapacityReport.Call call) {
        synchronized (log) {
            log.addLast(call);
            if (log.size() > LOG_LIMIT) {
                log.pollFirst();
            }
        }
    }

    /** What a request reads or writes: each item's key (and a written item's size), or the index a query reads. */
    private static String items(JsonNode request) {
        List<String> items = new ArrayList<>();
        if (request.has("Item")) {
            items.add(item(request.get("Item"), true));
        } else if (request.has("Key")) {
            items.add(item(request.get("Key"), false));
        } else if (request.has("KeyConditionExpression")) {
            items.add("query " + request.path("IndexName").asText("table") + " where " + request.get("KeyConditionExpression").asText());
        }
        for (JsonNode action : request.path("TransactItems")) {
            action.properties().forEach(e -> items.add(e.getKey() + " " + (e.getValue().has("Item")
                    ? item(e.getValue().get("Item"), true) : item(e.getValue().path("Key"), false))));
        }
        return String.join("; ", items);
    }

    private static String item(JsonNode attributes, boolean whole) {
        String key = attributes.path("pk").path("S").asText("?") + " " + attributes.path("sk").path("S").asText("");
        return whole ? key.trim() + " (" + itemSize(attributes) + " B)" : key.trim();
    }

    /** An item's size by DynamoDB's rule: each attribute's name plus its value, in UTF-8 (numbers approximated). */
    static long itemSize(JsonNode attributes) {
        long size = 0;
        for (var e : (Iterable<Map.Entry<String, JsonNode>>) attributes.properties()::iterator) {
            size += e.getKey().getBytes(StandardCharsets.UTF_8).length + valueSize(e.getValue());
        }
        return size;
    }

    private static long valueSize(JsonNode value) {
        if (value.has("S")) {
            return value.get("S").asText().getBytes(StandardCharsets.UTF_8).length;
        }
        if (value.has("N")) {
            return value.get("N").asText().length() / 2 + 2;
        }
        if (value.has("B")) {
            return java.util.Base64.getDecoder().decode(value.get("B").asText()).length;
        }
        if (value.has("M")) {
            return 3 + itemSize(value.get("M"));
        }
        if (value.has("L")) {
            long size = 3;
            for (JsonNode v : value.get("L")) {
                size += 1 + valueSize(v);
            }
            return size;
        }
        return 1;
    }

    /** Adds one request's units on a table or index; returns them as text ("1.0 RCU"). */
    private String add(TableKey key, JsonNode capacity, String operation) {
        TableCounters c = tables.computeIfAbsent(key, k -> new TableCounters());
        c.requests.increment();
        double read;
        double write;
        if (capacity.has("ReadCapacityUnits") || capacity.has("WriteCapacityUnits")) {
            read = capacity.path("ReadCapacityUnits").asDouble(0);
            write = capacity.path("WriteCapacityUnits").asDouble(0);
        } else if (READ_OPERATIONS.contains(operation)) {
            read = capacity.path("CapacityUnits").asDouble(0);
            write = 0;
        } else {
            read = 0;
            write = capacity.path("CapacityUnits").asDouble(0);
        }
        c.read.add(read);
        c.write.add(write);
        return (read > 0 ? read + " RCU" : "") + (read > 0 && write > 0 ? " " : "") + (write > 0 || read == 0 ? write + " WCU" : "");
    }

    /** Records one SQS request: the queue it named, and its payload (the answer's for a receive). */
    void sqs(String caller, String operation, byte[] requestBody, byte[] answer) {
        String name = operation.startsWith("AmazonSQS.") ? operation.substring("AmazonSQS.".length()) : operation;
        boolean receive = name.equals("ReceiveMessage");
        long payload = receive ? answer.length : requestBody.length;
        if (receive && parse(answer).path("Messages").isEmpty()) {
            name = "ReceiveMessage (empty)"; // a long poll that found nothing: billed all the same
        }
        QueueCounters c = queues.computeIfAbsent(new QueueKey(callerOf(caller), queueNamed(requestBody), name),
                k -> new QueueCounters());
        c.requests.increment();
        c.billed.add(Math.max(1, (payload + CapacityReport.SQS_CHUNK_BYTES - 1) / CapacityReport.SQS_CHUNK_BYTES));
        c.largest.accumulate(payload);
    }

    CapacityReport snapshot() {
        List<CapacityReport.TableUse> dynamo = new ArrayList<>();
        tables.forEach((k, c) -> dynamo.add(new CapacityReport.TableUse(k.caller(), k.table(), k.index(), k.operation(),
                c.requests.sum(), c.refused.sum(), c.read.sum(), c.write.sum())));
        List<CapacityReport.QueueUse> sqs = new ArrayList<>();
        queues.forEach((k, c) -> sqs.add(new CapacityReport.QueueUse(k.caller(), k.queue(), k.operation(),
                c.requests.sum(), c.billed.sum(), c.largest.get())));
        List<CapacityReport.Call> calls;
        synchronized (log) {
            calls = List.copyOf(log);
        }
        return new CapacityReport(dynamo, sqs, calls);
    }

    void reset() {
        tables.clear();
        queues.clear();
        synchronized (log) {
            log.clear();
        }
    }

    private static String callerOf(String caller) {
        return RequestCounts.RUNNER.equalsIgnoreCase(caller) ? RequestCounts.RUNNER : CapacityReport.FUNCTIONS;
    }

    private static String operation(String target) {
        return target.substring(target.indexOf('.') + 1);
    }

    /** The tables a request names: {@code TableName}, each transaction item's, or a batch's keys. */
    private static Set<String> tablesNamed(JsonNode request) {
        Set<String> names = new LinkedHashSet<>();
        if (request.hasNonNull("TableName")) {
            names.add(request.get("TableName").asText());
        }
        for (JsonNode item : request.path("TransactItems")) {
            item.properties().forEach(e -> {
                if (e.getValue().hasNonNull("TableName")) {
                    names.add(e.getValue().get("TableName").asText());
                }
            });
        }
        request.path("RequestItems").properties().forEach(e -> names.add(e.getKey()));
        if (names.isEmpty()) {
            names.add("?");
        }
        return names;
    }

    /** The queue's name, from the JSON protocol's {@code QueueUrl} or the query protocol's form field. */
    private static String queueNamed(byte[] body) {
        String url = null;
        JsonNode json = parse(body);
        if (json.hasNonNull("QueueUrl")) {
            url = json.get("QueueUrl").asText();
        } else {
            for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
                if (pair.startsWith("QueueUrl=")) {
                    url = URLDecoder.decode(pair.substring("QueueUrl=".length()), StandardCharsets.UTF_8);
                }
            }
        }
        if (url == null) {
            return "?";
        }
        String path = URI.create(url).getPath();
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static JsonNode parse(byte[] body) {
        try {
            JsonNode node = JSON.readTree(body);
            return node == null ? JSON.createObjectNode() : node;
        } catch (java.io.IOException e) {
            return JSON.createObjectNode();
        }
    }

    private static byte[] write(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
