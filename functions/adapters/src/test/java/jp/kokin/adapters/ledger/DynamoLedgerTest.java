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
    void aPaidCheckoutIsOnTheUnsettledListInItsShardUntilARunClaimsIt() {
        Checkout paid = Checkouts.aCheckout().paidAt(Instant.parse("2026-03-31T15:00:00Z")).build();
        String shard = DynamoLedger.checkoutItem(paid).get("settleShard").s();
        assertEquals(String.format("%02d", Math.floorMod(paid.id().hashCode(), 16)), shard);
        assertEquals("2026-03-31T15:00:00Z", DynamoLedger.checkoutItem(paid).get("paidAt").s());

        var claimed = DynamoLedger.checkoutItem(paid.claimedBy("stl_20260401_001").atVersion(paid.version() + 1));
        assertFalse(claimed.containsKey("settleShard"), "a claimed checkout leaves the Unsettled index");
        assertTrue(claimed.containsKey("paidAt"));
    }

    @Test
    void shardsAreTwoDigitsFromZeroToFifteen() {
        assertEquals(16, DynamoLedger.SETTLEMENT_SHARDS);
        java.util.Set<String> seen = new java.util.TreeSet<>();
        for (int i = 0; i < 2_000; i++) {
            seen.add(DynamoLedger.settleShard("chk_" + i));
        }
        assertEquals(16, seen.size());
        assertEquals("00", seen.iterator().next());
        assertTrue(seen.contains("15") && seen.stream().allMatch(s -> s.matches("0[0-9]|1[0-5]")), seen.toString());
    }

    @Test
    void anUnpaidCheckoutIsInNeitherIndex() {
        var item = DynamoLedger.checkoutItem(Checkouts.aCheckout().build());
        assertFalse(item.containsKey("paidDate"));
        assertFalse(item.containsKey("awaitingReceipt"));
        assertFalse(item.containsKey("settleShard"));
        assertTrue(item.containsKey("doc"));
    }
}
