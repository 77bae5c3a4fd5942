package jp.kokin.domain.checkout;

import java.time.Clock;

import jp.kokin.domain.catalog.ApiKey;

/** A portal cancels a checkout that no attempt has started on. */
public final class CancelCheckout {
    private final FindCheckout find;
    private final CheckoutWriter writer;
    private final Clock clock;

    public CancelCheckout(CheckoutRepository checkouts, Clock clock) {
        this.find = new FindCheckout(checkouts);
        this.writer = new CheckoutWriter(checkouts);
        this.clock = clock;
    }

    /** The checkout as stored afterwards; {@code not_found} for a checkout the key may not see. */
    public Result<Checkout> cancel(ApiKey caller, String checkoutId) {
        var visible = find.forPortal(caller, checkoutId);
        if (visible.isEmpty()) {
            return Result.err(Rejection.Code.NOT_FOUND, "no such checkout");
        }
        return switch (writer.write(visible.get(), c -> c.cancel(clock.instant()))) {
            case CheckoutWriter.Written.Stored stored -> Result.ok(stored.checkout());
            case CheckoutWriter.Written.Unchanged unchanged -> Result.ok(unchanged.checkout());
            case CheckoutWriter.Written.Refused refused -> new Result.Err<>(refused.rejection());
            case CheckoutWriter.Written.Missing missing -> Result.err(Rejection.Code.NOT_FOUND, "no such checkout");
            case CheckoutWriter.Written.KeptChanging k -> Result.err(Rejection.Code.CONFLICT, "the checkout kept changing; try again");
        };
    }
}
