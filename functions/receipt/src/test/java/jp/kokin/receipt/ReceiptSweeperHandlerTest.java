package jp.kokin.receipt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import jp.kokin.adapters.queue.ReceiptQueue;
import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.checkout.TestCheckouts;
import jp.kokin.domain.checkout.TestClock;
import jp.kokin.domain.checkout.TestCatalogs;
import jp.kokin.domain.receipt.InMemoryReceiptLedger;
import jp.kokin.domain.receipt.ReceiptRequests;

/** {@code ReceiptSweeperFunction} over an in-memory ledger and receipt queue. */
class ReceiptSweeperHandlerTest {
    private static final Instant PAID_AT = TestCheckouts.CREATED_AT.plus(Duration.ofMinutes(5));

    private final InMemoryReceiptLedger ledger = new InMemoryReceiptLedger();
    private final TestClock clock = new TestClock(PAID_AT);
    private final List<String> queued = new ArrayList<>();
    private final Set<String> refused = new HashSet<>();
    private final ReceiptRequests queue = checkoutId -> {
        if (refused.contains(checkoutId)) {
            throw new IllegalStateException("simulated outage for one message");
        }
        queued.add(checkoutId);
    };
    private final ReceiptSweeperHandler sweeper = new ReceiptSweeperHandler(new ReceiptSweeperWiring(ledger, queue, clock));

    private Checkout paidAt(Instant paidAt) {
        Checkout c = TestCheckouts.paid(TestCheckouts.aCheckout().createdAt(paidAt.minusSeconds(60)).build(), paidAt);
        ledger.put(c);
        return c;
    }

    private String answer() throws IOException {
        var out = new ByteArrayOutputStream();
        sweeper.handleRequest(new ByteArrayInputStream("{}".getBytes(StandardCharsets.UTF_8)), out, null);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void a_paid_checkout_without_a_receipt_is_queued_again_only_after_the_grace_period() {
        Checkout c = paidAt(PAID_AT);

        clock.set(PAID_AT.plus(ReceiptSweeperHandler.GRACE).minusSeconds(1));
        assertEquals(new ReceiptSweeperHandler.Swept(0, 0), sweeper.sweep(), "the webhook's own message may still come");
        clock.set(PAID_AT.plus(ReceiptSweeperHandler.GRACE).plusSeconds(1));
        assertEquals(new ReceiptSweeperHandler.Swept(1, 0), sweeper.sweep());

        assertEquals(List.of(c.id()), queued);
    }

    @Test
    void the_scheduled_function_answers_how_many_it_queued_and_how_many_the_queue_refused() throws IOException {
        Checkout first = paidAt(PAID_AT);
        Checkout refusedOne = paidAt(PAID_AT.plusMillis(1));
        Checkout last = paidAt(PAID_AT.plusMillis(2));
        refused.add(refusedOne.id());
        clock.set(PAID_AT.plus(Duration.ofMinutes(5)));

        assertEquals("{\"enqueued\":2,\"failed\":1}", answer());
        assertEquals(List.of(first.id(), last.id()), queued, "the others are still queued");

        refused.clear();
        assertEquals("{\"enqueued\":3,\"failed\":0}", answer(), "the refused one is found again by the next sweep");
    }

    @Test
    void once_its_receipt_is_issued_a_checkout_is_not_queued_again() throws IOException {
        Checkout c = paidAt(PAID_AT);
        clock.set(PAID_AT.plus(Duration.ofMinutes(2)));
        assertEquals("{\"enqueued\":1,\"failed\":0}", answer());

        var receipts = new ReceiptHandler(new ReceiptWiring(ledger, TestCatalogs::standard, notifications -> { }, "", clock));
        var response = receipts.handleRequest(SqsEvents.event(SqsEvents.message(ReceiptQueue.body(queued.getFirst()))), null);

        assertEquals(List.of(), response.getBatchItemFailures());
        assertEquals("131016-2026-0000001", ledger.stored(c.id()).receipt().number());
        assertEquals("{\"enqueued\":0,\"failed\":0}", answer());
    }

    @Test
    void a_sweep_queues_at_most_one_batch_oldest_payment_first_and_the_next_sweep_takes_the_rest() {
        List<Checkout> paid = new ArrayList<>();
        for (int i = 0; i <= ReceiptSweeperHandler.BATCH; i++) {
            paid.add(paidAt(PAID_AT.plusSeconds(i)));
        }
        clock.set(PAID_AT.plus(Duration.ofHours(1)));

        assertEquals(new ReceiptSweeperHandler.Swept(ReceiptSweeperHandler.BATCH, 0), sweeper.sweep());
        assertFalse(queued.contains(paid.getLast().id()), "the newest waits for the next sweep");
        assertEquals(paid.getFirst().id(), queued.getFirst());
    }
}
