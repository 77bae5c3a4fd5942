package jp.kokin.domain.refund;

import java.util.Optional;

import jp.kokin.domain.catalog.ApiKey;
import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.checkout.CheckoutAccess;
import jp.kokin.domain.checkout.CheckoutIds;
import jp.kokin.domain.checkout.CheckoutRepository;
import jp.kokin.domain.checkout.FindCheckout;

/**
 * Reads refunds for a key: those of the checkouts it may see ({@link CheckoutAccess}), and nothing
 * else. A refund id names its checkout, so it is one read; a malformed id is not looked up.
 */
public final class FindRefunds {
    private final CheckoutRepository checkouts;
    private final FindCheckout find;

    public FindRefunds(CheckoutRepository checkouts) {
        this.checkouts = checkouts;
        this.find = new FindCheckout(checkouts);
    }

    /** A refund and the checkout it belongs to. */
    public record Found(Refund refund, Checkout checkout) {}

    public Optional<Found> byId(ApiKey caller, String refundId) {
        return CheckoutIds.checkoutOfRefund(refundId).flatMap(checkouts::find)
                .filter(c -> CheckoutAccess.visible(caller, c))
                .flatMap(c -> c.refund(refundId).map(r -> new Found(r, c)));
    }

    /** The checkout (with its refunds, oldest first) if the key may see it. */
    public Optional<Checkout> ofCheckout(ApiKey caller, String checkoutId) {
        return find.forPortal(caller, checkoutId);
    }
}
