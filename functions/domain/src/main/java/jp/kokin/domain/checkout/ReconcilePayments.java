package jp.kokin.domain.checkout;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import jp.kokin.domain.provider.PaymentProvider;
import jp.kokin.domain.provider.ProviderException;
import jp.kokin.domain.provider.ProviderStatus;
import jp.kokin.domain.provider.Providers;

/**
 * The payment janitor's pass over one checkout: each payment still pending {@code minAge} after it
 * started is asked about at its provider and the answer recorded. A payment the provider still
 * calls pending {@code grace} after the checkout expired is canceled there and, if still unpaid
 * afterwards, recorded as expired. Nothing is guessed: an unknown answer leaves the payment
 * pending for the next run. The janitor keeps its own cadence, so it is never
 * {@code asked_recently}; it stores the time it asks all the same.
 */
public final class ReconcilePayments {
    private final CheckoutWriter writer;
    private final Providers providers;
    private final RecordPayment record;
    private final Clock clock;

    public ReconcilePayments(CheckoutRepository checkouts, Providers providers, RecordPayment record, Clock clock) {
        this.writer = new CheckoutWriter(checkouts);
        this.providers = providers;
        this.record = record;
        this.clock = clock;
    }

    /** What the janitor did with one pending payment; {@code recorded} when the answer was recorded. */
    public record Reconciled(String paymentId, String provider, Outcome outcome, String detail,
                             RecordOutcome.Recorded recorded) {
        public enum Outcome {
            /** The provider's answer was recorded (it may have changed nothing). */
            RECORDED,
            /** The provider says the citizen may still pay. */
            STILL_PENDING,
            /** The provider could not be reached or answered 5xx: asked again on the next run. */
            UNKNOWN,
            /** The answer could not be recorded (e.g. an amount mismatch): needs a person. */
            REFUSED,
            /** The checkout could not be handled at all (a write refused, a defect): logged, asked again next run. */
            FAILED
        }

        /** Whether recording the answer made the checkout paid. */
        public boolean becamePaid() {
            return recorded != null && recorded.becamePaid();
        }

        static Reconciled unknown(Payment payment, String detail) {
            return new Reconciled(payment.id(), payment.provider(), Outcome.UNKNOWN, detail, null);
        }
    }

    public List<Reconciled> reconcile(Checkout checkout, Duration minAge, Duration grace) {
        Instant now = clock.instant();
        List<Reconciled> outcomes = new ArrayList<>();
        for (Payment payment : checkout.payments()) {
            if (payment.status() != PaymentStatus.PENDING || payment.createdAt().plus(minAge).isAfter(now)) {
                continue;
            }
            outcomes.add(reconcile(checkout, payment, now, grace));
        }
        return outcomes;
    }

    private Reconciled reconcile(Checkout checkout, Payment payment, Instant now, Duration grace) {
        Optional<PaymentProvider> adapter = providers.named(payment.provider());
        if (adapter.isEmpty()) {
            return Reconciled.unknown(payment, "provider " + payment.provider() + " is not configured");
        }
        // The janitor's copy is tried first (no read); a changed checkout is read again.
        var marked = writer.write(checkout, c -> c.payment(payment.id())
                .filter(p -> p.status() == PaymentStatus.PENDING)
                .map(p -> p.askedAt(now))
                .<Change>map(asked -> new Change.Changed(c.withPayment(asked), asked, false))
                .orElseGet(() -> new Change.Unchanged(c)));
        if (!(marked instanceof CheckoutWriter.Written.Stored stored)) {
            return Reconciled.unknown(payment, "the attempt changed during the run (no longer pending, or kept changing)");
        }
        Checkout asked = stored.checkout();
        Payment attempt = stored.payment();
        Optional<ProviderStatus> answer;
        try {
            answer = answer(adapter.get(), asked, attempt, now, grace);
        } catch (ProviderException e) {
            return Reconciled.unknown(attempt, e.getMessage());
        }
        if (answer.isEmpty()) {
            return Reconciled.unknown(attempt, "past expiry and the provider did not confirm the cancellation");
        }
        ProviderStatus status = answer.get();
        if (status instanceof ProviderStatus.Pending) {
            return new Reconciled(attempt.id(), attempt.provider(), Reconciled.Outcome.STILL_PENDING, "pending", null);
        }
        return switch (record.status(attempt.provider(), asked, attempt.id(), status, now)) {
            case RecordOutcome.Recorded recorded -> new Reconciled(attempt.id(), attempt.provider(),
                    Reconciled.Outcome.RECORDED, status.getClass().getSimpleName().toLowerCase(Locale.ROOT), recorded);
            case RecordOutcome.KeptChanging k -> new Reconciled(attempt.id(), attempt.provider(),
                    Reconciled.Outcome.UNKNOWN, describe(k.rejection()), null);
            case RecordOutcome.NotRecorded refused -> new Reconciled(attempt.id(), attempt.provider(),
                    Reconciled.Outcome.REFUSED, describe(refused.rejection()), null);
        };
    }

    /**
     * The provider's answer; past the checkout's expiry plus {@code grace}, a payment still pending
     * is canceled first and, if still unpaid, is expired. Empty when the provider would not confirm
     * the cancellation.
     */
    private static Optional<ProviderStatus> answer(PaymentProvider provider, Checkout checkout, Payment payment, Instant now,
                                         Duration grace) throws ProviderException {
        ProviderStatus status = provider.query(checkout, payment);
        if (!(status instanceof ProviderStatus.Pending) || now.isBefore(checkout.expiresAt().plus(grace))) {
            return Optional.of(status);
        }
        if (!provider.cancel(payment)) {
            return Optional.empty();
        }
        status = provider.query(checkout, payment);
        return Optional.of(status instanceof ProviderStatus.Pending || status instanceof ProviderStatus.Canceled
                ? new ProviderStatus.Expired() : status);
    }

    private static String describe(Rejection rejection) {
        return rejection.code() + ": " + rejection.detail();
    }
}
