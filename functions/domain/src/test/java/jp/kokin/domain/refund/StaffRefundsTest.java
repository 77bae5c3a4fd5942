package jp.kokin.domain.refund;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.checkout.Rejection;
import jp.kokin.domain.checkout.Result;
import jp.kokin.domain.checkout.TestCatalogs;

/** Refunds requested and decided by members of staff in the console (principals {@code usr_…}). */
class StaffRefundsTest extends RefundFixture {
    private static final String ALICE = Principals.ofStaff("https://idp.test", "alice");
    private static final String BOB = Principals.ofStaff("https://idp.test", "bob");
    private final RequestRefund requests = new RequestRefund(TestCatalogs::standard, checkouts, AfterApproval.STAY_APPROVED, clock);
    private final DecideRefund decisions = new DecideRefund(checkouts, AfterApproval.STAY_APPROVED, clock);

    private static NewRefund overpaid(long amount) {
        return new NewRefund(amount, RefundReason.OVERPAID, null, null, "条例第5条", null, List.of());
    }

    @Test
    void a_staff_request_is_recorded_as_the_staff_principal_and_a_retry_under_the_same_key_replays_it() {
        Checkout c = paidCheckout();

        var first = requests.requestByStaff(ALICE, x -> true, c.id(), overpaid(100), "form-1");
        var retry = requests.requestByStaff(ALICE, x -> true, c.id(), overpaid(100), "form-1");

        Refund refund = ((Result.Ok<RequestRefund.Requested>) first).value().refund();
        assertEquals(ALICE, refund.requestedBy());
        assertEquals("条例第5条", refund.legalBasis());
        assertTrue(((Result.Ok<RequestRefund.Requested>) retry).value().replayed());
        assertEquals(1, checkouts.stored(c.id()).refunds().size());
    }

    @Test
    void a_checkout_outside_the_staff_members_scope_is_not_found_and_nothing_is_stored() {
        Checkout c = paidCheckout();

        var result = requests.requestByStaff(ALICE, x -> false, c.id(), overpaid(100), "form-1");

        assertEquals(Rejection.Code.NOT_FOUND, ((Result.Err<RequestRefund.Requested>) result).rejection().kind());
        assertTrue(checkouts.stored(c.id()).refunds().isEmpty());
    }

    @Test
    void four_eyes_hold_for_staff_the_requester_may_not_approve_another_may() {
        Checkout c = paidCheckout();
        Refund refund = ((Result.Ok<RequestRefund.Requested>) requests.requestByStaff(ALICE, x -> true, c.id(), overpaid(100), null))
                .value().refund();

        var own = decisions.approveByStaff(ALICE, x -> true, refund.id(), null);
        var outOfScope = decisions.approveByStaff(BOB, x -> false, refund.id(), null);
        var other = decisions.approveByStaff(BOB, x -> true, refund.id(), null);

        assertEquals(Rejection.Code.SAME_PRINCIPAL, ((Result.Err<DecideRefund.Decided>) own).rejection().kind());
        assertEquals(Rejection.Code.NOT_FOUND, ((Result.Err<DecideRefund.Decided>) outOfScope).rejection().kind());
        Refund approved = ((Result.Ok<DecideRefund.Decided>) other).value().refund();
        assertEquals(RefundStatus.APPROVED, approved.status());
        assertEquals(BOB, approved.approvedBy());
    }

    @Test
    void a_staff_rejection_needs_a_reason() {
        Checkout c = paidCheckout();
        Refund refund = ((Result.Ok<RequestRefund.Requested>) requests.requestByStaff(ALICE, x -> true, c.id(), overpaid(100), null))
                .value().refund();

        var noReason = decisions.rejectByStaff(BOB, x -> true, refund.id(), null);
        var rejected = decisions.rejectByStaff(BOB, x -> true, refund.id(), "重複申請");

        assertEquals(Rejection.Code.INVALID_REQUEST, ((Result.Err<DecideRefund.Decided>) noReason).rejection().kind());
        assertEquals(RefundStatus.REJECTED, ((Result.Ok<DecideRefund.Decided>) rejected).value().refund().status());
    }
}
