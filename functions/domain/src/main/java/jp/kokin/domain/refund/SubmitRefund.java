package jp.kokin.domain.refund;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import jp.kokin.domain.checkout.Change;
import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.checkout.CheckoutIds;
import jp.kokin.domain.checkout.CheckoutRepository;
import jp.kokin.domain.checkout.CheckoutWriter;
import jp.kokin.domain.checkout.Payment;
import jp.kokin.domain.checkout.Rejection;
import jp.kokin.domain.provider.PaymentProvider;
import jp.kokin.domain.provider.ProviderException;
import jp.kokin.domain.provider.Providers;
import jp.kokin.domain.statemachine.Transition;

/**
 * Sends an approved refund to the provider of the payment it returns money of. The refund is stored
 * {@code submitted} FIRST, then the provider is called under the refund's own id ({@code refund.id()}:
 * its merchant refund id or idempotency key), then its answer is recorded ({@link RecordRefund}). No
 * answer (timeout, 5xx) is an unknown outcome, never a guess: the refund stays {@code submitted} and the
 * janitor asks again ({@link ReconcileRefunds}); sending it again is safe, being the same id.
 */
public final class SubmitRefund {
    private final CheckoutWriter writer;
    private final Providers providers;
    private final RecordRefund record;
    private final Clock clock;

    public SubmitRefund(CheckoutRepository checkouts, Providers providers, RecordRefund record, Clock clock) {
        this.writer = new CheckoutWriter(checkouts);
        this.providers = providers;
        this.record = record;
        this.clock = clock;
    }

    /**
     * Submission with everything it needs: the checkouts, the provider accounts, the notice counters
     * (the ledger: {@code DynamoLedger}), the portal notification queue and our public links.
     */
    public static SubmitRefund of(CheckoutRepository checkouts, Providers providers, RefundNoticeLedger notices,
                                  jp.kokin.domain.notification.PortalNotifications notifications,
                                  jp.kokin.domain.PlatformLinks links, Clock clock) {
        return new SubmitRefund(checkouts, providers, RecordRefund.of(checkouts, notices, notifications, links, clock), clock);
    }

    /** What submitting did. {@code checkout} and {@code refund} are as stored afterwards (null only when not found). */
    public sealed interface Submission {
        Checkout checkout();

        Refund refund();

        /** The provider answered and its answer is recorded: succeeded, failed, bank transfer required, or still submitted (pending). */
        record Answered(Checkout checkout, Refund refund) implements Submission {}

        /** Stored as submitted but the provider gave no answer (timeout, 5xx), or it is not configured: the janitor goes on. */
        record OutcomeUnknown(Checkout checkout, Refund refund, String detail) implements Submission {}

        /** Not sent: the refund is not {@code approved} (already sent, decided otherwise), or not found ({@code not_found}). */
        record NotSubmitted(Checkout checkout, Refund refund, Rejection rejection) implements Submission {}
    }

    /** Submits approved refund {@code refundId} of checkout {@code checkoutId}. */
    public Submission submit(String checkoutId, String refundId) {
        return submit(checkoutId, null, refundId);
    }

    /** As {@link #submit(String, String)}, writing on {@code inHand} first (just stored by the caller). */
    public Submission submit(Checkout inHand, String refundId) {
        return submit(inHand.id(), inHand, refundId);
    }

    private Submission submit(String checkoutId, Checkout inHand, String refundId) {
        if (!CheckoutIds.checkoutOfRefund(refundId).map(checkoutId::equals).orElse(false)) {
            return new Submission.NotSubmitted(inHand, null,
                    new Rejection(Rejection.Code.NOT_FOUND, "refund " + refundId + " is not of checkout " + checkoutId));
        }
        Instant now = clock.instant();
        java.util.function.Function<Checkout, Change> markSubmitted = c -> {
            Optional<Refund> refund = c.refund(refundId);
            if (refund.isEmpty()) {
                return new Change.Refused(Rejection.Code.NOT_FOUND, "no refund " + refundId);
            }
            if (provider(c, refund.get()).isEmpty()) {
                return new Change.Unchanged(c);
            }
            return switch (RefundTransitions.TABLE.apply(refund.get().status(), RefundEvent.SUBMITTED)) {
                case Transition.Applied<RefundStatus> a ->
                        new Change.Changed(c.withRefund(refund.get().submitted(now).askedAt(now)), null, false);
                case Transition.NoOp<RefundStatus> n -> new Change.Refused(Rejection.Code.INVALID_TRANSITION,
                        "refund " + refundId + " is already submitted");
                case Transition.Rejected<RefundStatus> r -> new Change.Refused(Rejection.Code.INVALID_TRANSITION,
                        "refund " + refundId + " is " + refund.get().status().wire() + ", not approved");
            };
        };
        var written = inHand != null ? writer.write(inHand, markSubmitted) : writer.write(checkoutId, markSubmitted);
        return switch (written) {
            case CheckoutWriter.Written.Stored stored -> send(stored.checkout(), stored.checkout().refund(refundId).orElseThrow());
            case CheckoutWriter.Written.Unchanged u -> new Submission.OutcomeUnknown(u.checkout(),
                    u.checkout().refund(refundId).orElseThrow(), "the payment's provider is not configured");
            case CheckoutWriter.Written.Refused r ->
                    new Submission.NotSubmitted(r.checkout(), r.checkout().refund(refundId).orElse(null), r.rejection());
            case CheckoutWriter.Written.Missing m -> new Submission.NotSubmitted(null, null,
                    new Rejection(Rejection.Code.NOT_FOUND, "no checkout " + checkoutId));
            case CheckoutWriter.Written.KeptChanging k -> new Submission.OutcomeUnknown(k.lastRead(),
                    k.lastRead() == null ? null : k.lastRead().refund(refundId).orElse(null),
                    "the checkout kept changing; the janitor submits it");
        };
    }

    /**
     * Sends refund {@code refund} of {@code checkout} (stored {@code submitted}) to its provider and records
     * the answer: for the first sending, and for the janitor's sending again when the provider never
     * received it (always under the same id).
     */
    public Submission send(Checkout checkout, Refund refund) {
        Optional<PaymentProvider> provider = provider(checkout, refund);
        if (provider.isEmpty()) {
            return new Submission.OutcomeUnknown(checkout, refund, "the payment's provider is not configured");
        }
        Payment payment = checkout.payment(refund.paymentId()).orElseThrow();
        RefundResult result;
        try {
            result = provider.get().refund(checkout, payment, refund);
        } catch (ProviderException e) {
            return new Submission.OutcomeUnknown(checkout, refund, e.getMessage());
        }
        if (result instanceof RefundResult.NotFound) {
            return new Submission.OutcomeUnknown(checkout, refund, provider.get().name() + " answered not found to a refund request");
        }
        return switch (record.record(payment.provider(), checkout, refund.id(), result)) {
            case RecordRefund.Outcome.Recorded r -> new Submission.Answered(r.checkout(), r.refund());
            case RecordRefund.Outcome.NotRecorded n -> new Submission.OutcomeUnknown(checkout, refund, n.rejection().detail());
        };
    }

    private Optional<PaymentProvider> provider(Checkout checkout, Refund refund) {
        return checkout.payment(refund.paymentId()).flatMap(p -> providers.named(p.provider()));
    }
}
