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
 * @param expiresAt  when an unpaid checkout expires (null only in rows written before it was indexed)
 * @param refunded   the sum of its refunds approved or further on (approved, submitted, succeeded,
 *                   bank_transfer_required), as the 収入日計表 counts them; not requested, rejected or failed ones
 */
public record PaymentRow(String checkoutId, String organizationCode, String portalId, String reference,
                         List<String> procedures, String status, String method, long amount, Instant createdAt,
                         Instant paidAt, String receiptNumber, long refunded, Instant expiresAt) {
    public PaymentRow {
        Objects.requireNonNull(checkoutId, "checkoutId");
        procedures = List.copyOf(procedures);
    }

    /** The row of a checkout (its stored status; refunded: refunds approved or further on, {@link jp.kokin.domain.refund.RefundStatus#returnsMoney()}). */
    public static PaymentRow of(jp.kokin.domain.checkout.Checkout c) {
        String method = c.winningPayment().map(p -> p.method().wire()).orElse("");
        long refunded = c.refunds().stream().filter(r -> r.status().returnsMoney())
                .mapToLong(jp.kokin.domain.refund.Refund::amount).sum();
        return new PaymentRow(c.id(), c.organizationCode(), c.portalId(), c.reference(),
                c.items().stream().map(jp.kokin.domain.checkout.CheckoutItem::procedureCode).toList(),
                c.status().wire(), method, c.amount(), c.createdAt(), c.paidAt(),
                c.receipt() == null ? "" : c.receipt().number(), refunded, c.expiresAt());
    }

    /**
     * Its status at {@code now}, as a checkout's own page shows it ({@link jp.kokin.domain.checkout.Checkout#statusAt}):
     * a created or pending checkout past its expiry is {@code expired}, although its stored status is not
     * changed until an event touches it.
     */
    public String statusAt(Instant now) {
        boolean open = status.equals("created") || status.equals("pending");
        return open && expiresAt != null && !now.isBefore(expiresAt) ? "expired" : status;
    }
}
