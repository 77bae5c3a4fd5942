package jp.kokin.domain.provider;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.checkout.Payment;

/** A verified notification. */
public sealed interface ProviderEvent {

    /**
     * Believable (signed): what became of our payment {@code paymentId}. {@code echo} checks what the
     * provider echoed of our request against the payment it names, before anything is recorded.
     */
    record Report(String paymentId, ProviderStatus status, Instant occurredAt, Echo echo) implements ProviderEvent {
        public Report {
            Objects.requireNonNull(echo, "echo");
        }

        /** A report that echoes nothing of our request. */
        public Report(String paymentId, ProviderStatus status, Instant occurredAt) {
            this(paymentId, status, occurredAt, Echo.NOTHING);
        }
    }

    /**
     * What a provider sent back of our own request (a signature over fields joined without
     * separators can be kept while characters move between adjacent fields, so each echoed field
     * must equal what we sent for that payment).
     */
    @FunctionalInterface
    interface Echo {
        Echo NOTHING = (checkout, payment) -> Optional.empty();

        /** The first echoed field (its name only) that differs from what we sent; empty when all agree. */
        Optional<String> mismatch(Checkout checkout, Payment payment);
    }

    /**
     * Believable (signed): what became of our refund {@code refundId} (a Stripe {@code refund.updated}
     * or {@code refund.failed}, a sandbox refund event). Never {@link RefundResult.NotFound}.
     */
    record RefundReport(String refundId, jp.kokin.domain.refund.RefundResult result, Instant occurredAt)
            implements ProviderEvent {
        public RefundReport {
            Objects.requireNonNull(refundId, "refundId");
            Objects.requireNonNull(result, "result");
        }
    }

    /** Not signed: something may have happened to {@code paymentId}; ask the provider ({@link PaymentProvider#query}). */
    record Hint(String paymentId) implements ProviderEvent {}

    /** Verified but about nothing we track (another event type, another merchant's object). */
    record Ignored(String why) implements ProviderEvent {}
}
