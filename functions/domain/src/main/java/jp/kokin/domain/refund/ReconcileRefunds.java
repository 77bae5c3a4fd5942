package jp.kokin.domain.refund;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jp.kokin.domain.checkout.Change;
import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.checkout.CheckoutRepository;
import jp.kokin.domain.checkout.CheckoutWriter;
import jp.kokin.domain.provider.PaymentProvider;
import jp.kokin.domain.provider.ProviderException;
import jp.kokin.domain.provider.Providers;

/**
 * The janitor's pass over the refunds of one checkout: an {@code approved} refund is submitted; one
 * {@code submitted} and not asked about for {@link #QUERY_INTERVAL} is asked about at its provider
 * (not found: sent again, under the same id; pending: asked again next run); a succeeded refund without
 * its notice number gets it; a status the portal has not heard of is notified. Nothing is guessed: no
 * answer leaves the refund as it is for the next run.
 */
public final class ReconcileRefunds {
    /** A submitted refund is asked about at most once in this time (the janitor runs every two minutes). */
    public static final Duration QUERY_INTERVAL = Duration.ofMinutes(1);

    private final CheckoutWriter writer;
    private final Providers providers;
    private final SubmitRefund submit;
    private final RecordRefund record;
    private final RefundNotices notices;
    private final RefundNotifications notifications;
    private final Clock clock;

    public ReconcileRefunds(CheckoutRepository checkouts, Providers providers, RefundServices services, Clock clock) {
        this.writer = new CheckoutWriter(checkouts);
        this.providers = providers;
        this.notices = new RefundNotices(checkouts, services.notices(), clock);
        this.notifications = new RefundNotifications(checkouts, services.notifications(), services.links(), clock);
        this.record = new RecordRefund(checkouts, notices, notifications, clock);
        this.submit = new SubmitRefund(checkouts, providers, record, clock);
        this.clock = clock;
    }

    /** What the janitor did with one refund. */
    public record Reconciled(String refundId, Outcome outcome, String detail) {
        public enum Outcome {
            /** Sent to the provider (first time, or again after it said it never received it), answer recorded. */
            SUBMITTED,
            /** The provider's answer to a query was recorded. */
            RECORDED,
            /** The provider still works on it. */
            STILL_PENDING,
            /** No answer (timeout, 5xx, provider not configured, contention): left for the next run. */
            UNKNOWN,
            /** Given its notice number and/or its notification queued (finishing what a crash left). */
            FINISHED,
            /** The refund could not be handled (the queue refused, a defect): logged, tried again next run. */
            FAILED
        }
    }

    public List<Reconciled> reconcile(Checkout checkout) {
        List<Reconciled> outcomes = new ArrayList<>();
        Checkout current = checkout;
        for (Refund listed : checkout.refunds()) {
            try {
                Step step = reconcile(current, listed.id());
                current = step.checkout();
                if (step.outcome() != null) {
                    outcomes.add(step.outcome());
                }
            } catch (RuntimeException e) {
                outcomes.add(new Reconciled(listed.id(), Reconciled.Outcome.FAILED,
                        e.getClass().getSimpleName() + ": " + e.getMessage()));
            }
        }
        return outcomes;
    }

    private record Step(Checkout checkout, Reconciled outcome) {}

    private Step reconcile(Checkout checkout, String refundId) {
        Instant now = clock.instant();
        Refund refund = checkout.refund(refundId).orElseThrow();
        Checkout current = checkout;
        Reconciled outcome = null;
        if (refund.status() == RefundStatus.APPROVED) {
            var submission = submit.submit(current, refundId);
            outcome = switch (submission) {
                case SubmitRefund.Submission.Answered a -> new Reconciled(refundId, Reconciled.Outcome.SUBMITTED, a.refund().status().wire());
                case SubmitRefund.Submission.OutcomeUnknown u -> new Reconciled(refundId, Reconciled.Outcome.UNKNOWN, u.detail());
                case SubmitRefund.Submission.NotSubmitted n -> new Reconciled(refundId, Reconciled.Outcome.UNKNOWN, n.rejection().detail());
            };
            current = submission.checkout() != null ? submission.checkout() : current;
            if (submission instanceof SubmitRefund.Submission.NotSubmitted) {
                current = markAsked(current, refundId, now); // to the back of the janitor's list until it can be sent
            }
        } else if (refund.status() == RefundStatus.SUBMITTED && asked(refund).plus(QUERY_INTERVAL).compareTo(now) <= 0) {
            Step asked = ask(current, refund, now);
            current = asked.checkout();
            outcome = asked.outcome();
        }
        Refund now_ = current.refund(refundId).orElseThrow();
        if (now_.status() == RefundStatus.SUCCEEDED && now_.noticeNumber() == null) {
            current = notices.assign(current, refundId).orElse(current);
        }
        Refund before = current.refund(refundId).orElseThrow();
        if (before.notificationDue() || before.bankLinkExpired(now)) {
            current = notifications.notifyDue(current, refundId, null);
            if (outcome == null && !current.refund(refundId).orElseThrow().notificationDue()) {
                outcome = new Reconciled(refundId, Reconciled.Outcome.FINISHED, "notified");
            }
        }
        if (outcome == null && now_.noticeNumber() == null && current.refund(refundId).orElseThrow().noticeNumber() != null) {
            outcome = new Reconciled(refundId, Reconciled.Outcome.FINISHED, "numbered");
        }
        return new Step(current, outcome);
    }

