package jp.kokin.settlement.run;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jp.kokin.domain.catalog.BankAccount;
import jp.kokin.domain.catalog.Catalog;
import jp.kokin.domain.catalog.Organization;
import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.checkout.CheckoutIds;
import jp.kokin.domain.checkout.CheckoutItem;
import jp.kokin.domain.checkout.ReceiptRef;
import jp.kokin.domain.refund.BankTransfer;
import jp.kokin.domain.refund.Refund;
import jp.kokin.domain.refund.RefundLine;
import jp.kokin.domain.refund.RefundPolicy;
import jp.kokin.domain.refund.RefundReason;
import jp.kokin.domain.refund.RefundStatus;

/** Refunds as the refund flow leaves them, for settlement tests: built on a paid checkout, not through the API. */
public final class Refunds {
    /** A payer's account as the bank-account page stores it (Zengin kana). */
    public static final BankAccount PAYER = new BankAccount("0009", "", "123", "", 1, "7654321", "ﾔﾏﾀﾞ ﾀﾛｳ");

    private Refunds() {
    }

    /** The whole of fee line {@code line} of item {@code item}. */
    public static RefundLine whole(Checkout c, int item, int line) {
        CheckoutItem i = c.items().get(item);
        return new RefundLine(item, line, i.procedureCode(), i.lines().get(line).creditor(), i.lines().get(line).amount());
    }

    public static RefundLine part(Checkout c, int item, int line, long yen) {
        CheckoutItem i = c.items().get(item);
        return new RefundLine(item, line, i.procedureCode(), i.lines().get(line).creditor(), yen);
    }

    /** A refund of the paying payment that the provider made at {@code at}. */
    public static Checkout succeeded(Checkout c, Instant at, RefundLine... lines) {
        return c.withRefund(requested(c, at, lines).answered(RefundStatus.SUCCEEDED, "prv_" + c.refunds().size(), null, at));
    }

    /** A refund the provider could not make, its account given at {@code at} when {@code account} is not null. */
    public static Checkout bankTransfer(Checkout c, Instant at, BankAccount account, RefundLine... lines) {
        Refund r = requested(c, at, lines).withStatus(RefundStatus.BANK_TRANSFER_REQUIRED)
                .withBankTransfer(new BankTransfer("0".repeat(64), at.plus(Duration.ofDays(90)), null, null, null));
        if (account != null) {
            r = r.withBankTransfer(r.bankTransfer().withAccount(account, at));
        }
        return c.withRefund(r);
    }

    /** The checkout's refunds as the ledger would have stored them at {@code at} with a receipt numbered {@code number}. */
    public static Checkout withReceipt(Checkout c, String number, Instant at) {
        return c.withReceipt(new ReceiptRef(number, at, "t".repeat(22)));
    }

    private static Refund requested(Checkout c, Instant at, RefundLine... lines) {
        long amount = 0;
        for (RefundLine l : lines) {
            amount += l.amount();
        }
        String paying = c.winningPayment().orElseThrow().id();
        return Refund.requested(CheckoutIds.refundId(c.id(), c.refunds().size() + 1), paying, amount,
                RefundReason.OVERPAID, List.of(lines), null, null, null, "key_0123456789abcdef", at.minusSeconds(120))
                .decided(RefundStatus.APPROVED, "key_fedcba9876543210", at.minusSeconds(60), null)
                .submitted(at.minusSeconds(30));
    }

    /** {@code catalog} with the creditors {@code codes} netting refunds after settlement against their transfers. */
    public static Catalog netting(Catalog catalog, String... codes) {
        Map<String, Organization> orgs = new HashMap<>(catalog.organizations());
        for (String code : codes) {
            Organization o = orgs.get(code);
            orgs.put(code, new Organization(o.code(), o.name(), o.bankAccount(), o.procedures(), o.methods(),
                    new RefundPolicy(false, true)));
        }
        return new Catalog(orgs, catalog.portals(), catalog.apiKeysByHash(), catalog.providers(), catalog.settlement(),
                catalog.methods());
    }

    public static List<String> lines(String text) {
        return new ArrayList<>(List.of(text.split("\r?\n")));
    }
}
