package jp.kokin.adapters.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import jp.kokin.adapters.testing.Checkouts;
import jp.kokin.domain.checkout.Checkout;

/** Pins the once-only conditions: changing one of these changes what the ledger guarantees. */
class DynamoLedgerTest {

    @Test
    void conditionsAreTheOnesTheGuaranteesRestOn() {
        assertEquals("attribute_not_exists(pk)", DynamoLedger.IS_NEW);
        assertEquals("version = :expectedVersion", DynamoLedger.VERSION_MATCHES);
        assertEquals("attribute_not_exists(pk) OR #ttl < :now", DynamoLedger.IDEMPOTENCY_KEY_FREE);
        assertEquals("#last = :previous", DynamoLedger.COUNTER_AT);
        assertEquals("version = :expectedVersion AND attribute_not_exists(receiptNumber)", DynamoLedger.NO_RECEIPT_YET);
    }

    @Test
    void aPaidCheckoutWithoutReceiptIsIndexedForSettlementAndTheSweeper() {
        Checkout paid = Checkouts.aCheckout().paidAt(Instant.parse("2026-03-31T15:00:00Z")).build();
        var item = DynamoLedger.checkoutItem(paid);
        assertEquals("2026-04-01", item.get("paidDate").s(), "the JST date, not the UTC one");
        assertEquals("Y", item.get("awaitingReceipt").s());
        assertEquals(paid, DynamoLedger.fromItem(item));
    }

    @Test
    void anUnpaidCheckoutIsInNeitherIndex() {
        var item = DynamoLedger.checkoutItem(Checkouts.aCheckout().build());
        assertFalse(item.containsKey("paidDate"));
        assertFalse(item.containsKey("awaitingReceipt"));
        assertTrue(item.containsKey("doc"));
    }
}
