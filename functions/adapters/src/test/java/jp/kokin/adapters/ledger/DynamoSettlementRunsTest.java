package jp.kokin.adapters.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import jp.kokin.adapters.testing.Checkouts;
import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.checkout.Payment;
import jp.kokin.domain.settlement.SettlementLine;
import jp.kokin.domain.settlement.SettlementRunStore;
import jp.kokin.domain.settlement.SettlementRunStore.ClaimOutcome;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/** Pins the conditions settlement's exactly-once rests on, and how a refused claim is read. */
class DynamoSettlementRunsTest {
    private static final Instant PAID = Instant.parse("2026-11-30T03:00:00Z");

    @Test
    void conditionsAreTheOnesExactlyOnceRestsOn() {
        assertEquals("attribute_not_exists(pk)", DynamoSettlementRuns.IS_NEW);
        assertEquals("#state = :claiming", DynamoSettlementRuns.RUN_CLAIMING);
        assertEquals("version = :expectedVersion", DynamoSettlementRuns.CLAIMABLE);
        assertEquals("#state = :sealed", DynamoSettlementRuns.RUN_SEALED);
        assertEquals("#state IN (:claiming, :sealed)", DynamoSettlementRuns.RUN_OPEN);
        assertEquals("runId = :runId", DynamoSettlementRuns.SLOT_HELD_BY);
        assertEquals("attribute_not_exists(pk) OR #date < :date", DynamoSettlementRuns.LATEST_BEFORE);
        assertEquals(98, SettlementRunStore.MAX_CHECKOUTS_PER_CLAIM, "100 actions a transaction: the run check, the batch, 98 checkouts");
    }

    private static TransactionCanceledException canceled(String... codes) {
        List<CancellationReason> reasons = new ArrayList<>();
        for (String code : codes) {
            reasons.add(CancellationReason.builder().code(code).build());
        }
        return TransactionCanceledException.builder().message("canceled").cancellationReasons(reasons).build();
    }

    private static List<Checkout> three() {
        return List.of(Checkouts.aCheckout().paidAt(PAID).build(), Checkouts.aCheckout().paidAt(PAID).build(),
                Checkouts.aCheckout().paidAt(PAID).build());
    }

    @Test
    void aFailedRunCheckIsRunClosedWhateverElseFailed() {
        var outcome = DynamoSettlementRuns.claimRefused(canceled("ConditionalCheckFailed", "None", "None", "ConditionalCheckFailed", "None"),
                "b#000001", three());
        assertInstanceOf(ClaimOutcome.RunClosed.class, outcome);
    }

    @Test
    void eachFailedCheckoutConditionNamesTheCheckoutAtThatPosition() {
        List<Checkout> checkouts = three();
        var outcome = DynamoSettlementRuns.claimRefused(canceled("None", "None", "None", "ConditionalCheckFailed", "ConditionalCheckFailed"),
                "b#000001", checkouts);
        assertEquals(new ClaimOutcome.Changed(Set.of(checkouts.get(1).id(), checkouts.get(2).id())), outcome);
    }

    @Test
    void aConflictWithAnotherTransactionIsChangedForEveryCheckout() {
        List<Checkout> checkouts = three();
        var outcome = DynamoSettlementRuns.claimRefused(canceled("None", "None", "TransactionConflict", "None", "None"),
                "b#000001", checkouts);
        assertEquals(new ClaimOutcome.Changed(Set.of(checkouts.get(0).id(), checkouts.get(1).id(), checkouts.get(2).id())), outcome);
    }

    @Test
    void aConflictBesideAFailedConditionIsStillChangedForEveryCheckout() {
        List<Checkout> checkouts = three();
        var outcome = DynamoSettlementRuns.claimRefused(canceled("None", "None", "ConditionalCheckFailed", "TransactionConflict", "None"),
                "b#000001", checkouts);
        assertEquals(new ClaimOutcome.Changed(Set.of(checkouts.get(0).id(), checkouts.get(1).id(), checkouts.get(2).id())), outcome);
    }

    @Test
    void aBatchIdUsedTwiceIsAProgrammingErrorNotAChange() {
        assertThrows(IllegalStateException.class, () -> DynamoSettlementRuns.claimRefused(
                canceled("None", "ConditionalCheckFailed", "None", "None", "None"), "b#000001", three()));
    }

    @Test
    void anyOtherCancellationIsThrownAsItCame() {
        var throttled = canceled("None", "None", "ThrottlingError", "None", "None");
        assertSame(throttled, assertThrows(TransactionCanceledException.class,
                () -> DynamoSettlementRuns.claimRefused(throttled, "b#000001", three())));
    }

