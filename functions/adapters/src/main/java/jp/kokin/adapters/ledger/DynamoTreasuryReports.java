package jp.kokin.adapters.ledger;

import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jp.kokin.adapters.json.Json;
import jp.kokin.domain.settlement.treasury.TreasuryReportStore;
import jp.kokin.domain.settlement.treasury.TreasuryReportStore.Check;
import jp.kokin.domain.settlement.treasury.TreasuryReportVersion;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

/**
 * The versions of Art. 6(2) reports in the ledger table. Item {@code TREPORT#<org>#<from>#<to>,
 * V#<NNN>} (one partition per report, its versions in number order, so the newest is one Query of
 * one item read backwards): {@code doc} (the version: content digest, issue and claim times, the
 * corrected version, totals and the three documents' keys, sizes and SHA-256), {@code state}
 * ({@code claimed} or {@code issued}) and {@code claimedAt}. A claim is a create-if-absent; issuing
 * and taking over an abandoned claim are conditional on the claim as read.
 *
 * <p>Two more items in the report's partition, outside the {@code V#} range: {@code CHECK}
 * ({@code inputsSha256}, {@code version}: the last check, replaced by each request that computed the
 * report) and {@code GENERATE} ({@code inputsSha256}, {@code requestedAt} in epoch milliseconds: the report job was asked to
 * generate the report of those inputs; a conditional put, so that requests polling a large report queue
 * one job, not one each; with {@code failure} when the job could not).
 *
 * <p>Size model: the doc is ≈ 350 B of numbers and digests plus ≈ 200 B per document (3): under
 * 1 KB per version, at most {@link TreasuryReportVersion#MAX_VERSION} versions a report; {@code CHECK}
 * and {@code GENERATE} are under 200 B each.
 */
public final class DynamoTreasuryReports implements TreasuryReportStore {
    private static final String CLAIMED = "claimed";
    private static final String ISSUED = "issued";
    private static final String CHECK = "CHECK";
    private static final String GENERATE = "GENERATE";

    private final DynamoDbClient dynamoDb;
    private final String table;

