package jp.kokin.receipt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import jp.kokin.adapters.queue.ReceiptQueue;
import jp.kokin.adapters.testing.Checkouts;
import jp.kokin.adapters.testing.TestAws;
import jp.kokin.domain.checkout.Change;
import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.checkout.PaymentEvent;
import jp.kokin.domain.checkout.PaymentMethod;
import jp.kokin.domain.checkout.RecordOutcome;
import jp.kokin.domain.checkout.RecordPayment;
import jp.kokin.domain.receipt.ReceiptDue;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageResponse;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * A crash between recording a payment and queueing its receipt does not lose the receipt: the
 * payment is written exactly as {@code ProviderEventFunction} writes it (ProviderEventIT shows the webhook
 * answering 200 with a broken queue), nothing is queued, and {@code ReceiptSweeperFunction}
 * queues it again after the grace period; {@code ReceiptFunction} then issues exactly one receipt.
 */
class ReceiptSweeperIT {
    private TestAws aws;
    private String receiptQueue;

    @BeforeEach
    void freshPlatform() {
        aws = TestAws.create();
        receiptQueue = aws.queueUrl("ReceiptQueue");
    }

    /** The webhook's write of a verified success, and then the crash: nothing is queued. */
    private Checkout paidWithoutEnqueue(Instant paidAt) {
        Checkout c = Checkouts.aCheckout().createdAt(paidAt.minusSeconds(60)).build();
        c = ((Change.Changed) c.startPayment(PaymentMethod.PAYPAY, "sandbox", paidAt.minusSeconds(30))).checkout();
        aws.ledger().create(c, null);
        Clock clock = Clock.fixed(paidAt, ZoneOffset.UTC);
        ReceiptDue lost = paid -> { }; // the function stopped between the write and the enqueue
        var recorded = new RecordPayment(aws.ledger(), lost, clock).event("sandbox", c.payments().getFirst().id(), PaymentEvent.SUCCEEDED, 300, paidAt);
        assertTrue(((RecordOutcome.Recorded) recorded).becamePaid());
        return c;
    }

    private ReceiptSweeperHandler sweeperAt(Instant now) {
        return new ReceiptSweeperHandler(new ReceiptSweeperWiring(aws.ledger(), new ReceiptQueue(aws.sqs(), receiptQueue),
                Clock.fixed(now, ZoneOffset.UTC)));
    }

    @Test
    void theSweeperQueuesAPaidCheckoutWithoutAReceiptAndExactlyOneReceiptIsIssued() {
        Instant paidAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Checkout c = paidWithoutEnqueue(paidAt);
        assertEquals(0, sweeperAt(paidAt.plusSeconds(30)).sweep().enqueued(), "within the grace period the webhook's own message may still come");

        // two sweeps before the receipt function runs: the checkout is queued twice
        assertEquals(1, sweeperAt(paidAt.plus(Duration.ofMinutes(2))).sweep().enqueued());
        assertEquals(1, sweeperAt(paidAt.plus(Duration.ofMinutes(3))).sweep().enqueued());
        var messages = SqsEvents.drain(aws.sqs(), receiptQueue);
        assertEquals(List.of(ReceiptQueue.body(c.id()), ReceiptQueue.body(c.id())), messages.stream().map(m -> m.body()).toList());

        var response = new ReceiptHandler(ReceiptWiring.fromEnv(aws.env("ReceiptFunction"))).handleRequest(SqsEvents.of(messages), null);

        assertEquals(List.of(), response.getBatchItemFailures());
        Checkout after = aws.ledger().find(c.id()).orElseThrow();
        assertEquals("131016-2026-0000001", after.receipt().number());
        assertEquals(1, aws.ledger().lastSequence("131016", 2026), "exactly one receipt number taken");
        assertEquals(0, sweeperAt(paidAt.plus(Duration.ofMinutes(4))).sweep().enqueued(), "nothing awaits a receipt any more");
    }

    @Test
    void theScheduledFunctionAnswersHowManyItQueued() throws Exception {
        Checkout c = paidWithoutEnqueue(Instant.now().minus(Duration.ofMinutes(5)));
        var out = new ByteArrayOutputStream();

        new ReceiptSweeperHandler(ReceiptSweeperWiring.fromEnv(aws.env("ReceiptSweeperFunction")))
                .handleRequest(new ByteArrayInputStream("{}".getBytes(StandardCharsets.UTF_8)), out, null);

        assertEquals("{\"enqueued\":1,\"failed\":0}", out.toString(StandardCharsets.UTF_8));
        assertEquals(List.of(ReceiptQueue.body(c.id())), SqsEvents.drain(aws.sqs(), receiptQueue).stream().map(m -> m.body()).toList());
    }

    /** The embedded queue, except that a message about {@code refused} is refused (as an outage would). */
    private record RefusingSqs(SqsClient queue, String refused) implements SqsClient {
        @Override
        public SendMessageResponse sendMessage(SendMessageRequest request) {
            if (request.messageBody().contains(refused)) {
                throw SqsException.builder().message("simulated outage for one message").statusCode(500).build();
            }
            return queue.sendMessage(request);
        }

        @Override
        public String serviceName() {
            return queue.serviceName();
        }

        @Override
        public void close() {}
    }

    @Test
    void aCheckoutThatCannotBeQueuedIsCountedAsAFailureAndTheOthersAreStillQueued() throws Exception {
        Instant paidAt = Instant.now().minus(Duration.ofMinutes(5)).truncatedTo(ChronoUnit.MILLIS);
        Checkout first = paidWithoutEnqueue(paidAt);
        Checkout refused = paidWithoutEnqueue(paidAt.plusMillis(1));
        Checkout last = paidWithoutEnqueue(paidAt.plusMillis(2));
        var sweeper = new ReceiptSweeperHandler(new ReceiptSweeperWiring(aws.ledger(),
                new ReceiptQueue(new RefusingSqs(aws.sqs(), refused.id()), receiptQueue), Clock.systemUTC()));
        var out = new ByteArrayOutputStream();

        sweeper.handleRequest(new ByteArrayInputStream("{}".getBytes(StandardCharsets.UTF_8)), out, null);

        assertEquals("{\"enqueued\":2,\"failed\":1}", out.toString(StandardCharsets.UTF_8));
        assertEquals(java.util.Set.of(ReceiptQueue.body(first.id()), ReceiptQueue.body(last.id())),
                java.util.Set.copyOf(SqsEvents.drain(aws.sqs(), receiptQueue).stream().map(m -> m.body()).toList()));
    }
}
