package jp.kokin.domain.refund;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import jp.kokin.domain.Hashes;
import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.notification.PortalNotification;

class ReconcileRefundsTest extends RefundFixture {

    final ReconcileRefunds janitor = new ReconcileRefunds(checkouts, providers,
            new RefundServices(counters, queue, LINKS, RefundPolicies.DEFAULTS), clock);

    private List<ReconcileRefunds.Reconciled.Outcome> run(Checkout checkout) {
        return janitor.reconcile(checkouts.stored(checkout.id())).stream().map(ReconcileRefunds.Reconciled::outcome).toList();
    }

    @Test
    void aTimedOutRefundIsAskedAboutAfterAMinuteAndCompletedExactlyOnce() {
        Checkout checkout = paidCheckout();
        Refund refund = addRefund(checkout, 300, RefundStatus.APPROVED);
        paypay.refundsTimeOut();
        submission.submit(checkout.id(), refund.id());
        paypay.refundKnownAs(refund.id(), new RefundResult.Succeeded("pp_r", clock.instant()));

        assertEquals(List.of(), run(checkout), "asked less than a minute ago: not asked again");
        assertTrue(paypay.refundsQueried.isEmpty());

        clock.advance(Duration.ofMinutes(2));
        assertEquals(List.of(ReconcileRefunds.Reconciled.Outcome.RECORDED), run(checkout));
        assertEquals(List.of(), run(checkout));

        Refund after = stored(refund);
        assertEquals(RefundStatus.SUCCEEDED, after.status());
        assertEquals("131016-2026-R0000001", after.noticeNumber());
        assertEquals(1, queue.queued.size());
        assertEquals("msg_" + refund.id() + "_succeeded", queue.queued.getFirst().id());
        assertEquals(List.of(refund.id()), paypay.refundsSent, "sent once");
        assertTrue(checkouts.stored(checkout.id()).refundWorkSince().isEmpty(), "no work left for the janitor");
    }

    @Test
    void aRefundTheProviderNeverReceivedIsSentAgainUnderTheSameId() {
        Checkout checkout = paidCheckout();
        Refund refund = addRefund(checkout, 300, RefundStatus.APPROVED);
        paypay.refundsTimeOut();
        submission.submit(checkout.id(), refund.id());
        paypay.refundsAnswer(null); // up again; the lost request never arrived: the query says not found
        clock.advance(Duration.ofMinutes(2));

        assertEquals(List.of(ReconcileRefunds.Reconciled.Outcome.SUBMITTED), run(checkout));

        assertEquals(List.of(refund.id(), refund.id()), paypay.refundsSent);
        assertEquals(RefundStatus.SUCCEEDED, stored(refund).status());
    }

    @Test
    void aStillPendingRefundIsAskedAgainOnlyAfterTheInterval() {
        Checkout checkout = paidCheckout();
        Refund refund = addRefund(checkout, 300, RefundStatus.APPROVED);
        paypay.refundsAnswer(new RefundResult.Pending("pp_r"));
        submission.submit(checkout.id(), refund.id());
        assertEquals(RefundStatus.SUBMITTED, stored(refund).status());
        assertEquals("pp_r", stored(refund).providerRefundId());

        clock.advance(Duration.ofMinutes(1));
        assertEquals(List.of(ReconcileRefunds.Reconciled.Outcome.STILL_PENDING), run(checkout));
        clock.advance(Duration.ofSeconds(30));
        assertEquals(List.of(), run(checkout));
        assertEquals(1, paypay.refundsQueried.size());
        assertTrue(queue.queued.isEmpty());
    }

    @Test
    void anApprovedRefundIsSubmittedByTheJanitor() {
        Checkout checkout = paidCheckout();
        Refund refund = addRefund(checkout, 100, RefundStatus.APPROVED);

        assertEquals(List.of(ReconcileRefunds.Reconciled.Outcome.SUBMITTED), run(checkout));

        assertEquals(RefundStatus.SUCCEEDED, stored(refund).status());
        assertEquals(List.of(refund.id()), paypay.refundsSent);
    }

    @Test
    void aSuccessLeftWithoutNumberOrNotificationIsFinished() {
        Checkout checkout = paidCheckout();
        Refund refund = addRefund(checkout, 300, RefundStatus.APPROVED);
        queue.refusing(true);
        submission.submit(checkout.id(), refund.id());
        assertTrue(stored(refund).notificationDue());
        queue.refusing(false);

        assertEquals(List.of(ReconcileRefunds.Reconciled.Outcome.FINISHED), run(checkout));

        assertEquals(RefundStatus.SUCCEEDED, stored(refund).notifiedStatus());
        assertEquals(1, queue.queued.size());
        assertEquals(List.of(), run(checkout));
        assertEquals(1, queue.queued.size());
    }

