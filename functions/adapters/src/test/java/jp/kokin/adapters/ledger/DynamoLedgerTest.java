package jp.kokin.adapters.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import jp.kokin.adapters.testing.Checkouts;
import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.checkout.CheckoutIds;
import jp.kokin.domain.refund.Refund;
import jp.kokin.domain.refund.RefundLine;
import jp.kokin.domain.refund.RefundReason;
import jp.kokin.domain.refund.RefundStatus;

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
        assertEquals(DynamoLedger.settleShard(paid.id()), item.get("settleShard").s());
        assertEquals("2026-03-31T15:00:00Z", item.get("paidAt").s());
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
    void aSettledCheckoutIsBackOnTheUnsettledListWhileARunMustAccountForItsRefund() {
        Checkout paid = Checkouts.aCheckout().paidAt(Instant.parse("2026-03-31T15:00:00Z")).build();
        Checkout settled = paid.claimedBy("stl_20260401_001");
        Instant at = Instant.parse("2026-04-02T01:00:00Z");
        Refund refund = Refund.requested(CheckoutIds.refundId(paid.id(), 1), paid.winningPayment().orElseThrow().id(), 300,
                        RefundReason.OVERPAID, List.of(new RefundLine(0, 0, "juminhyo", "131016", 300)), null, null, null,
                        "key_0123456789abcdef", at)
                .answered(RefundStatus.SUCCEEDED, "prv_1", null, at);
        Checkout refunded = settled.withRefund(refund);
        assertEquals(DynamoLedger.settleShard(paid.id()), DynamoLedger.checkoutItem(refunded).get("settleShard").s(),
                "a refund after settlement: the next run must request it back");

        Checkout accounted = refunded.refundsClaimedBy("stl_20260402_001");
        assertFalse(DynamoLedger.checkoutItem(accounted).containsKey("settleShard"), "accounted for: off the list again");
        assertEquals("stl_20260402_001", accounted.refunds().getFirst().settlementRunId());
        assertEquals("stl_20260401_001", accounted.settlementRunId(), "the line stays in its run");
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
        assertFalse(item.containsKey("paidAt"));
        assertFalse(item.containsKey("awaitingReceipt"));
        assertFalse(item.containsKey("settleShard"));
        assertTrue(item.containsKey("doc"));
    }
}
