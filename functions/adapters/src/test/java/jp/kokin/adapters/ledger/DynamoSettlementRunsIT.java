package jp.kokin.adapters.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import jp.kokin.adapters.testing.Checkouts;
import jp.kokin.adapters.testing.TestAws;
import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.checkout.Result;
import jp.kokin.domain.receipt.ReceiptService;
import jp.kokin.domain.settlement.ProcedureTotal;
import jp.kokin.domain.settlement.RunState;
import jp.kokin.domain.settlement.RunStatement;
import jp.kokin.domain.settlement.SettlementLine;
import jp.kokin.domain.settlement.SettlementRun;
import jp.kokin.domain.settlement.SettlementRunId;
import jp.kokin.domain.settlement.SettlementRunStore.ClaimOutcome;
import jp.kokin.domain.settlement.SettlementRunStore.UnsettledPage;
import jp.kokin.domain.settlement.StoredObject;

/** Settlement runs on DynamoDB Local: every paid checkout is claimed by exactly one run, once. */
class DynamoSettlementRunsIT {
    private static final Instant PAID = Instant.parse("2026-11-29T03:00:00Z");
    private static final LocalDate DAY = LocalDate.parse("2026-11-29");
    /** The end of {@link #DAY} in JST. */
    private static final Instant CUTOFF = Instant.parse("2026-11-29T15:00:00Z");

    private DynamoLedger ledger;
    private DynamoSettlementRuns runs;
    private String ledgerTable;

    @BeforeEach
    void freshTables() {
        TestAws aws = TestAws.create();
        ledger = aws.ledger();
        ledgerTable = aws.ledgerTable();
        runs = DynamoSettlementRuns.fromEnv(aws.dynamoDb(), Map.of("LEDGER_TABLE", aws.ledgerTable()));
    }

