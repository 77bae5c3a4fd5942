package jp.kokin.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import jp.kokin.adapters.ledger.DynamoLedger;
import jp.kokin.adapters.queue.PortalNotificationCodec;
import jp.kokin.adapters.queue.PortalNotificationQueue;
import jp.kokin.adapters.queue.QueuedReceiptDue;
import jp.kokin.adapters.testing.Checkouts;
import jp.kokin.adapters.testing.HttpEvents;
import jp.kokin.adapters.testing.TestAws;
import jp.kokin.domain.PlatformLinks;
import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.checkout.CheckoutIds;
import jp.kokin.domain.checkout.PaymentMethod;
import jp.kokin.domain.checkout.RecordingPaymentProvider;
import jp.kokin.domain.checkout.TestClock;
import jp.kokin.domain.notification.PortalNotification;
import jp.kokin.domain.provider.PaymentProvider;
import jp.kokin.domain.provider.ProviderEvent;
import jp.kokin.domain.provider.Providers;
import jp.kokin.domain.refund.Refund;
import jp.kokin.domain.refund.RefundLine;
import jp.kokin.domain.refund.RefundPolicies;
import jp.kokin.domain.refund.RefundReason;
import jp.kokin.domain.refund.RefundResult;
import jp.kokin.domain.refund.RefundServices;
import jp.kokin.domain.refund.RefundStatus;
import jp.kokin.domain.refund.SubmitRefund;

/**
 * The refund lifecycle through {@code PaymentJanitorFunction} and {@code ProviderEventFunction} against
 * DynamoDB Local and ElasticMQ, with a provider double that answers as told: an unknown outcome stays
 * submitted and is completed once; a repeated refund event changes nothing.
 */
class RefundLifecycleIT {
    private static final Instant PAID = Instant.parse("2026-11-26T03:00:00Z");

    private TestAws aws;
    private DynamoLedger ledger;
    private String notificationQueue;
    private final TestClock clock = new TestClock(PAID.plus(Duration.ofMinutes(10)));
    private final RecordingPaymentProvider sandbox = new RecordingPaymentProvider("sandbox");
    private final Providers providers = new Providers() {
        @Override
        public Optional<PaymentProvider> forMethod(String organizationCode, PaymentMethod method) {
            return Optional.of(sandbox);
        }

        @Override
        public Optional<PaymentProvider> named(String name) {
            return name.equals("sandbox") ? Optional.of(sandbox) : Optional.empty();
        }
    };
    private RefundServices services;

    @BeforeEach
    void freshPlatform() {
        aws = TestAws.create();
        ledger = aws.ledger();
        notificationQueue = aws.queueUrl("PortalNotificationQueue");
        services = new RefundServices(ledger, new PortalNotificationQueue(aws.sqs(), notificationQueue),
                new PlatformLinks("https://pay.example.jp"), RefundPolicies.DEFAULTS);
    }

    /** A paid checkout (a sandbox card payment) with an approved refund of its whole amount, stored. */
    private Refund approvedRefund() {
        Checkout c = Checkouts.aCheckout().createdAt(PAID.minusSeconds(60)).paidAt(PAID).build();
        Refund refund = Refund.requested(CheckoutIds.refundId(c.id(), 1), c.payments().getFirst().id(), c.amount(),
                RefundReason.OVERPAID, List.of(new RefundLine(0, 0, c.items().getFirst().procedureCode(),
                        c.organizationCode(), c.amount())), null, null, null, "key_requester0000", PAID)
                .decided(RefundStatus.APPROVED, "key_approver00000", PAID, null);
        ledger.create(c.withRefund(refund), null);
        return refund;
    }

    private Refund stored(Refund refund) {
        return checkout(refund).refund(refund.id()).orElseThrow();
    }

    private Checkout checkout(Refund refund) {
        return ledger.find(CheckoutIds.checkoutOfRefund(refund.id()).orElseThrow()).orElseThrow();
    }

    private PaymentJanitorHandler janitor() {
        return new PaymentJanitorHandler(new PaymentJanitorWiring(ledger, ledger, providers,
                new QueuedReceiptDue(aws.receiptQueue()), services, clock, Duration.ofMinutes(3), Duration.ofMinutes(10), 100));
    }

    /** Every notification on the queue now (received and deleted). */
    private List<PortalNotification> drainNotifications() {
        List<PortalNotification> all = new ArrayList<>();
        while (true) {
            var messages = aws.sqs().receiveMessage(b -> b.queueUrl(notificationQueue).maxNumberOfMessages(10)
                    .waitTimeSeconds(1)).messages();
            if (messages.isEmpty()) {
                return all;
            }
            for (var m : messages) {
                all.add(PortalNotificationCodec.fromJson(m.body()));
                aws.sqs().deleteMessage(b -> b.queueUrl(notificationQueue).receiptHandle(m.receiptHandle()));
            }
        }
    }

