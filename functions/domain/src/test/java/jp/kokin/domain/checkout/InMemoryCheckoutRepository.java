package jp.kokin.domain.checkout;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A {@link CheckoutRepository} in memory that keeps the promises of the DynamoDB one: a create
 * never overwrites and claims its idempotency key in the same step (a claim lapses when its
 * {@code expiresAt} has passed), and an update is stored only if the stored version is still the
 * version the checkout was read at. {@link #concurrently} lets another writer in just before the
 * next update, as a second Lambda would. It is also the janitor's work list ({@link PendingPayments}).
 */
public final class InMemoryCheckoutRepository implements CheckoutRepository, PendingPayments {

    private record StoredClaim(String checkoutId, IdempotencyClaim claim) {}

    private final Map<String, Checkout> checkouts = new HashMap<>();
    private final Map<String, StoredClaim> claims = new HashMap<>();
    private final Deque<UnaryOperator<Checkout>> otherWriters = new ArrayDeque<>();
    private int writes;

    @Override
    public synchronized Optional<Checkout> find(String checkoutId) {
        return Optional.ofNullable(checkouts.get(checkoutId));
    }

    @Override
    public synchronized CreateResult create(Checkout checkout, IdempotencyClaim claim) {
        if (checkouts.containsKey(checkout.id())) {
            throw new IllegalStateException("checkout " + checkout.id() + " exists: ids never repeat");
        }
        if (claim != null) {
            String key = claim.portalId() + "#" + claim.keyHash();
            StoredClaim existing = claims.get(key);
            // The new claim's window starts now, so an older claim has lapsed if it ended by then.
            var now = claim.expiresAt().minus(CreateCheckout.IDEMPOTENCY_WINDOW);
            if (existing != null && existing.claim().expiresAt().isAfter(now)) {
                return new CreateResult.KeyTaken(existing.checkoutId(), existing.claim().fingerprint());
            }
            claims.put(key, new StoredClaim(checkout.id(), claim));
        }
        checkouts.put(checkout.id(), checkout);
        writes++;
        return new CreateResult.Created();
    }

    @Override
    public synchronized Optional<Checkout> update(Checkout next) {
        UnaryOperator<Checkout> other = otherWriters.poll();
        if (other != null) {
            Checkout stored = checkouts.get(next.id());
            checkouts.put(next.id(), other.apply(stored).atVersion(stored.version() + 1));
            writes++;
        }
        Checkout stored = checkouts.get(next.id());
        if (stored == null || stored.version() != next.version()) {
            return Optional.empty();
        }
        Checkout written = next.atVersion(next.version() + 1);
        checkouts.put(next.id(), written);
        writes++;
        return Optional.of(written);
    }

    @Override
    public synchronized UpdateResult updateClaiming(Checkout next, IdempotencyClaim claim, String resourceId) {
        if (claim != null) {
            Optional<CreateResult.KeyTaken> taken = claimOf(claim);
            if (taken.isPresent()) {
                return new UpdateResult.KeyTaken(taken.get());
            }
        }
        Optional<Checkout> stored = update(next);
        if (stored.isEmpty()) {
            return new UpdateResult.Conflict();
        }
        if (claim != null) {
            claims.put(claim.portalId() + "#" + claim.keyHash(), new StoredClaim(resourceId, claim));
        }
        return new UpdateResult.Updated(stored.get());
    }

    @Override
    public synchronized Optional<CreateResult.KeyTaken> claimOf(IdempotencyClaim claim) {
        StoredClaim existing = claims.get(claim.portalId() + "#" + claim.keyHash());
        return existing != null && existing.claim().expiresAt().isAfter(claim.claimedAt())
                ? Optional.of(new CreateResult.KeyTaken(existing.checkoutId(), existing.claim().fingerprint()))
                : Optional.empty();
    }

    /** As the ledger's sparse index: checkouts whose oldest pending attempt started before {@code startedBefore}, oldest first. */
    @Override
    public synchronized List<Checkout> withPaymentsPendingSince(Instant startedBefore, int limit) {
        return checkouts.values().stream()
                .filter(c -> oldestPending(c).filter(since -> since.isBefore(startedBefore)).isPresent())
                .sorted(Comparator.comparing(c -> oldestPending(c).orElseThrow()))
                .limit(limit)
                .toList();
    }

    private static Optional<Instant> oldestPending(Checkout checkout) {
        return checkout.payments().stream().filter(p -> p.status() == PaymentStatus.PENDING)
                .map(Payment::createdAt).min(Instant::compareTo);
    }

    /** Before the next update is checked, another writer stores {@code change} of the stored checkout. */
    public void concurrently(UnaryOperator<Checkout> change) {
        otherWriters.add(change);
    }

    public Checkout stored(String checkoutId) {
        return find(checkoutId).orElseThrow(() -> new AssertionError("no checkout " + checkoutId + " stored"));
    }

    public void put(Checkout checkout) {
        checkouts.put(checkout.id(), checkout);
    }

    /** Every stored checkout (a copy). */
    public synchronized java.util.List<Checkout> all() {
        return java.util.List.copyOf(checkouts.values());
    }

    public int checkoutCount() {
        return checkouts.size();
    }

    /** Successful writes so far (creates and updates, including other writers'). */
    public int writes() {
        return writes;
    }
}
