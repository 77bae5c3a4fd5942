package jp.kokin.domain.receipt;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.checkout.CheckoutIds;
import jp.kokin.domain.checkout.CheckoutStatus;
import jp.kokin.domain.checkout.ReceiptRef;
import jp.kokin.domain.checkout.Rejection;
import jp.kokin.domain.checkout.Result;
import jp.kokin.domain.format.JapaneseDates;
import jp.kokin.domain.format.ReceiptNumber;
import jp.kokin.domain.notification.PortalNotification;

/** Issues exactly one receipt per paid checkout, with a gapless number. */
public final class ReceiptService {
    private static final int MAX_ATTEMPTS = 20;

    private final ReceiptLedger ledger;
    private final Clock clock;

    public ReceiptService(ReceiptLedger ledger, Clock clock) {
        this.ledger = ledger;
        this.clock = clock;
    }

    /** The issued receipt and the checkout that carries it; {@code newlyIssued} is false on a repeat. */
    public record Issued(Checkout checkout, Receipt receipt, boolean newlyIssued) {}

    public Result<Issued> issue(String checkoutId) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Optional<Checkout> found = ledger.findCheckout(checkoutId);
            if (found.isEmpty()) {
                return Result.err(Rejection.Code.NOT_FOUND, "no checkout " + checkoutId);
            }
            Checkout checkout = found.get();
            if (checkout.status() != CheckoutStatus.PAID || checkout.paidAt() == null) {
                return Result.err(Rejection.Code.NOT_PAID, "checkout " + checkoutId + " is " + checkout.status().wire());
            }
            if (checkout.receipt() != null) {
                Optional<Receipt> existing = ledger.findReceipt(checkout.receipt().number());
                if (existing.isPresent()) {
                    return Result.ok(new Issued(checkout, existing.get(), false));
                }
                return Result.err(Rejection.Code.RECEIPT_MISSING, "checkout names receipt " + checkout.receipt().number()
                        + " which is not stored");
            }
            int fiscalYear = JapaneseDates.fiscalYear(checkout.paidAt());
            long previous = ledger.lastSequence(checkout.organizationCode(), fiscalYear);
            String number = new ReceiptNumber(checkout.organizationCode(), fiscalYear, previous + 1).format();
            Instant now = clock.instant();
            Receipt receipt = new Receipt(number, checkout.id(), checkout.organizationCode(), checkout.reference(),
                    checkout.amount(), checkout.items(), checkout.paidAt(), now, CheckoutIds.randomToken(Receipt.TOKEN_LENGTH));
            Checkout withReceipt = checkout.withReceipt(new ReceiptRef(number, now, receipt.token()));
            switch (ledger.issue(withReceipt, receipt, previous)) {
                case ISSUED -> {
                    return Result.ok(new Issued(withReceipt, receipt, true));
                }
                case NUMBER_TAKEN, CHECKOUT_CHANGED -> {
                    // read again: another issuer was faster
                }
            }
        }
        return Result.err(Rejection.Code.CONTENTION, "could not take a receipt number after " + MAX_ATTEMPTS + " attempts");
    }

    /** The notifications a portal gets for a paid checkout with its receipt (stable ids). */
    public static List<PortalNotification> notificationsFor(Checkout checkout, Receipt receipt, String receiptUrl) {
        Map<String, Object> paid = new LinkedHashMap<>();
        paid.put("checkoutId", checkout.id());
        paid.put("reference", checkout.reference());
        paid.put("organizationCode", checkout.organizationCode());
        paid.put("amount", checkout.amount());
        paid.put("paidAt", checkout.paidAt().toString());
        paid.put("paymentDate", JapaneseDates.businessDate(checkout.paidAt()).toString());
        paid.put("latePayment", checkout.latePayment());
        paid.put("receiptNumber", receipt.number());
        Map<String, Object> issued = new LinkedHashMap<>(paid);
        issued.put("issuedAt", receipt.issuedAt().toString());
        if (receiptUrl != null) {
            issued.put("receiptUrl", receiptUrl);
        }
        return List.of(
                new PortalNotification("msg_" + checkout.id() + "_paid", checkout.portalId(),
                        PortalNotification.CHECKOUT_PAID, checkout.paidAt(), paid),
                new PortalNotification("msg_" + checkout.id() + "_receipt", checkout.portalId(),
                        PortalNotification.RECEIPT_ISSUED, receipt.issuedAt(), issued));
    }
}