    @Test
    void aBankTransferNoticeLostOnTheWayIsSentAgainWithANewLink() {
        Checkout checkout = paidCheckout();
        Refund refund = addRefund(checkout, 300, RefundStatus.APPROVED);
        paypay.refundsAnswer(new RefundResult.CannotRefund("window passed"));
        queue.refusing(true);
        submission.submit(checkout.id(), refund.id());
        String firstHash = stored(refund).bankTransfer().linkTokenHash();
        queue.refusing(false);

        run(checkout);

        PortalNotification sent = queue.queued.getFirst();
        assertEquals(PortalNotification.REFUND_ACTION_REQUIRED, sent.type());
        String url = (String) sent.data().get("bankAccountUrl");
        String token = url.substring(url.lastIndexOf('/') + 1);
        Refund after = stored(refund);
        assertEquals(Hashes.sha256Hex(token), after.bankTransfer().linkTokenHash());
        assertNotEquals(firstHash, after.bankTransfer().linkTokenHash(), "the old token is unknown: a new link");
        assertEquals(RefundStatus.BANK_TRANSFER_REQUIRED, after.notifiedStatus());
    }

    @Test
    void aBankAccountLinkThatLapsedUnusedIsReplacedAndTheNewOneSentUnderANewWebhookId() {
        Checkout checkout = paidCheckout();
        Refund refund = addRefund(checkout, 300, RefundStatus.APPROVED);
        paypay.refundsAnswer(new RefundResult.CannotRefund("window passed"));
        submission.submit(checkout.id(), refund.id());
        Refund first = stored(refund);
        assertEquals(1, queue.queued.size());
        assertEquals(first.bankTransfer().linkExpiresAt(), checkouts.stored(checkout.id()).refundWorkSince().orElseThrow(),
                "on the janitor's list when its link lapses");

        clock.advance(Duration.ofDays(89));
        run(checkout);
        assertEquals(1, queue.queued.size(), "the link still works: nothing sent");

        clock.advance(Duration.ofDays(2));
        run(checkout);

        assertEquals(2, queue.queued.size());
        PortalNotification again = queue.queued.get(1);
        Refund after = stored(refund);
        assertNotEquals(first.bankTransfer().linkTokenHash(), after.bankTransfer().linkTokenHash());
        assertTrue(after.bankTransfer().linkExpiresAt().isAfter(clock.instant()), "a link that works again");
        assertNotEquals(queue.queued.getFirst().id(), again.id(), "new news for the portal, not a repeat to drop");
        String url = (String) again.data().get("bankAccountUrl");
        assertEquals(Hashes.sha256Hex(url.substring(url.lastIndexOf('/') + 1)), after.bankTransfer().linkTokenHash());
    }

    @Test
    void aRefundThatCannotBeSentGoesToTheBackOfTheJanitorsList() {
        Checkout checkout = paidCheckout();
        Refund refund = addRefund(checkout, 300, RefundStatus.APPROVED);
        java.time.Instant before = checkouts.stored(checkout.id()).refundWorkSince().orElseThrow();
        paypay.refundsTimeOut();
        submission.submit(checkout.id(), refund.id());
        clock.advance(Duration.ofMinutes(5));

        run(checkout); // asked: still no answer

        assertTrue(checkouts.stored(checkout.id()).refundWorkSince().orElseThrow().isAfter(before.plus(Duration.ofMinutes(4))),
                "after a question without answer, later work comes first");
    }

    @Test
    void aRefundPaidByBankTransferIsNumberedAndNotifiedByTheJanitor() {
        Checkout checkout = paidCheckout();
        Refund refund = addRefund(checkout, 300, RefundStatus.APPROVED);
        paypay.refundsAnswer(new RefundResult.CannotRefund("window passed"));
        submission.submit(checkout.id(), refund.id());
        queue.queued.clear();
        // a settlement run paid it by transfer and was released (TRANSFER_PAID), a month later
        clock.advance(Duration.ofDays(30));
        Checkout stored = checkouts.stored(checkout.id());
        checkouts.put(stored.withRefund(stored.refund(refund.id()).orElseThrow().withStatus(RefundStatus.SUCCEEDED))
                .atVersion(stored.version() + 1));

        assertEquals(List.of(ReconcileRefunds.Reconciled.Outcome.FINISHED), run(checkout));

        Refund after = stored(refund);
        assertEquals("131016-2026-R0000001", after.noticeNumber());
        assertEquals(RefundStatus.SUCCEEDED, after.notifiedStatus());
        assertEquals("msg_" + refund.id() + "_succeeded", queue.queued.getFirst().id());
    }
}
