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

    /** A portal's idempotency key: its hash, the request's fingerprint, and when it lapses. */
    record IdempotencyClaim(String portalId, String keyHash, String fingerprint, java.time.Instant expiresAt) {}

    sealed interface CreateResult {
        record Created() implements CreateResult {}

        /** The key was used before: for {@code checkoutId} with the request {@code fingerprint}. */
        record KeyTaken(String checkoutId, String fingerprint) implements CreateResult {}
    }
}
