package jp.kokin.console.history;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;

import jp.kokin.adapters.json.Json;
import jp.kokin.adapters.ledger.LedgerCodec;
import jp.kokin.adapters.log.Log;
import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.console.CheckoutHistory;
import jp.kokin.domain.console.HistoryDiff;
import jp.kokin.domain.console.HistoryEvent;

/**
 * {@code CheckoutHistoryFunction}: the ledger's change stream (filtered to checkout items, {@code sk = CHECKOUT})
 * → what changed ({@link HistoryDiff}) → the checkout's history ({@code HIST#…} items, put if absent). Off the
 * payment path: a checkout write pays nothing for it, and a failure here delays the history, never a payment.
 *
 * <p>Records are handled in order; the first that fails is reported (ReportBatchItemFailures with its
 * sequence number) and the stream retries from it: the records before it are not written again, and those
 * after it are (put if absent: no duplicates).
 */
public final class CheckoutHistoryHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse> {
    private final CheckoutHistory history;

    /** Lambda. */
    public CheckoutHistoryHandler() {
        this(CheckoutHistoryWiring.fromEnv(System.getenv()));
    }

    public CheckoutHistoryHandler(CheckoutHistoryWiring wiring) {
        this.history = wiring.history();
    }

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        List<StreamsEventResponse.BatchItemFailure> failures = new ArrayList<>();
        for (DynamodbEvent.DynamodbStreamRecord record : event.getRecords()) {
            try {
                history.append(events(record));
            } catch (RuntimeException e) {
                String sequence = record.getDynamodb() == null ? null : record.getDynamodb().getSequenceNumber();
                Log.error("history.failed", e, "eventId", record.getEventID(), "sequence", sequence);
                failures.add(StreamsEventResponse.BatchItemFailure.builder().withItemIdentifier(sequence).build());
                break; // a stream is ordered: everything from here is retried
            }
        }
        return StreamsEventResponse.builder().withBatchItemFailures(failures).build();
    }

    /** The events of one stream record: none for a removal or an item that is not a checkout. */
    static List<HistoryEvent> events(DynamodbEvent.DynamodbStreamRecord record) {
        var change = record.getDynamodb();
        if (change == null || change.getNewImage() == null) {
            return List.of();
        }
        Optional<Checkout> after = checkout(change.getNewImage());
        if (after.isEmpty()) {
            return List.of();
        }
        Optional<Checkout> before = change.getOldImage() == null ? Optional.empty() : checkout(change.getOldImage());
        Instant at = change.getApproximateCreationDateTime() == null ? after.get().createdAt()
                : change.getApproximateCreationDateTime().toInstant();
        return HistoryDiff.diff(before, after.get(), at);
    }

    private static Optional<Checkout> checkout(Map<String, AttributeValue> image) {
        AttributeValue sk = image.get("sk");
        AttributeValue doc = image.get("doc");
        if (sk == null || !"CHECKOUT".equals(sk.getS()) || doc == null || doc.getS() == null) {
            return Optional.empty();
        }
        return Optional.of(LedgerCodec.checkout(Json.parse(doc.getS())));
    }
}
