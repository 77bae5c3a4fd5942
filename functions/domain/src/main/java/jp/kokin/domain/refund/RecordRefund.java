package jp.kokin.domain.refund;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

import jp.kokin.domain.checkout.Change;
import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.checkout.CheckoutIds;
import jp.kokin.domain.checkout.CheckoutRepository;
import jp.kokin.domain.checkout.CheckoutWriter;
import jp.kokin.domain.checkout.Rejection;
import jp.kokin.domain.statemachine.Transition;

/**
 * Records what a provider says about one of our refunds (its answer to the request, to a query, or a
 * verified {@code RefundReport}) through {@link RefundTransitions}: succeeded, failed, or bank transfer
 * required (with a new single-use link for the payer); pending changes nothing. A repeat is a no-op:
 * nothing is written and nobody is notified again. The write that made the refund succeeded is followed
 * by its notice number ({@link RefundNotices}), then the portal's notification ({@link RefundNotifications}).
 * A provider can only report on the refunds of the payments it took.
 */
public final class RecordRefund {
    private final CheckoutWriter writer;
    private final RefundNotices notices;
    private final RefundNotifications notifications;
    private final Clock clock;

    public RecordRefund(CheckoutRepository checkouts, RefundNotices notices, RefundNotifications notifications, Clock clock) {
        this.writer = new CheckoutWriter(checkouts);
        this.notices = notices;
        this.notifications = notifications;
        this.clock = clock;
    }

    /** Recording with its notice numbering and notifications. */
    public static RecordRefund of(CheckoutRepository checkouts, RefundNoticeLedger notices,
                                  jp.kokin.domain.notification.PortalNotifications notifications,
                                  jp.kokin.domain.PlatformLinks links, Clock clock) {
        return new RecordRefund(checkouts, new RefundNotices(checkouts, notices, clock),
                new RefundNotifications(checkouts, notifications, links, clock), clock);
    }

    /** What recording did. */
    public sealed interface Outcome {
        /** Stored ({@code changed}) or already so (a repeat, a pending answer); {@code refund} as it stands now. */
        record Recorded(Checkout checkout, Refund refund, boolean changed) implements Outcome {}

        /** Nothing recorded: an unknown refund ({@code not_found}), a move the table refuses, or contention ({@code conflict}). */
        record NotRecorded(Rejection rejection) implements Outcome {}
    }

    /** Records {@code provider}'s word about {@code refundId}. */
    public Outcome record(String provider, String refundId, RefundResult result) {
        Optional<String> checkoutId = CheckoutIds.checkoutOfRefund(refundId);
        if (checkoutId.isEmpty()) {
            return notFound("not a Kokin refund id: " + refundId);
        }
        return record(provider, checkoutId.get(), null, refundId, result);
    }

    /** As {@link #record(String, String, RefundResult)}, writing on {@code inHand} first (just stored by the caller). */
    public Outcome record(String provider, Checkout inHand, String refundId, RefundResult result) {
        return record(provider, inHand.id(), inHand, refundId, result);
    }

    private Outcome record(String provider, String checkoutId, Checkout inHand, String refundId, RefundResult result) {
        Instant now = clock.instant();
        RefundNotifications.Link link = RefundNotifications.newLink(now);
        Function<Checkout, Change> apply = c -> {
            Optional<Refund> refund = c.refund(refundId);
            if (refund.isEmpty()) {
                return new Change.Refused(Rejection.Code.NOT_FOUND, "no refund " + refundId + " in checkout " + c.id());
            }
            if (provider != null && c.payment(refund.get().paymentId()).filter(p -> p.provider().equals(provider)).isEmpty()) {
                return new Change.Refused(Rejection.Code.NOT_FOUND, "refund " + refundId + " is not a " + provider + " refund");
            }
            return apply(c, refund.get(), result, link, now);
        };
        var written = inHand != null ? writer.write(inHand, apply) : writer.write(checkoutId, apply);
        return switch (written) {
            case CheckoutWriter.Written.Stored stored -> {
                Checkout after = notices.assign(stored.checkout(), refundId).orElse(stored.checkout());
                Refund refund = after.refund(refundId).orElseThrow();
                String token = refund.status() == RefundStatus.BANK_TRANSFER_REQUIRED ? link.token() : null;
                try {
                    after = notifications.notifyDue(after, refundId, token);
                } catch (RuntimeException e) {
                    // the queue refused: the refund stays due and the janitor notifies it (with a new link if one is needed)
                }
                yield new Outcome.Recorded(after, after.refund(refundId).orElseThrow(), true);
            }
            case CheckoutWriter.Written.Unchanged unchanged ->
                    new Outcome.Recorded(unchanged.checkout(), unchanged.checkout().refund(refundId).orElseThrow(), false);
            case CheckoutWriter.Written.Refused refused -> new Outcome.NotRecorded(refused.rejection());
            case CheckoutWriter.Written.Missing missing -> notFound("no checkout for refund " + refundId);
            case CheckoutWriter.Written.KeptChanging k -> new Outcome.NotRecorded(
                    new Rejection(Rejection.Code.CONFLICT, "the checkout kept changing; the refund's outcome is recorded later"));
        };
    }

    /** The change {@code result} makes to {@code refund} of {@code checkout}. */
    static Change apply(Checkout checkout, Refund refund, RefundResult result, RefundNotifications.Link link, Instant now) {
        RefundEvent event = switch (result) {
            case RefundResult.Succeeded s -> RefundEvent.PROVIDER_SUCCEEDED;
            case RefundResult.Failed f -> RefundEvent.PROVIDER_FAILED;
            case RefundResult.CannotRefund c -> RefundEvent.PROVIDER_CANNOT_REFUND;
            case RefundResult.Pending p -> null;
            case RefundResult.NotFound n -> null;
        };
        if (event == null) {
            if (result instanceof RefundResult.Pending p && p.providerRefundId() != null
                    && refund.providerRefundId() == null && refund.status() == RefundStatus.SUBMITTED) {
                return new Change.Changed(checkout.withRefund(
                        refund.answered(refund.status(), p.providerRefundId(), null, now)), null, false);
            }
            return new Change.Unchanged(checkout);
        }
        return switch (RefundTransitions.TABLE.apply(refund.status(), event)) {
            case Transition.NoOp<RefundStatus> n -> new Change.Unchanged(checkout);
            case Transition.Rejected<RefundStatus> r -> new Change.Refused(Rejection.Code.INVALID_TRANSITION,
                    "refund " + refund.id() + " is " + refund.status().wire() + " and cannot take " + event);
            case Transition.Applied<RefundStatus> a -> new Change.Changed(checkout.withRefund(switch (result) {
                case RefundResult.Succeeded s -> refund.answered(a.to(), s.providerRefundId(), null, s.at() != null ? s.at() : now);
                case RefundResult.Failed f -> refund.answered(a.to(), null, f.reason(), now);
                case RefundResult.CannotRefund c ->
                        refund.answered(a.to(), null, c.reason(), now).withBankTransfer(link.transfer());
                default -> throw new IllegalStateException("no transition for " + result);
            }), null, false);
        };
    }

    private static Outcome notFound(String detail) {
        return new Outcome.NotRecorded(new Rejection(Rejection.Code.NOT_FOUND, detail));
    }
}