    @Test
    void aProviderTimeoutLeavesTheRefundSubmittedAndTheJanitorCompletesItExactlyOnce() {
        Refund refund = approvedRefund();
        sandbox.refundsTimeOut();

        var submission = SubmitRefund.of(ledger, providers, ledger, services.notifications(), services.links(), clock)
                .submit(CheckoutIds.checkoutOfRefund(refund.id()).orElseThrow(), refund.id());

        assertInstanceOf(SubmitRefund.Submission.OutcomeUnknown.class, submission);
        assertEquals(RefundStatus.SUBMITTED, stored(refund).status());
        assertTrue(drainNotifications().isEmpty(), "nothing is final, nobody is told");

        // the provider had taken it after all; the janitor asks (twice: a second run finds nothing to do)
        sandbox.refundKnownAs(refund.id(), new RefundResult.Succeeded("sbx_r1", clock.instant()));
        clock.advance(Duration.ofMinutes(4));
        var first = janitor().pass();
        var second = janitor().pass();

        assertEquals(1, first.refunds().get(jp.kokin.domain.refund.ReconcileRefunds.Reconciled.Outcome.RECORDED));
        assertTrue(second.refunds().isEmpty(), "done: " + second.refunds());
        Refund done = stored(refund);
        assertEquals(RefundStatus.SUCCEEDED, done.status());
        assertEquals("131016-2026-R0000001", done.noticeNumber());
        assertEquals(RefundStatus.SUCCEEDED, done.notifiedStatus());
        assertEquals(1, ledger.lastNoticeSequence("131016", 2026));
        assertEquals(List.of(refund.id()), sandbox.refundsSent, "sent once, under its own id");
        List<PortalNotification> sent = drainNotifications();
        assertEquals(1, sent.size(), sent.toString());
        assertEquals("msg_" + refund.id() + "_succeeded", sent.getFirst().id());
        assertEquals(PortalNotification.REFUND_SUCCEEDED, sent.getFirst().type());
        assertEquals("131016-2026-R0000001", sent.getFirst().data().get("noticeNumber"));
        assertTrue(ledger.withPaymentsPendingSince(clock.instant(), 10).isEmpty(), "off the janitor's list");
    }

    @Test
    void aRepeatedProviderRefundEventChangesNothing() {
        Refund refund = approvedRefund();
        sandbox.refundsAnswer(new RefundResult.Pending("sbx_r1"));
        SubmitRefund.of(ledger, providers, ledger, services.notifications(), services.links(), clock)
                .submit(CheckoutIds.checkoutOfRefund(refund.id()).orElseThrow(), refund.id());
        assertEquals(RefundStatus.SUBMITTED, stored(refund).status());
        var handler = new ProviderEventHandler(new ProviderEventWiring(ledger, providers,
                new QueuedReceiptDue(aws.receiptQueue()), services, clock));
        sandbox.verifies(new ProviderEvent.RefundReport(refund.id(),
                new RefundResult.Succeeded("sbx_r1", clock.instant()), clock.instant()));
        var event = HttpEvents.route("POST /webhooks/{provider}").path("provider", "sandbox").json("{}").build();

        assertEquals(200, handler.handleRequest(event, null).getStatusCode());
        long version = checkout(refund).version();
        Refund first = stored(refund);
        assertEquals(1, drainNotifications().size());

        assertEquals(200, handler.handleRequest(event, null).getStatusCode());
        assertEquals(200, handler.handleRequest(event, null).getStatusCode());

        assertEquals(version, checkout(refund).version(), "no write");
        assertEquals(first, stored(refund));
        assertEquals(RefundStatus.SUCCEEDED, first.status());
        assertEquals("131016-2026-R0000001", first.noticeNumber());
        assertTrue(drainNotifications().isEmpty(), "nothing enqueued again");
        assertEquals(1, ledger.lastNoticeSequence("131016", 2026));
    }

    @Test
    void refundWorkAndPendingPaymentsAreReconciledInTheSameRunWithoutDisturbingEachOther() {
        Refund refund = approvedRefund();
        Instant started = clock.instant().minus(Duration.ofMinutes(5));
        Checkout pending = Checkouts.aCheckout().createdAt(started).build();
        pending = ((jp.kokin.domain.checkout.Change.Changed) pending.startPayment(PaymentMethod.CARD, "sandbox", started)).checkout();
        ledger.create(pending, null);
        sandbox.knows(pending.payments().getFirst().id(),
                new jp.kokin.domain.provider.ProviderStatus.Succeeded(pending.amount(), started.plusSeconds(30)));

        var pass = janitor().pass();

        assertEquals(java.util.Map.of(jp.kokin.domain.checkout.ReconcilePayments.Reconciled.Outcome.RECORDED, 1), pass.payments(),
                "the checkout with refund work only has no payment outcome");
        assertEquals(java.util.Map.of(jp.kokin.domain.refund.ReconcileRefunds.Reconciled.Outcome.SUBMITTED, 1), pass.refunds());
        assertEquals("paid", ledger.find(pending.id()).orElseThrow().status().wire());
        assertEquals(RefundStatus.SUCCEEDED, stored(refund).status());
        assertEquals(List.of(refund.id()), sandbox.refundsSent);
    }
}
