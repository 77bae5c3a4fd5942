package jp.kokin.domain.checkout;

import jp.kokin.domain.catalog.ApiKey;

/**
 * Who may see a checkout through the API (read it, cancel it, read its receipt): the one rule
 * every endpoint applies. A portal key sees only the checkouts its own portal created, within its
 * organizations; an operator key sees its organizations' checkouts whichever portal created them.
 * Anything a key may not see is answered as if it did not exist.
 */
public final class CheckoutAccess {
    private CheckoutAccess() {}

    public static boolean visible(ApiKey key, Checkout checkout) {
        if (!key.canAccess(checkout.organizationCode())) {
            return false;
        }
        return switch (key.role()) {
            case PORTAL -> key.portalId().equals(checkout.portalId());
            case OPERATOR -> true;
        };
    }
}
