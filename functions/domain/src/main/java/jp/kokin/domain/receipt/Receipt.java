package jp.kokin.domain.receipt;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import jp.kokin.domain.checkout.CheckoutItem;

/**
 * A receipt (領収書): issued once per paid checkout, numbered without gaps per issuing
 * organization and fiscal year of the payment date. {@code token} guards its public page.
 */
public record Receipt(String number, String checkoutId, String organizationCode, String reference, long amount,
                      List<CheckoutItem> items, Instant paidAt, Instant issuedAt, String token) {
    public Receipt {
        Objects.requireNonNull(number, "number");
        Objects.requireNonNull(checkoutId, "checkoutId");
        Objects.requireNonNull(paidAt, "paidAt");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(token, "token");
        items = List.copyOf(items);
    }
}
