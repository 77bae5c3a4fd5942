package jp.kokin.adapters.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import jp.kokin.adapters.testing.TestAws;
import jp.kokin.domain.console.HistoryEvent;

/** Checkout history on DynamoDB Local: put if absent, read in version and seq order. */
class DynamoCheckoutHistoryIT {
    private static final Instant T = Instant.parse("2026-12-01T01:00:00Z");
    private DynamoCheckoutHistory history;

    @BeforeEach
    void freshTables() {
        TestAws aws = TestAws.create();
        history = new DynamoCheckoutHistory(aws.dynamoDb(), aws.ledgerTable());
    }

    @Test
    void eventsAreReadInVersionOrderAndAReplayChangesNothing() {
        var created = new HistoryEvent("chk_a", 1, 0, T, "checkout.created", Map.of("status", "created"));
        var started = new HistoryEvent("chk_a", 2, 0, T.plusSeconds(1), "payment.started", Map.of("paymentId", "pay_a_1"));
        var paid = new HistoryEvent("chk_a", 10, 1, T.plusSeconds(9), "checkout.paid", Map.of("to", "paid"));
        history.append(List.of(paid));
        history.append(List.of(created, started));
        history.append(List.of(new HistoryEvent("chk_a", 1, 0, T.plusSeconds(99), "checkout.created", Map.of("status", "changed"))));
        history.append(List.of(new HistoryEvent("chk_b", 1, 0, T, "checkout.created", Map.of())));

        assertEquals(List.of(created, started, paid), history.of("chk_a"));
    }
}
