package jp.kokin.adapters.console;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import jp.kokin.domain.console.AuditEntry;
import jp.kokin.domain.console.AuditLog;
import jp.kokin.domain.console.Page;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * The audit log in the ledger table: {@code AUDIT#{JST date}} / {@code {entry id}} (ids sort by time
 * within a day), put once ({@link #IS_NEW}); the console's role may not update or delete these items
 * (an explicit Deny in template.yaml). A list is a Query per JST day, oldest first.
 *
 * <p>Size model: keys ~40 B, at/principal/action/target/organization/IP ~150 B, name ≤ 300 B, user agent ≤ 256 B,
 * detail ≤ 16 × (key ~20 + 200 × 3 B) ≈ 10 KB at worst (typically under 200 B): an entry is 1 write unit,
 * at worst 11. One partition per day: a day's entries (sign-ins and money actions of staff, hundreds) are far
 * under a partition's 1,000 writes a second.
 */
public final class DynamoAuditLog implements AuditLog {
    static final String IS_NEW = "attribute_not_exists(pk)";
    private static final ZoneId JST = ZoneId.of("Asia/Tokyo");
    /** Days one page reads at most (a range of empty days answers a short page with a next link). */
    static final int MAX_DAYS_PER_PAGE = 31;
    /** Query requests one page makes at most. */
    static final int MAX_QUERIES_PER_PAGE = 40;

    private final DynamoDbClient dynamoDb;
    private final String table;

    public DynamoAuditLog(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    public static DynamoAuditLog fromEnv(DynamoDbClient dynamoDb, Map<String, String> env) {
        return new DynamoAuditLog(dynamoDb, Tables.ledger(env));
    }

    static String partition(LocalDate jstDate) {
        return "AUDIT#" + jstDate;
    }

    @Override
    public void append(AuditEntry e) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", AttributeValue.fromS(partition(e.at().atZone(JST).toLocalDate())));
        item.put("sk", AttributeValue.fromS(e.id()));
        item.put("at", AttributeValue.fromS(e.at().toString()));
        item.put("principal", AttributeValue.fromS(e.principal()));
        item.put("name", AttributeValue.fromS(e.name()));
        item.put("action", AttributeValue.fromS(e.action()));
        item.put("target", AttributeValue.fromS(e.target()));
        item.put("organization", AttributeValue.fromS(e.organization()));
        item.put("sourceIp", AttributeValue.fromS(e.sourceIp()));
        item.put("userAgent", AttributeValue.fromS(e.userAgent()));
        Map<String, AttributeValue> detail = new LinkedHashMap<>();
        e.detail().forEach((k, v) -> detail.put(k, AttributeValue.fromS(v)));
        item.put("detail", AttributeValue.fromM(detail));
        // a second entry with the same id is refused (ConditionalCheckFailedException): never overwritten
        dynamoDb.putItem(b -> b.tableName(table).item(item).conditionExpression(IS_NEW));
    }

    @Override
    public Page<AuditEntry> list(LocalDate from, LocalDate to, Optional<Set<String>> organizations,
                                 Optional<String> cursor, int limit) {
        if (to.isBefore(from) || from.plusDays(MAX_DAYS).isBefore(to)) {
            throw new IllegalArgumentException("a range of at most " + MAX_DAYS + " days");
        }
        LocalDate day = from;
        String after = null;
        if (cursor.isPresent()) {
            String c = decode(cursor.get());
            int bar = c.indexOf('|');
            try {
                day = LocalDate.parse(c.substring(0, bar));
            } catch (DateTimeException e) {
                throw new IllegalArgumentException("not a cursor of this list", e);
            }
            after = bar + 1 < c.length() ? c.substring(bar + 1) : null;
            if (day.isAfter(to) || (after != null && !AUDIT_ID.matcher(after).matches())) {
                throw new IllegalArgumentException("not a cursor of this list");
            }
            if (day.isBefore(from)) {
                day = from;
                after = null;
            }
        }
        Map<String, AttributeValue> values = new HashMap<>();
        String filter = null;
        if (organizations.isPresent()) {
            if (organizations.get().isEmpty()) {
                return new Page<>(List.of(), Optional.empty());
            }
            List<String> names = new ArrayList<>();
            int i = 0;
            for (String org : organizations.get().stream().sorted().toList()) {
                names.add(":o" + i);
                values.put(":o" + i++, AttributeValue.fromS(org));
            }
            filter = "#org IN (" + String.join(", ", names) + ")";
        }
        List<AuditEntry> rows = new ArrayList<>();
        int days = 0;
        for (int queries = 0; queries < MAX_QUERIES_PER_PAGE && !day.isAfter(to) && rows.size() < limit
                && days < MAX_DAYS_PER_PAGE; queries++) {
            Map<String, AttributeValue> v = new HashMap<>(values);
            v.put(":pk", AttributeValue.fromS(partition(day)));
            String pk = partition(day);
            String start = after;
            String f = filter;
            int want = limit - rows.size();
            QueryResponse response = dynamoDb.query(b -> b.tableName(table).keyConditionExpression("pk = :pk")
                    .filterExpression(f).expressionAttributeNames(f == null ? null : Map.of("#org", "organization"))
                    .expressionAttributeValues(v).limit(want)
                    .exclusiveStartKey(start == null ? null
                            : Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS(start))));
            response.items().forEach(item -> rows.add(entry(item)));
            if (response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()) {
                after = response.lastEvaluatedKey().get("sk").s();
            } else {
                day = day.plusDays(1);
                after = null;
                days++;
            }
        }
        Optional<String> next = day.isAfter(to) ? Optional.empty()
                : Optional.of(encode(day + "|" + (after == null ? "" : after)));
        return new Page<>(rows, next);
    }

    static AuditEntry entry(Map<String, AttributeValue> item) {
        Map<String, String> detail = new LinkedHashMap<>();
        item.getOrDefault("detail", AttributeValue.fromM(Map.of())).m().forEach((k, v) -> detail.put(k, v.s()));
        return new AuditEntry(item.get("sk").s(), Instant.parse(item.get("at").s()), item.get("principal").s(),
                item.get("name").s(), item.get("action").s(), item.get("target").s(), item.get("organization").s(),
                item.get("sourceIp").s(), item.get("userAgent").s(), detail);
    }

    private static String encode(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    /** An entry's id ({@link AuditEntry#id()}): {@code aud_} + epoch millis (13 digits) + 8 hex; a cursor's {@code after} is one. */
    private static final Pattern AUDIT_ID = Pattern.compile("aud_\\d{13}[0-9a-f]{8}");

    private static String decode(String cursor) {
        if (cursor.length() > Page.MAX_CURSOR) {
            throw new IllegalArgumentException("cursor too long");
        }
        String s;
        try {
            s = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a cursor of this list", e);
        }
        if (s.indexOf('|') != 10) {
            throw new IllegalArgumentException("not a cursor of this list");
        }
        return s;
    }
}
