package jp.kokin.domain.checkout;

import java.util.Optional;

/** Where checkouts live. Writes are conditional: nothing is ever half-stored or overwritten blindly. */
public interface CheckoutRepository {

    Optional<Checkout> find(String checkoutId);

    /** Stores a new checkout, claiming the idempotency key (if any) in the same atomic write. */
    CreateResult create(Checkout checkout, IdempotencyClaim claim);

    /**
     * Stores a changed checkout: succeeds only if the stored version is still {@code next.version()}
     * (the version it was read at), and stores it as version + 1. Returns the checkout as stored,
     * at its new version; empty means someone else changed it first: read again and retry
     * ({@link CheckoutWriter} does).
     */
    Optional<Checkout> update(Checkout next);

    /**
     * Stores a changed checkout as {@link #update} does and, in the same atomic write, claims the
     * idempotency key {@code claim} (if not null) for {@code resourceId}, the thing the change made
     * (a refund's id): either both are stored or neither. A claim that is taken and has not lapsed
     * refuses the write ({@link UpdateResult.KeyTaken}, naming what it was taken for).
     */
    UpdateResult updateClaiming(Checkout next, IdempotencyClaim claim, String resourceId);

    /** What the claim's key was taken for, if it is taken and has not lapsed (nothing is written). */
    Optional<CreateResult.KeyTaken> claimOf(IdempotencyClaim claim);

    /**
     * An idempotency key: its namespace (a portal id for checkout creation; the principal, {@code
     * key_…}, for refund requests), its hash, the request's fingerprint, and when it lapses (its
     * window, {@link CreateCheckout#IDEMPOTENCY_WINDOW}, started at {@code expiresAt} less the window).
     */
    record IdempotencyClaim(String portalId, String keyHash, String fingerprint, java.time.Instant expiresAt) {
        /** When the claim was made: a stored claim that ended by then has lapsed. */
        public java.time.Instant claimedAt() {
            return expiresAt.minus(CreateCheckout.IDEMPOTENCY_WINDOW);
        }
    }

    sealed interface UpdateResult {
        /** Stored: the checkout at its new version. */
        record Updated(Checkout checkout) implements UpdateResult {}

        /** Someone else changed the checkout first: read again and retry. */
        record Conflict() implements UpdateResult {}

        /** The key was used before (see {@link CreateResult.KeyTaken}); nothing was written. */
        record KeyTaken(CreateResult.KeyTaken taken) implements UpdateResult {}
    }

    sealed interface CreateResult {
        record Created() implements CreateResult {}

        /** The key was used before: for {@code checkoutId} (or, for a refund request, the refund's id) with the request {@code fingerprint}. */
        record KeyTaken(String checkoutId, String fingerprint) implements CreateResult {}
    }
}
