package jp.kokin.adapters.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import jp.kokin.domain.catalog.Language;
import jp.kokin.domain.catalog.LocalizedText;
import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.checkout.CheckoutIds;
import jp.kokin.domain.checkout.CheckoutItem;
import jp.kokin.domain.checkout.CheckoutLimits;
import jp.kokin.domain.checkout.CheckoutStatus;
import jp.kokin.domain.checkout.LineAmount;
import jp.kokin.domain.checkout.Payment;
import jp.kokin.domain.checkout.PaymentMethod;
import jp.kokin.domain.checkout.PaymentStatus;
import jp.kokin.domain.checkout.ReceiptRef;
import jp.kokin.domain.catalog.BankAccount;
import jp.kokin.domain.format.PublicUrl;
import jp.kokin.domain.refund.BankTransfer;
import jp.kokin.domain.refund.Refund;
import jp.kokin.domain.refund.RefundLine;
import jp.kokin.domain.refund.RefundReason;
import jp.kokin.domain.refund.RefundStatus;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The size model of the checkout item ({@link DynamoLedger#checkoutItem}): the largest checkout
 * the limits allow, every field at its maximum and every attempt and refund used, encoded as the ledger
 * writes it, stays under {@link DynamoLedger#CHECKOUT_ITEM_BUDGET_BYTES}, far below DynamoDB's
 * 400 KB, so no webhook or janitor write can ever fail on item size.
 */
class CheckoutItemSizeTest {

    private static final Instant AT = Instant.parse("2026-11-26T01:00:00.123456789Z");
    /** The widest character a limit lets through: 3 bytes in UTF-8, not escaped in JSON. */
    private static final String WIDE = "鬱";

    /** DynamoDB's item size, as the ledger measures it for its claims. */
    static int dynamoItemSize(Map<String, AttributeValue> item) {
        return DynamoSettlementRuns.itemBytes(item);
    }

    static Checkout worstCase() {
        String creditorBase = "N" + "X".repeat(14);
        List<CheckoutItem> items = new ArrayList<>();
        long unit = 9_999_999_999L; // the catalog's largest fee
        for (int i = 0; i < CheckoutLimits.MAX_ITEMS; i++) {
            List<LineAmount> lines = new ArrayList<>();
            for (int l = 0; l < CheckoutLimits.MAX_FEE_LINES; l++) {
                lines.add(new LineAmount(creditorBase + l, unit, unit * CheckoutLimits.MAX_QUANTITY));
            }
            long amount = lines.stream().mapToLong(LineAmount::amount).sum();
            items.add(new CheckoutItem(("p" + i + "-" + "x".repeat(CheckoutLimits.MAX_PROCEDURE_CODE)).substring(0,
                    CheckoutLimits.MAX_PROCEDURE_CODE), new LocalizedText(WIDE.repeat(CheckoutLimits.MAX_PROCEDURE_NAME),
                    WIDE.repeat(CheckoutLimits.MAX_PROCEDURE_NAME)), CheckoutLimits.MAX_QUANTITY, lines, amount));
        }
        long amount = items.stream().mapToLong(CheckoutItem::amount).sum();
        String id = CheckoutIds.newCheckoutId();
        List<Payment> payments = new ArrayList<>();
        for (int n = 1; n <= CheckoutLimits.MAX_ATTEMPTS; n++) {
            payments.add(new Payment(CheckoutIds.paymentId(id, n), PaymentMethod.PAYPAY, "p".repeat(CheckoutLimits.MAX_CATALOG_ID),
                    "x".repeat(CheckoutLimits.MAX_PROVIDER_PAYMENT_ID), PaymentStatus.SUCCEEDED, amount, AT, AT, true));
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        for (int i = 0; i < CheckoutLimits.MAX_METADATA; i++) {
            metadata.put((i + WIDE.repeat(CheckoutLimits.MAX_METADATA_KEY)).substring(0, CheckoutLimits.MAX_METADATA_KEY),
                    WIDE.repeat(CheckoutLimits.MAX_METADATA_VALUE));
        }
        String returnUrl = "https://portal.example.jp/?q=";
        returnUrl += "x".repeat(PublicUrl.MAX_LENGTH - returnUrl.length());
        List<Refund> refunds = new ArrayList<>();
        for (int n = 1; n <= CheckoutLimits.MAX_REFUNDS; n++) {
            List<RefundLine> lines = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                for (int l = 0; l < items.get(i).lines().size(); l++) {
                    lines.add(new RefundLine(i, l, items.get(i).procedureCode(), items.get(i).lines().get(l).creditor(), unit));
                }
            }
            long refunded = lines.stream().mapToLong(RefundLine::amount).sum();
            BankAccount account = new BankAccount("9999", WIDE.repeat(15), "999", WIDE.repeat(15), 1, "9999999",
                    "ｱ".repeat(30));
            refunds.add(new Refund(CheckoutIds.refundId(id, n), CheckoutIds.paymentId(id, n), refunded, RefundReason.DISCRETIONARY,
                    RefundStatus.BANK_TRANSFER_REQUIRED, lines, WIDE.repeat(CheckoutLimits.MAX_REFUND_NOTE),
                    WIDE.repeat(CheckoutLimits.MAX_LEGAL_BASIS), WIDE.repeat(CheckoutLimits.MAX_DECISION_REFERENCE),
                    "key_0123456789abcdef", AT, "key_fedcba9876543210", AT, WIDE.repeat(CheckoutLimits.MAX_REFUND_NOTE), AT,
                    "r".repeat(CheckoutLimits.MAX_PROVIDER_REFUND_ID), AT, AT,
                    WIDE.repeat(CheckoutLimits.MAX_FAILURE_REASON), "N" + "X".repeat(15) + "-2026-R9999999",
                    "stl_20261130_999", RefundStatus.BANK_TRANSFER_REQUIRED,
                    new BankTransfer("h".repeat(64), AT, account, AT, "stl_20261130_998")));
        }
        return new Checkout(id, CheckoutStatus.PAID, "N" + "X".repeat(15), "p".repeat(CheckoutLimits.MAX_CATALOG_ID),
                WIDE.repeat(CheckoutLimits.MAX_REFERENCE), items, amount, returnUrl, Language.EN,
                List.of(PaymentMethod.values()), AT, AT, AT, true, payments,
                new ReceiptRef("N" + "X".repeat(15) + "-2026-9999999", AT, CheckoutIds.randomToken(32)), metadata,
                "stl_20261130_999", refunds, Long.MAX_VALUE - 1);
    }

    @Test
    void the_largest_checkout_the_limits_allow_is_under_the_item_budget() {
        Checkout worst = worstCase();
        var item = DynamoLedger.checkoutItem(worst);
        int size = dynamoItemSize(item);
        System.out.printf("worst-case checkout item: %,d bytes (budget %,d, DynamoDB limit 409,600)%n", size,
                DynamoLedger.CHECKOUT_ITEM_BUDGET_BYTES);

        assertTrue(size < DynamoLedger.CHECKOUT_ITEM_BUDGET_BYTES, size + " bytes");
        assertTrue(DynamoLedger.CHECKOUT_ITEM_BUDGET_BYTES <= 400 * 1024 / 2, "the budget is half the item limit at most");
        assertEquals(worst, DynamoLedger.fromItem(item), "and it reads back");
    }
}
