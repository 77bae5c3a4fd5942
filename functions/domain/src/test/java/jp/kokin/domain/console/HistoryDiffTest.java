package jp.kokin.domain.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.checkout.PaymentMethod;
import jp.kokin.domain.checkout.ReceiptRef;
import jp.kokin.domain.checkout.TestCheckouts;
import jp.kokin.domain.refund.Refund;
import jp.kokin.domain.refund.RefundLine;
import jp.kokin.domain.refund.RefundReason;
import jp.kokin.domain.refund.RefundStatus;

class HistoryDiffTest {
    private static final Instant AT = Instant.parse("2026-11-26T01:05:00Z");

    private static List<String> types(List<HistoryEvent> events) {
        return events.stream().map(HistoryEvent::type).toList();
    }

    /** Each write stores the next version (as the ledger does). */
    private static Checkout stored(Checkout c, Checkout previous) {
        return c.atVersion(previous.version() + 1);
    }

    @Test
    void a_new_checkout_is_created_with_its_status_and_amount() {
        Checkout c = TestCheckouts.created();
        List<HistoryEvent> events = HistoryDiff.diff(Optional.empty(), c, AT);
        assertEquals(List.of(HistoryDiff.CREATED), types(events));
        HistoryEvent e = events.getFirst();
        assertEquals(c.id(), e.checkoutId());
        assertEquals(c.version(), e.version());
        assertEquals(0, e.seq());
        assertEquals(c.status().wire(), e.detail().get("status"));
        assertEquals(Long.toString(c.amount()), e.detail().get("amount"));
    }

    @Test
    void starting_a_payment_names_the_attempt_and_method_then_the_checkouts_new_status() {
        Checkout c = TestCheckouts.created();
        Checkout started = stored(TestCheckouts.start(c, PaymentMethod.CARD, AT), c);
        List<HistoryEvent> events = HistoryDiff.diff(Optional.of(c), started, AT);
        assertEquals(List.of(HistoryDiff.PAYMENT_STARTED, HistoryDiff.STATUS), types(events));
        assertEquals(Map.of("from", c.status().wire(), "to", started.status().wire()), events.get(1).detail());
        assertEquals(Map.of("paymentId", TestCheckouts.paymentId(c, 1), "method", "card", "provider", "sandbox", "status", "pending"),
                events.getFirst().detail());
    }

    @Test
    void a_failed_attempt_changes_the_payments_status_and_the_checkouts() {
        Checkout c = TestCheckouts.created();
        Checkout started = stored(TestCheckouts.start(c, PaymentMethod.CARD, AT), c);
        Checkout failed = stored(TestCheckouts.fail(started, 1, AT.plusSeconds(5)), started);
        List<HistoryEvent> events = HistoryDiff.diff(Optional.of(started), failed, AT);
        assertEquals(List.of(HistoryDiff.PAYMENT_STATUS, HistoryDiff.STATUS), types(events));
        assertEquals("pending", events.getFirst().detail().get("from"));
        assertEquals("failed", events.getFirst().detail().get("to"));
    }

    @Test
    void a_payment_that_succeeds_gives_its_status_change_then_the_checkout_paid_in_one_version() {
        Checkout c = TestCheckouts.created();
        Checkout started = stored(TestCheckouts.start(c, PaymentMethod.CARD, AT), c);
        Checkout paid = stored(TestCheckouts.succeed(started, 1, AT.plusSeconds(30)), started);
        List<HistoryEvent> events = HistoryDiff.diff(Optional.of(started), paid, AT);
        assertEquals(List.of(HistoryDiff.PAYMENT_STATUS, HistoryDiff.PAID), types(events));
        assertEquals(List.of(0, 1), events.stream().map(HistoryEvent::seq).toList());
        assertEquals(paid.version(), events.get(1).version());
        assertEquals("paid", events.get(1).detail().get("to"));
        assertEquals(AT.plusSeconds(30).toString(), events.get(1).detail().get("paidAt"));
    }

    @Test
    void a_receipt_issued_is_one_event_with_its_number() {
        Checkout paid = TestCheckouts.paid(TestCheckouts.created(), AT);
        Checkout withReceipt = stored(paid.withReceipt(new ReceiptRef("131016-2026-000001", AT.plusSeconds(60), "tok")), paid);
        List<HistoryEvent> events = HistoryDiff.diff(Optional.of(paid), withReceipt, AT);
        assertEquals(List.of(HistoryDiff.RECEIPT_ISSUED), types(events));
        assertEquals("131016-2026-000001", events.getFirst().detail().get("number"));
    }

    @Test
    void a_refund_requested_then_approved_gives_a_request_and_a_status_change() {
        Checkout paid = TestCheckouts.paid(TestCheckouts.created(), AT);
        String paymentId = paid.winningPayment().orElseThrow().id();
        Refund requested = Refund.requested("rfd_" + paid.id().substring(4) + "_1", paymentId, 100, RefundReason.values()[0],
                List.of(new RefundLine(0, 0, paid.items().getFirst().procedureCode(), paid.items().getFirst().lines().getFirst().creditor(), 100)),
                null, "地方自治法", null, "usr_aaaaaaaaaaaaaaaa", AT);
        Checkout withRefund = stored(paid.withRefund(requested), paid);
        List<HistoryEvent> first = HistoryDiff.diff(Optional.of(paid), withRefund, AT);
        assertEquals(List.of(HistoryDiff.REFUND_REQUESTED), types(first));
        assertEquals("100", first.getFirst().detail().get("amount"));

        Checkout approved = stored(withRefund.withRefund(requested.decided(RefundStatus.APPROVED, "usr_bbbbbbbbbbbbbbbb", AT, null)),
                withRefund);
        List<HistoryEvent> second = HistoryDiff.diff(Optional.of(withRefund), approved, AT);
        assertEquals(List.of(HistoryDiff.REFUND_STATUS), types(second));
        assertEquals(Map.of("refundId", requested.id(), "from", "requested", "to", "approved"), second.getFirst().detail());
    }

    @Test
    void a_settlement_run_claiming_the_checkout_is_recorded_with_the_run() {
        Checkout paid = TestCheckouts.paid(TestCheckouts.created(), AT);
        Checkout claimed = stored(paid.claimedBy("stl_20261126_001"), paid);
        List<HistoryEvent> events = HistoryDiff.diff(Optional.of(paid), claimed, AT);
        assertEquals(List.of(HistoryDiff.SETTLEMENT_CLAIMED), types(events));
        assertEquals("stl_20261126_001", events.getFirst().detail().get("runId"));
    }

    @Test
    void a_write_that_changes_nothing_shown_gives_no_event_and_the_same_versions_give_the_same_events() {
        Checkout c = TestCheckouts.created();
        assertEquals(List.of(), HistoryDiff.diff(Optional.of(c), stored(c, c), AT));
        Checkout started = stored(TestCheckouts.start(c, PaymentMethod.CARD, AT), c);
        assertEquals(HistoryDiff.diff(Optional.of(c), started, AT), HistoryDiff.diff(Optional.of(c), started, AT));
    }
}