    public DynamoTreasuryReports(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    public static DynamoTreasuryReports fromEnv(DynamoDbClient dynamoDb, Map<String, String> env) {
        String table = env.get("LEDGER_TABLE");
        if (table == null || table.isBlank()) {
            throw new IllegalStateException("environment variable LEDGER_TABLE is not set");
        }
        return new DynamoTreasuryReports(dynamoDb, table);
    }

    private static String pk(String org, LocalDate from, LocalDate to) {
        return "TREPORT#" + org + "#" + from + "#" + to;
    }

    private static Map<String, AttributeValue> key(String org, LocalDate from, LocalDate to, int version) {
        return DynamoLedger.key(pk(org, from, to), "V#" + String.format("%03d", version));
    }

    private static Map<String, AttributeValue> item(TreasuryReportVersion v) {
        Map<String, AttributeValue> item = new HashMap<>(key(v.organizationCode(), v.from(), v.to(), v.version()));
        ObjectNode doc = Json.object().put("organizationCode", v.organizationCode()).put("from", v.from().toString())
                .put("to", v.to().toString()).put("version", v.version()).put("contentSha256", v.contentSha256())
                .put("issuedAt", v.issuedAt().toString()).put("corrects", v.corrects()).put("count", v.count())
                .put("total", v.total()).put("claims", v.claims()).put("claimsAmount", v.claimsAmount())
                .put("claimedAt", v.claimedAt().toString());
        if (v.issued()) {
            doc.set("json", SettlementRunCodec.object(v.json()));
            doc.set("csv", SettlementRunCodec.object(v.csv()));
            doc.set("html", SettlementRunCodec.object(v.html()));
        }
        item.put("doc", AttributeValue.fromS(Json.write(doc)));
        item.put("state", AttributeValue.fromS(v.issued() ? ISSUED : CLAIMED));
        item.put("claimedAt", AttributeValue.fromS(v.claimedAt().toString()));
        return item;
    }

    private static TreasuryReportVersion version(Map<String, AttributeValue> item) {
        JsonNode n = Json.parse(item.get("doc").s());
        return new TreasuryReportVersion(n.get("organizationCode").asText(), LocalDate.parse(n.get("from").asText()),
                LocalDate.parse(n.get("to").asText()), n.get("version").asInt(), n.get("contentSha256").asText(),
                Instant.parse(n.get("issuedAt").asText()), n.get("corrects").asInt(), n.get("count").asLong(),
                n.get("total").asLong(), n.get("claims").asLong(), n.get("claimsAmount").asLong(),
                Instant.parse(n.get("claimedAt").asText()), SettlementRunCodec.object(n.get("json")),
                SettlementRunCodec.object(n.get("csv")), SettlementRunCodec.object(n.get("html")));
    }

    @Override
    public Optional<TreasuryReportVersion> newest(String organizationCode, LocalDate from, LocalDate to) {
        List<Map<String, AttributeValue>> items = dynamoDb.query(b -> b.tableName(table).consistentRead(true)
                .keyConditionExpression("pk = :pk AND begins_with(sk, :v)").scanIndexForward(false).limit(1)
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(pk(organizationCode, from, to)),
                        ":v", AttributeValue.fromS("V#")))).items();
        return items.isEmpty() ? Optional.empty() : Optional.of(version(items.getFirst()));
    }

    @Override
    public Optional<TreasuryReportVersion> version(String organizationCode, LocalDate from, LocalDate to, int version) {
        if (version < 1 || version > TreasuryReportVersion.MAX_VERSION) {
            return Optional.empty();
        }
        var item = dynamoDb.getItem(b -> b.tableName(table).key(key(organizationCode, from, to, version)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(version(item));
    }

    @Override
    public boolean claim(TreasuryReportVersion claimed) {
        requireClaim(claimed);
        try {
            dynamoDb.putItem(b -> b.tableName(table).item(item(claimed)).conditionExpression(DynamoLedger.IS_NEW));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public boolean takeOver(TreasuryReportVersion abandoned, TreasuryReportVersion fresh) {
        requireClaim(fresh);
        return putIfClaimedAt(fresh, abandoned.claimedAt());
    }

    @Override
    public boolean issue(TreasuryReportVersion issued) {
        if (!issued.issued()) {
            throw new IllegalArgumentException("issue a version with its documents");
        }
        if (putIfClaimedAt(issued, issued.claimedAt())) {
            return true;
        }
        // issued meanwhile by a request that computed the same content (same bytes): fine
        return version(issued.organizationCode(), issued.from(), issued.to(), issued.version())
                .filter(v -> v.issued() && v.json().equals(issued.json()) && v.csv().equals(issued.csv())
                        && v.html().equals(issued.html()))
                .isPresent();
    }

    private boolean putIfClaimedAt(TreasuryReportVersion next, Instant claimedAt) {
        try {
            dynamoDb.putItem(b -> b.tableName(table).item(item(next))
                    .conditionExpression("attribute_exists(pk) AND #state = :claimed AND claimedAt = :claimedAt")
                    .expressionAttributeNames(Map.of("#state", "state"))
                    .expressionAttributeValues(Map.of(":claimed", AttributeValue.fromS(CLAIMED),
                            ":claimedAt", AttributeValue.fromS(claimedAt.toString()))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    private static void requireClaim(TreasuryReportVersion v) {
        if (v.issued()) {
            throw new IllegalArgumentException("a claim has no documents yet");
        }
    }

    @Override
    public Optional<Check> lastCheck(String organizationCode, LocalDate from, LocalDate to) {
        return item(organizationCode, from, to, CHECK)
                .map(item -> new Check(item.get("inputsSha256").s(), Integer.parseInt(item.get("version").n())));
    }

    /** The report's item {@code sk} (CHECK, GENERATE), read consistently. */
    private Optional<Map<String, AttributeValue>> item(String org, LocalDate from, LocalDate to, String sk) {
        var item = dynamoDb.getItem(b -> b.tableName(table).key(DynamoLedger.key(pk(org, from, to), sk)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item);
    }

    @Override
    public void recordCheck(String organizationCode, LocalDate from, LocalDate to, Check check) {
        Map<String, AttributeValue> item = new HashMap<>(DynamoLedger.key(pk(organizationCode, from, to), CHECK));
        item.put("inputsSha256", AttributeValue.fromS(check.inputsSha256()));
        item.put("version", AttributeValue.fromN(Integer.toString(check.version())));
        dynamoDb.putItem(b -> b.tableName(table).item(item));
    }

    @Override
    public boolean requestGeneration(String organizationCode, LocalDate from, LocalDate to, String inputsSha256, Instant now,
                                     Instant staleBefore) {
        try {
            putGeneration(organizationCode, from, to, inputsSha256, now, null, b -> b
                    .conditionExpression("attribute_not_exists(pk) OR inputsSha256 <> :inputs OR requestedAt < :stale")
                    .expressionAttributeValues(Map.of(":inputs", AttributeValue.fromS(inputsSha256),
                            ":stale", AttributeValue.fromN(Long.toString(staleBefore.toEpochMilli())))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public Optional<Generation> generation(String organizationCode, LocalDate from, LocalDate to) {
        return item(organizationCode, from, to, GENERATE).map(item -> new Generation(item.get("inputsSha256").s(),
                Instant.ofEpochMilli(Long.parseLong(item.get("requestedAt").n())),
                item.containsKey("failure") ? item.get("failure").s() : null));
    }

    @Override
    public void generationFailed(String organizationCode, LocalDate from, LocalDate to, String inputsSha256, String failure,
                                 Instant at) {
        try {
            putGeneration(organizationCode, from, to, inputsSha256, at, failure, b -> b
                    .conditionExpression("attribute_not_exists(pk) OR inputsSha256 = :inputs")
                    .expressionAttributeValues(Map.of(":inputs", AttributeValue.fromS(inputsSha256))));
        } catch (ConditionalCheckFailedException e) {
            // asked meanwhile for other inputs: that request stands
        }
    }

    @Override
    public void withdrawGeneration(String organizationCode, LocalDate from, LocalDate to, String inputsSha256) {
        try {
            // requested "at the epoch": stale for every later request (PutItem only: the API's role cannot delete)
            putGeneration(organizationCode, from, to, inputsSha256, Instant.EPOCH, null, b -> b
                    .conditionExpression("inputsSha256 = :inputs")
                    .expressionAttributeValues(Map.of(":inputs", AttributeValue.fromS(inputsSha256))));
        } catch (ConditionalCheckFailedException e) {
            // asked meanwhile for other inputs: that request stands
        }
    }

    private void putGeneration(String org, LocalDate from, LocalDate to, String inputsSha256, Instant at, String failure,
                               UnaryOperator<PutItemRequest.Builder> condition) {
        Map<String, AttributeValue> item = new HashMap<>(DynamoLedger.key(pk(org, from, to), GENERATE));
        item.put("inputsSha256", AttributeValue.fromS(inputsSha256));
        if (failure != null) {
            item.put("failure", AttributeValue.fromS(failure));
        }
        item.put("requestedAt", AttributeValue.fromN(Long.toString(at.toEpochMilli()))); // a number: compared as one
        dynamoDb.putItem(b -> condition.apply(b.tableName(table).item(item)));
    }
}
