package jp.kokin.domain.checkout;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import jp.kokin.domain.provider.Callbacks;
import jp.kokin.domain.provider.PaymentProvider;
import jp.kokin.domain.provider.ProviderException;
import jp.kokin.domain.provider.ProviderSession;
import jp.kokin.domain.provider.Providers;

/**
 * The citizen chose a method on the hosted page: a new attempt. The pending attempt is stored
 * first, then created at the provider, then its provider id is stored; a provider that cannot be
 * reached ends the attempt as failed (the citizen never got its page, so it cannot be paid).
 * Attempts still pending are canceled at their providers once the new one exists.
 */
public final class StartPayment {
    private final CheckoutWriter writer;
    private final Providers providers;
    private final Clock clock;

    public StartPayment(CheckoutRepository checkouts, Providers providers, Clock clock) {
        this.writer = new CheckoutWriter(checkouts);
        this.providers = providers;
        this.clock = clock;
    }

    /** What starting an attempt did. */
    public sealed interface Outcome {
        /** The attempt exists at the provider: send the citizen there. {@code checkout} as stored. */
        record Started(Checkout checkout, Payment payment, ProviderSession.Redirect redirect) implements Outcome {}

        /** Not started (not offered, not payable, too many attempts, a conflict); {@code checkout} to show again. */
        record Refused(Checkout checkout, Rejection rejection) implements Outcome {}

        /** The provider could not be reached or answered unusably: the attempt ended failed; {@code checkout} to show again. */
        record ProviderUnavailable(Checkout checkout, Rejection rejection) implements Outcome {}
    }

    /** Starts an attempt with {@code method} on {@code read}, the checkout the caller has just read. */
    public Outcome start(Checkout read, PaymentMethod method, Function<Payment, Callbacks> callbacks) {
        Optional<PaymentProvider> found = read.methods().contains(method)
                ? providers.forMethod(read.organizationCode(), method) : Optional.empty();
        if (found.isEmpty()) {
            return new Outcome.Refused(read, new Rejection(Rejection.Code.METHOD_NOT_OFFERED,
                    method.wire() + " is not offered for this checkout"));
        }
        PaymentProvider provider = found.get();
        CheckoutWriter.Written.Stored stored;
        switch (writer.write(read, c -> c.startPayment(method, provider.name(), clock.instant()))) {
            case CheckoutWriter.Written.Stored s -> stored = s;
            case CheckoutWriter.Written.Refused r -> {
                return new Outcome.Refused(r.checkout(), r.rejection());
            }
            case CheckoutWriter.Written.Missing m -> {
                return new Outcome.Refused(read, new Rejection(Rejection.Code.NOT_FOUND, "no checkout " + read.id()));
            }
            case CheckoutWriter.Written.KeptChanging k -> {
                return new Outcome.Refused(k.lastRead(), new Rejection(Rejection.Code.CONFLICT,
                        "the checkout changed while starting the payment; try again"));
            }
            case CheckoutWriter.Written.Unchanged u ->
                    throw new IllegalStateException("starting a payment always changes the checkout");
        }
        Payment payment = stored.payment();
        ProviderSession session;
        try {
            session = provider.start(stored.checkout(), payment, callbacks.apply(payment));
        } catch (ProviderException e) {
            failed(stored.checkout(), payment);
            return new Outcome.ProviderUnavailable(read, new Rejection(Rejection.Code.PROVIDER_UNAVAILABLE,
                    "the payment provider could not be reached; try again"));
        }
        if (session.providerPaymentId() != null && !CheckoutLimits.isProviderPaymentId(session.providerPaymentId())) {
            // never stored: the checkout item keeps its size bound (CheckoutLimits); the citizen never got the page
            failed(stored.checkout(), payment);
            return new Outcome.ProviderUnavailable(read, new Rejection(Rejection.Code.PROVIDER_UNAVAILABLE,
                    "the payment provider gave an unusable payment id; try again"));
        }
        List<String> canceled = stored.checkout().payments().stream()
                .filter(p -> p.status() == PaymentStatus.PENDING && !p.id().equals(payment.id()))
                .filter(p -> providers.named(p.provider()).map(other -> other.cancel(p)).orElse(false))
                .map(Payment::id)
                .toList();
        Checkout next = switch (writer.write(stored.checkout(),
                c -> withSession(c, payment.id(), session.providerPaymentId(), canceled))) {
            case CheckoutWriter.Written.Stored s -> s.checkout();
            case CheckoutWriter.Written.Unchanged u -> u.checkout();
            case CheckoutWriter.Written.Refused r -> r.checkout();
            case CheckoutWriter.Written.KeptChanging k -> k.lastRead();
            case CheckoutWriter.Written.Missing m -> stored.checkout();
        };
        return new Outcome.Started(next, next.payment(payment.id()).orElse(payment), session.redirect());
    }

    /** The attempt ends failed: the citizen never got the provider's page. */
    private void failed(Checkout stored, Payment payment) {
        Instant now = clock.instant();
        writer.write(stored, c -> c.applyPaymentEvent(payment.id(), PaymentEvent.FAILED, 0, now, now));
    }

    /** The new attempt with its provider id, and the superseded attempts that were canceled. */
    private Change withSession(Checkout checkout, String paymentId, String providerPaymentId, List<String> canceled) {
        Checkout result = checkout;
        Optional<Payment> p = checkout.payment(paymentId);
        if (p.isPresent() && providerPaymentId != null && !providerPaymentId.equals(p.get().providerPaymentId())) {
            result = result.withPayment(p.get().withProviderPaymentId(providerPaymentId));
        }
        Instant now = clock.instant();
        for (String id : canceled) {
            if (result.cancelAttempt(id, now) instanceof Change.Changed c) {
                result = c.checkout();
            }
        }
        return result == checkout ? new Change.Unchanged(checkout) : new Change.Changed(result, null, false);
    }
}
