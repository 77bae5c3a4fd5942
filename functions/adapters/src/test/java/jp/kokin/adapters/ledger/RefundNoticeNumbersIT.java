package jp.kokin.adapters.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import jp.kokin.adapters.testing.Checkouts;
import jp.kokin.adapters.testing.TestAws;
import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.checkout.CheckoutIds;
import jp.kokin.domain.refund.Refund;
import jp.kokin.domain.refund.RefundLine;
import jp.kokin.domain.refund.RefundNotices;
import jp.kokin.domain.refund.RefundReason;
import jp.kokin.domain.refund.RefundStatus;

/** Refund notice numbers (返金通知番号) against DynamoDB Local: gapless per organization and fiscal year under concurrency. */
class RefundNoticeNumbersIT {
    private static final Instant PAID = Instant.parse("2026-11-26T03:00:00Z");
    private static final Instant REFUNDED = PAID.plusSeconds(3600);
    private DynamoLedger ledger;

    @BeforeEach
    void freshTables() {
        ledger = TestAws.create().ledger();
    }

    /** A paid checkout, stored, with {@code count} succeeded refunds of 10 yen each that have no number yet. */
    private Checkout withSucceededRefunds(int count) {
        Checkout c = Checkouts.aCheckout().paidAt(PAID).build();
        String paymentId = c.payments().getFirst().id();
        for (int n = 1; n <= count; n++) {
            Refund refund = Refund.requested(CheckoutIds.refundId(c.id(), n), paymentId, 10, RefundReason.OVERPAID,
                    List.of(new RefundLine(0, 0, c.items().getFirst().procedureCode(), c.organizationCode(), 10)),
                    null, null, null, "key_requester0000", PAID)
                    .decided(RefundStatus.APPROVED, "key_approver00000", PAID, null).submitted(PAID)
                    .answered(RefundStatus.SUCCEEDED, "prov_" + n, null, REFUNDED.plusSeconds(n));
            c = c.withRefund(refund);
        }
        ledger.create(c, null);
        return c;
    }

    @Test
    void concurrentNumberersGiveEverySucceededRefundExactlyOneNumberWithoutGaps() throws Exception {
        List<Checkout> checkouts = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            checkouts.add(withSucceededRefunds(i % 2 == 0 ? 1 : 2)); // 12 refunds in all, some sharing a checkout
        }
        RefundNotices notices = new RefundNotices(ledger, ledger, Clock.fixed(REFUNDED, ZoneOffset.UTC));
        List<Callable<Object>> tasks = new ArrayList<>();
        for (Checkout c : checkouts) {
            for (Refund r : c.refunds()) {
                for (int copy = 0; copy < 3; copy++) { // the request, a repeated event, the janitor: all at once
                    tasks.add(() -> notices.assign(c, r.id()));
                }
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        for (var f : pool.invokeAll(tasks)) {
            f.get();
        }
        pool.shutdown();

        Set<String> numbers = new HashSet<>();
        int refunds = 0;
        for (Checkout c : checkouts) {
            for (Refund r : ledger.find(c.id()).orElseThrow().refunds()) {
                refunds++;
                assertTrue(r.noticeNumber() != null, r.id() + " has its number");
                numbers.add(r.noticeNumber());
            }
        }
        Set<String> expected = new HashSet<>();
        for (int n = 1; n <= 12; n++) {
            expected.add(String.format("131016-2026-R%07d", n));
        }
        assertEquals(12, refunds);
        assertEquals(expected, numbers, "numbers 1..12, no gap, no number twice");
        assertEquals(12, ledger.lastNoticeSequence("131016", 2026));
        assertEquals(0, ledger.lastSequence("131016", 2026), "receipt numbers are another series");
    }

    @Test
    void aCheckoutWithRefundWorkIsOnTheJanitorsListAndLeavesItWhenDone() {
        Checkout c = Checkouts.aCheckout().paidAt(PAID).build();
        String paymentId = c.payments().getFirst().id();
        Refund approved = Refund.requested(CheckoutIds.refundId(c.id(), 1), paymentId, 10, RefundReason.OVERPAID,
                List.of(new RefundLine(0, 0, c.items().getFirst().procedureCode(), c.organizationCode(), 10)),
                null, null, null, "key_requester0000", PAID).decided(RefundStatus.APPROVED, "key_approver00000", PAID, null);
        ledger.create(c.withRefund(approved), null);
        assertEquals(List.of(c.id()), ledger.withPaymentsPendingSince(PAID.plusSeconds(1), 10).stream().map(Checkout::id).toList());

        Checkout stored = ledger.find(c.id()).orElseThrow();
        Refund done = approved.submitted(PAID).answered(RefundStatus.FAILED, null, "refused", PAID).notified(RefundStatus.FAILED);
        ledger.update(stored.withRefund(done)).orElseThrow();
        assertTrue(ledger.withPaymentsPendingSince(PAID.plusSeconds(3600), 10).isEmpty(), "nothing left to do");
    }
}
