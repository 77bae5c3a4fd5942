package jp.kokin.console.history;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;

import jp.kokin.adapters.ledger.DynamoLedger;
import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.checkout.TestCheckouts;
import jp.kokin.domain.console.HistoryDiff;
import jp.kokin.domain.console.HistoryEvent;
import jp.kokin.domain.console.InMemoryCheckoutHistory;

/** The history function over stream records built from real ledger items. */
class CheckoutHistoryHandlerTest {
    private static final Instant AT = Instant.parse("2026-11-26T01:00:40Z");
    private final InMemoryCheckoutHistory history = new InMemoryCheckoutHistory();

    private static Map<String, AttributeValue> image(Checkout c) {
        Map<String, AttributeValue> image = new HashMap<>();
        DynamoLedger.checkoutItem(c).forEach((k, v) -> {
            if (v.s() != null) {
                image.put(k, new AttributeValue().withS(v.s()));
            } else if (v.n() != null) {
                image.put(k, new AttributeValue().withN(v.n()));
            }
        });
        return image;
    }

    private static DynamodbEvent.DynamodbStreamRecord record(String sequence, Checkout before, Checkout after) {
        StreamRecord change = new StreamRecord().withSequenceNumber(sequence).withApproximateCreationDateTime(Date.from(AT))
                .withNewImage(after == null ? null : image(after)).withOldImage(before == null ? null : image(before));
        var r = new DynamodbEvent.DynamodbStreamRecord();
        r.setEventID("ev-" + sequence);
        r.setEventName(before == null ? "INSERT" : after == null ? "REMOVE" : "MODIFY");
        r.setDynamodb(change);
        return r;
    }

    private static DynamodbEvent event(DynamodbEvent.DynamodbStreamRecord... records) {
        var e = new DynamodbEvent();
        e.setRecords(List.of(records));
        return e;
    }

    @Test
    void a_created_then_paid_checkout_has_its_history_and_a_replayed_batch_adds_nothing() {
        Checkout created = TestCheckouts.created();
        Checkout paid = TestCheckouts.paid(created, AT).atVersion(created.version() + 1);
        var handler = new CheckoutHistoryHandler(new CheckoutHistoryWiring(history));
        var batch = event(record("1", null, created), record("2", created, paid));

        assertEquals(List.of(), handler.handleRequest(batch, null).getBatchItemFailures());
        handler.handleRequest(batch, null); // the stream delivers at least once

        List<String> types = history.of(created.id()).stream().map(HistoryEvent::type).toList();
        assertEquals(List.of(HistoryDiff.CREATED, HistoryDiff.PAYMENT_STARTED, HistoryDiff.PAID), types);
        assertEquals(AT, history.of(created.id()).getFirst().at());
    }

    @Test
    void a_record_that_cannot_be_stored_is_reported_with_everything_after_it_retried() {
        Checkout created = TestCheckouts.created();
        var failing = new CheckoutHistoryHandler(new CheckoutHistoryWiring(new jp.kokin.domain.console.CheckoutHistory() {
            @Override
            public void append(List<HistoryEvent> events) {
                if (!events.isEmpty() && events.getFirst().version() > created.version()) {
                    throw new IllegalStateException("throttled");
                }
                history.append(events);
            }

            @Override
            public List<HistoryEvent> of(String checkoutId) {
                return history.of(checkoutId);
            }
        }));
        Checkout paid = TestCheckouts.paid(created, AT).atVersion(created.version() + 1);
        var response = failing.handleRequest(event(record("1", null, created), record("2", created, paid), record("3", paid, paid)), null);
        assertEquals(List.of("2"), response.getBatchItemFailures().stream().map(f -> f.getItemIdentifier()).toList());
        assertEquals(1, history.of(created.id()).size());
    }
}