    @Test
    void theUnsettledCursorIsOpaqueAndOnlyGoodForItsShard() {
        var key = Map.of("pk", AttributeValue.fromS("CHK#chk_1"), "sk", AttributeValue.fromS("CHECKOUT"),
                "settleShard", AttributeValue.fromS("07"), "paidAt", AttributeValue.fromS("2026-11-30T03:00:00Z"));
        String cursor = DynamoSettlementRuns.encodeCursor(key);
        assertTrue(cursor.matches("[A-Za-z0-9_-]+"), cursor);
        assertEquals(key, DynamoSettlementRuns.decodeCursor(cursor, "07"));
        assertThrows(IllegalArgumentException.class, () -> DynamoSettlementRuns.decodeCursor(cursor, "08"));
        assertThrows(IllegalArgumentException.class, () -> DynamoSettlementRuns.decodeCursor("not a cursor!", "07"));
        assertThrows(IllegalArgumentException.class, () -> DynamoSettlementRuns.decodeCursor(
                java.util.Base64.getUrlEncoder().encodeToString("{\"pk\":\"x\"}".getBytes(StandardCharsets.UTF_8)), "07"));
    }

    @Test
    void aClaimTakesNinetyEightOrdinaryCheckouts() {
        var store = new DynamoSettlementRuns(null, "t");
        List<Checkout> many = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            many.add(Checkouts.aCheckout().paidAt(PAID.plusSeconds(i)).build());
        }
        assertEquals(98, store.claimSize(many));
        assertEquals(5, store.claimSize(many.subList(0, 5)));
        assertEquals(0, store.claimSize(List.of()));
        List<SettlementLine> lines = many.subList(0, 98).stream().map(c -> SettlementLine.of(c).orElseThrow()).toList();
        int batch = SettlementRunCodec.lines(lines).getBytes(StandardCharsets.UTF_8).length;
        System.out.printf("batch of 98 ordinary lines: %,d bytes (budget %,d)%n", batch, DynamoSettlementRuns.BATCH_ITEM_BUDGET_BYTES);
        assertTrue(batch < 30_000, batch + " bytes");
    }

    /** The largest checkouts the limits allow (100 shares of 300-byte names, 77 KB items) are cut by size, never refused outright. */
    @Test
    void aClaimOfTheLargestCheckoutsIsCutBySizeUnderTheBatchAndTransactionBudgets() {
        var store = new DynamoSettlementRuns(null, "t");
        List<Checkout> largest = new ArrayList<>(Collections.nCopies(0, null));
        for (int i = 0; i < 98; i++) {
            largest.add(awaiting(CheckoutItemSizeTest.worstCase()));
        }
        int n = store.claimSize(largest);
        List<Checkout> cut = largest.subList(0, n);
        int batch = SettlementRunCodec.lines(cut.stream().map(c -> SettlementLine.of(c).orElseThrow()).toList())
                .getBytes(StandardCharsets.UTF_8).length;
        int transaction = batch + cut.stream().mapToInt(c -> DynamoSettlementRuns.itemBytes(
                DynamoLedger.checkoutItem(c.claimedBy("stl_20261130_001").atVersion(c.version() + 1)))).sum();
        System.out.printf("largest checkouts: %d a claim, batch %,d bytes, transaction %,d bytes%n", n, batch, transaction);
        assertTrue(n >= 1 && n < 98, "cut: " + n);
        assertTrue(batch <= DynamoSettlementRuns.BATCH_ITEM_BUDGET_BYTES, batch + " bytes");
        assertTrue(transaction <= DynamoSettlementRuns.CLAIM_TRANSACTION_BUDGET_BYTES, transaction + " bytes");
        assertTrue(DynamoSettlementRuns.CLAIM_TRANSACTION_BUDGET_BYTES < 4 * 1024 * 1024);
        var run = jp.kokin.domain.settlement.SettlementRun.open(new jp.kokin.domain.settlement.SettlementRunId(
                java.time.LocalDate.parse("2026-11-30"), 1), PAID, PAID, java.time.LocalDate.parse("2026-12-02"));
        assertThrows(IllegalArgumentException.class, () -> store.claim(run, "b#000001", largest), "more than one claim takes");
        assertThrows(IllegalArgumentException.class, () -> store.claim(run, "b#000001", largest.subList(0, n + 1)), "one more than it takes");
    }

    /** The worst case with its first payment paying, unclaimed and without a receipt: awaiting settlement. */
    static Checkout awaiting(Checkout worst) {
        List<Payment> payments = new ArrayList<>(worst.payments());
        Payment first = payments.getFirst();
        payments.set(0, new Payment(first.id(), first.method(), first.provider(), first.providerPaymentId(), first.status(),
                first.amount(), first.createdAt(), first.completedAt(), false));
        return new Checkout(worst.id(), worst.status(), worst.organizationCode(), worst.portalId(), worst.reference(),
                worst.items(), worst.amount(), worst.returnUrl(), worst.language(), worst.methods(), worst.expiresAt(),
                worst.createdAt(), worst.paidAt(), false, payments, worst.receipt(), worst.metadata(), null, 7);
    }
}
