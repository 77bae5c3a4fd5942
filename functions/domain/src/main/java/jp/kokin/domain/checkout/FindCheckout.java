package jp.kokin.domain.checkout;

import java.util.Optional;

import jp.kokin.domain.catalog.ApiKey;

/** Reads a checkout: for a key that may see it, or for the citizen who holds its id. */
public final class FindCheckout {
    private final CheckoutRepository checkouts;

    public FindCheckout(CheckoutRepository checkouts) {
        this.checkouts = checkouts;
    }

    /** A checkout the caller may see; a malformed id is not looked up. */
    public Optional<Checkout> forPortal(ApiKey caller, String checkoutId) {
        return forCitizen(checkoutId).filter(c -> CheckoutAccess.visible(caller, c));
    }

    /** A checkout for the public payment page (the id itself is the unguessable capability). */
    public Optional<Checkout> forCitizen(String checkoutId) {
        return CheckoutIds.isCheckoutId(checkoutId) ? checkouts.find(checkoutId) : Optional.empty();
    }
}
