package jp.kokin.adapters.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import jp.kokin.adapters.json.Json;
import jp.kokin.domain.catalog.RevenueItem;
import jp.kokin.domain.settlement.treasury.PayIn;
import jp.kokin.domain.settlement.treasury.PayInAudit;
import jp.kokin.domain.settlement.treasury.PayInPayment;
import jp.kokin.domain.settlement.treasury.PayInStatus;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * What DynamoDB Local cannot show: its indexes are updated at once, DynamoDB's are not. The due list
 * does not believe the {@code DuePayIns} index's (possibly stale) copy of a pay-in: it reads each
 * listed item again consistently, and what is no longer due is left out.
 */
class DynamoPayInsTest {
    private static final String TABLE = "ledger";
    private static final Instant CREATED = Instant.parse("2026-11-30T15:30:00Z");

    private static PayIn payIn(int place, PayInStatus status) {
        String runId = "stl_20261130_001";
        return new PayIn(PayIn.idOf(runId, place), runId, LocalDate.of(2026, 11, 30), "MOFA", "016", "外務省", "一般会計",
                "0160001", "歳入徴収官", 2026, new RevenueItem("016-01", "旅券法手数料"), 14_000, 1, LocalDate.of(2026, 12, 7), false,
                status, CREATED, status == PayInStatus.DUE ? null : new PayInPayment(LocalDate.of(2026, 12, 1), "日本銀行", "R-1"),
                null, List.of(new PayInAudit("created", "system", CREATED, runId)), Map.of(), status == PayInStatus.DUE ? 1 : 2);
    }

    private static Map<String, AttributeValue> item(PayIn p) {
        Map<String, AttributeValue> item = new HashMap<>(DynamoPayIns.key(p.id()));
        item.put("doc", AttributeValue.fromS(Json.write(PayInCodec.payIn(p))));
        return item;
    }

    @Test
    void aPayInPaidSinceTheIndexListedItIsNotDueAndEveryListedItemIsReadAgainConsistently() {
        PayIn first = payIn(1, PayInStatus.DUE);
        PayIn second = payIn(2, PayInStatus.DUE);
        PayIn third = payIn(3, PayInStatus.DUE);
        Map<String, PayIn> current = Map.of(first.id(), first, second.id(), payIn(2, PayInStatus.PAID), third.id(), third);
        List<BatchGetItemRequest> batches = new ArrayList<>();
        DynamoDbClient dynamoDb = (DynamoDbClient) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DynamoDbClient.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "query" -> QueryResponse.builder().items(item(first), item(second), item(third)).build();
                    case "batchGetItem" -> {
                        BatchGetItemRequest request;
                        if (args[0] instanceof BatchGetItemRequest r) {
                            request = r;
                        } else {
                            var b = BatchGetItemRequest.builder();
                            @SuppressWarnings("unchecked") Consumer<BatchGetItemRequest.Builder> c = (Consumer<BatchGetItemRequest.Builder>) args[0];
                            c.accept(b);
                            request = b.build();
                        }
                        batches.add(request);
                        KeysAndAttributes asked = request.requestItems().get(TABLE);
                        assertTrue(asked.consistentRead(), "read consistently");
                        List<Map<String, AttributeValue>> found = new ArrayList<>();
                        List<Map<String, AttributeValue>> left = new ArrayList<>();
                        for (Map<String, AttributeValue> key : asked.keys()) {
                            String id = key.get("sk").s().substring("PAYIN#".length());
                            (batches.size() == 1 && id.equals(third.id()) ? left : found).add(item(current.get(id)));
                        }
                        var answer = BatchGetItemResponse.builder().responses(Map.of(TABLE, found));
                        if (!left.isEmpty()) { // DynamoDB may leave keys unprocessed: they are asked again
                            answer.unprocessedKeys(Map.of(TABLE, KeysAndAttributes.builder().consistentRead(true)
                                    .keys(left.stream().map(i -> DynamoPayIns.key(third.id())).toList()).build()));
                        }
                        yield answer.build();
                    }
                    default -> throw new AssertionError("unexpected call " + method.getName());
                });

        List<PayIn> due = new DynamoPayIns(dynamoDb, TABLE).due();

        assertEquals(List.of(first.id(), third.id()), due.stream().map(PayIn::id).toList());
        assertEquals(2, batches.size(), "the unprocessed key asked again");
        assertEquals(3, batches.getFirst().requestItems().get(TABLE).keys().size());
    }

    @Test
    void itemsAreReadAgainAHundredKeysACall() {
        assertEquals(100, DynamoPayIns.BATCH_GET_KEYS, "BatchGetItem's limit");
    }
}
