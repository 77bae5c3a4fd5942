package jp.kokin.domain.checkout;

import java.time.Duration;

/**
 * What recording a provider's report about one payment did, or confirming it by asking the
 * provider ({@link RecordPayment}, {@link ConfirmPayment}). Callers switch over it: the webhook
 * answers the provider, the janitor counts, the return page shows the checkout.
 */
public sealed interface RecordOutcome {

    /** Stored ({@code changed}), or already so (a repeat, or a status that records nothing: pending). */
    record Recorded(Checkout checkout, boolean changed, boolean becamePaid) implements RecordOutcome {}

    /** Nothing was recorded; {@link #rejection()} says why in a stable code. */
    sealed interface NotRecorded extends RecordOutcome {
        Rejection rejection();
    }

    /** About no payment of ours, or about another provider's payment ({@code unknown_payment}). */
    record UnknownPayment(Rejection rejection) implements NotRecorded {}

    /** A change the state machine does not allow, e.g. failed after succeeded ({@code invalid_transition}). */
    record NotApplicable(Rejection rejection) implements NotRecorded {}

    /** The provider reports another amount than ours ({@code amount_mismatch}): never paid, a person looks. */
    record AmountMismatch(Rejection rejection) implements NotRecorded {}

    /**
     * Not believed or not askable: what the provider echoed differs from what was sent
     * ({@code invalid_signature}), or the payment's provider account is gone ({@code provider_not_configured}).
     */
    record Refused(Rejection rejection) implements NotRecorded {}

    /** Another writer was first on every attempt ({@code conflict}): to be tried again. */
    record KeptChanging(Rejection rejection) implements NotRecorded {}

    /** The provider could not be asked ({@code provider_unavailable}); the payment is as it was. */
    record ProviderUnavailable(Rejection rejection) implements NotRecorded {}

    /**
     * The provider was asked about the payment a moment ago ({@code asked_recently}): it was not
     * asked again and nothing was written; a trigger repeated after {@code retryAfter} is answered.
     */
    record AskedRecently(Rejection rejection, Duration retryAfter) implements NotRecorded {}

    /** The outcome of a refusal, by its code. */
    static NotRecorded of(Rejection rejection) {
        return switch (rejection.kind()) {
            case UNKNOWN_PAYMENT -> new UnknownPayment(rejection);
            case INVALID_TRANSITION -> new NotApplicable(rejection);
            case AMOUNT_MISMATCH -> new AmountMismatch(rejection);
            case CONFLICT -> new KeptChanging(rejection);
            case PROVIDER_UNAVAILABLE -> new ProviderUnavailable(rejection);
            case ASKED_RECENTLY -> new AskedRecently(rejection, ConfirmPayment.QUERY_INTERVAL);
            default -> new Refused(rejection);
        };
    }
}
