package jp.kokin.adapters.ledger;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jp.kokin.adapters.json.Json;
import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.settlement.RefundClaim;
import jp.kokin.domain.settlement.RefundTransfers;
import jp.kokin.domain.settlement.RepaymentRequest;
import jp.kokin.domain.settlement.RunState;
import jp.kokin.domain.settlement.SettlementClaim;
import jp.kokin.domain.settlement.RunStatement;
import jp.kokin.domain.settlement.SettlementLine;
import jp.kokin.domain.settlement.SettlementRun;
import jp.kokin.domain.settlement.SettlementRunId;
import jp.kokin.domain.settlement.SettlementRunStore;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Settlement runs in the ledger table (single-table design, beside the checkouts they claim, so a
 * claim is one transaction). Items (pk, sk):
 * <ul>
 *   <li>{@code STLOPEN, STLOPEN}: the open-run slot, {@code runId}; at most one run is open.</li>
 *   <li>{@code STLDATE#YYYY-MM-DD, RUN#NNN}: a run, {@code state} (the attribute claims check) and
 *       {@code doc} (the run: times, totals, documents). A date's runs are one Query, in sequence order.</li>
 *   <li>{@code STLRUN#<runId>, B#<batchId>}: a claim batch, {@code lines} (compact JSON), {@code count} and,
 *       when it claimed refunds, {@code refunds} (compact JSON).</li>
 *   <li>{@code STLRUN#<runId>, S#<creditorCode>}: a creditor's statement, {@code doc}.</li>
 *   <li>{@code STLRUN#<runId>, R#<creditorCode>}: a creditor's repayment request (返還請求), {@code doc}.</li>
 *   <li>{@code STLRUN#<runId>, RTF}: the run's refund transfer file, {@code doc}.</li>
 *   <li>{@code STLLATEST, STLLATEST}: {@code businessDate}, the latest date with a complete run.</li>
 * </ul>
 * None of them carries an attribute that a ledger index is keyed on, so none enters an index. Every
 * write is conditional where it guards a guarantee; the conditions are named here and pinned by
 * {@code DynamoSettlementRunsTest}.
 *
 * <p>Size model. <b>Run item</b>: keys ≈ 40 B, {@code doc} ≈ 400 B of ids, times and totals plus
 * two objects of at most 512 + 64 + 40 B each: under 2 KB whatever the run's size; the creditors'
 * figures are in the statement items, one per creditor (≈ 700 B of three objects + totals, plus
 * ≈ 150–450 B per procedure), so 1,800 creditors are 1,800 small items, never one large one.
 * <b>Batch item</b>: see {@link #BATCH_ITEM_BUDGET_BYTES}.
 */
public final class DynamoSettlementRuns implements SettlementRunStore {

    /** A new item: nothing with that key exists. */
    static final String IS_NEW = DynamoLedger.IS_NEW;
    /** A claim goes only into a run that still takes claims (the same transaction checks it). */
    static final String RUN_CLAIMING = "#state = :claiming";
    /** A claimed checkout is stored at the version it was read at (the lock every checkout writer uses). */
    static final String CLAIMABLE = DynamoLedger.VERSION_MATCHES;
    /** Completing: only a sealed run (its batches can no longer change). */
    static final String RUN_SEALED = "#state = :sealed";
    /** Sealing or abandoning: the run is not complete. */
    static final String RUN_OPEN = "#state IN (:claiming, :sealed)";
    /** The open-run slot is freed only by the run that holds it. */
    static final String SLOT_HELD_BY = "runId = :runId";
    /** The latest settled date moves forward only. */
    static final String LATEST_BEFORE = "attribute_not_exists(pk) OR #date < :date";

    /**
     * A batch item's budget. Its size model (UTF-8; names at most 100 characters of 3 bytes):
     * <pre>
     *   keys, count              pk 6 + 21, sk ≤ 102, count ≈ 10                       ≈    150
     *   a line, typical          ids 30 + 34, paidAt 30, keys 28, organization 8,
     *                            reference ~30, one share ≈ 80                       ≈    240
     *   reference at its largest 64 characters of 3 bytes (CheckoutLimits.MAX_REFERENCE) +192
     *   a line, largest allowed  20 items × 5 fee lines = 100 shares × (creditor 15 +
     *                            code 64 + name 300 + quantity 3 + yen 13 + 12)        ≈ 40,700
     * </pre>
     * 98 typical lines are some 24 KB (organization and reference added ~4 KB); the largest lines
     * allowed (~40.9 KB with a reference of 64 three-byte characters) still fit 8 to a batch. Under DynamoDB's
     * 400 KB item limit with room to spare: {@link #claimSize} cuts a claim before its batch passes this.
     */
    public static final int BATCH_ITEM_BUDGET_BYTES = 350 * 1024;
    /**
     * A claim transaction's budget: DynamoDB refuses transactions over 4 MB of items. A checkout item
     * weighs about 1.2 KB, at most {@link DynamoLedger#CHECKOUT_ITEM_BUDGET_BYTES}: 98 of them at
     * their largest would not fit, so {@link #claimSize} cuts by this too (half a MB left for keys,
     * conditions and the size model's error).
     */
    public static final int CLAIM_TRANSACTION_BUDGET_BYTES = 3_584 * 1024;
    /** Every run id has this length: the sizes {@link #claimSize} computes with it are exact. */
    private static final String SIZING_RUN_ID = "stl_20000101_001";
    /** Batch ids as the port describes them: they are part of a key and sort the batches. */
    private static final Pattern BATCH_ID = Pattern.compile("[A-Za-z0-9#_.-]{1,100}");
    /** BatchWriteItem takes 25 items a request. */
    private static final int BATCH_WRITE_ITEMS = 25;
    /** Unprocessed statement writes are resent this many times (with backoff) before giving up. */
    private static final int BATCH_WRITE_ATTEMPTS = 8;

    private static final Map<String, AttributeValue> SLOT_KEY = DynamoLedger.key("STLOPEN", "STLOPEN");
    private static final Map<String, AttributeValue> LATEST_KEY = DynamoLedger.key("STLLATEST", "STLLATEST");
    private static final Map<String, String> STATE = Map.of("#state", "state");

    private final DynamoDbClient dynamoDb;
    private final String table;

    public DynamoSettlementRuns(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    public static DynamoSettlementRuns fromEnv(DynamoDbClient dynamoDb, Map<String, String> env) {
        String table = env.get("LEDGER_TABLE");
        if (table == null || table.isBlank()) {
            throw new IllegalStateException("environment variable LEDGER_TABLE is not set");
        }
        return new DynamoSettlementRuns(dynamoDb, table);
    }

    static Map<String, AttributeValue> runKey(SettlementRunId id) {
        return DynamoLedger.key("STLDATE#" + id.businessDate(), "RUN#" + String.format("%03d", id.sequence()));
    }

    private static String runPk(SettlementRunId id) {
        return "STLRUN#" + id;
    }

    @Override
    public int shards() {
        return DynamoLedger.SETTLEMENT_SHARDS;
    }

    // ---------------------------------------------------------------- the work list

    @Override
    public UnsettledPage unsettled(int shard, Instant paidBefore, String cursor, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive: " + limit);
        }
        String shardKey = DynamoLedger.shardKey(shard);
        QueryRequest.Builder query = QueryRequest.builder().tableName(table).indexName(DynamoLedger.UNSETTLED)
                .keyConditionExpression("settleShard = :shard AND paidAt < :before")
                .expressionAttributeValues(Map.of(":shard", AttributeValue.fromS(shardKey),
                        ":before", AttributeValue.fromS(paidBefore.toString())))
                .limit(limit);
        if (cursor != null) {
            query.exclusiveStartKey(decodeCursor(cursor, shardKey));
        }
        var response = dynamoDb.query(query.build());
        List<Checkout> checkouts = new ArrayList<>();
        for (var item : response.items()) {
            Checkout c = DynamoLedger.fromItem(item);
            if (c.hasSettlementWork()) { // always, unless the index is mid-update
                checkouts.add(c);
            }
        }
        var last = response.lastEvaluatedKey();
        return new UnsettledPage(checkouts, last == null || last.isEmpty() ? null : encodeCursor(last));
    }

    /** The index's last evaluated key (four strings), as base64url JSON: opaque to the caller. */
    static String encodeCursor(Map<String, AttributeValue> key) {
        ObjectNode n = Json.object();
        key.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> n.put(e.getKey(), e.getValue().s()));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Json.write(n).getBytes(StandardCharsets.UTF_8));
    }

    static Map<String, AttributeValue> decodeCursor(String cursor, String shardKey) {
        JsonNode n;
        try {
            n = Json.parse(Base64.getUrlDecoder().decode(cursor));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a cursor of the unsettled list: " + cursor);
        }
        Map<String, AttributeValue> key = new LinkedHashMap<>();
        for (String name : List.of("pk", "sk", "settleShard", "paidAt")) {
            if (!n.path(name).isTextual()) {
                throw new IllegalArgumentException("not a cursor of the unsettled list: " + cursor);
            }
            key.put(name, AttributeValue.fromS(n.get(name).asText()));
        }
        if (n.size() != key.size() || !shardKey.equals(key.get("settleShard").s())) {
            throw new IllegalArgumentException("not a cursor of shard " + shardKey + ": " + cursor);
        }
        return key;
    }

    @Override
    public Optional<Checkout> checkout(String checkoutId) {
        var item = dynamoDb.getItem(b -> b.tableName(table).key(DynamoLedger.checkoutKey(checkoutId)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(DynamoLedger.fromItem(item));
    }

    // ---------------------------------------------------------------- opening

    @Override
    public Optional<SettlementRun> openRun() {
        var slot = dynamoDb.getItem(b -> b.tableName(table).key(SLOT_KEY).consistentRead(true)).item();
        if (slot == null || slot.isEmpty()) {
            return Optional.empty();
        }
        SettlementRunId id = SettlementRunId.parse(slot.get("runId").s())
                .orElseThrow(() -> new IllegalStateException("the open-run slot names no run: " + slot.get("runId").s()));
        Optional<SettlementRun> run = run(id);
        if (run.isEmpty() || run.get().state() == RunState.ABANDONED || run.get().state() == RunState.COMPLETE) {
            // finished meanwhile (the slot goes in the same transaction), or deleted by hand: never block
            // every later run. Run ids are never reused (abandoned runs stay as tombstones), so the
            // slot freed here cannot be a newer run's.
            freeSlot(id);
            return Optional.empty();
        }
        return run;
    }

    @Override
    public Optional<SettlementRun> createRun(SettlementRun run) {
        if (run.state() != RunState.CLAIMING) {
            throw new IllegalArgumentException("a run opens claiming: " + run.id() + " is " + run.state().wire());
        }
        Map<String, AttributeValue> slot = new HashMap<>(SLOT_KEY);
        slot.put("runId", AttributeValue.fromS(run.id().toString()));
        try {
            dynamoDb.transactWriteItems(b -> b.transactItems(
                    TransactWriteItem.builder().put(Put.builder().tableName(table).item(slot).conditionExpression(IS_NEW).build()).build(),
                    TransactWriteItem.builder().put(Put.builder().tableName(table).item(runItem(run))
                            .conditionExpression(IS_NEW).build()).build()));
            return Optional.of(run);
        } catch (TransactionCanceledException e) {
            if (reasons(e).stream().allMatch(r -> isCondition(r) || isConflict(r) || isNone(r))) {
                return Optional.empty(); // another run is open, or being opened (read openRun and roll it forward)
            }
            throw e;
        }
    }

    private static Map<String, AttributeValue> runItem(SettlementRun run) {
        Map<String, AttributeValue> item = new HashMap<>(runKey(run.id()));
        item.put("runId", AttributeValue.fromS(run.id().toString()));
        item.put("state", AttributeValue.fromS(run.state().wire()));
        item.put("doc", AttributeValue.fromS(Json.write(SettlementRunCodec.run(run))));
        return item;
    }

    /** The stored run; its {@code state} attribute (which {@link #seal} sets alone) wins over the document's. */
    private static SettlementRun fromRunItem(Map<String, AttributeValue> item) {
        return SettlementRunCodec.run(Json.parse(item.get("doc").s())).inState(RunState.fromWire(item.get("state").s()));
    }

    @Override
    public int nextSequence(LocalDate businessDate) {
        var items = dynamoDb.query(b -> b.tableName(table).consistentRead(true)
                .keyConditionExpression("pk = :pk AND begins_with(sk, :run)")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("STLDATE#" + businessDate),
                        ":run", AttributeValue.fromS("RUN#")))
                .scanIndexForward(false).limit(1)).items();
        return items.isEmpty() ? 1 : Integer.parseInt(items.getFirst().get("sk").s().substring("RUN#".length())) + 1;
    }

    // ---------------------------------------------------------------- claiming

    @Override
    public int claimSize(List<Checkout> candidates) {
        int transaction = 200; // the run's key in the condition check
        int batch = 150;
        int n = 0;
        for (Checkout c : candidates) {
            if (n == MAX_CHECKOUTS_PER_CLAIM) {
                break;
            }
            SettlementClaim claim = SettlementClaim.of(c, SIZING_RUN_ID);
            int line = claim.line().map(l -> Json.write(SettlementRunCodec.line(l)).getBytes(StandardCharsets.UTF_8).length + 1)
                    .orElse(0) + claimedRefundBytes(claim.refunds());
            int item = itemBytes(DynamoLedger.checkoutItem(claim.claimed().atVersion(c.version() + 1)));
            if (n > 0 && (batch + line > BATCH_ITEM_BUDGET_BYTES || transaction + batch + line + item > CLAIM_TRANSACTION_BUDGET_BYTES)) {
                break;
            }
            batch += line;
            transaction += item;
            n++;
        }
        return n;
    }

    /**
     * The refund claims' share of a batch item. Size model: a claim ≈ 200 B of ids and times, a
     * repayment row ≈ 40 B + its procedure code and name (as a share), an account ≈ 120 B; a checkout
     * holds at most {@code CheckoutLimits.MAX_REFUNDS} refunds of at most 100 fee lines in all, so a
     * checkout's claims stay under the 41 KB of its largest line: the budgets below hold.
     */
    private static int claimedRefundBytes(List<RefundClaim> claims) {
        return claims.isEmpty() ? 0 : SettlementRunCodec.refunds(claims).getBytes(StandardCharsets.UTF_8).length + 1;
    }

    /** DynamoDB's item size: attribute names plus values (strings as UTF-8, numbers about 1 byte per 2 digits + 1). */
    static int itemBytes(Map<String, AttributeValue> item) {
        int size = 0;
        for (var e : item.entrySet()) {
            size += e.getKey().getBytes(StandardCharsets.UTF_8).length;
            AttributeValue v = e.getValue();
            if (v.s() != null) {
                size += v.s().getBytes(StandardCharsets.UTF_8).length;
            } else if (v.n() != null) {
                size += v.n().length() / 2 + 2;
            } else if (v.b() != null) {
                size += v.b().asByteArray().length;
            } else {
                size += 1;
            }
        }
        return size;
    }

    /**
     * One TransactWriteItems: [0] the run is still claiming, [1] the batch is new, [2..] each checkout
     * at the version it was read at, claimed. Cancellation reasons come back in that order.
     */
    @Override
    public ClaimOutcome claim(SettlementRun run, String batchId, List<Checkout> checkouts) {
        if (batchId == null || !BATCH_ID.matcher(batchId).matches()) {
            throw new IllegalArgumentException("batch id must be 1..100 of [A-Za-z0-9#_.-]: " + batchId);
        }
        if (checkouts.isEmpty()) {
            throw new IllegalArgumentException("a claim takes at least one checkout");
        }
        Set<String> ids = new HashSet<>();
        for (Checkout c : checkouts) {
            if (!ids.add(c.id())) {
                throw new IllegalArgumentException("checkout " + c.id() + " twice in one claim");
            }
            if (!c.hasSettlementWork()) {
                throw new IllegalArgumentException("checkout " + c.id() + " has nothing to settle");
            }
        }
        if (checkouts.size() > MAX_CHECKOUTS_PER_CLAIM) {
            throw new IllegalArgumentException("one claim takes " + MAX_CHECKOUTS_PER_CLAIM + " checkouts at most: " + checkouts.size());
        }
        String runId = run.id().toString();
        List<SettlementLine> lines = new ArrayList<>();
        List<RefundClaim> refunds = new ArrayList<>();
        List<TransactWriteItem> actions = new ArrayList<>();
        actions.add(TransactWriteItem.builder().conditionCheck(ConditionCheck.builder().tableName(table).key(runKey(run.id()))
                .conditionExpression(RUN_CLAIMING).expressionAttributeNames(STATE)
                .expressionAttributeValues(Map.of(":claiming", AttributeValue.fromS(RunState.CLAIMING.wire()))).build()).build());
        actions.add(null); // the batch, once its lines are known
        long transaction = 0;
        for (Checkout c : checkouts) {
            SettlementClaim claim = SettlementClaim.of(c, runId);
            claim.line().ifPresent(lines::add);
            refunds.addAll(claim.refunds());
            Map<String, AttributeValue> item = DynamoLedger.checkoutItem(claim.claimed().atVersion(c.version() + 1));
            transaction += itemBytes(item);
            actions.add(TransactWriteItem.builder().put(Put.builder().tableName(table).item(item)
                    .conditionExpression(CLAIMABLE)
                    .expressionAttributeValues(Map.of(":expectedVersion", AttributeValue.fromN(Long.toString(c.version()))))
                    .build()).build());
        }
        Map<String, AttributeValue> batch = new HashMap<>(DynamoLedger.key(runPk(run.id()), "B#" + batchId));
        batch.put("lines", AttributeValue.fromS(SettlementRunCodec.lines(lines)));
        batch.put("count", AttributeValue.fromN(Integer.toString(lines.size())));
        if (!refunds.isEmpty()) {
            batch.put("refunds", AttributeValue.fromS(SettlementRunCodec.refunds(refunds)));
        }
        int batchBytes = itemBytes(batch);
        transaction += batchBytes;
        // claimSize over-estimates both figures, so whatever it accepted passes; one checkout always does
        // (an item under CHECKOUT_ITEM_BUDGET_BYTES, a line under 41 KB)
        if (checkouts.size() > 1 && (batchBytes > BATCH_ITEM_BUDGET_BYTES || transaction > CLAIM_TRANSACTION_BUDGET_BYTES)) {
            throw new IllegalArgumentException("these " + checkouts.size() + " checkouts make a batch of " + batchBytes
                    + " bytes and a transaction of " + transaction + " (budgets " + BATCH_ITEM_BUDGET_BYTES + ", "
                    + CLAIM_TRANSACTION_BUDGET_BYTES + "): claim claimSize(checkouts) of them");
        }
        actions.set(1, TransactWriteItem.builder().put(Put.builder().tableName(table).item(batch).conditionExpression(IS_NEW)
                .build()).build());
        try {
            dynamoDb.transactWriteItems(b -> b.transactItems(actions));
            return new ClaimOutcome.Claimed(lines, refunds);
        } catch (TransactionCanceledException e) {
            return claimRefused(e, batchId, checkouts);
        }
    }

    /** Cancellation reasons, one per action in order, to what the claimer does next. */
    static ClaimOutcome claimRefused(TransactionCanceledException e, String batchId, List<Checkout> checkouts) {
        List<CancellationReason> reasons = reasons(e);
        Set<String> all = new HashSet<>();
        checkouts.forEach(c -> all.add(c.id()));
        if (reasons.size() != checkouts.size() + 2) {
            if (reasons.isEmpty()) {
                return new ClaimOutcome.Changed(all); // no reasons given: re-read all and try again
            }
            throw e;
        }
        if (isCondition(reasons.get(0))) {
            return new ClaimOutcome.RunClosed();
        }
        if (isCondition(reasons.get(1))) {
            throw new IllegalStateException("batch " + batchId + " exists: batch ids must be unique within a run", e);
        }
        if (reasons.stream().anyMatch(DynamoSettlementRuns::isConflict)) {
            return new ClaimOutcome.Changed(all); // another transaction on one of these items: re-read and retry
        }
        Set<String> changed = new HashSet<>();
        for (int i = 0; i < checkouts.size(); i++) {
            if (isCondition(reasons.get(i + 2))) {
                changed.add(checkouts.get(i).id());
            }
        }
        if (!changed.isEmpty()) {
            return new ClaimOutcome.Changed(changed);
        }
        throw e;
    }

    private static List<CancellationReason> reasons(TransactionCanceledException e) {
        return e.hasCancellationReasons() ? e.cancellationReasons() : List.of();
    }

    private static boolean isCondition(CancellationReason r) {
        return "ConditionalCheckFailed".equals(r.code());
    }

    private static boolean isConflict(CancellationReason r) {
        return "TransactionConflict".equals(r.code());
    }

    private static boolean isNone(CancellationReason r) {
        return r.code() == null || "None".equals(r.code());
    }

    @Override
    public SettlementRun seal(SettlementRunId runId) {
        try {
            var attributes = dynamoDb.updateItem(b -> b.tableName(table).key(runKey(runId))
                    .updateExpression("SET #state = :sealed").conditionExpression(RUN_OPEN).expressionAttributeNames(STATE)
                    .expressionAttributeValues(Map.of(":claiming", AttributeValue.fromS(RunState.CLAIMING.wire()),
                            ":sealed", AttributeValue.fromS(RunState.SEALED.wire())))
                    .returnValues(ReturnValue.ALL_NEW)).attributes();
            return fromRunItem(attributes);
        } catch (ConditionalCheckFailedException e) {
            return run(runId).orElseThrow(() -> new IllegalStateException("run " + runId + " does not exist")); // complete already
        }
    }

    // ---------------------------------------------------------------- reading what was claimed

    /**
     * Consistent Query over the run's batches in sk order, one page (≤ 1 MB, a few batches) at a
     * time: the paginator fetches the next page only when the previous one is consumed, and each
     * batch's lines are handed on and dropped. Memory holds one page, whatever the run's size.
     */
    @Override
    public void forEachLine(SettlementRunId runId, Consumer<SettlementLine> each) {
        dynamoDb.queryPaginator(QueryRequest.builder().tableName(table).consistentRead(true)
                        .keyConditionExpression("pk = :pk AND begins_with(sk, :b)")
                        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(runPk(runId)), ":b", AttributeValue.fromS("B#")))
                        .projectionExpression("#lines").expressionAttributeNames(Map.of("#lines", "lines")).build())
                .items().forEach(item -> SettlementRunCodec.forEachLine(item.get("lines").s(), each));
    }

    /** The refund claims of the run's batches, in batch order (consistent, paged like {@link #forEachLine}). */
    @Override
    public void forEachRefundClaim(SettlementRunId runId, Consumer<RefundClaim> each) {
        dynamoDb.queryPaginator(QueryRequest.builder().tableName(table).consistentRead(true)
                        .keyConditionExpression("pk = :pk AND begins_with(sk, :b)")
                        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(runPk(runId)), ":b", AttributeValue.fromS("B#")))
                        .projectionExpression("#refunds").expressionAttributeNames(Map.of("#refunds", "refunds")).build())
                .items().forEach(item -> {
                    if (item.containsKey("refunds")) {
                        SettlementRunCodec.forEachRefund(item.get("refunds").s(), each);
                    }
                });
    }

    @Override
    public Optional<Checkout> updateCheckout(Checkout next) {
        return new DynamoLedger(dynamoDb, table).update(next);
    }

    // ---------------------------------------------------------------- completing

    /** Each a plain Put of the same item ({@code STLRUN#<runId>, R#<creditor>}): idempotent like statements. */
    @Override
    public void putRepaymentRequests(List<RepaymentRequest> requests) {
        for (int from = 0; from < requests.size(); from += BATCH_WRITE_ITEMS) {
            List<WriteRequest> writes = new ArrayList<>();
            for (RepaymentRequest r : requests.subList(from, Math.min(requests.size(), from + BATCH_WRITE_ITEMS))) {
                Map<String, AttributeValue> item = new HashMap<>(DynamoLedger.key(runPk(r.runId()), "R#" + r.creditorCode()));
                item.put("doc", AttributeValue.fromS(Json.write(SettlementRunCodec.repaymentRequest(r))));
                writes.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
            }
            writeAll(writes);
        }
    }

    @Override
    public void forEachRepaymentRequest(SettlementRunId runId, Consumer<RepaymentRequest> each) {
        dynamoDb.queryPaginator(QueryRequest.builder().tableName(table).consistentRead(true)
                        .keyConditionExpression("pk = :pk AND begins_with(sk, :r)")
                        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(runPk(runId)), ":r", AttributeValue.fromS("R#")))
                        .build())
                .items().forEach(item -> each.accept(SettlementRunCodec.repaymentRequest(Json.parse(item.get("doc").s()))));
    }

    @Override
    public Optional<RepaymentRequest> repaymentRequest(SettlementRunId runId, String creditorCode) {
        var item = dynamoDb.getItem(b -> b.tableName(table).key(DynamoLedger.key(runPk(runId), "R#" + creditorCode))
                .consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty()
                : Optional.of(SettlementRunCodec.repaymentRequest(Json.parse(item.get("doc").s())));
    }

    /** A plain Put of {@code STLRUN#<runId>, RTF}: idempotent. */
    @Override
    public void putRefundTransfers(RefundTransfers transfers) {
        Map<String, AttributeValue> item = new HashMap<>(DynamoLedger.key(runPk(transfers.runId()), "RTF"));
        item.put("doc", AttributeValue.fromS(Json.write(SettlementRunCodec.refundTransfers(transfers))));
        dynamoDb.putItem(b -> b.tableName(table).item(item));
    }

    @Override
    public Optional<RefundTransfers> refundTransfers(SettlementRunId runId) {
        var item = dynamoDb.getItem(b -> b.tableName(table).key(DynamoLedger.key(runPk(runId), "RTF")).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty()
                : Optional.of(SettlementRunCodec.refundTransfers(Json.parse(item.get("doc").s())));
    }

    /** Idempotent: each statement is a plain Put of the same item (no condition: a roll-forward writes the same again). */
    @Override
    public void putStatements(List<RunStatement> statements) {
        for (int from = 0; from < statements.size(); from += BATCH_WRITE_ITEMS) {
            List<WriteRequest> writes = new ArrayList<>();
            for (RunStatement s : statements.subList(from, Math.min(statements.size(), from + BATCH_WRITE_ITEMS))) {
                Map<String, AttributeValue> item = new HashMap<>(DynamoLedger.key(runPk(s.runId()), "S#" + s.creditorCode()));
                item.put("doc", AttributeValue.fromS(Json.write(SettlementRunCodec.statement(s))));
                writes.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
            }
            writeAll(writes);
        }
    }

    private void writeAll(List<WriteRequest> writes) {
        Map<String, List<WriteRequest>> pending = Map.of(table, writes);
        for (int attempt = 0; attempt < BATCH_WRITE_ATTEMPTS; attempt++) {
            Map<String, List<WriteRequest>> request = pending;
            var unprocessed = dynamoDb.batchWriteItem(b -> b.requestItems(request)).unprocessedItems();
            if (unprocessed == null || unprocessed.isEmpty()) {
                return;
            }
            pending = unprocessed;
            try {
                Thread.sleep(Math.min(1_000L, 25L << attempt)); // DynamoDB asks callers to back off before resending
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while storing statements", e);
            }
        }
        throw new IllegalStateException("statements not stored after " + BATCH_WRITE_ATTEMPTS + " attempts (throttled)");
    }

    /**
     * One transaction: [0] the run {@code sealed → complete} with its totals and documents, [1] the
     * open slot freed (if this run holds it), [2] the latest settled date moved to this run's date
     * when it is later. Idempotent: a run already complete is returned as stored.
     */
    @Override
    public SettlementRun complete(SettlementRun completed) {
        if (completed.state() != RunState.COMPLETE) {
            throw new IllegalArgumentException("complete takes the complete run: " + completed.id() + " is " + completed.state().wire());
        }
        for (int attempt = 0; ; attempt++) {
            SettlementRun stored = run(completed.id())
                    .orElseThrow(() -> new IllegalStateException("run " + completed.id() + " does not exist"));
            if (stored.state() == RunState.COMPLETE) {
                return stored;
            }
            if (stored.state() != RunState.SEALED) {
                throw new IllegalStateException("run " + completed.id() + " is " + stored.state().wire() + ", not sealed");
            }
            List<TransactWriteItem> actions = new ArrayList<>();
            actions.add(TransactWriteItem.builder().put(Put.builder().tableName(table).item(runItem(completed))
                    .conditionExpression(RUN_SEALED).expressionAttributeNames(STATE)
                    .expressionAttributeValues(Map.of(":sealed", AttributeValue.fromS(RunState.SEALED.wire()))).build()).build());
            actions.add(TransactWriteItem.builder().delete(Delete.builder().tableName(table).key(SLOT_KEY)
                    .conditionExpression(SLOT_HELD_BY)
                    .expressionAttributeValues(Map.of(":runId", AttributeValue.fromS(completed.id().toString()))).build()).build());
            Optional<LocalDate> latest = latestSettledDate();
            if (latest.isEmpty() || latest.get().isBefore(completed.businessDate())) {
                actions.add(TransactWriteItem.builder().update(Update.builder().tableName(table).key(LATEST_KEY)
                        .updateExpression("SET #date = :date").conditionExpression(LATEST_BEFORE)
                        .expressionAttributeNames(Map.of("#date", "businessDate"))
                        .expressionAttributeValues(Map.of(":date", AttributeValue.fromS(completed.businessDate().toString())))
                        .build()).build());
            }
            try {
                dynamoDb.transactWriteItems(b -> b.transactItems(actions));
                return completed;
            } catch (TransactionCanceledException e) {
                List<CancellationReason> reasons = reasons(e);
                boolean retry = reasons.stream().anyMatch(DynamoSettlementRuns::isConflict)
                        || (reasons.size() == 3 && isCondition(reasons.get(2))) // the latest date moved meanwhile
                        || (!reasons.isEmpty() && isCondition(reasons.get(0))); // completed meanwhile: read it back
                if (reasons.size() > 1 && isCondition(reasons.get(1)) && !isCondition(reasons.get(0))) {
                    throw new IllegalStateException("run " + completed.id() + " is sealed but does not hold the open slot", e);
                }
                if (!retry || attempt >= 3) {
                    throw e;
                }
            }
        }
    }

    /**
     * Seals the run first (so no claim can land after the check), checks that it claimed nothing,
     * then one transaction deletes it (still sealed) and frees the slot. A run already gone only
     * frees the slot if it still names it.
     */
    @Override
    public void abandon(SettlementRunId runId) {
        Optional<SettlementRun> stored = run(runId);
        if (stored.isEmpty()) {
            freeSlot(runId);
            return;
        }
        if (stored.get().state() == RunState.COMPLETE) {
            throw new IllegalStateException("run " + runId + " is complete; it cannot be abandoned");
        }
        seal(runId);
        var batches = dynamoDb.query(b -> b.tableName(table).consistentRead(true).limit(1)
                .keyConditionExpression("pk = :pk AND begins_with(sk, :b)")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(runPk(runId)), ":b", AttributeValue.fromS("B#")))).items();
        if (!batches.isEmpty()) {
            throw new IllegalStateException("run " + runId + " claimed lines; it cannot be abandoned");
        }
        try {
            dynamoDb.transactWriteItems(b -> b.transactItems(
                    TransactWriteItem.builder().update(Update.builder().tableName(table).key(runKey(runId))
                            .updateExpression("SET #state = :abandoned")
                            .conditionExpression(RUN_OPEN).expressionAttributeNames(STATE)
                            .expressionAttributeValues(Map.of(":claiming", AttributeValue.fromS(RunState.CLAIMING.wire()),
                                    ":sealed", AttributeValue.fromS(RunState.SEALED.wire()),
                                    ":abandoned", AttributeValue.fromS(RunState.ABANDONED.wire()))).build()).build(),
                    TransactWriteItem.builder().delete(Delete.builder().tableName(table).key(SLOT_KEY)
                            .conditionExpression(SLOT_HELD_BY)
                            .expressionAttributeValues(Map.of(":runId", AttributeValue.fromS(runId.toString()))).build()).build()));
        } catch (TransactionCanceledException e) {
            List<CancellationReason> reasons = reasons(e);
            if (reasons.size() == 2 && isCondition(reasons.get(1)) && !isCondition(reasons.get(0))) {
                // the slot names another run (or none): mark the run alone
                dynamoDb.updateItem(b -> b.tableName(table).key(runKey(runId)).updateExpression("SET #state = :abandoned")
                        .expressionAttributeNames(STATE)
                        .expressionAttributeValues(Map.of(":abandoned", AttributeValue.fromS(RunState.ABANDONED.wire()))));
                return;
            }
            if (run(runId).isPresent()) {
                throw e;
            }
        }
    }

    private void freeSlot(SettlementRunId runId) {
        try {
            dynamoDb.deleteItem(b -> b.tableName(table).key(SLOT_KEY).conditionExpression(SLOT_HELD_BY)
                    .expressionAttributeValues(Map.of(":runId", AttributeValue.fromS(runId.toString()))));
        } catch (ConditionalCheckFailedException e) {
            // the slot names another run, or none: nothing of this run to free
        }
    }

    // ---------------------------------------------------------------- reading runs

    @Override
    public List<SettlementRun> runsOn(LocalDate businessDate) {
        List<SettlementRun> runs = new ArrayList<>();
        dynamoDb.queryPaginator(QueryRequest.builder().tableName(table).consistentRead(true)
                        .keyConditionExpression("pk = :pk AND begins_with(sk, :run)")
                        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("STLDATE#" + businessDate),
                                ":run", AttributeValue.fromS("RUN#"))).build())
                .items().forEach(item -> {
                    SettlementRun run = fromRunItem(item);
                    if (run.state() == RunState.COMPLETE) {
                        runs.add(run);
                    }
                });
        return runs;
    }

    @Override
    public Optional<SettlementRun> run(SettlementRunId runId) {
        var item = dynamoDb.getItem(b -> b.tableName(table).key(runKey(runId)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromRunItem(item));
    }

    @Override
    public void forEachStatement(SettlementRunId runId, Consumer<RunStatement> each) {
        dynamoDb.queryPaginator(QueryRequest.builder().tableName(table).consistentRead(true)
                        .keyConditionExpression("pk = :pk AND begins_with(sk, :s)")
                        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(runPk(runId)), ":s", AttributeValue.fromS("S#")))
                        .build())
                .items().forEach(item -> each.accept(SettlementRunCodec.statement(Json.parse(item.get("doc").s()))));
    }

    @Override
    public Optional<RunStatement> statement(SettlementRunId runId, String creditorCode) {
        var item = dynamoDb.getItem(b -> b.tableName(table).key(DynamoLedger.key(runPk(runId), "S#" + creditorCode))
                .consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty()
                : Optional.of(SettlementRunCodec.statement(Json.parse(item.get("doc").s())));
    }

    @Override
    public Optional<LocalDate> latestSettledDate() {
        var item = dynamoDb.getItem(b -> b.tableName(table).key(LATEST_KEY).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(LocalDate.parse(item.get("businessDate").s()));
    }
}
