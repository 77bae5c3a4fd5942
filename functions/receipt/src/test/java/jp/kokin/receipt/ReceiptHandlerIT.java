package jp.kokin.receipt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;

import jp.kokin.adapters.queue.PortalNotificationCodec;
import jp.kokin.adapters.queue.ReceiptQueue;
import jp.kokin.adapters.testing.Checkouts;
import jp.kokin.adapters.testing.TestAws;
import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.notification.PortalNotification;

/**
 * {@code ReceiptFunction} through its real constructor, against DynamoDB Local and ElasticMQ:
 * one receipt per paid checkout however often it is delivered, per-record failures, and the
 * portal's notifications with stable ids.
 */
class ReceiptHandlerIT {
    private static final Instant PAID = Instant.parse("2026-11-26T03:00:00Z");

    private TestAws aws;
    private ReceiptHandler handler;

    @BeforeEach
    void freshPlatform() {
        aws = TestAws.create();
        handler = new ReceiptHandler(ReceiptWiring.fromEnv(aws.env("ReceiptFunction")));
    }

    private Checkout stored(Checkout c) {
        aws.ledger().create(c, null);
        return c;
    }

    private int receiptsStored() {
        return aws.dynamoDb().scan(b -> b.tableName(aws.ledgerTable())).items().stream()
                .filter(i -> i.get("pk").s().startsWith("RCPT#")).toList().size();
    }

    private static Set<String> failed(SQSBatchResponse response) {
        return response.getBatchItemFailures().stream().map(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .collect(Collectors.toSet());
    }

    @Test
    void aBatchIssuesOneReceiptAndReportsOnlyTheRecordsThatFailed() {
        Checkout paid = stored(Checkouts.aCheckout().paidAt(PAID).build());
        Checkout unpaid = stored(Checkouts.aCheckout().build());

        var response = handler.handleRequest(SqsEvents.event(
                SqsEvents.message("m-paid-1", ReceiptQueue.body(paid.id())),
                SqsEvents.message("m-paid-2", ReceiptQueue.body(paid.id())),
                SqsEvents.message("m-malformed", "{\"checkout\": 42"),
                SqsEvents.message("m-unpaid", ReceiptQueue.body(unpaid.id()))), null);

        assertEquals(Set.of("m-malformed", "m-unpaid"), failed(response));
        Checkout after = aws.ledger().find(paid.id()).orElseThrow();
        assertEquals("131016-2026-0000001", after.receipt().number());
        assertEquals(1, receiptsStored(), "one receipt for two deliveries");
        assertEquals(1, aws.ledger().lastSequence("131016", 2026));
        assertEquals(paid.id(), aws.ledger().findReceipt("131016-2026-0000001").orElseThrow().checkoutId());
        assertNull(aws.ledger().find(unpaid.id()).orElseThrow().receipt());
    }

    @Test
    void thePortalIsNotifiedOfThePaymentAndTheReceiptWithStableIds() {
        Checkout paid = stored(Checkouts.aCheckout().paidAt(PAID).build());

        handler.handleRequest(SqsEvents.event(SqsEvents.message(ReceiptQueue.body(paid.id())),
                SqsEvents.message(ReceiptQueue.body(paid.id()))), null);
        handler.handleRequest(SqsEvents.event(SqsEvents.message(ReceiptQueue.body(paid.id()))), null); // redelivered later

        List<PortalNotification> queued = SqsEvents.drain(aws.sqs(), aws.queueUrl("PortalNotificationQueue")).stream()
                .map(m -> PortalNotificationCodec.fromJson(m.body())).toList();
        Map<String, String> typeById = new TreeMap<>();
        queued.forEach(n -> typeById.put(n.id(), n.type()));
        assertEquals(Map.of("msg_" + paid.id() + "_paid", "checkout.paid", "msg_" + paid.id() + "_receipt", "receipt.issued"),
                typeById, "repeats carry the same ids, so the portal drops them");
        assertTrue(queued.size() >= 2, queued.toString());
        var receipt = aws.ledger().findReceipt("131016-2026-0000001").orElseThrow();
        for (PortalNotification n : queued) {
            assertEquals("myna", n.portalId());
            assertEquals(paid.id(), n.data().get("checkoutId"));
            assertEquals(300L, n.data().get("amount"));
            assertEquals("2026-11-26", n.data().get("paymentDate"));
            assertEquals(receipt.number(), n.data().get("receiptNumber"), "every repeat names the one receipt");
            if (n.type().equals("receipt.issued")) {
                assertEquals(aws.publicBaseUrl() + "/receipts/" + receipt.number() + "/" + receipt.token(), n.data().get("receiptUrl"));
            }
        }
    }

    @Test
    void receiptNumbersAreGaplessPerOrganization() {
        Checkout first = stored(Checkouts.aCheckout().paidAt(PAID).build());
        Checkout second = stored(Checkouts.aCheckout().paidAt(PAID.plusSeconds(1)).build());
        Checkout elsewhere = stored(Checkouts.aCheckout().forOrganization("130001").paidAt(PAID).build());

        var response = handler.handleRequest(SqsEvents.event(SqsEvents.message(ReceiptQueue.body(first.id())),
                SqsEvents.message(ReceiptQueue.body(elsewhere.id())), SqsEvents.message(ReceiptQueue.body(second.id()))), null);

        assertEquals(Set.of(), failed(response));
        assertEquals("131016-2026-0000001", aws.ledger().find(first.id()).orElseThrow().receipt().number());
        assertEquals("131016-2026-0000002", aws.ledger().find(second.id()).orElseThrow().receipt().number());
        assertEquals("130001-2026-0000001", aws.ledger().find(elsewhere.id()).orElseThrow().receipt().number());
    }

    @Test
    void anUnknownCheckoutOrAMessageWithoutACheckoutIdFails() {
        var response = handler.handleRequest(SqsEvents.event(
                SqsEvents.message("unknown", ReceiptQueue.body("chk_" + "a".repeat(26))),
                SqsEvents.message("no-id", "{\"checkoutId\": 7}"),
                SqsEvents.message("empty", "")), null);

        assertEquals(Set.of("unknown", "no-id", "empty"), failed(response));
        assertEquals(0, receiptsStored());
        assertEquals(List.of(), SqsEvents.drain(aws.sqs(), aws.queueUrl("PortalNotificationQueue")));
    }
}
