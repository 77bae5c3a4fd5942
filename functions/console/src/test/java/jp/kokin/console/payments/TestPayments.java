package jp.kokin.console.payments;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jp.kokin.console.ConsoleTestKit;
import jp.kokin.domain.catalog.Catalog;
import jp.kokin.domain.catalog.Language;
import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.checkout.CheckoutIds;
import jp.kokin.domain.checkout.CheckoutItem;
import jp.kokin.domain.checkout.ReceiptRef;
import jp.kokin.domain.checkout.TestCatalogs;
import jp.kokin.domain.checkout.TestCheckouts;

/** Checkouts for the console's payment and refund tests, priced from the kit's (treasury) catalog and stored in the kit. */
public final class TestPayments {
    /** 2026-11-30 10:00 JST: inside the list's default range (the last 7 JST days of the kit's clock). */
    public static final Instant YESTERDAY = ConsoleTestKit.NOW.minus(Duration.ofDays(1));

    private TestPayments() {}

    public static Checkout created(ConsoleTestKit kit, String org, String procedure, String reference, Instant createdAt) {
        Catalog catalog = kit.catalog;
        CheckoutItem item = CheckoutItem.price(catalog.organization(org).orElseThrow().procedure(procedure).orElseThrow(), 1);
        Checkout c = Checkout.create(CheckoutIds.newCheckoutId(), org, TestCatalogs.MYNA, reference, List.of(item),
                TestCatalogs.RETURN_URL, Language.JA, List.of(), Duration.ofMinutes(60), Map.of(), createdAt);
        kit.checkouts.put(c);
        return c;
    }

    /** A paid checkout (PayPay, paid 5 minutes after creation) with receipt {@code receiptNumber} if not null. */
    public static Checkout paid(ConsoleTestKit kit, String org, String procedure, String reference, Instant createdAt, String receiptNumber) {
        Checkout c = TestCheckouts.paid(created(kit, org, procedure, reference, createdAt), createdAt.plus(Duration.ofMinutes(5)));
        if (receiptNumber != null) {
            c = c.withReceipt(new ReceiptRef(receiptNumber, createdAt.plus(Duration.ofMinutes(6)), "tok" + receiptNumber));
        }
        kit.checkouts.put(c);
        return c;
    }

    /** A paid 住民票 of 千代田区 (300 yen), created yesterday. */
    public static Checkout paidChiyoda(ConsoleTestKit kit, String reference) {
        return paid(kit, TestCatalogs.CHIYODA, TestCatalogs.JUMINHYO, reference, YESTERDAY, null);
    }
}