    private List<Checkout> paid(int n, Instant from) {
        List<Checkout> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Checkout c = Checkouts.aCheckout().paidAt(from.plusSeconds(i)).build();
            ledger.create(c, null);
            list.add(c);
        }
        return list;
    }

    private SettlementRun open(LocalDate date) {
        SettlementRunId id = new SettlementRunId(date, runs.nextSequence(date));
        return runs.createRun(SettlementRun.open(id, PAID, date.plusDays(1).atStartOfDay(ZoneOffset.ofHours(9)).toInstant(),
                date.plusDays(2))).orElseThrow();
    }

    private static StoredObject object(SettlementRunId id, String name) {
        return new StoredObject("runs/" + id.businessDate() + "/" + id + "/" + name, "0f".repeat(32), 10, "application/json");
    }

    private SettlementRun completed(SettlementRun run, Instant at) {
        return run.completed(0, 0, 0, 0, null, object(run.id(), "run.json"), at);
    }

    private List<SettlementLine> lines(SettlementRunId id) {
        List<SettlementLine> lines = new ArrayList<>();
        runs.forEachLine(id, lines::add);
        return lines;
    }

    private List<Checkout> unsettled(Instant before) {
        List<Checkout> all = new ArrayList<>();
        for (int shard = 0; shard < runs.shards(); shard++) {
            String cursor = null;
            do {
                UnsettledPage page = runs.unsettled(shard, before, cursor, 100);
                all.addAll(page.checkouts());
                cursor = page.cursor();
            } while (cursor != null);
        }
        return all;
    }

    private static Set<String> ids(List<Checkout> checkouts) {
        Set<String> ids = new HashSet<>();
        checkouts.forEach(c -> ids.add(c.id()));
        return ids;
    }

    @Test
    void aCheckoutReadAtAnOldVersionIsRefusedAndNothingOfTheBatchIsClaimed() {
        List<Checkout> read = paid(3, PAID);
        ledger.update(read.get(1)).orElseThrow(); // someone wrote it since (version 0 → 1)
        SettlementRun run = open(DAY);

        var outcome = runs.claim(run, "a#000001", read);

        assertEquals(new ClaimOutcome.Changed(Set.of(read.get(1).id())), outcome);
        assertEquals(List.of(), lines(run.id()), "no batch stored");
        for (Checkout c : read) {
            assertNull(runs.checkout(c.id()).orElseThrow().settlementRunId(), c.id() + " not claimed");
        }
        assertEquals(ids(read), ids(unsettled(CUTOFF)), "all three still on the work list");

        List<Checkout> reread = read.stream().map(c -> runs.checkout(c.id()).orElseThrow()).toList();
        assertInstanceOf(ClaimOutcome.Claimed.class, runs.claim(run, "a#000002", reread), "claimed once re-read");
    }

    @Test
    void aClaimIntoASealedRunIsRunClosedAndClaimsNothing() {
        List<Checkout> read = paid(2, PAID);
        SettlementRun run = open(DAY);
        assertEquals(RunState.SEALED, runs.seal(run.id()).state());
        assertEquals(RunState.SEALED, runs.seal(run.id()).state(), "sealing again changes nothing");

        assertInstanceOf(ClaimOutcome.RunClosed.class, runs.claim(run, "a#000001", read));
        assertEquals(List.of(), lines(run.id()));
        assertEquals(ids(read), ids(unsettled(CUTOFF)));
        read.forEach(c -> assertEquals(0, runs.checkout(c.id()).orElseThrow().version(), "not written"));
    }

    /** Two invocations claim overlapping work lists into the same run at once, in random batches. */
    @Test
    void twoClaimersOfOverlappingCheckoutsClaimEveryCheckoutExactlyOnce() throws Exception {
        long seed = Long.getLong("kokin.seed", 20261201L); // -Dkokin.seed=… to try others
        System.out.println("twoClaimersOfOverlappingCheckoutsClaimEveryCheckoutExactlyOnce seed=" + seed);
        Random random = new Random(seed);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 3; round++) {
                List<Checkout> all = paid(40, PAID.plusSeconds(round * 100L));
                SettlementRun run = open(DAY);
                List<Checkout> first = new ArrayList<>(all.subList(0, 28));
                List<Checkout> second = new ArrayList<>(all.subList(12, 40));
                Collections.shuffle(first, random);
                Collections.shuffle(second, random);
                CountDownLatch start = new CountDownLatch(1);
                refusedOverlap.set(0);
                int seedA = random.nextInt();
                int seedB = random.nextInt();
                Future<List<SettlementLine>> a = pool.submit(() -> claimAll(run, "a", first, new Random(seedA), start));
                Future<List<SettlementLine>> b = pool.submit(() -> claimAll(run, "b", second, new Random(seedB), start));
                start.countDown();
                List<SettlementLine> claimed = new ArrayList<>(a.get());
                claimed.addAll(b.get());

                List<SettlementLine> stored = lines(run.id());
                assertEquals(40, stored.size(), "round " + round + ": every checkout once (seed " + seed + ")");
                assertEquals(ids(all), new HashSet<>(stored.stream().map(SettlementLine::checkoutId).toList()));
                assertEquals(new HashSet<>(claimed), new HashSet<>(stored), "the batches hold what the claims returned");
                for (Checkout c : all) {
                    assertEquals(run.id().toString(), runs.checkout(c.id()).orElseThrow().settlementRunId());
                }
                assertEquals(List.of(), unsettled(CUTOFF), "nothing left to claim");
                assertEquals(16, refusedOverlap.get(), "each of the 16 shared checkouts was refused, once, to the claimer "
                        + "that came second");
                runs.seal(run.id());
                runs.complete(completed(run, PAID.plusSeconds(round)));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private final java.util.concurrent.atomic.AtomicInteger refusedOverlap = new java.util.concurrent.atomic.AtomicInteger();

    /** A runner's claim loop: batches of 1..12, re-reading the checkouts a claim found changed. */
    private List<SettlementLine> claimAll(SettlementRun run, String claimer, List<Checkout> work, Random random,
                                          CountDownLatch start) throws InterruptedException {
        start.await();
        List<SettlementLine> claimed = new ArrayList<>();
        List<Checkout> todo = new ArrayList<>(work);
        int batch = 0;
        while (!todo.isEmpty()) {
            int n = Math.min(todo.size(), 1 + random.nextInt(12));
            List<Checkout> chunk = new ArrayList<>(todo.subList(0, n));
            var outcome = runs.claim(run, claimer + "#" + String.format("%06d", ++batch), chunk);
            switch (outcome) {
                case ClaimOutcome.Claimed c -> {
                    claimed.addAll(c.lines());
                    todo.subList(0, n).clear();
                }
                case ClaimOutcome.Changed changed -> {
                    for (String id : changed.checkoutIds()) {
                        int at = indexOf(todo, id);
                        Optional<Checkout> now = runs.checkout(id).filter(Checkout::awaitingSettlement);
                        if (now.isPresent()) {
                            todo.set(at, now.get());
                        } else {
                            todo.remove(at); // the other claimer has it
                            refusedOverlap.incrementAndGet();
                        }
                    }
                }
                case ClaimOutcome.RunClosed closed -> throw new AssertionError("the run was closed under " + claimer);
            }
        }
        return claimed;
    }

    private static int indexOf(List<Checkout> list, String id) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).id().equals(id)) {
                return i;
            }
        }
        throw new AssertionError(id + " not in the work list");
    }

    @Test
    void onlyOneRunIsOpenAtATime() {
        SettlementRun first = open(DAY);
        assertEquals(Optional.of(first), runs.openRun());

        SettlementRunId other = new SettlementRunId(DAY.plusDays(1), 1);
        assertEquals(Optional.empty(), runs.createRun(SettlementRun.open(other, PAID, CUTOFF.plusSeconds(86_400), DAY.plusDays(3))));
        assertEquals(Optional.empty(), runs.run(other), "nothing of the refused run stored");
        assertEquals(Optional.empty(), runs.createRun(first), "nor the same run twice");

        runs.abandon(first.id()); // it claimed nothing
        assertEquals(Optional.empty(), runs.openRun());
        assertEquals(Optional.of(RunState.ABANDONED), runs.run(first.id()).map(SettlementRun::state), "kept as a tombstone");
        assertEquals(2, runs.nextSequence(DAY), "an abandoned run's id is never given to another run");
        assertEquals(List.of(), runs.runsOn(DAY), "and it is not listed");
        assertTrue(runs.createRun(SettlementRun.open(other, PAID, CUTOFF.plusSeconds(86_400), DAY.plusDays(3))).isPresent());
    }

    @Test
    void aSlotNamingARunThatIsGoneDoesNotBlockTheNextRun() {
        SettlementRun run = open(DAY);
        TestAws.embedded().dynamoDb().deleteItem(b -> b.tableName(ledgerTable).key(DynamoSettlementRuns.runKey(run.id()))); // by hand
        assertEquals(Optional.empty(), runs.openRun());
        assertTrue(runs.createRun(SettlementRun.open(run.id(), PAID, CUTOFF, DAY.plusDays(2))).isPresent());
    }

    @Test
    void aRunThatClaimedLinesCannotBeAbandoned() {
        SettlementRun run = open(DAY);
        assertInstanceOf(ClaimOutcome.Claimed.class, runs.claim(run, "a#000001", paid(1, PAID)));
        assertThrows(IllegalStateException.class, () -> runs.abandon(run.id()));
        assertEquals(1, lines(run.id()).size());
        assertEquals(Optional.of(RunState.SEALED), runs.openRun().map(SettlementRun::state), "sealed by the attempt, still open");
    }

    @Test
    void aClaimedCheckoutLeavesTheUnsettledListAndKeepsItsRunThroughALaterReceipt() {
        Checkout checkout = paid(1, PAID).getFirst();
        assertEquals(List.of(checkout), unsettled(CUTOFF));
        SettlementRun run = open(DAY);
        assertInstanceOf(ClaimOutcome.Claimed.class, runs.claim(run, "a#000001", List.of(checkout)));
        assertEquals(List.of(), unsettled(CUTOFF));

        var issued = new ReceiptService(ledger, jp.kokin.domain.checkout.TestCatalogs::standard, Clock.fixed(PAID.plusSeconds(60), ZoneOffset.UTC)).issue(checkout.id());
        assertInstanceOf(Result.Ok.class, issued);

        Checkout stored = runs.checkout(checkout.id()).orElseThrow();
        assertNotNull(stored.receipt(), "the receipt was issued after the claim");
        assertEquals(run.id().toString(), stored.settlementRunId(), "and the claim survived it");
        assertEquals(2, stored.version());
        assertEquals(List.of(), unsettled(CUTOFF), "not back on the work list");
    }

    @Test
    void theUnsettledListPagesThroughEachShardOldestFirstUpToTheCutoff() {
        List<Checkout> before = paid(30, CUTOFF.minusSeconds(100));
        paid(5, CUTOFF); // paid at the cutoff or later: the next day's
        Map<Integer, List<Checkout>> byShard = new HashMap<>();
        for (Checkout c : before) {
            byShard.computeIfAbsent(Integer.parseInt(DynamoLedger.settleShard(c.id())), k -> new ArrayList<>()).add(c);
        }
        int pages = 0;
        for (int shard = 0; shard < 16; shard++) {
            List<Checkout> read = new ArrayList<>();
            String cursor = null;
            do {
                UnsettledPage page = runs.unsettled(shard, CUTOFF, cursor, 2);
                assertTrue(page.checkouts().size() <= 2);
                read.addAll(page.checkouts());
                cursor = page.cursor();
                pages++;
            } while (cursor != null);
            assertEquals(byShard.getOrDefault(shard, List.of()), read, "shard " + shard + ": its checkouts, oldest first");
        }
        assertTrue(pages > 16, "some shard took more than one page: " + pages);
    }

    @Test
    void completingIsIdempotentAndMovesTheLatestSettledDateForwardOnly() {
        assertEquals(Optional.empty(), runs.latestSettledDate());
        SettlementRun run = open(DAY);
        runs.claim(run, "a#000001", paid(1, PAID));
        assertThrows(IllegalStateException.class, () -> runs.complete(completed(run, PAID)), "a claiming run is not complete");
        runs.seal(run.id());
        SettlementRun done = runs.complete(completed(run, PAID.plusSeconds(10)));
        assertEquals(done, runs.complete(completed(run, PAID.plusSeconds(99))), "completing again returns the stored run");
        assertEquals(PAID.plusSeconds(10), runs.run(run.id()).orElseThrow().completedAt());
        assertEquals(Optional.empty(), runs.openRun());
        assertEquals(Optional.of(DAY), runs.latestSettledDate());

        SettlementRun late = open(DAY.minusDays(3)); // an earlier date settled later
        runs.seal(late.id());
        runs.complete(completed(late, PAID.plusSeconds(20)));
        assertEquals(Optional.of(DAY), runs.latestSettledDate(), "not moved back");

        SettlementRun second = open(DAY);
        assertEquals(2, second.id().sequence());
        runs.seal(second.id());
        runs.complete(completed(second, PAID.plusSeconds(30)));
        SettlementRun next = open(DAY.plusDays(1));
        runs.seal(next.id());
        runs.complete(completed(next, PAID.plusSeconds(40)));
        assertEquals(Optional.of(DAY.plusDays(1)), runs.latestSettledDate());
        assertEquals(List.of(run.id(), second.id()), runs.runsOn(DAY).stream().map(SettlementRun::id).toList());

        SettlementRun open = open(DAY);
        assertEquals(3, open.id().sequence());
        assertEquals(2, runs.runsOn(DAY).size(), "a run not complete is not listed");
    }

    @Test
    void forEachLineListsAThousandLinesBatchByBatchInBatchIdOrder() {
        List<Checkout> all = paid(1_000, PAID);
        SettlementRun run = open(DAY);
        Map<String, List<SettlementLine>> byBatch = new java.util.TreeMap<>();
        int batch = 0;
        for (int from = 0; from < all.size(); from += 98) {
            List<Checkout> chunk = all.subList(from, Math.min(all.size(), from + 98));
            assertEquals(chunk.size(), runs.claimSize(chunk));
            String batchId = (batch % 2 == 0 ? "z" : "a") + "#" + String.format("%06d", ++batch); // claimed out of id order
            var claimed = assertInstanceOf(ClaimOutcome.Claimed.class, runs.claim(run, batchId, chunk));
            byBatch.put(batchId, claimed.lines());
        }
        List<SettlementLine> expected = new ArrayList<>();
        byBatch.values().forEach(expected::addAll);

        assertEquals(expected, lines(run.id()));
        assertEquals(1_000, new HashSet<>(expected.stream().map(SettlementLine::checkoutId).toList()).size());
    }

    /** Batches over 1 MB come in several pages; each page's lines are handed on before the next page is read. */
    @Test
    void forEachLineHandsOnEachPageBeforeItReadsTheNext() {
        SettlementRun run = open(DAY);
        for (int batch = 1; batch <= 7; batch++) { // 7 batches of the 8 largest lines a batch takes: about 2.3 MB
            List<Checkout> largest = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                Checkout c = DynamoSettlementRunsTest.awaiting(CheckoutItemSizeTest.worstCase());
                ledger.create(c, null);
                largest.add(c);
            }
            assertInstanceOf(ClaimOutcome.Claimed.class, runs.claim(run, "a#" + String.format("%06d", batch), largest));
        }
        var embedded = TestAws.embedded();
        long before = embedded.counts().functions("DynamoDB_20120810.Query");
        List<Long> queriesAtLine = new ArrayList<>();
        runs.forEachLine(run.id(), line -> queriesAtLine.add(embedded.counts().functions("DynamoDB_20120810.Query") - before));

        assertEquals(56, queriesAtLine.size());
        assertEquals(1, queriesAtLine.getFirst(), "the first lines came from the first page alone");
        assertTrue(queriesAtLine.getLast() > 1, "the last ones from a later page: " + queriesAtLine);
    }

    /** What settlement adds per paid checkout: its share of one claim transaction (README, settlement). */
    @Test
    void aClaimOfNinetyEightCheckoutsIsOneRequest() {
        List<Checkout> all = paid(98, PAID);
        SettlementRun run = open(DAY);
        var embedded = TestAws.embedded();
        embedded.resetCounts();
        assertInstanceOf(ClaimOutcome.Claimed.class, runs.claim(run, "a#000001", all));
        var report = embedded.capacity();
        System.out.print("A claim of 98 checkouts:\n" + report.format());
        var uses = report.functionsDynamoDb().stream().filter(u -> u.table().equals(ledgerTable)).toList();
        assertEquals(1, uses.stream().filter(u -> u.index() == null).mapToLong(u -> u.requests()).sum(), "one transaction");
        assertTrue(uses.stream().anyMatch(u -> DynamoLedger.UNSETTLED.equals(u.index()) && u.writeUnits() > 0),
                "the checkouts leave the Unsettled index: " + uses);
    }

    @Test
    void statementsAreStoredIdempotentlyAndListedInCreditorCodeOrder() {
        SettlementRun run = open(DAY);
        List<RunStatement> statements = new ArrayList<>();
        for (int i = 60; i > 0; i--) { // more than one BatchWriteItem, given out of order
            String code = String.format("13%04d", i);
            statements.add(new RunStatement(run.id(), code, "団体" + i, i, i * 300L, 0,
                    List.of(new ProcedureTotal("juminhyo", "住民票", i, i * 300L)), object(run.id(), code + ".json"),
                    object(run.id(), code + ".csv"), object(run.id(), code + ".html")));
        }
        runs.putStatements(statements);
        runs.putStatements(statements);

        List<RunStatement> listed = new ArrayList<>();
        runs.forEachStatement(run.id(), listed::add);
        List<RunStatement> expected = new ArrayList<>(statements);
        Collections.reverse(expected);
        assertEquals(expected, listed);
        assertEquals(Optional.of(statements.getFirst()), runs.statement(run.id(), "130060"));
        assertEquals(Optional.empty(), runs.statement(run.id(), "999999"));
        assertEquals(List.of(), lines(run.id()), "statements are not lines");
    }
}
