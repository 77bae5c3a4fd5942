package jp.kokin.domain.refund;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.checkout.Rejection;

class RecordRefundTest extends RefundFixture {

    private Refund submittedRefund(Checkout checkout) {
        Refund refund = addRefund(checkout, 200, RefundStatus.APPROVED);
        paypay.refundsTimeOut();
        submission.submit(checkout.id(), refund.id());
        return stored(refund);
    }

    @Test
    void aRepeatedSuccessChangesNothingAndNotifiesNothing() {
        Checkout checkout = paidCheckout();
        Refund refund = submittedRefund(checkout);
        Instant at = clock.instant();
        recording.record("paypay", refund.id(), new RefundResult.Succeeded("pp_r1", at));
        long version = checkouts.stored(checkout.id()).version();
        int writes = checkouts.writes();

        var again = recording.record("paypay", refund.id(), new RefundResult.Succeeded("pp_r1", at));

        var recorded = assertInstanceOf(RecordRefund.Outcome.Recorded.class, again);
        assertEquals(false, recorded.changed());
        assertEquals(version, checkouts.stored(checkout.id()).version());
        assertEquals(writes, checkouts.writes());
        assertEquals(1, queue.queued.size());
        assertEquals("131016-2026-R0000001", stored(refund).noticeNumber());
    }

    @Test
    void aFailureAfterSuccessIsRefusedAndTheSuccessStands() {
        Checkout checkout = paidCheckout();
        Refund refund = submittedRefund(checkout);
        recording.record("paypay", refund.id(), new RefundResult.Succeeded("pp_r1", clock.instant()));

        var late = recording.record("paypay", refund.id(), new RefundResult.Failed("late"));

        var refused = assertInstanceOf(RecordRefund.Outcome.NotRecorded.class, late);
        assertEquals(Rejection.Code.INVALID_TRANSITION, refused.rejection().kind());
        assertEquals(RefundStatus.SUCCEEDED, stored(refund).status());
    }

    @Test
    void aStaleSuccessAfterAFailureIsRefusedAndTheFailureStands() {
        Checkout checkout = paidCheckout();
        Refund refund = submittedRefund(checkout);
        recording.record("paypay", refund.id(), new RefundResult.Failed("declined"));

        var late = recording.record("paypay", refund.id(), new RefundResult.Succeeded("pp_r1", clock.instant()));

        assertEquals(Rejection.Code.INVALID_TRANSITION,
                assertInstanceOf(RecordRefund.Outcome.NotRecorded.class, late).rejection().kind());
        assertEquals(RefundStatus.FAILED, stored(refund).status());
        assertEquals(null, stored(refund).noticeNumber());
    }

    @Test
    void pendingChangesNothing() {
        Checkout checkout = paidCheckout();
        Refund refund = submittedRefund(checkout);
        long version = checkouts.stored(checkout.id()).version();

        recording.record("paypay", refund.id(), new RefundResult.Pending(null));

        assertEquals(version, checkouts.stored(checkout.id()).version());
        assertEquals(RefundStatus.SUBMITTED, stored(refund).status());
    }

    @Test
    void anotherProvidersReportAboutOurRefundIsNotBelieved() {
        Checkout checkout = paidCheckout();
        Refund refund = submittedRefund(checkout);

        var outcome = recording.record("stripe", refund.id(), new RefundResult.Succeeded("re_1", clock.instant()));

        assertEquals(Rejection.Code.NOT_FOUND,
                assertInstanceOf(RecordRefund.Outcome.NotRecorded.class, outcome).rejection().kind());
        assertEquals(RefundStatus.SUBMITTED, stored(refund).status());
    }

    @Test
    void aReportAboutAnUnknownRefundIsNotFound() {
        var outcome = recording.record("paypay", "rfd_nope", new RefundResult.Succeeded("x", clock.instant()));
        assertEquals(Rejection.Code.NOT_FOUND,
                assertInstanceOf(RecordRefund.Outcome.NotRecorded.class, outcome).rejection().kind());
    }

    @Test
    void whenTheQueueRefusesTheSuccessIsStoredAndStaysDueForTheJanitor() {
        Checkout checkout = paidCheckout();
        Refund refund = submittedRefund(checkout);
        queue.refusing(true);

        recording.record("paypay", refund.id(), new RefundResult.Succeeded("pp_r1", clock.instant()));

        Refund after = stored(refund);
        assertEquals(RefundStatus.SUCCEEDED, after.status());
        assertTrue(after.notificationDue());
        assertTrue(checkouts.stored(checkout.id()).refundWorkSince().isPresent());
    }

    @Test
    void noticeNumbersAreGaplessPerOrganizationAndFiscalYearWhenTwoNumberAtOnce() {
        Checkout checkout = paidCheckout();
        Refund first = addRefund(checkout, 100, RefundStatus.APPROVED);
        Refund second = addRefund(checkout, 100, RefundStatus.APPROVED);
        paypay.refundsTimeOut();
        submission.submit(checkout.id(), first.id());
        submission.submit(checkout.id(), second.id());
        // while the first success is being numbered, the second one is recorded and numbered
        counters.beforeNextNumber(() -> recording.record("paypay", second.id(), new RefundResult.Succeeded("b", clock.instant())));

        recording.record("paypay", first.id(), new RefundResult.Succeeded("a", clock.instant()));

        assertEquals("131016-2026-R0000001", stored(second).noticeNumber());
        assertEquals("131016-2026-R0000002", stored(first).noticeNumber());
        assertEquals(2, queue.queued.size());
    }

    @Test
    void aRefundCompletedInMarchTakesThePreviousFiscalYearsSeries() {
        Checkout checkout = paidCheckout();
        Refund refund = submittedRefund(checkout);
        // 2027-03-31 23:30 JST is still fiscal year 2026; 2027-04-01 00:10 JST is 2027
        recording.record("paypay", refund.id(), new RefundResult.Succeeded("a", Instant.parse("2027-03-31T14:30:00Z")));
        assertEquals("131016-2026-R0000001", stored(refund).noticeNumber());
        Refund next = addRefund(checkout, 50, RefundStatus.APPROVED);
        submission.submit(checkout.id(), next.id());
        recording.record("paypay", next.id(), new RefundResult.Succeeded("b", Instant.parse("2027-03-31T15:10:00Z")));
        assertEquals("131016-2027-R0000001", stored(next).noticeNumber());
    }
}
