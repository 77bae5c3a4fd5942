package jp.kokin.adapters.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import jp.kokin.adapters.testing.Checkouts;
import jp.kokin.adapters.testing.TestAws;
import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.checkout.CheckoutIds;
import jp.kokin.domain.checkout.CheckoutRepository.CreateResult;
import jp.kokin.domain.checkout.CheckoutRepository.IdempotencyClaim;
import jp.kokin.domain.checkout.CheckoutRepository.UpdateResult;
import jp.kokin.domain.checkout.CreateCheckout;
import jp.kokin.domain.refund.Refund;
import jp.kokin.domain.refund.RefundLine;
import jp.kokin.domain.refund.RefundReason;

/**
 * {@link DynamoLedger#updateClaiming}: the checkout and the idempotency key in one transaction,
 * against DynamoDB Local. Either both are stored or neither.
 */
class DynamoLedgerClaimingIT {
    private static final Instant PAID = Instant.parse("2026-11-26T03:00:00Z");
    private static final Instant NOW = PAID.plusSeconds(3600);

    private DynamoLedger ledger;
    private Checkout paid;

    @BeforeEach
    void aStoredPaidCheckout() {
        ledger = TestAws.create().ledger();
        paid = Checkouts.aCheckout().paidAt(PAID).build();
        ledger.create(paid, null);
        paid = ledger.find(paid.id()).orElseThrow();
    }

    private Checkout withRefund(Checkout c, long amount) {
        String id = CheckoutIds.refundId(c.id(), c.refunds().size() + 1);
        return c.withRefund(Refund.requested(id, c.payments().getFirst().id(), amount, RefundReason.OVERPAID,
                List.of(new RefundLine(0, 0, "juminhyo", "131016", amount)), null, null, null, "key_0123456789abcdef", NOW));
    }

    private static IdempotencyClaim claim(String fingerprint, Instant at) {
        return new IdempotencyClaim("key_0123456789abcdef", "a".repeat(64), fingerprint, at.plus(CreateCheckout.IDEMPOTENCY_WINDOW));
    }

    @Test
    void theRefundAndItsKeyAreStoredTogetherAndTheKeyThenNamesTheRefund() {
        Checkout next = withRefund(paid, 100);
        UpdateResult.Updated updated = assertInstanceOf(UpdateResult.Updated.class,
                ledger.updateClaiming(next, claim("fp-1", NOW), next.refunds().getLast().id()));
        assertEquals(paid.version() + 1, updated.checkout().version());
        assertEquals(updated.checkout(), ledger.find(paid.id()).orElseThrow());
        assertEquals(new CreateResult.KeyTaken(next.refunds().getLast().id(), "fp-1"), ledger.claimOf(claim("fp-2", NOW)).orElseThrow());

        Checkout again = withRefund(updated.checkout(), 100);
        UpdateResult.KeyTaken taken = assertInstanceOf(UpdateResult.KeyTaken.class,
                ledger.updateClaiming(again, claim("fp-2", NOW), again.refunds().getLast().id()));
        assertEquals(next.refunds().getLast().id(), taken.taken().checkoutId());
        assertEquals("fp-1", taken.taken().fingerprint());
        assertEquals(1, ledger.find(paid.id()).orElseThrow().refunds().size(), "the checkout was not written");
    }

    @Test
    void aStaleVersionStoresNeitherTheCheckoutNorTheKey() {
        Checkout first = withRefund(paid, 100);
        assertInstanceOf(UpdateResult.Updated.class, ledger.updateClaiming(first, null, first.refunds().getLast().id()));
        Checkout stale = withRefund(paid, 200); // computed from the version before
        assertInstanceOf(UpdateResult.Conflict.class, ledger.updateClaiming(stale, claim("fp", NOW), "rfd_x"));
        assertTrue(ledger.claimOf(claim("fp", NOW)).isEmpty(), "the key is still free");
        assertEquals(100, ledger.find(paid.id()).orElseThrow().refunds().getFirst().amount());
    }

    @Test
    void aKeyIsFreeAgainOnceItsWindowHasPassed() {
        Checkout next = withRefund(paid, 100);
        ledger.updateClaiming(next, claim("fp-1", NOW), next.refunds().getLast().id());
        Instant later = NOW.plus(CreateCheckout.IDEMPOTENCY_WINDOW).plusSeconds(1);
        assertTrue(ledger.claimOf(claim("fp-2", later)).isEmpty());
        Checkout again = withRefund(ledger.find(paid.id()).orElseThrow(), 100);
        assertInstanceOf(UpdateResult.Updated.class, ledger.updateClaiming(again, claim("fp-2", later), again.refunds().getLast().id()));
    }
}
