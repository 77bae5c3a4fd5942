package jp.kokin.local;

import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Lambda's DynamoDB stream event source mapping for one function, on DynamoDB Local: reads every shard
 * of the table's stream from its start, keeps the records the event's filter matches (the template's
 * {@code {"dynamodb": {"Keys": {"<attr>": {"S": [...]}}}}} form), invokes the function in order, and with
 * {@code ReportBatchItemFailures} delivers again from the first failed record (at most
 * {@link #MAX_RETRIES} times, as the template's {@code MaximumRetryAttempts}; then the batch is dropped and logged).
 */
final class StreamPoller extends EventSourcePoller {
    static final int MAX_RETRIES = 10;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DynamoDbStreamsClient streams;
    private final String streamArn;
    private final int batchSize;
    private final Map<String, Set<String>> keyFilter;
    private final Map<String, String> iterators = new LinkedHashMap<>();
    private final Set<String> finished = new HashSet<>();
    private final Map<String, String> lastSequence = new HashMap<>();

    /**
     * @param event the function's event of type DynamoDB (its {@code Properties})
     */
    StreamPoller(FunctionRuntime function, JsonNode event, String streamArn, DynamoDbStreamsClient streams) {
        super(function, "stream");
        this.streams = streams;
        this.streamArn = streamArn;
        this.batchSize = Math.min(1000, event.path("BatchSize").asInt(100));
        this.keyFilter = keyFilter(event.path("FilterCriteria").path("Filters"));
    }

    /** Keys whose string value must be one of the listed ones (empty: every record). */
    static Map<String, Set<String>> keyFilter(JsonNode filters) {
        Map<String, Set<String>> filter = new HashMap<>();
        for (JsonNode f : filters) {
            try {
                JsonNode keys = JSON.readTree(f.path("Pattern").asText()).path("dynamodb").path("Keys");
                keys.fieldNames().forEachRemaining(name -> {
                    Set<String> values = filter.computeIfAbsent(name, n -> new HashSet<>());
                    keys.path(name).path("S").forEach(v -> values.add(v.asText()));
                });
            } catch (Exception e) {
                throw new IllegalArgumentException("unsupported stream filter: " + f, e);
            }
        }
        return filter;
    }

    @Override
    void pollOnce() throws InterruptedException {
        boolean any = false;
        for (Shard shard : streams.describeStream(r -> r.streamArn(streamArn)).streamDescription().shards()) {
            if (!finished.contains(shard.shardId()) && !iterators.containsKey(shard.shardId())) {
                String after = lastSequence.get(shard.shardId());
                iterators.put(shard.shardId(), streams.getShardIterator(r -> {
                    r.streamArn(streamArn).shardId(shard.shardId());
                    if (after == null) {
                        r.shardIteratorType(ShardIteratorType.TRIM_HORIZON);
                    } else {
                        r.shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER).sequenceNumber(after);
                    }
                }).shardIterator());
            }
        }
        for (String shardId : new ArrayList<>(iterators.keySet())) {
            software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse answer;
            try {
                answer = streams.getRecords(r -> r.shardIterator(iterators.get(shardId)).limit(batchSize));
            } catch (software.amazon.awssdk.services.dynamodb.model.TrimmedDataAccessException
                     | software.amazon.awssdk.services.dynamodb.model.ExpiredIteratorException e) {
                // DynamoDB Local refuses an iterator taken on an empty shard: take a new one after the last record read
                iterators.remove(shardId);
                continue;
            }
            if (!answer.records().isEmpty()) {
                any = true;
                deliver(answer.records());
                lastSequence.put(shardId, answer.records().getLast().dynamodb().sequenceNumber());
            }
            if (answer.nextShardIterator() == null) {
                iterators.remove(shardId);
                finished.add(shardId);
            } else {
                iterators.put(shardId, answer.nextShardIterator());
            }
        }
        if (!any) {
            Thread.sleep(200); // Lambda polls a stream shard about four times a second
        }
    }

    private boolean matches(Record r) {
        for (var f : keyFilter.entrySet()) {
            AttributeValue v = r.dynamodb().keys().get(f.getKey());
            if (v == null || v.s() == null || !f.getValue().contains(v.s())) {
                return false;
            }
        }
        return true;
    }

    private void deliver(List<Record> records) throws InterruptedException {
        List<Record> pending = new ArrayList<>(records.stream().filter(this::matches).toList());
        for (int attempt = 0; !pending.isEmpty() && running(); attempt++) {
            String failedAt = null;
            try {
                Object result = function.invoke(toEvent(pending));
                if (result instanceof StreamsEventResponse response && response.getBatchItemFailures() != null
                        && !response.getBatchItemFailures().isEmpty()) {
                    failedAt = response.getBatchItemFailures().getFirst().getItemIdentifier();
                }
            } catch (Exception e) {
                System.err.println("[" + function.name() + "] batch of " + pending.size() + " failed: " + e);
                failedAt = pending.getFirst().dynamodb().sequenceNumber();
            }
            if (failedAt == null) {
                return;
            }
            String from = failedAt;
            int index = 0;
            while (index < pending.size() && !pending.get(index).dynamodb().sequenceNumber().equals(from)) {
                index++;
            }
            pending = new ArrayList<>(pending.subList(Math.min(index, pending.size()), pending.size()));
            if (attempt >= MAX_RETRIES) {
                System.err.println("[" + function.name() + "] dropped " + pending.size() + " stream records after "
                        + MAX_RETRIES + " retries (the on-failure destination in AWS)");
                return;
            }
            Thread.sleep(500);
        }
    }

    static DynamodbEvent toEvent(List<Record> records) {
        List<DynamodbEvent.DynamodbStreamRecord> converted = new ArrayList<>();
        for (Record r : records) {
            var change = r.dynamodb();
            var record = new DynamodbEvent.DynamodbStreamRecord();
            record.setEventID(r.eventID());
            record.setEventName(r.eventNameAsString());
            record.setEventSource("aws:dynamodb");
            record.setEventVersion(r.eventVersion());
            record.setAwsRegion(r.awsRegion());
            StreamRecord s = new StreamRecord().withSequenceNumber(change.sequenceNumber())
                    .withKeys(image(change.keys()))
                    .withNewImage(change.hasNewImage() ? image(change.newImage()) : null)
                    .withOldImage(change.hasOldImage() ? image(change.oldImage()) : null);
            if (change.approximateCreationDateTime() != null) {
                s.setApproximateCreationDateTime(Date.from(change.approximateCreationDateTime()));
            }
            record.setDynamodb(s);
            converted.add(record);
        }
        var event = new DynamodbEvent();
        event.setRecords(converted);
        return event;
    }

    private static Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue> image(
            Map<String, AttributeValue> values) {
        Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue> image = new LinkedHashMap<>();
        values.forEach((k, v) -> image.put(k, value(v)));
        return image;
    }

    private static com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue value(AttributeValue v) {
        var out = new com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue();
        if (v.s() != null) {
            out.setS(v.s());
        } else if (v.n() != null) {
            out.setN(v.n());
        } else if (v.bool() != null) {
            out.setBOOL(v.bool());
        } else if (Boolean.TRUE.equals(v.nul())) {
            out.setNULL(true);
        } else if (v.hasM()) {
            out.setM(image(v.m()));
        } else if (v.hasL()) {
            out.setL(v.l().stream().map(StreamPoller::value).toList());
        } else if (v.hasSs()) {
            out.setSS(v.ss());
        } else if (v.hasNs()) {
            out.setNS(v.ns());
        }
        return out;
    }
}
