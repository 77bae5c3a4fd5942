package jp.kokin.domain.receipt;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import jp.kokin.domain.catalog.Catalog;
import jp.kokin.domain.catalog.RevenueItem;
import jp.kokin.domain.catalog.Treasury;
import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.checkout.CheckoutItem;
import jp.kokin.domain.checkout.CheckoutIds;
import jp.kokin.domain.checkout.CheckoutStatus;
import jp.kokin.domain.checkout.LineAmount;
import jp.kokin.domain.checkout.ReceiptRef;
import jp.kokin.domain.checkout.Rejection;
import jp.kokin.domain.checkout.Result;
import jp.kokin.domain.format.JapaneseDates;
import jp.kokin.domain.format.ReceiptNumber;
import jp.kokin.domain.notification.PortalNotification;

/**
 * Issues exactly one receipt per paid checkout, with a gapless number, and with it, in the same write,
 * one payer's notice (Cashless Act Art. 6(1)) per treasury creditor among the checkout's lines, each
 * numbered gapless per treasury organization and fiscal year. Which creditors are paid into the
 * treasury is read from the catalog when the receipt is issued; an issued receipt never changes.
 */
public final class ReceiptService {
    private static final int MAX_ATTEMPTS = 20;
    /**
     * Notices one receipt may carry: the write is one DynamoDB transaction (at most 100 items) of the
     * receipt's counter, the receipt, the checkout and one counter per notice. A checkout holds at most
     * 20 items of 5 fee lines; the catalog has far fewer treasury creditors (Japan has 11 ministries).
     */
    public static final int MAX_NOTICES = 97;
    /** The revenue item of a national line whose fee names none (as settlement pays it in). */
    public static final RevenueItem UNASSIGNED = new RevenueItem("UNASSIGNED", "歳入科目未設定");

    private final ReceiptLedger ledger;
    private final Supplier<Catalog> catalog;
    private final Clock clock;

    public ReceiptService(ReceiptLedger ledger, Supplier<Catalog> catalog, Clock clock) {
        this.ledger = ledger;
        this.catalog = catalog;
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
            List<Long> previousNotices = new ArrayList<>();
            List<PayerNotice> notices = notices(checkout, catalog.get(), fiscalYear, previousNotices);
            Instant now = clock.instant();
            Receipt receipt = new Receipt(number, checkout.id(), checkout.organizationCode(), checkout.reference(),
                    checkout.amount(), checkout.items(), checkout.paidAt(), now, CheckoutIds.randomToken(Receipt.TOKEN_LENGTH),
                    notices);
            Checkout withReceipt = checkout.withReceipt(new ReceiptRef(number, now, receipt.token()));
            switch (ledger.issue(withReceipt, receipt, previous, previousNotices)) {
                case ISSUED -> {
                    return Result.ok(new Issued(withReceipt, receipt, true));
                }
                case NUMBER_TAKEN, NOTICE_NUMBER_TAKEN, CHECKOUT_CHANGED -> {
                    // read again: another issuer was faster
                }
            }
        }
        return Result.err(Rejection.Code.CONTENTION, "could not take a receipt number after " + MAX_ATTEMPTS + " attempts");
    }

    /**
     * The checkout's payer's notices, one per treasury creditor in the order its lines first appear, each
     * numbered after the last of its series (read now; {@code previousSequences} receives them, in order).
     */
    private List<PayerNotice> notices(Checkout checkout, Catalog catalog, int fiscalYear, List<Long> previousSequences) {
        Map<String, List<PayerNotice.Line>> byCreditor = new LinkedHashMap<>();
        List<CheckoutItem> items = checkout.items();
        for (int i = 0; i < items.size(); i++) {
            CheckoutItem item = items.get(i);
            for (int l = 0; l < item.lines().size(); l++) {
                LineAmount line = item.lines().get(l);
                if (catalog.treasuryOf(line.creditor()).isEmpty()) {
                    continue;
                }
                RevenueItem revenue = catalog.revenueItem(checkout.organizationCode(), item.procedureCode(), line.creditor())
                        .orElse(UNASSIGNED);
                byCreditor.computeIfAbsent(line.creditor(), c -> new ArrayList<>()).add(new PayerNotice.Line(i, l,
                        item.procedureCode(), item.name().ja(), item.quantity(), revenue.code(), revenue.name(), line.amount()));
            }
        }
        if (byCreditor.size() > MAX_NOTICES) {
            throw new IllegalStateException("checkout " + checkout.id() + " has " + byCreditor.size()
                    + " treasury creditors; a receipt carries at most " + MAX_NOTICES + " notices");
        }
        List<PayerNotice> notices = new ArrayList<>();
        byCreditor.forEach((creditor, lines) -> {
            Treasury treasury = catalog.treasuryOf(creditor).orElseThrow();
            long previous = ledger.lastPayerNoticeSequence(creditor, fiscalYear);
            previousSequences.add(previous);
            notices.add(new PayerNotice(new PayerNoticeNumber(creditor, fiscalYear, previous + 1).format(), creditor,
                    treasury.ministryName(), catalog.treasury().agentName(), fiscalYear, lines,
                    lines.stream().mapToLong(PayerNotice.Line::amount).sum(), checkout.paidAt()));
        });
        return notices;
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
        if (!receipt.notices().isEmpty()) {
            List<Map<String, Object>> notices = new ArrayList<>();
            for (PayerNotice notice : receipt.notices()) {
                Map<String, Object> n = new LinkedHashMap<>();
                n.put("number", notice.number());
                n.put("organizationCode", notice.organizationCode());
                n.put("amount", notice.amount());
                notices.add(n);
            }
            issued.put("notices", notices);
        }
        return List.of(
                new PortalNotification("msg_" + checkout.id() + "_paid", checkout.portalId(),
                        PortalNotification.CHECKOUT_PAID, checkout.paidAt(), paid),
                new PortalNotification("msg_" + checkout.id() + "_receipt", checkout.portalId(),
                        PortalNotification.RECEIPT_ISSUED, receipt.issuedAt(), issued));
    }
}