    private Checkout markAsked(Checkout checkout, String refundId, Instant now) {
        var marked = writer.write(checkout, c -> c.refund(refundId)
                .filter(r -> r.status() == RefundStatus.APPROVED)
                .<Change>map(r -> new Change.Changed(c.withRefund(r.askedAt(now)), null, false))
                .orElseGet(() -> new Change.Unchanged(c)));
        return switch (marked) {
            case CheckoutWriter.Written.Stored s -> s.checkout();
            case CheckoutWriter.Written.Unchanged u -> u.checkout();
            default -> checkout;
        };
    }

    private static Instant asked(Refund refund) {
        return refund.lastAskedAt() != null ? refund.lastAskedAt()
                : refund.submittedAt() != null ? refund.submittedAt() : refund.createdAt();
    }

    /** Marks the refund asked (a conditional write, so two janitors do not both ask), then asks its provider. */
    private Step ask(Checkout checkout, Refund refund, Instant now) {
        Optional<PaymentProvider> provider = checkout.payment(refund.paymentId()).flatMap(p -> providers.named(p.provider()));
        if (provider.isEmpty()) {
            return new Step(checkout, new Reconciled(refund.id(), Reconciled.Outcome.UNKNOWN, "the payment's provider is not configured"));
        }
        var marked = writer.write(checkout, c -> c.refund(refund.id())
                .filter(r -> r.status() == RefundStatus.SUBMITTED && !asked(r).plus(QUERY_INTERVAL).isAfter(now))
                .<Change>map(r -> new Change.Changed(c.withRefund(r.askedAt(now)), null, false))
                .orElseGet(() -> new Change.Unchanged(c)));
        if (!(marked instanceof CheckoutWriter.Written.Stored stored)) {
            Checkout seen = marked instanceof CheckoutWriter.Written.Unchanged u ? u.checkout() : checkout;
            return new Step(seen, new Reconciled(refund.id(), Reconciled.Outcome.UNKNOWN,
                    "the refund changed during the run (no longer submitted, or asked just now)"));
        }
        Checkout asked = stored.checkout();
        Refund askedRefund = asked.refund(refund.id()).orElseThrow();
        RefundResult answer;
        try {
            answer = provider.get().queryRefund(asked, asked.payment(refund.paymentId()).orElseThrow(), askedRefund);
        } catch (ProviderException e) {
            return new Step(asked, new Reconciled(refund.id(), Reconciled.Outcome.UNKNOWN, e.getMessage()));
        }
        if (answer instanceof RefundResult.NotFound) {
            var sent = submit.send(asked, askedRefund);
            Reconciled.Outcome o = sent instanceof SubmitRefund.Submission.Answered ? Reconciled.Outcome.SUBMITTED
                    : Reconciled.Outcome.UNKNOWN;
            return new Step(sent.checkout() != null ? sent.checkout() : asked,
                    new Reconciled(refund.id(), o, "not found at the provider: sent again under the same id"));
        }
        var recorded = record.record(provider.get().name(), asked, refund.id(), answer);
        return switch (recorded) {
            case RecordRefund.Outcome.Recorded r -> new Step(r.checkout(), new Reconciled(refund.id(),
                    answer instanceof RefundResult.Pending ? Reconciled.Outcome.STILL_PENDING : Reconciled.Outcome.RECORDED,
                    r.refund().status().wire()));
            case RecordRefund.Outcome.NotRecorded n -> new Step(asked,
                    new Reconciled(refund.id(), Reconciled.Outcome.UNKNOWN, n.rejection().code() + ": " + n.rejection().detail()));
        };
    }
}
