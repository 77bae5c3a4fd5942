package jp.kokin.domain.checkout;

import java.util.Optional;
import java.util.function.Function;

/**
 * The one optimistic write of a checkout, used by every use case: an operation is applied to the
 * checkout (the copy the caller holds first, else as stored), the change is stored only if nobody
 * changed the checkout since it was read, and after a conflict the checkout is read again and the
 * operation applied again, at most {@link #MAX_ATTEMPTS} times. A stored change comes back at its
 * new version, so no caller does version arithmetic.
 */
public final class CheckoutWriter {
    /**
     * Writes of one checkout that one request tries before giving up under contention (a
     * checkout sees a handful of writers at most: the citizen, a provider's notification, the
     * janitor, the receipt function).
     */
    public static final int MAX_ATTEMPTS = 5;

    private final CheckoutRepository checkouts;

    public CheckoutWriter(CheckoutRepository checkouts) {
        this.checkouts = checkouts;
    }

    /** What one write did. */
    public sealed interface Written {
        /** The change is stored: {@code checkout} at its new version; {@code payment} is the attempt concerned, if any. */
        record Stored(Checkout checkout, Payment payment, boolean becamePaid) implements Written {}

        /** The operation changed nothing; nothing was written. */
        record Unchanged(Checkout checkout) implements Written {}

        /** The operation refused, given the checkout as it was read ({@code checkout}); nothing was written. */
        record Refused(Checkout checkout, Rejection rejection) implements Written {}

        /** No such checkout is stored. */
        record Missing() implements Written {}

        /** Another writer was first on every attempt; {@code lastRead} is the checkout as last read. */
        record KeptChanging(Checkout lastRead) implements Written {}
    }

    /** Reads the checkout, applies {@code operation} and stores the change, retrying on conflicts. */
    public Written write(String checkoutId, Function<Checkout, Change> operation) {
        return write(checkoutId, null, operation);
    }

    /** As {@link #write(String, Function)}, trying the checkout in hand first (no read unless it changed). */
    public Written write(Checkout inHand, Function<Checkout, Change> operation) {
        return write(inHand.id(), inHand, operation);
    }

    private Written write(String checkoutId, Checkout inHand, Function<Checkout, Change> operation) {
        Checkout current = inHand;
        Checkout lastRead = inHand;
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            if (current == null) {
                Optional<Checkout> read = checkouts.find(checkoutId);
                if (read.isEmpty()) {
                    return new Written.Missing();
                }
                current = read.get();
            }
            lastRead = current;
            switch (operation.apply(current)) {
                case Change.Refused refused -> {
                    return new Written.Refused(current, refused.rejection());
                }
                case Change.Unchanged unchanged -> {
                    return new Written.Unchanged(unchanged.checkout());
                }
                case Change.Changed changed -> {
                    Optional<Checkout> stored = checkouts.update(changed.checkout());
                    if (stored.isPresent()) {
                        return new Written.Stored(stored.get(), changed.payment(), changed.becamePaid());
                    }
                }
            }
            current = null; // someone else wrote first: read again
        }
        return new Written.KeptChanging(lastRead);
    }
}
