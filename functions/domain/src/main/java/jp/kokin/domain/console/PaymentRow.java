package jp.kokin.domain.console;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One line of the 収納一覧, read from the index without reading the checkout.
 *
 * @param procedures the catalog codes of its items' procedures, in order
 * @param method     the paying payment's method wire name, or {@code ""} before one paid
 * @param receiptNumber {@code ""} before the receipt is issued
 */
public record PaymentRow(String checkoutId, String organizationCode, String portalId, String reference,
                         List<String> procedures, String status, String method, long amount, Instant createdAt,
                         Instant paidAt, String receiptNumber, long refunded) {
    public PaymentRow {
        Objects.requireNonNull(checkoutId, "checkoutId");
        procedures = List.copyOf(procedures);
    }

    /** The row of a checkout (its stored status; refunded: refunds that hold money). */
    public static PaymentRow of(jp.kokin.domain.checkout.Checkout c) {
        String method = c.winningPayment().map(p -> p.method().wire()).orElse("");
        long refunded = c.refunds().stream().filter(r -> r.status().holdsMoney())
                .mapToLong(jp.kokin.domain.refund.Refund::amount).sum();
        return new PaymentRow(c.id(), c.organizationCode(), c.portalId(), c.reference(),
                c.items().stream().map(jp.kokin.domain.checkout.CheckoutItem::procedureCode).toList(),
                c.status().wire(), method, c.amount(), c.createdAt(), c.paidAt(),
                c.receipt() == null ? "" : c.receipt().number(), refunded);
    }
}
