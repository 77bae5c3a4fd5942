package jp.kokin.adapters.ledger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jp.kokin.adapters.console.ConsoleIndexes;
import jp.kokin.adapters.json.Json;
import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.checkout.CheckoutRepository;
import jp.kokin.domain.checkout.CheckoutStatus;
import jp.kokin.domain.checkout.Payment;
import jp.kokin.domain.checkout.PendingPayments;
import jp.kokin.domain.checkout.PaymentStatus;
import jp.kokin.domain.format.JapaneseDates;
import jp.kokin.domain.receipt.PayerNotice;
import jp.kokin.domain.receipt.Receipt;
import jp.kokin.domain.receipt.ReceiptBacklog;
import jp.kokin.domain.receipt.ReceiptLedger;
import jp.kokin.domain.refund.RefundNoticeLedger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * The ledger table: checkouts (payments embedded), idempotency keys, receipts and their counters.
 * Every write is conditional; the conditions are named here and pinned by tests.
 */
public final class DynamoLedger implements CheckoutRepository, ReceiptLedger, PendingPayments, ReceiptBacklog,
        RefundNoticeLedger {

    /** A new item: nothing with that key exists. */
    static final String IS_NEW = "attribute_not_exists(pk)";
    /** Optimistic locking: the stored checkout is the version this change was computed from. */
    static final String VERSION_MATCHES = "version = :expectedVersion";
    /** An idempotency key is free: never used, or its 24 hours have passed (TTL deletes lazily). */
    static final String IDEMPOTENCY_KEY_FREE = "attribute_not_exists(pk) OR #ttl < :now";
    /** The receipt counter still holds the number this receipt was computed from. */
    static final String COUNTER_AT = "#last = :previous";
    /** A checkout takes one receipt only. */
    static final String NO_RECEIPT_YET = "version = :expectedVersion AND attribute_not_exists(receiptNumber)";

    public static final String AWAITING_RECEIPT = "AwaitingReceipt";
    public static final String PENDING_PAYMENTS = "PendingPayments";
    /** Sparse index of checkouts awaiting settlement: HASH {@code settleShard}, RANGE {@code paidAt}, projection ALL. */
    public static final String UNSETTLED = "Unsettled";
    /**
     * Shards of the {@link #UNSETTLED} index: its partition key takes this many values, so its writes
     * spread over as many partitions (about 1,000 writes a second each) and settlement reads them in
     * parallel. Changing it re-shards every unsettled checkout (a migration, not a setting).
     */
    public static final int SETTLEMENT_SHARDS = 16;

    private final DynamoDbClient dynamoDb;
    private final String table;

    public DynamoLedger(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    public static DynamoLedger fromEnv(DynamoDbClient dynamoDb, Map<String, String> env) {
        String table = env.get("LEDGER_TABLE");
        if (table == null || table.isBlank()) {
            throw new IllegalStateException("environment variable LEDGER_TABLE is not set");
        }
        return new DynamoLedger(dynamoDb, table);
    }

    static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS(sk));
    }

    static Map<String, AttributeValue> checkoutKey(String id) {
        return key("CHK#" + id, "CHECKOUT");
    }

    /**
     * What the largest checkout item may weigh. DynamoDB refuses items over 400 KB, and a write
     * refused on size after a payment started would drop what the provider reported (every
     * webhook and janitor write rewrites this item). Every field that a portal, a provider or the
     * catalog can make grow is bounded ({@link jp.kokin.domain.checkout.CheckoutLimits}), so:
     */
    static final int CHECKOUT_ITEM_BUDGET_BYTES = 192 * 1024;

    /**
     * The stored item: the checkout document plus the attributes that indexes and conditions use.
     *
     * <p>Size model (worst case, pinned by {@code CheckoutItemSizeTest}; text is at most 3 bytes a
     * character in UTF-8 JSON, since control characters are refused):
     * <pre>
     *   items     20 × (code 64 + names 2 × 100 × 3 + 5 fee lines × ~80 + keys ~90)  ≈ 20 × 1,150 = 23,000
     *   metadata  15 × (key 40 × 3 + value 500 × 3 + ~6)                             ≈ 15 × 1,626 = 24,400
     *   payments  20 attempts × (id 34 + provider 64 + provider id 1,024 + times, keys ~230) ≈ 20 × 1,350 = 27,000
     *   returnUrl 2,048; reference 64 × 3 = 192; portal 64; receipt, dates, methods, keys  ≈  3,000
     *   index and condition attributes (version, status, paidAt, settleShard, …)               ≈    200
     *   refunds   20 × (100 lines × ~20 + note, decision note 2 × 200 × 3, legal basis 100 × 3,
     *             decision reference 64 × 3, failure reason 200 × 3, provider id 128, principals,
     *             times, notice number, bank account, keys ~1,000)                  ≈ 20 × 5,400 = 108,000
     *                                                                            total  ≈ 186,000 bytes
     * </pre>
     * under {@link #CHECKOUT_ITEM_BUDGET_BYTES} (192 KiB, under half the item limit). Every
     * write rewrites the whole item, but only the worst case is this large: a paid checkout with
     * one refund weighs about 1.5 KB (README, "What a payment costs"). A receipt item holds a subset (reference, items) and the notification
     * message less still, so both stay under it too.
     */
    public static Map<String, AttributeValue> checkoutItem(Checkout c) {
        Map<String, AttributeValue> item = new HashMap<>(checkoutKey(c.id()));
        item.put("doc", AttributeValue.fromS(Json.write(LedgerCodec.checkout(c))));
        item.put("version", AttributeValue.fromN(Long.toString(c.version())));
        item.put("status", AttributeValue.fromS(c.status().wire()));
        item.put("organizationCode", AttributeValue.fromS(c.organizationCode()));
        if (c.status() == CheckoutStatus.PAID && c.paidAt() != null) {
            item.put("paidAt", AttributeValue.fromS(c.paidAt().toString()));
            if (c.receipt() == null) {
                item.put("awaitingReceipt", AttributeValue.fromS("Y"));
            }
        }
        if (c.hasSettlementWork()) { // a line to settle, or refunds a run must account for
            item.put("settleShard", AttributeValue.fromS(settleShard(c.id())));
        }
        if (c.receipt() != null) {
            item.put("receiptNumber", AttributeValue.fromS(c.receipt().number()));
        }
        ConsoleIndexes.put(item, c);
        // the janitor's work list: pending payment attempts, and refund work (to submit, to ask about,
        // to number, to notify), by the oldest of either
        java.util.stream.Stream.concat(
                        c.payments().stream().filter(p -> p.status() == PaymentStatus.PENDING).map(Payment::createdAt),
                        c.refundWorkSince().stream())
                .min(Instant::compareTo).ifPresent(oldest -> {
                    item.put("paymentPending", AttributeValue.fromS("Y"));
                    item.put("pendingSince", AttributeValue.fromS(oldest.toString()));
                });
        return item;
    }

    /** The {@link #UNSETTLED} shard of a checkout, two digits ("00".."15"): stable for its life. */
    public static String settleShard(String checkoutId) {
        return shardKey(Math.floorMod(checkoutId.hashCode(), SETTLEMENT_SHARDS));
    }

    static String shardKey(int shard) {
        if (shard < 0 || shard >= SETTLEMENT_SHARDS) {
            throw new IllegalArgumentException("shard must be 0.." + (SETTLEMENT_SHARDS - 1) + ": " + shard);
        }
        return shard < 10 ? "0" + shard : Integer.toString(shard);
    }

    @Override
    public Optional<Checkout> find(String checkoutId) {
        var item = dynamoDb.getItem(b -> b.tableName(table).key(checkoutKey(checkoutId)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    @Override
    public Optional<Checkout> findCheckout(String checkoutId) {
        return find(checkoutId);
    }

    /** The checkout of a stored checkout item (its {@code doc}). */
    public static Checkout fromItem(Map<String, AttributeValue> item) {
        return LedgerCodec.checkout(Json.parse(item.get("doc").s()));
    }

    @Override
    public CreateResult create(Checkout checkout, IdempotencyClaim claim) {
        if (claim == null) {
            dynamoDb.putItem(b -> b.tableName(table).item(checkoutItem(checkout)).conditionExpression(IS_NEW));
            return new CreateResult.Created();
        }
        Map<String, AttributeValue> idem = new HashMap<>(idempotencyKey(claim));
        idem.put("checkoutId", AttributeValue.fromS(checkout.id()));
        idem.put("fingerprint", AttributeValue.fromS(claim.fingerprint()));
        idem.put("ttl", AttributeValue.fromN(Long.toString(claim.expiresAt().getEpochSecond())));
        try {
            dynamoDb.transactWriteItems(b -> b.transactItems(
                    TransactWriteItem.builder().put(Put.builder().tableName(table).item(idem)
                            .conditionExpression(IDEMPOTENCY_KEY_FREE)
                            .expressionAttributeNames(Map.of("#ttl", "ttl"))
                            .expressionAttributeValues(Map.of(":now",
                                    AttributeValue.fromN(Long.toString(checkout.createdAt().getEpochSecond()))))
                            .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD).build()).build(),
                    TransactWriteItem.builder().put(Put.builder().tableName(table).item(checkoutItem(checkout))
                            .conditionExpression(IS_NEW).build()).build()));
            return new CreateResult.Created();
        } catch (TransactionCanceledException e) {
            CancellationReason reason = e.cancellationReasons().getFirst();
            if ("ConditionalCheckFailed".equals(reason.code()) && reason.item() != null && !reason.item().isEmpty()) {
                return new CreateResult.KeyTaken(reason.item().get("checkoutId").s(), reason.item().get("fingerprint").s());
            }
            throw e;
        }
    }

    @Override
    public Optional<Checkout> update(Checkout next) {
        Checkout stored = next.atVersion(next.version() + 1);
        try {
            dynamoDb.putItem(b -> b.tableName(table).item(checkoutItem(stored))
                    .conditionExpression(VERSION_MATCHES)
                    .expressionAttributeValues(Map.of(":expectedVersion", AttributeValue.fromN(Long.toString(next.version())))));
            return Optional.of(stored);
        } catch (ConditionalCheckFailedException e) {
            return Optional.empty();
        }
    }

    /**
     * The changed checkout (condition {@link #VERSION_MATCHES}) and, when {@code claim} is given, the
     * idempotency item {@code IDEM#{principal}#{keyHash}} naming {@code resourceId} (condition
     * {@link #IDEMPOTENCY_KEY_FREE}), in ONE transaction: a refund is never stored without its key,
     * nor a key without its refund. A taken key comes back from the failed condition itself
     * ({@code ALL_OLD}), without a read.
     */
    @Override
    public UpdateResult updateClaiming(Checkout next, IdempotencyClaim claim, String resourceId) {
        if (claim == null) {
            return update(next).<UpdateResult>map(UpdateResult.Updated::new).orElseGet(UpdateResult.Conflict::new);
        }
        Checkout stored = next.atVersion(next.version() + 1);
        Map<String, AttributeValue> idem = new HashMap<>(idempotencyKey(claim));
        idem.put("resourceId", AttributeValue.fromS(resourceId));
        idem.put("fingerprint", AttributeValue.fromS(claim.fingerprint()));
        idem.put("ttl", AttributeValue.fromN(Long.toString(claim.expiresAt().getEpochSecond())));
        try {
            dynamoDb.transactWriteItems(b -> b.transactItems(
                    TransactWriteItem.builder().put(Put.builder().tableName(table).item(idem)
                            .conditionExpression(IDEMPOTENCY_KEY_FREE)
                            .expressionAttributeNames(Map.of("#ttl", "ttl"))
                            .expressionAttributeValues(Map.of(":now",
                                    AttributeValue.fromN(Long.toString(claim.claimedAt().getEpochSecond()))))
                            .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD).build()).build(),
                    TransactWriteItem.builder().put(Put.builder().tableName(table).item(checkoutItem(stored))
                            .conditionExpression(VERSION_MATCHES)
                            .expressionAttributeValues(Map.of(":expectedVersion",
                                    AttributeValue.fromN(Long.toString(next.version())))).build()).build()));
            return new UpdateResult.Updated(stored);
        } catch (TransactionCanceledException e) {
            List<CancellationReason> reasons = e.cancellationReasons();
            CancellationReason key = reasons.getFirst();
            if ("ConditionalCheckFailed".equals(key.code()) && key.item() != null && !key.item().isEmpty()) {
                return new UpdateResult.KeyTaken(keyTaken(key.item()));
            }
            // the version moved, or another transaction held one of the items (TransactionConflict): read again
            if (reasons.stream().anyMatch(r -> "ConditionalCheckFailed".equals(r.code())
                    || "TransactionConflict".equals(r.code()))) {
                return new UpdateResult.Conflict();
            }
            throw e;
        }
    }

    @Override
    public Optional<CreateResult.KeyTaken> claimOf(IdempotencyClaim claim) {
        var item = dynamoDb.getItem(b -> b.tableName(table).key(idempotencyKey(claim)).consistentRead(true)).item();
        if (item == null || item.isEmpty()
                || Long.parseLong(item.get("ttl").n()) < claim.claimedAt().getEpochSecond()) {
            return Optional.empty();
        }
        return Optional.of(keyTaken(item));
    }

    private static Map<String, AttributeValue> idempotencyKey(IdempotencyClaim claim) {
        return key("IDEM#" + claim.portalId() + "#" + claim.keyHash(), "IDEM");
    }

    /** A stored claim: a checkout's creation names {@code checkoutId}, anything else {@code resourceId}. */
    private static CreateResult.KeyTaken keyTaken(Map<String, AttributeValue> item) {
        AttributeValue resource = item.containsKey("resourceId") ? item.get("resourceId") : item.get("checkoutId");
        return new CreateResult.KeyTaken(resource.s(), item.get("fingerprint").s());
    }

    @Override
    public long lastSequence(String organizationCode, int fiscalYear) {
        return lastOf(Series.RECEIPT.counter(organizationCode, fiscalYear));
    }

    /** The last number a counter item gave (0: none yet), read consistently. */
    private long lastOf(Map<String, AttributeValue> counter) {
        var item = dynamoDb.getItem(b -> b.tableName(table).key(counter).consistentRead(true)).item();
        return item == null || item.isEmpty() ? 0 : Long.parseLong(item.get("last").n());
    }

    /**
     * The counter's move from {@code previousSequence} to the next number, conditioned on it still
     * holding {@code previousSequence} (or not existing, for the first): gapless numbering.
     */
    private Update advance(Map<String, AttributeValue> counterKey, long previousSequence) {
        Update.Builder counter = Update.builder().tableName(table).key(counterKey)
                .updateExpression("SET #last = :next")
                .expressionAttributeNames(Map.of("#last", "last"));
        if (previousSequence == 0) {
            counter.conditionExpression(IS_NEW)
                    .expressionAttributeValues(Map.of(":next", AttributeValue.fromN("1")));
        } else {
            counter.conditionExpression(COUNTER_AT).expressionAttributeValues(Map.of(
                    ":next", AttributeValue.fromN(Long.toString(previousSequence + 1)),
                    ":previous", AttributeValue.fromN(Long.toString(previousSequence))));
        }
        return counter.build();
    }

    /** Number series of the ledger, each gapless per organization and fiscal year: its counter's key prefix. */
    private enum Series {
        /** Receipts (領収書番号): {@code SEQ#{org}#{fy}}. */
        RECEIPT("SEQ#"),
        /** Payers' notices (Art. 6(1)): {@code SEQ#PNN#{org}#{fy}}. */
        PAYER_NOTICE("SEQ#PNN#"),
        /** Refund notices (返金通知番号): {@code SEQ#RFN#{org}#{fy}}. */
        REFUND_NOTICE("SEQ#RFN#");

        private final String prefix;

        Series(String prefix) {
            this.prefix = prefix;
        }

        Map<String, AttributeValue> counter(String organizationCode, int fiscalYear) {
            return key(prefix + organizationCode + "#" + fiscalYear, "SEQ");
        }
    }

    @Override
    public long lastPayerNoticeSequence(String organizationCode, int fiscalYear) {
        return lastOf(Series.PAYER_NOTICE.counter(organizationCode, fiscalYear));
    }

    /**
     * One transaction: the receipt counter, then one payer's notice counter per notice
     * ({@code SEQ#PNN#{org}#{fy}}), each moved from its previous sequence by one, the receipt (new) and
     * the checkout (still without a receipt at the version read). Size model: the receipt item is the
     * checkout's items (at most 20) plus its notices' lines (at most 100 of ~250 B), well under 400 KB;
     * the transaction holds 3 + notices ≤ 100 items ({@code ReceiptService.MAX_NOTICES}).
     */
    @Override
    public IssueResult issue(Checkout paidCheckout, Receipt receipt, long previousSequence, List<Long> previousNoticeSequences) {
        if (previousNoticeSequences.size() != receipt.notices().size()) {
            throw new IllegalArgumentException("one previous sequence per notice");
        }
        Map<String, AttributeValue> receiptItem = new HashMap<>(key("RCPT#" + receipt.number(), "RECEIPT"));
        receiptItem.put("doc", AttributeValue.fromS(Json.write(LedgerCodec.receipt(receipt))));
        int fiscalYear = JapaneseDates.fiscalYear(paidCheckout.paidAt());
        List<TransactWriteItem> items = new ArrayList<>();
        items.add(TransactWriteItem.builder()
                .update(advance(Series.RECEIPT.counter(receipt.organizationCode(), fiscalYear), previousSequence)).build());
        for (int i = 0; i < receipt.notices().size(); i++) {
            PayerNotice notice = receipt.notices().get(i);
            items.add(TransactWriteItem.builder().update(advance(
                    Series.PAYER_NOTICE.counter(notice.organizationCode(), notice.fiscalYear()), previousNoticeSequences.get(i))).build());
        }
        items.add(TransactWriteItem.builder().put(Put.builder().tableName(table).item(receiptItem)
                .conditionExpression(IS_NEW).build()).build());
        int checkoutIndex = items.size();
        items.add(TransactWriteItem.builder().put(Put.builder().tableName(table)
                .item(checkoutItem(paidCheckout.atVersion(paidCheckout.version() + 1)))
                .conditionExpression(NO_RECEIPT_YET)
                .expressionAttributeValues(Map.of(":expectedVersion",
                        AttributeValue.fromN(Long.toString(paidCheckout.version())))).build()).build());
        Numbered outcome = transactNumbered(checkoutIndex, items.toArray(TransactWriteItem[]::new));
        return switch (outcome.kind()) {
            case STORED -> IssueResult.ISSUED;
            case CHECKOUT_REFUSED -> IssueResult.CHECKOUT_CHANGED;
            // items[1..notices] are the notice counters; the receipt's counter (0) or the receipt (a number
            // already stored) mean the receipt number was taken
            case NUMBER_REFUSED -> outcome.refusedAt() >= 1 && outcome.refusedAt() <= receipt.notices().size()
                    ? IssueResult.NOTICE_NUMBER_TAKEN : IssueResult.NUMBER_TAKEN;
        };
    }

    /**
     * What became of a numbering transaction (a counter's move and the writes that carry the number):
     * {@code refusedAt} is the index of the first write refused (a failed condition or a conflict), -1 when stored.
     */
    private record Numbered(Kind kind, int refusedAt) {
        enum Kind { STORED, CHECKOUT_REFUSED, NUMBER_REFUSED }
    }

    /**
     * Runs a numbering transaction whose checkout write is {@code items[checkoutIndex]}: refused on
     * the checkout's condition (someone changed it), or on another's (a number was taken, or a
     * concurrent transaction conflicted; {@code refusedAt} says which write): either way the caller
     * reads again and retries.
     */
    private Numbered transactNumbered(int checkoutIndex, TransactWriteItem... items) {
        try {
            dynamoDb.transactWriteItems(b -> b.transactItems(items));
            return new Numbered(Numbered.Kind.STORED, -1);
        } catch (TransactionCanceledException e) {
            List<CancellationReason> reasons = e.cancellationReasons();
            if (reasons.size() == items.length && "ConditionalCheckFailed".equals(reasons.get(checkoutIndex).code())) {
                return new Numbered(Numbered.Kind.CHECKOUT_REFUSED, checkoutIndex);
            }
            for (int i = 0; i < reasons.size(); i++) {
                String code = reasons.get(i).code();
                if ("ConditionalCheckFailed".equals(code) || "TransactionConflict".equals(code)) {
                    return new Numbered(Numbered.Kind.NUMBER_REFUSED, i);
                }
            }
            throw e;
        }
    }

    @Override
    public long lastNoticeSequence(String organizationCode, int fiscalYear) {
        return lastOf(Series.REFUND_NOTICE.counter(organizationCode, fiscalYear));
    }

    /**
     * One transaction, as {@link #issue}: the organization's refund notice counter for the fiscal year
     * ({@code SEQ#RFN#{org}#{fy}}) moves from {@code previousSequence} by one, and the checkout carrying
     * the number is stored only if it is still at the version it was read at.
     */
    @Override
    public NoticeResult numberNotice(Checkout numbered, int fiscalYear, long previousSequence) {
        Update counter = advance(Series.REFUND_NOTICE.counter(numbered.organizationCode(), fiscalYear), previousSequence);
        return switch (transactNumbered(1, TransactWriteItem.builder().update(counter).build(),
                TransactWriteItem.builder().put(Put.builder().tableName(table)
                        .item(checkoutItem(numbered.atVersion(numbered.version() + 1)))
                        .conditionExpression(VERSION_MATCHES)
                        .expressionAttributeValues(Map.of(":expectedVersion",
                                AttributeValue.fromN(Long.toString(numbered.version())))).build()).build()).kind()) {
            case STORED -> NoticeResult.NUMBERED;
            case CHECKOUT_REFUSED -> NoticeResult.CHECKOUT_CHANGED;
            case NUMBER_REFUSED -> NoticeResult.NUMBER_TAKEN;
        };
    }

    @Override
    public Optional<Receipt> findReceipt(String number) {
        var item = dynamoDb.getItem(b -> b.tableName(table).key(key("RCPT#" + number, "RECEIPT")).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(LedgerCodec.receipt(Json.parse(item.get("doc").s())));
    }

    /** Ids of paid checkouts still without a receipt, paid before {@code paidBefore}. */
    @Override
    public List<String> awaitingReceipt(Instant paidBefore, int limit) {
        List<String> ids = new ArrayList<>();
        var response = dynamoDb.query(b -> b.tableName(table).indexName(AWAITING_RECEIPT)
                .keyConditionExpression("awaitingReceipt = :y AND paidAt < :before")
                .expressionAttributeValues(Map.of(":y", AttributeValue.fromS("Y"),
                        ":before", AttributeValue.fromS(paidBefore.toString())))
                .limit(limit));
        response.items().forEach(item -> ids.add(item.get("pk").s().substring("CHK#".length())));
        return ids;
    }

    /**
     * Checkouts with a payment attempt pending since before {@code startedBefore}, oldest first
     * (the janitor's work list; from a sparse index, so a checkout appears only while it has one).
     */
    @Override
    public List<Checkout> withPaymentsPendingSince(Instant startedBefore, int limit) {
        List<Checkout> result = new ArrayList<>();
        var response = dynamoDb.query(b -> b.tableName(table).indexName(PENDING_PAYMENTS)
                .keyConditionExpression("paymentPending = :y AND pendingSince < :before")
                .expressionAttributeValues(Map.of(":y", AttributeValue.fromS("Y"),
                        ":before", AttributeValue.fromS(startedBefore.toString())))
                .limit(limit));
        response.items().forEach(item -> result.add(fromItem(item)));
        return result;
    }
}
