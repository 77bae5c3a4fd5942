package jp.kokin.adapters.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import jp.kokin.adapters.testing.Checkouts;
import jp.kokin.domain.checkout.Checkout;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageResponse;
import software.amazon.awssdk.services.sqs.model.SqsException;

/** A due receipt goes on the receipt queue; a refused enqueue is logged once and left to the sweeper. */
class QueuedReceiptDueTest {
    private static final String QUEUE = "http://127.0.0.1:9324/000000000000/ReceiptQueue";

    /** An SQS client that keeps what it was sent, or refuses everything. */
    private static final class Sqs implements SqsClient {
        final List<SendMessageRequest> sent = new ArrayList<>();
        boolean refusing;

        @Override
        public SendMessageResponse sendMessage(SendMessageRequest request) {
            if (refusing) {
                throw SqsException.builder().message("queue does not exist").statusCode(400).build();
            }
            sent.add(request);
            return SendMessageResponse.builder().messageId("m-" + sent.size()).build();
        }

        @Override
        public String serviceName() {
            return "sqs";
        }

        @Override
        public void close() {}
    }

    private final Sqs sqs = new Sqs();
    private final QueuedReceiptDue receiptDue = new QueuedReceiptDue(new ReceiptQueue(sqs, QUEUE));
    private final Checkout paid = Checkouts.aCheckout().paidAt(Instant.parse("2026-11-26T01:05:00Z")).build();

    /** What {@code action} logged, one JSON object a line. */
    private static List<JsonNode> logged(Runnable action) {
        try {
            return jp.kokin.adapters.testing.Logs.capture(() -> {
                action.run();
                return null;
            }).lines();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void a_due_receipt_goes_on_the_receipt_queue() {
        receiptDue.receiptDue(paid);

        assertEquals(1, sqs.sent.size());
        assertEquals(QUEUE, sqs.sent.getFirst().queueUrl());
        assertEquals(paid.id(), ReceiptQueue.checkoutId(sqs.sent.getFirst().messageBody()));
    }

    @Test
    void a_refused_enqueue_is_logged_once_as_an_error_and_is_left_to_the_sweeper() {
        sqs.refusing = true;

        List<JsonNode> lines = logged(() -> receiptDue.receiptDue(paid)); // does not throw

        List<JsonNode> failures = lines.stream().filter(l -> l.path("event").asText().equals("receipt.enqueue_failed")).toList();
        assertEquals(1, failures.size(), lines.toString());
        assertEquals("ERROR", failures.getFirst().path("level").asText());
        assertEquals(paid.id(), failures.getFirst().path("checkoutId").asText());
        assertTrue(failures.getFirst().path("error").asText().contains("queue does not exist"), failures.toString());
        assertEquals(List.of(), sqs.sent);
    }
}
