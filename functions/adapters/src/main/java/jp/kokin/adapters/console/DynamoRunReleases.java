package jp.kokin.adapters.console;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import jp.kokin.domain.console.RunRelease;
import jp.kokin.domain.console.RunReleases;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Run releases in the ledger table: {@code STLRUN#{runId}} / {@code RELEASE} (the run's own partition),
 * about 250 bytes (one write unit). Prepared once ({@link #IS_NEW}); approved once, and only the
 * release that was read ({@link #APPROVABLE}): two approvers at once, or an approval racing a
 * re-preparation, cannot both succeed.
 */
public final class DynamoRunReleases implements RunReleases {
    static final String IS_NEW = "attribute_not_exists(pk)";
    static final String APPROVABLE = "attribute_exists(pk) AND attribute_not_exists(approvedBy)"
            + " AND preparedBy = :preparedBy AND preparedAt = :preparedAt";

    private final DynamoDbClient dynamoDb;
    private final String table;

    public DynamoRunReleases(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    public static DynamoRunReleases fromEnv(DynamoDbClient dynamoDb, Map<String, String> env) {
        return new DynamoRunReleases(dynamoDb, Tables.ledger(env));
    }

    static Map<String, AttributeValue> key(String runId) {
        return Map.of("pk", AttributeValue.fromS("STLRUN#" + runId), "sk", AttributeValue.fromS("RELEASE"));
    }

    @Override
    public Optional<RunRelease> find(String runId) {
        var item = dynamoDb.getItem(b -> b.tableName(table).key(key(runId)).consistentRead(true)).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new RunRelease(runId, item.get("preparedBy").s(), s(item, "preparedByName"),
                Instant.parse(item.get("preparedAt").s()), s(item, "approvedBy"), s(item, "approvedByName"),
                item.containsKey("approvedAt") ? Instant.parse(item.get("approvedAt").s()) : null));
    }

    private static String s(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : v.s();
    }

    @Override
    public boolean prepare(RunRelease prepared) {
        if (prepared.approved()) {
            throw new IllegalArgumentException("a release is prepared before it is approved");
        }
        Map<String, AttributeValue> item = new HashMap<>(key(prepared.runId()));
        item.put("preparedBy", AttributeValue.fromS(prepared.preparedBy()));
        item.put("preparedByName", AttributeValue.fromS(prepared.preparedByName() == null ? "" : prepared.preparedByName()));
        item.put("preparedAt", AttributeValue.fromS(prepared.preparedAt().toString()));
        try {
            dynamoDb.putItem(b -> b.tableName(table).item(item).conditionExpression(IS_NEW));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public boolean approve(RunRelease approved) {
        if (!approved.approved() || approved.approvedAt() == null) {
            throw new IllegalArgumentException("an approval names who approved and when");
        }
        // a conditional PutItem of the whole release (not UpdateItem): the settlement API approves runs too, and
        // its role may only PutItem on STLRUN# keys
        Map<String, AttributeValue> item = new HashMap<>(key(approved.runId()));
        item.put("preparedBy", AttributeValue.fromS(approved.preparedBy()));
        item.put("preparedByName", AttributeValue.fromS(approved.preparedByName() == null ? "" : approved.preparedByName()));
        item.put("preparedAt", AttributeValue.fromS(approved.preparedAt().toString()));
        item.put("approvedBy", AttributeValue.fromS(approved.approvedBy()));
        item.put("approvedByName", AttributeValue.fromS(approved.approvedByName() == null ? "" : approved.approvedByName()));
        item.put("approvedAt", AttributeValue.fromS(approved.approvedAt().toString()));
        try {
            dynamoDb.putItem(b -> b.tableName(table).item(item)
                    .conditionExpression(APPROVABLE)
                    .expressionAttributeValues(Map.of(
                            ":preparedBy", AttributeValue.fromS(approved.preparedBy()),
                            ":preparedAt", AttributeValue.fromS(approved.preparedAt().toString()))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }
}
