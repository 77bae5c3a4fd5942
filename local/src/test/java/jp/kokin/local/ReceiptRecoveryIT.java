package jp.kokin.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;

import jp.kokin.adapters.provider.sandbox.SandboxEvent;
import jp.kokin.adapters.provider.sandbox.SandboxEvents;
import jp.kokin.adapters.queue.QueuedReceiptDue;
import jp.kokin.adapters.queue.ReceiptQueue;
import jp.kokin.adapters.testing.Checkouts;
import jp.kokin.adapters.testing.HttpEvents;
import jp.kokin.adapters.testing.TestAws;
import jp.kokin.adapters.testing.TestCatalog;
import jp.kokin.domain.checkout.Change;
import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.checkout.CheckoutStatus;
import jp.kokin.domain.checkout.PaymentMethod;
import jp.kokin.receipt.ReceiptHandler;
import jp.kokin.receipt.ReceiptSweeperHandler;
import jp.kokin.receipt.ReceiptSweeperWiring;
import jp.kokin.receipt.ReceiptWiring;
import jp.kokin.webhook.ProviderEventHandler;
import jp.kokin.webhook.ProviderEventWiring;

/**
 * Fault injection: the webhook function records a payment but cannot queue its receipt (as if it
 * crashed between the two). The sweeper finds the paid checkout and the receipt function issues
 * its one receipt: the receipt is not lost.
 */
class ReceiptRecoveryIT {

    @Test
    void aPaymentRecordedWithoutItsReceiptMessageStillGetsExactlyOneReceipt() {
        TestAws aws = TestAws.create();
        Instant now = Instant.parse("2026-11-26T03:00:00Z");
        Clock clock = Clock.fixed(now, ZoneOffset.UTC);
        Checkout created = Checkouts.aCheckout().createdAt(now.minusSeconds(120)).build();
        Checkout pending = ((Change.Changed) created.startPayment(PaymentMethod.CARD, "sandbox", now.minusSeconds(60))).checkout();
        aws.ledger().create(pending, null);
        String paymentId = pending.payments().getFirst().id();

        // The webhook function, whose queue is gone: the enqueue fails after the payment is recorded.
        String missingQueue = aws.queueUrl("ReceiptQueue") + "-gone";
        ProviderEventHandler webhook = new ProviderEventHandler(new ProviderEventWiring(aws.ledger(), aws.providers(clock),
                new QueuedReceiptDue(new ReceiptQueue(aws.sqs(), missingQueue)), clock));
        var signed = SandboxEvents.sign(new SandboxEvent("sbx_test", paymentId, SandboxEvent.Type.SUCCEEDED,
                pending.amount(), "JPY", PaymentMethod.CARD, now), TestCatalog.SANDBOX_SECRET, "evt_fault_1", now);
        var event = HttpEvents.route("POST /webhooks/{provider}").path("provider", "sandbox").json(
                new String(signed.body(), StandardCharsets.UTF_8)).build();
        event.getHeaders().putAll(signed.headers());
        assertEquals(200, webhook.handleRequest(event, null).getStatusCode());
        Checkout paid = aws.ledger().find(pending.id()).orElseThrow();
        assertEquals(CheckoutStatus.PAID, paid.status());
        assertNull(paid.receipt());
        String receiptQueue = aws.queueUrl("ReceiptQueue");
        assertTrue(aws.sqs().receiveMessage(b -> b.queueUrl(receiptQueue).waitTimeSeconds(1)).messages().isEmpty(),
                "the failure left nothing on the queue");

        // A minute later the sweeper queues it again …
        ReceiptSweeperHandler sweeper = new ReceiptSweeperHandler(new ReceiptSweeperWiring(aws.ledger(),
                new ReceiptQueue(aws.sqs(), receiptQueue), Clock.offset(clock, Duration.ofMinutes(2))));
        assertEquals(1, sweeper.sweep().enqueued());

        // … and the receipt function issues the receipt.
        var messages = aws.sqs().receiveMessage(b -> b.queueUrl(receiptQueue).waitTimeSeconds(5).maxNumberOfMessages(10)).messages();
        assertEquals(1, messages.size());
        SQSEvent sqsEvent = new SQSEvent();
        sqsEvent.setRecords(messages.stream().map(m -> {
            SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
            record.setMessageId(m.messageId());
            record.setReceiptHandle(m.receiptHandle());
            record.setBody(m.body());
            return record;
        }).toList());
        var response = new ReceiptHandler(ReceiptWiring.fromEnv(aws.env("ReceiptFunction"))).handleRequest(sqsEvent, null);
        assertTrue(response.getBatchItemFailures().isEmpty());
        Checkout withReceipt = aws.ledger().find(pending.id()).orElseThrow();
        assertNotNull(withReceipt.receipt());
        assertEquals("131016-2026-0000001", withReceipt.receipt().number());
        assertEquals(0, sweeper.sweep().enqueued(), "nothing awaits a receipt any more");
        List<String> types = new java.util.ArrayList<>();
        Instant deadline = Instant.now().plusSeconds(10);
        while (types.size() < 2 && Instant.now().isBefore(deadline)) {
            aws.sqs().receiveMessage(b -> b.queueUrl(aws.queueUrl("PortalNotificationQueue")).waitTimeSeconds(1)
                    .maxNumberOfMessages(10)).messages()
                    .forEach(m -> types.add(m.body().contains("\"receipt.issued\"") ? "receipt.issued" : "checkout.paid"));
        }
        assertEquals(List.of("checkout.paid", "receipt.issued"), types.stream().sorted().toList());
    }
}
