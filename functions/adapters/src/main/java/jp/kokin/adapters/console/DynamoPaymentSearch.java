package jp.kokin.adapters.console;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import jp.kokin.adapters.ledger.DynamoLedger;
import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.console.Page;
import jp.kokin.domain.console.PaymentQuery;
import jp.kokin.domain.console.PaymentRow;
import jp.kokin.domain.console.PaymentSearch;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * The 収納一覧 on the ledger's console indexes ({@link ConsoleIndexes}): never a scan.
 *
 * <p>A list is one Query per organization (newest first, the filters as a FilterExpression), merged by
 * {@code consoleCreated}. The cursor is a single {@code consoleCreated} value (base64url): every row
 * above it, in every organization, has been shown, so the next page reads each organization below it.
 * An organization whose filter leaves few matches is read at most {@link #MAX_QUERIES_PER_ORGANIZATION}
 * Query pages per list page; then the page stops where that organization stopped (it may show fewer
 * rows than asked, even none, with a next link).
 */
public final class DynamoPaymentSearch implements PaymentSearch {
    private static final ZoneId JST = ZoneId.of("Asia/Tokyo");
    /** Organizations one list may merge (one Query each at least): more, and the caller asks the user to pick. */
    public static final int MAX_ORGANIZATIONS = 50;
    /** Query pages read per organization for one list page (a selective filter reads more than it shows). */
    static final int MAX_QUERIES_PER_ORGANIZATION = 5;
    /** Rows {@link #byReference} returns at most (the interface's limit). */
    static final int MAX_BY_REFERENCE = 50;
    /** Checkouts one page of the refund queue reads at most: one BatchGetItem (its limit is 100 keys). */
    public static final int MAX_AWAITING_PAGE = 100;

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final Clock clock;

    public DynamoPaymentSearch(DynamoDbClient dynamoDb, String table) {
        this(dynamoDb, table, Clock.systemUTC());
    }

    /** {@code clock}: a status filter means the status at its now (a created or pending checkout past its expiry is expired). */
    public DynamoPaymentSearch(DynamoDbClient dynamoDb, String table, Clock clock) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.clock = clock;
    }

    public static DynamoPaymentSearch fromEnv(DynamoDbClient dynamoDb, Map<String, String> env, Clock clock) {
        return new DynamoPaymentSearch(dynamoDb, Tables.ledger(env), clock);
    }

    @Override
    public Page<PaymentRow> list(PaymentQuery q, Optional<String> cursor, int limit) {
        if (q.organizations().size() > MAX_ORGANIZATIONS) {
            throw new IllegalArgumentException("at most " + MAX_ORGANIZATIONS + " organizations in one list");
        }
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive");
        }
        String low = ConsoleIndexes.instant(q.from().atStartOfDay(JST).toInstant());
        String end = ConsoleIndexes.instant(q.to().plusDays(1).atStartOfDay(JST).toInstant());
        String high = cursor.map(c -> decode(c, low, end)).orElse(end);
        List<Map<String, AttributeValue>> fetched = new ArrayList<>();
        String floor = null; // the highest key at which an organization stopped reading before its end
        for (String org : q.organizations().stream().sorted().toList()) {
            Optional<String> stoppedAt = readOrganization(org, q, low, high, limit, fetched);
            if (stoppedAt.isPresent() && (floor == null || stoppedAt.get().compareTo(floor) > 0)) {
                floor = stoppedAt.get();
            }
        }
        String cut = floor; // every organization's rows at or above it have been read
        List<Map<String, AttributeValue>> sorted = fetched.stream()
                .filter(i -> cut == null || i.get(ConsoleIndexes.CREATED).s().compareTo(cut) >= 0)
                .sorted(Comparator.comparing((Map<String, AttributeValue> i) -> i.get(ConsoleIndexes.CREATED).s()).reversed())
                .toList();
        List<Map<String, AttributeValue>> page = sorted.subList(0, Math.min(limit, sorted.size()));
        Optional<String> next = sorted.size() > limit ? Optional.of(encode(page.getLast().get(ConsoleIndexes.CREATED).s()))
                : Optional.ofNullable(cut).map(DynamoPaymentSearch::encode);
        return new Page<>(page.stream().map(ConsoleIndexes::row).toList(), next);
    }

    /**
     * Reads one organization's matching rows with keys in [low, high) into {@code into}, newest first,
     * until {@code limit + 1} rows, its end, or {@link #MAX_QUERIES_PER_ORGANIZATION} Query pages: empty
     * when it reached its end, else the key of the last item it read (rows at or above it are all read).
     */
    private Optional<String> readOrganization(String org, PaymentQuery q, String low, String high, int limit,
                                              List<Map<String, AttributeValue>> into) {
        Map<String, AttributeValue> values = new HashMap<>();
        Map<String, String> names = new HashMap<>();
        values.put(":org", AttributeValue.fromS(org));
        values.put(":low", AttributeValue.fromS(low));
        values.put(":high", AttributeValue.fromS(high));
        List<String> filters = new ArrayList<>();
        names.put("#created", ConsoleIndexes.CREATED);
        q.status().ifPresent(s -> {
            // the status at now, as the row shows it: the stored status of a created or pending checkout stays
            // until an event touches it, so expiry is its consoleExpires (no index has it: a filter, not a key)
            names.put("#status", ConsoleIndexes.STATUS);
            values.put(":status", AttributeValue.fromS(s));
            switch (s) {
                case "expired" -> {
                    filters.add("(#status = :status OR (#status IN (:created, :pending) AND " + ConsoleIndexes.EXPIRES + " <= :now))");
                    values.put(":created", AttributeValue.fromS("created"));
                    values.put(":pending", AttributeValue.fromS("pending"));
                    values.put(":now", AttributeValue.fromS(ConsoleIndexes.instant(clock.instant())));
                }
                case "created", "pending" -> {
                    filters.add("#status = :status AND (attribute_not_exists(" + ConsoleIndexes.EXPIRES + ") OR "
                            + ConsoleIndexes.EXPIRES + " > :now)");
                    values.put(":now", AttributeValue.fromS(ConsoleIndexes.instant(clock.instant())));
                }
                default -> filters.add("#status = :status");
            }
        });
        q.method().ifPresent(m -> {
            filters.add(ConsoleIndexes.METHOD + " = :method");
            values.put(":method", AttributeValue.fromS(m));
        });
        q.procedure().ifPresent(p -> {
            filters.add("contains(" + ConsoleIndexes.PROCEDURES + ", :procedure)");
            values.put(":procedure", AttributeValue.fromS(p));
        });
        q.minAmount().ifPresent(a -> {
            filters.add(ConsoleIndexes.AMOUNT + " >= :minAmount");
            values.put(":minAmount", AttributeValue.fromN(Long.toString(a)));
        });
        q.maxAmount().ifPresent(a -> {
            filters.add(ConsoleIndexes.AMOUNT + " <= :maxAmount");
            values.put(":maxAmount", AttributeValue.fromN(Long.toString(a)));
        });
        String filter = filters.isEmpty() ? null : String.join(" AND ", filters);
        Map<String, AttributeValue> start = null;
        int found = 0;
        for (int queries = 0; queries < MAX_QUERIES_PER_ORGANIZATION; queries++) {
            Map<String, AttributeValue> exclusiveStart = start;
            QueryResponse response = dynamoDb.query(b -> b.tableName(table).indexName(ConsoleIndexes.BY_ORGANIZATION)
                    .keyConditionExpression(ConsoleIndexes.ORG + " = :org AND #created BETWEEN :low AND :high")
                    .filterExpression(filter).expressionAttributeNames(names).expressionAttributeValues(values)
                    .scanIndexForward(false).limit(limit + 1).exclusiveStartKey(exclusiveStart));
            for (Map<String, AttributeValue> item : response.items()) {
                if (item.get(ConsoleIndexes.CREATED).s().equals(high)) {
                    continue; // BETWEEN is inclusive: the cursor's own row was on the previous page
                }
                into.add(item);
                if (++found > limit) {
                    return Optional.of(item.get(ConsoleIndexes.CREATED).s());
                }
            }
            if (!response.hasLastEvaluatedKey() || response.lastEvaluatedKey().isEmpty()) {
                return Optional.empty();
            }
            start = response.lastEvaluatedKey();
        }
        return Optional.of(start.get(ConsoleIndexes.CREATED).s());
    }

    @Override
    public List<PaymentRow> byReference(String reference) {
        var response = dynamoDb.query(b -> b.tableName(table).indexName(ConsoleIndexes.BY_REFERENCE)
                .keyConditionExpression(ConsoleIndexes.REF + " = :ref")
                .expressionAttributeValues(Map.of(":ref", AttributeValue.fromS(reference)))
                .scanIndexForward(false).limit(MAX_BY_REFERENCE));
        if (response.items().isEmpty()) {
            return List.of();
        }
        List<Map<String, AttributeValue>> keys = response.items().stream()
                .map(i -> Map.of("pk", i.get("pk"), "sk", i.get("sk"))).toList();
        List<PaymentRow> rows = new ArrayList<>();
        Map<String, KeysAndAttributes> pending = Map.of(table, KeysAndAttributes.builder().keys(keys).build());
        // at most 50 keys: one BatchGetItem (limit 100), repeated only for what DynamoDB left unprocessed
        for (int round = 0; !pending.isEmpty() && round < 10; round++) {
            Map<String, KeysAndAttributes> ask = pending;
            var got = dynamoDb.batchGetItem(b -> b.requestItems(ask));
            got.responses().getOrDefault(table, List.of()).forEach(i -> rows.add(PaymentRow.of(DynamoLedger.fromItem(i))));
            pending = got.hasUnprocessedKeys() ? got.unprocessedKeys() : Map.of();
        }
        return rows.stream().sorted(Comparator.comparing(PaymentRow::createdAt).thenComparing(PaymentRow::checkoutId).reversed()).toList();
    }

    /**
     * One Query per organization on the sparse {@link ConsoleIndexes#AWAITING_REFUND_DECISION} (KEYS_ONLY,
     * oldest first, keys above the cursor, {@code limit + 1} each: there is no filter, so the page's rows
     * are the smallest keys of the merge), then one BatchGetItem of the page's checkouts, strongly
     * consistent (a decision just made shows). Cost: 0.5 RCU per Query (keys ≈ 120 B each, 1 MB reads) and
     * 1 RCU per checkout ≤ 4 KB: about 50 RCU for a page of 50.
     */
    @Override
    public Page<Checkout> awaitingRefundDecision(Set<String> organizations, Optional<String> cursor, int limit) {
        if (organizations.size() > MAX_ORGANIZATIONS) {
            throw new IllegalArgumentException("at most " + MAX_ORGANIZATIONS + " organizations in one list");
        }
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive");
        }
        int size = Math.min(limit, MAX_AWAITING_PAGE); // a larger page reads MAX_AWAITING_PAGE
        Optional<String> after = cursor.map(DynamoPaymentSearch::decode);
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        for (String org : organizations.stream().sorted().toList()) {
            Map<String, AttributeValue> values = new HashMap<>();
            values.put(":org", AttributeValue.fromS(org));
            after.ifPresent(a -> values.put(":after", AttributeValue.fromS(a)));
            var response = dynamoDb.query(b -> b.tableName(table).indexName(ConsoleIndexes.AWAITING_REFUND_DECISION)
                    .keyConditionExpression(ConsoleIndexes.REFUND_ORG + " = :org" + (after.isPresent() ? " AND #created > :after" : ""))
                    .expressionAttributeNames(after.isPresent() ? Map.of("#created", ConsoleIndexes.CREATED) : null)
                    .expressionAttributeValues(values).scanIndexForward(true).limit(size + 1));
            keys.addAll(response.items());
        }
        List<Map<String, AttributeValue>> sorted = keys.stream()
                .sorted(Comparator.comparing((Map<String, AttributeValue> i) -> i.get(ConsoleIndexes.CREATED).s())).toList();
        List<Map<String, AttributeValue>> page = sorted.subList(0, Math.min(size, sorted.size()));
        Optional<String> next = sorted.size() > size ? Optional.of(encode(page.getLast().get(ConsoleIndexes.CREATED).s())) : Optional.empty();
        Map<String, Checkout> byId = new HashMap<>();
        Map<String, KeysAndAttributes> pending = page.isEmpty() ? Map.of() : Map.of(table, KeysAndAttributes.builder()
                .keys(page.stream().map(i -> Map.of("pk", i.get("pk"), "sk", i.get("sk"))).toList()).consistentRead(true).build());
        for (int round = 0; !pending.isEmpty() && round < 10; round++) {
            Map<String, KeysAndAttributes> ask = pending;
            var got = dynamoDb.batchGetItem(b -> b.requestItems(ask));
            got.responses().getOrDefault(table, List.of()).forEach(i -> {
                Checkout c = DynamoLedger.fromItem(i);
                byId.put(c.id(), c);
            });
            pending = got.hasUnprocessedKeys() ? got.unprocessedKeys() : Map.of();
        }
        List<Checkout> rows = page.stream().map(i -> i.get(ConsoleIndexes.CREATED).s())
                .map(k -> byId.get(k.substring(k.indexOf('#') + 1))).filter(java.util.Objects::nonNull).toList();
        return new Page<>(rows, next);
    }

    @Override
    public Optional<PaymentRow> byReceiptNumber(String receiptNumber) {
        // RCPT#{number}/RECEIPT names its checkout: two GetItems, no index
        DynamoLedger ledger = new DynamoLedger(dynamoDb, table);
        return ledger.findReceipt(receiptNumber).flatMap(r -> ledger.find(r.checkoutId())).map(PaymentRow::of);
    }

    static String encode(String key) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8));
    }

    /** A cursor's key: {@code createdAt} (fixed width) {@code #chk_…}, as {@link ConsoleIndexes#created} writes it. */
    private static final Pattern CURSOR_KEY = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{9}Z#chk_[A-Za-z0-9]{1,64}");

    /**
     * The key a cursor carries, or {@link IllegalArgumentException} (a 400 for the caller) when it is not
     * one this list wrote for this range: the shape of a {@code consoleCreated} value, within
     * {@code [low, high]}. A key below {@code low} would make DynamoDB refuse the BETWEEN (a 500), one
     * above {@code high} would list rows past the range.
     */
    static String decode(String cursor, String low, String high) {
        String key = decode(cursor);
        if (!CURSOR_KEY.matcher(key).matches() || key.compareTo(low) < 0 || key.compareTo(high) > 0) {
            throw new IllegalArgumentException("not a cursor of this list");
        }
        return key;
    }

    static String decode(String cursor) {
        if (cursor.length() > Page.MAX_CURSOR) {
            throw new IllegalArgumentException("cursor too long");
        }
        try {
            return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a cursor of this list", e);
        }
    }
}
