package jp.kokin.adapters.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import jp.kokin.adapters.testing.Checkouts;
import jp.kokin.adapters.testing.TestAws;
import jp.kokin.domain.catalog.FeeLine;
import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.checkout.CheckoutRepository;
import jp.kokin.domain.checkout.CheckoutRepository.IdempotencyClaim;
import jp.kokin.domain.checkout.Result;
import jp.kokin.domain.checkout.TestCatalogs;
import jp.kokin.domain.checkout.ReceiptRef;
import jp.kokin.domain.receipt.PayerNotice;
import jp.kokin.domain.receipt.Receipt;
import jp.kokin.domain.receipt.ReceiptLedger;
import jp.kokin.domain.receipt.ReceiptService;

/** The ledger's once-only writes, proven concurrently against DynamoDB Local. */
class DynamoLedgerIT {
    private static final Instant PAID = Instant.parse("2026-11-26T03:00:00Z");
    private DynamoLedger ledger;

    @BeforeEach
    void freshTables() {
        ledger = TestAws.create().ledger();
    }

    @Test
    void concurrentIssuersGiveEveryPaidCheckoutExactlyOneReceiptWithGaplessNumbers() throws Exception {
        List<Checkout> paid = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            Checkout c = Checkouts.aCheckout().paidAt(PAID.plusSeconds(i)).build();
            ledger.create(c, null);
            paid.add(c);
        }
        ReceiptService service = new ReceiptService(ledger, TestCatalogs::standard, Clock.fixed(PAID.plusSeconds(60), ZoneOffset.UTC));
        List<Callable<Result<ReceiptService.Issued>>> tasks = new ArrayList<>();
        for (Checkout c : paid) {
            for (int copy = 0; copy < 3; copy++) { // every message delivered three times, concurrently
                tasks.add(() -> service.issue(c.id()));
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Result<ReceiptService.Issued>>> results = pool.invokeAll(tasks);
        pool.shutdown();

        Set<String> numbers = new HashSet<>();
        for (Future<Result<ReceiptService.Issued>> f : results) {
            var ok = assertInstanceOf(Result.Ok.class, f.get());
            numbers.add(((ReceiptService.Issued) ok.value()).receipt().number());
        }
        Set<String> expected = new HashSet<>();
        for (int n = 1; n <= 12; n++) {
            expected.add(String.format("131016-2026-%07d", n));
        }
        assertEquals(expected, numbers, "numbers 1..12, no gap, no number twice");
        for (Checkout c : paid) {
            Checkout stored = ledger.find(c.id()).orElseThrow();
            assertTrue(numbers.contains(stored.receipt().number()));
            assertEquals(c.id(), ledger.findReceipt(stored.receipt().number()).orElseThrow().checkoutId());
        }
        assertEquals(12, ledger.lastSequence("131016", 2026));
        assertTrue(ledger.awaitingReceipt(PAID.plusSeconds(3600), 100).isEmpty(), "no checkout still awaits a receipt");
    }

    @Test
    void concurrentIssuersGiveEveryPassportOneReceiptAndOneNoticeWithGaplessNoticeNumbers() throws Exception {
        List<Checkout> paid = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Checkout passport = Checkouts.aCheckout().forOrganization(TestCatalogs.TOKYO).withProcedure(TestCatalogs.PASSPORT,
                    new FeeLine(TestCatalogs.MOFA, 14000), new FeeLine(TestCatalogs.TOKYO, 2000)).paidAt(PAID.plusSeconds(i)).build();
            ledger.create(passport, null);
            paid.add(passport);
        }
        for (int i = 0; i < 4; i++) { // municipal receipts in between take no notice number
            Checkout c = Checkouts.aCheckout().paidAt(PAID.plusSeconds(i)).build();
            ledger.create(c, null);
            paid.add(c);
        }
        var catalog = TestCatalogs.aTreasuryCatalog().build();
        ReceiptService service = new ReceiptService(ledger, () -> catalog, Clock.fixed(PAID.plusSeconds(60), ZoneOffset.UTC));
        List<Callable<Result<ReceiptService.Issued>>> tasks = new ArrayList<>();
        for (Checkout c : paid) {
            for (int copy = 0; copy < 2; copy++) { // every message delivered twice, concurrently
                tasks.add(() -> service.issue(c.id()));
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Result<ReceiptService.Issued>>> results = pool.invokeAll(tasks);
        pool.shutdown();

        Set<String> notices = new HashSet<>();
        Set<String> receipts = new HashSet<>();
        for (Future<Result<ReceiptService.Issued>> f : results) {
            var ok = assertInstanceOf(Result.Ok.class, f.get());
            Receipt receipt = ((ReceiptService.Issued) ok.value()).receipt();
            receipts.add(receipt.number());
            receipt.notices().forEach(n -> notices.add(n.number()));
        }
        Set<String> expected = new HashSet<>();
        for (int n = 1; n <= 10; n++) {
            expected.add(String.format("MOFA-2026-N%07d", n));
        }
        assertEquals(expected, notices, "notice numbers 1..10, no gap, no number twice");
        assertEquals(14, receipts.size());
        assertEquals(10, ledger.lastPayerNoticeSequence(TestCatalogs.MOFA, 2026));
        assertEquals(10, ledger.lastSequence(TestCatalogs.TOKYO, 2026));
        assertEquals(4, ledger.lastSequence("131016", 2026));
        for (Checkout c : paid.subList(0, 10)) {
            Receipt stored = ledger.findReceipt(ledger.find(c.id()).orElseThrow().receipt().number()).orElseThrow();
            assertEquals(1, stored.notices().size(), "stored with its notice");
            assertEquals(2000, stored.receiptAmount());
        }
    }

    @Test
    void aRefusedIssueSaysWhetherTheReceiptNumberOrANoticeNumberWasTaken() {
        var catalog = TestCatalogs.aTreasuryCatalog().build();
        ReceiptService service = new ReceiptService(ledger, () -> catalog, Clock.fixed(PAID.plusSeconds(60), ZoneOffset.UTC));
        Checkout first = passport(0);
        Checkout second = passport(1);
        Receipt firstReceipt = ((ReceiptService.Issued) assertInstanceOf(Result.Ok.class, service.issue(first.id())).value()).receipt();
        Checkout stale = ledger.find(second.id()).orElseThrow();
        PayerNotice noticeOne = firstReceipt.notices().getFirst(); // MOFA-2026-N0000001, already taken

        Receipt takesNoticeOneAgain = new Receipt("130001-2026-0000002", stale.id(), TestCatalogs.TOKYO, stale.reference(),
                stale.amount(), stale.items(), PAID, PAID.plusSeconds(60), "b".repeat(Receipt.TOKEN_LENGTH), List.of(noticeOne));
        assertEquals(ReceiptLedger.IssueResult.NOTICE_NUMBER_TAKEN, ledger.issue(stale.withReceipt(
                new ReceiptRef(takesNoticeOneAgain.number(), PAID, takesNoticeOneAgain.token())), takesNoticeOneAgain, 1, List.of(0L)));
        Receipt takesReceiptOneAgain = new Receipt("130001-2026-0000001", stale.id(), TestCatalogs.TOKYO, stale.reference(),
                stale.amount(), stale.items(), PAID, PAID.plusSeconds(60), "b".repeat(Receipt.TOKEN_LENGTH), List.of());
        assertEquals(ReceiptLedger.IssueResult.NUMBER_TAKEN, ledger.issue(stale.withReceipt(
                new ReceiptRef(takesReceiptOneAgain.number(), PAID, takesReceiptOneAgain.token())), takesReceiptOneAgain, 0, List.of()));
        assertEquals(1, ledger.lastPayerNoticeSequence(TestCatalogs.MOFA, 2026), "nothing moved");
        assertEquals("MOFA-2026-N0000002", ((ReceiptService.Issued) assertInstanceOf(Result.Ok.class,
                service.issue(second.id())).value()).receipt().notices().getFirst().number());
    }

    private Checkout passport(int second) {
        Checkout passport = Checkouts.aCheckout().forOrganization(TestCatalogs.TOKYO).withProcedure(TestCatalogs.PASSPORT,
                new FeeLine(TestCatalogs.MOFA, 14000), new FeeLine(TestCatalogs.TOKYO, 2000)).paidAt(PAID.plusSeconds(second)).build();
        ledger.create(passport, null);
        return passport;
    }

    @Test
    void concurrentCreatesWithOneIdempotencyKeyStoreOneCheckout() throws Exception {
        IdempotencyClaim claim = new IdempotencyClaim("myna", "keyhash", "fingerprint-a", PAID.plusSeconds(86_400));
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Callable<CheckoutRepository.CreateResult>> tasks = new ArrayList<>();
        List<Checkout> candidates = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Checkout c = Checkouts.aCheckout().createdAt(PAID).build();
            candidates.add(c);
            tasks.add(() -> ledger.create(c, claim));
        }
        List<Future<CheckoutRepository.CreateResult>> results = pool.invokeAll(tasks);
        pool.shutdown();
        int created = 0;
        Set<String> pointedTo = new HashSet<>();
        for (var f : results) {
            switch (f.get()) {
                case CheckoutRepository.CreateResult.Created c -> created++;
                case CheckoutRepository.CreateResult.KeyTaken t -> {
                    pointedTo.add(t.checkoutId());
                    assertEquals("fingerprint-a", t.fingerprint());
                }
            }
        }
        assertEquals(1, created);
        long stored = candidates.stream().filter(c -> ledger.find(c.id()).isPresent()).count();
        assertEquals(1, stored, "only the winner's checkout is stored: nothing half-stored");
        assertEquals(1, pointedTo.size());
        assertTrue(ledger.find(pointedTo.iterator().next()).isPresent());
    }

    @Test
    void anExpiredIdempotencyKeyCanBeUsedAgain() {
        IdempotencyClaim old = new IdempotencyClaim("myna", "k", "f1", PAID.minusSeconds(1));
        ledger.create(Checkouts.aCheckout().createdAt(PAID.minusSeconds(86_401)).build(), old);
        Checkout later = Checkouts.aCheckout().createdAt(PAID).build();
        var result = ledger.create(later, new IdempotencyClaim("myna", "k", "f2", PAID.plusSeconds(86_400)));
        assertInstanceOf(CheckoutRepository.CreateResult.Created.class, result);
    }

    @Test
    void twoWritersFromTheSameReadCannotBothWin() {
        Checkout c = Checkouts.aCheckout().createdAt(PAID).build();
        ledger.create(c, null);
        Checkout read = ledger.find(c.id()).orElseThrow();
        Checkout canceled = ((jp.kokin.domain.checkout.Change.Changed) read.cancel(PAID)).checkout();
        Checkout started = ((jp.kokin.domain.checkout.Change.Changed) read.startPayment(
                jp.kokin.domain.checkout.PaymentMethod.PAYPAY, "sandbox", PAID)).checkout();
        var stored = ledger.update(canceled);
        assertTrue(stored.isPresent());
        assertEquals(canceled.version() + 1, stored.get().version(), "returned as stored, at its new version");
        assertEquals(ledger.find(c.id()), stored);
        assertFalse(ledger.update(started).isPresent(), "the second writer must re-read");
        assertEquals("canceled", ledger.find(c.id()).orElseThrow().status().wire());
    }
}
