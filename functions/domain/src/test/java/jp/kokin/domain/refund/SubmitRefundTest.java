package jp.kokin.domain.refund;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import jp.kokin.domain.Hashes;
import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.checkout.Rejection;
import jp.kokin.domain.notification.PortalNotification;

class SubmitRefundTest extends RefundFixture {

    static <T> T only(List<T> list) {
        assertEquals(1, list.size(), list.toString());
        return list.getFirst();
    }

    @Test
    void anApprovedRefundIsSentUnderItsOwnIdAndTheSuccessIsNumberedAndNotifiedOnce() {
        Checkout checkout = paidCheckout();
        Refund refund = addRefund(checkout, 300, RefundStatus.APPROVED);

        var outcome = submission.submit(checkout.id(), refund.id());

        Refund after = assertInstanceOf(SubmitRefund.Submission.Answered.class, outcome).refund();
        assertEquals(List.of(refund.id()), paypay.refundsSent);
        assertEquals(RefundStatus.SUCCEEDED, after.status());
        assertEquals("131016-2026-R0000001", after.noticeNumber());
        assertEquals(RefundStatus.SUCCEEDED, after.notifiedStatus());
        assertNotNull(after.submittedAt());
        assertEquals(clock.instant(), after.completedAt());
        assertEquals(after, stored(refund));
        PortalNotification sent = only(queue.queued);
        assertEquals("msg_" + refund.id() + "_succeeded", sent.id());
        assertEquals(PortalNotification.REFUND_SUCCEEDED, sent.type());
        assertEquals("131016-2026-R0000001", sent.data().get("noticeNumber"));
        assertEquals(300L, sent.data().get("amount"));
    }

    @Test
    void aTimeoutLeavesTheRefundSubmittedAndNobodyIsNotified() {
        Checkout checkout = paidCheckout();
        Refund refund = addRefund(checkout, 100, RefundStatus.APPROVED);
        paypay.refundsTimeOut();

        var outcome = submission.submit(checkout.id(), refund.id());

        assertInstanceOf(SubmitRefund.Submission.OutcomeUnknown.class, outcome);
        Refund after = stored(refund);
        assertEquals(RefundStatus.SUBMITTED, after.status());
        assertEquals(clock.instant(), after.lastAskedAt());
        assertNull(after.completedAt());
        assertTrue(queue.queued.isEmpty());
        assertTrue(checkouts.stored(checkout.id()).refundWorkSince().isPresent(), "the janitor finds it");
    }

    @Test
    void theRefundIsStoredSubmittedBeforeTheProviderIsCalled() {
        Checkout checkout = paidCheckout();
        Refund refund = addRefund(checkout, 100, RefundStatus.APPROVED);
        RefundStatus[] seenByProvider = new RefundStatus[1];
        paypay.refundsTimeOut();
        checkouts.concurrently(c -> c); // a harmless other writer: the submit reads again and still stores first
        submission.submit(checkout.id(), refund.id());
        seenByProvider[0] = stored(refund).status();
        assertEquals(RefundStatus.SUBMITTED, seenByProvider[0]);
        assertEquals(List.of(refund.id()), paypay.refundsSent);
    }

    @Test
    void aRequestedRefundIsNotSent() {
        Checkout checkout = paidCheckout();
        Refund refund = addRefund(checkout, 100, RefundStatus.REQUESTED);

        var outcome = submission.submit(checkout.id(), refund.id());

        var refused = assertInstanceOf(SubmitRefund.Submission.NotSubmitted.class, outcome);
        assertEquals(Rejection.Code.INVALID_TRANSITION, refused.rejection().kind());
        assertEquals(RefundStatus.REQUESTED, refused.refund().status());
        assertTrue(paypay.refundsSent.isEmpty());
    }

    @Test
    void aRefundAlreadySubmittedIsNotSentASecondTimeBySubmit() {
        Checkout checkout = paidCheckout();
        Refund refund = addRefund(checkout, 100, RefundStatus.APPROVED);
        paypay.refundsTimeOut();
        submission.submit(checkout.id(), refund.id());

        var again = submission.submit(checkout.id(), refund.id());

        assertInstanceOf(SubmitRefund.Submission.NotSubmitted.class, again);
        assertEquals(1, paypay.refundsSent.size());
    }

    @Test
    void aProviderThatCannotRefundAsksThePayerForABankAccountThroughASingleUseLink() {
        Checkout checkout = paidCheckout();
        Refund refund = addRefund(checkout, 300, RefundStatus.APPROVED);
        paypay.refundsAnswer(new RefundResult.CannotRefund("past the 365-day window"));

        var outcome = submission.submit(checkout.id(), refund.id());

        Refund after = assertInstanceOf(SubmitRefund.Submission.Answered.class, outcome).refund();
        assertEquals(RefundStatus.BANK_TRANSFER_REQUIRED, after.status());
        assertEquals(RefundStatus.BANK_TRANSFER_REQUIRED, after.notifiedStatus());
        PortalNotification sent = only(queue.queued);
        assertEquals("msg_" + refund.id() + "_action_required_"
                + after.bankTransfer().linkTokenHash().substring(0, 8), sent.id());
        assertEquals(PortalNotification.REFUND_ACTION_REQUIRED, sent.type());
        String url = (String) sent.data().get("bankAccountUrl");
        String prefix = "https://pay.example.jp/refunds/" + refund.id() + "/bank-account/";
        assertTrue(url.startsWith(prefix), url);
        String token = url.substring(prefix.length());
        assertEquals(Hashes.sha256Hex(token), after.bankTransfer().linkTokenHash(), "only the token's hash is stored");
        assertEquals(clock.instant().plus(RefundNotifications.LINK_VALIDITY), after.bankTransfer().linkExpiresAt());
        assertTrue(!checkouts.stored(checkout.id()).toString().contains(token), "the clear token is not stored");
    }

    @Test
    void aFailureIsRecordedWithItsReasonAndNotified() {
        Checkout checkout = paidCheckout();
        Refund refund = addRefund(checkout, 300, RefundStatus.APPROVED);
        paypay.refundsAnswer(new RefundResult.Failed("card issuer refused"));

        submission.submit(checkout.id(), refund.id());

        Refund after = stored(refund);
        assertEquals(RefundStatus.FAILED, after.status());
        assertEquals("card issuer refused", after.failureReason());
        assertNull(after.noticeNumber());
        assertEquals("msg_" + refund.id() + "_failed", only(queue.queued).id());
        assertEquals(0, checkouts.stored(checkout.id()).refundHeld(refund.paymentId()), "a failed refund holds nothing");
    }
}
