package jp.kokin.settlement.run;

import static jp.kokin.settlement.run.RunFixture.DAY;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;

import jp.kokin.adapters.json.Json;
import jp.kokin.domain.checkout.Change;
import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.checkout.PaymentEvent;
import jp.kokin.domain.checkout.PaymentMethod;
import jp.kokin.domain.checkout.TestCatalogs;
import jp.kokin.domain.checkout.TestCheckouts;
import jp.kokin.domain.format.zengin.TransferFile;
import jp.kokin.domain.format.zengin.ZenginReader;
import jp.kokin.domain.format.zengin.Transfer;
import jp.kokin.domain.settlement.RunState;
import jp.kokin.domain.settlement.SettlementCalculator;
import jp.kokin.domain.settlement.SettlementLine;
import jp.kokin.domain.settlement.SettlementRun;
import jp.kokin.domain.settlement.SettlementRunId;
import jp.kokin.domain.settlement.SettlementRunStore.ClaimOutcome;
import jp.kokin.domain.settlement.StoredObject;
import jp.kokin.settlement.run.FailingRunStore.Step;

/** Settlement runs over the in-memory ledger, run store and document store. */
class SettlementRunnerTest {
    private static final long SEED = 20261126L;
    private final RunFixture f = new RunFixture(SEED);

    private SettlementRunner.Outcome settle() {
        return f.runner().settle(DAY, f.deadline());
    }

    private static Instant jst(String localDateTime) {
        return java.time.LocalDateTime.parse(localDateTime).atZone(jp.kokin.domain.format.JapaneseDates.JST).toInstant();
    }

    /** Every line of every complete run of the day, by checkout id → run id; fails on a line in two runs. */
    private Map<String, String> linesByRun(LocalDate date) {
        Map<String, String> out = new HashMap<>();
        for (SettlementRun run : f.runs(date)) {
            f.store.forEachLine(run.id(), line -> {
                String before = out.put(line.checkoutId(), run.id().toString());
                assertNull(before, line.checkoutId() + " is in " + before + " and " + run.id());
            });
        }
        return out;
    }

    private void assertEveryLineInExactlyOneRun(List<Checkout> paid, LocalDate date) {
        Map<String, String> lines = linesByRun(date);
        for (Checkout c : paid) {
            String run = f.checkouts.stored(c.id()).settlementRunId();
            assertNotNull(run, c.id() + " is not in a run");
            assertEquals(run, lines.get(c.id()), c.id() + ": the checkout's claim and the run's batches agree");
        }
        assertEquals(paid.size(), lines.size());
        assertTrue(f.store.openRun().isEmpty(), "no run is left open");
    }

    private String text(StoredObject o) {
        byte[] bytes = f.documents.bytes(o.key()).orElseThrow();
        assertEquals(o.sha256(), jp.kokin.domain.settlement.InMemoryDocumentStore.sha256(bytes), o.key());
        assertEquals(o.bytes(), bytes.length);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void a_run_settles_every_payment_of_the_day_once_and_nothing_of_the_next_day() {
        List<Checkout> paid = f.paidOnTheDay(40);
        Checkout nextDay = f.paid(jst("2026-11-27T00:00:01"));
        f.checkouts.put(TestCheckouts.created()); // never paid

        SettlementRunner.Outcome outcome = settle();

        assertEquals(1, outcome.completed().size());
        SettlementRun run = outcome.completed().getFirst();
        assertEquals("stl_20261126_001", run.id().toString());
        assertEquals(RunState.COMPLETE, run.state());
        assertEquals(40, run.count());
        assertEquals(0, run.carriedOver());
        assertEquals(4, outcome.creditors(), "千代田区, 新宿区, MOFA and 東京都");
        assertFalse(outcome.more());
        assertEveryLineInExactlyOneRun(paid, DAY);
        assertNull(f.checkouts.stored(nextDay.id()).settlementRunId(), "paid on the 27th in JST");
        long expected = paid.stream().mapToLong(Checkout::amount).sum();
        assertEquals(expected, run.amount());
        TransferFile file = ZenginReader.read(f.documents.bytes(run.transferFile().key()).orElseThrow());
        assertEquals(expected, file.transfers().stream().mapToLong(Transfer::amount).sum());
        assertEquals(4, file.transfers().size(), "one transfer per creditor");
        assertEquals("runs/2026-11-26/stl_20261126_001/transfer-file.txt", run.transferFile().key());
        assertEquals("text/plain; charset=Shift_JIS", run.transferFile().contentType());
    }

    @Test
    void each_creditor_gets_a_json_csv_and_html_statement_whose_hashes_are_recorded() {
        f.paidOnTheDay(12);

        SettlementRun run = settle().completed().getFirst();

        List<String> codes = new ArrayList<>();
        f.store.forEachStatement(run.id(), s -> {
            codes.add(s.creditorCode());
            String base = "runs/2026-11-26/stl_20261126_001/statements/" + s.creditorCode();
            assertEquals(base + ".json", s.json().key());
            assertEquals("application/json", s.json().contentType());
            assertEquals(base + ".csv", s.csv().key());
            assertEquals("text/csv; charset=utf-8", s.csv().contentType());
            assertEquals(base + ".html", s.html().key());
            assertEquals("text/html; charset=utf-8", s.html().contentType());
            JsonNode json = Json.parse(text(s.json()));
            assertEquals(s.count(), json.path("count").asLong());
            assertEquals(s.amount(), json.path("amount").asLong());
            assertEquals(s.count(), json.path("payments").size());
            long sum = 0;
            for (JsonNode p : json.path("payments")) {
                sum += p.path("amount").asLong();
                assertEquals("2026-11-26", p.path("deemedDate").asText());
                assertFalse(p.path("carriedOver").asBoolean());
            }
            assertEquals(s.amount(), sum);
            assertTrue(text(s.csv()).contains("計算書"));
            assertTrue(text(s.html()).contains("<h1>計算書</h1>"));
        });
        assertEquals(List.of(TestCatalogs.TOKYO, TestCatalogs.CHIYODA, TestCatalogs.SHINJUKU, TestCatalogs.MOFA), codes);
        JsonNode doc = Json.parse(text(run.document()));
        assertEquals("runs/2026-11-26/stl_20261126_001/run.json", run.document().key());
        assertEquals(run.id().toString(), doc.path("id").asText());
        assertEquals(12, doc.path("count").asLong());
        assertEquals(4, doc.path("statements").size());
        assertEquals(run.transferFile().sha256(), doc.path("transferFile").path("sha256").asText());
    }

    @Test
    void a_run_again_creates_a_run_only_for_late_payments_listed_as_carried_over() {
        List<Checkout> first = f.paidOnTheDay(10);
        SettlementRun one = settle().completed().getFirst();
        byte[] transferFile = f.documents.bytes(one.transferFile().key()).orElseThrow();
        // Notifications that came late: one deemed paid on the 25th, one on the 26th.
        Checkout of25th = f.paid(jst("2026-11-25T23:00:00"));
        Checkout of26th = f.paid(jst("2026-11-26T12:00:00"));

        SettlementRunner.Outcome again = settle();

        assertEquals(1, again.completed().size());
        SettlementRun two = again.completed().getFirst();
        assertEquals("stl_20261126_002", two.id().toString());
        assertEquals(2, two.count());
        assertEquals(1, two.carriedOver(), "the 25th's payment is carried over");
        assertEquals(600, two.amount());
        assertEquals(List.of(one, two), f.runs(DAY));
        assertArrayEquals(transferFile, f.documents.bytes(one.transferFile().key()).orElseThrow(),
                "the first run's transfer file never changes");
        assertEquals(1, f.documents.writes(one.transferFile().key()));
        List<Checkout> all = new ArrayList<>(first);
        all.add(of25th);
        all.add(of26th);
        assertEveryLineInExactlyOneRun(all, DAY);
        JsonNode statement = Json.parse(text(f.store.statement(two.id(), TestCatalogs.CHIYODA).orElseThrow().json()));
        assertEquals(1, statement.path("carriedOver").asLong());
        for (JsonNode p : statement.path("payments")) {
            boolean late = p.path("checkoutId").asText().equals(of25th.id());
            assertEquals(late ? "2026-11-25" : "2026-11-26", p.path("deemedDate").asText(), "under its own deemed date");
            assertEquals(late, p.path("carriedOver").asBoolean());
        }
        String csv = text(f.store.statement(two.id(), TestCatalogs.CHIYODA).orElseThrow().csv());
        assertTrue(csv.contains(of25th.id() + "," + of25th.winningPayment().orElseThrow().id() + ",300,2026-11-25T23:00:00+09:00,2026-11-25,繰越\r\n"), csv);
    }

    @Test
    void when_nothing_is_left_no_run_is_created_and_the_outcome_says_so() {
        f.paidOnTheDay(5);
        settle();

        SettlementRunner.Outcome again = settle();

        assertTrue(again.completed().isEmpty());
        assertFalse(again.more());
        assertTrue(again.message().startsWith("nothing to settle for 2026-11-26"), again.message());
        assertEquals(1, f.runs(DAY).size());
        assertEquals(2, f.store.nextSequence(DAY), "no run was opened and abandoned either");
    }

    @Test
    void a_day_without_payments_has_no_run() {
        SettlementRunner.Outcome outcome = f.runner().settle(LocalDate.parse("2026-11-24"), f.deadline());

        assertTrue(outcome.completed().isEmpty());
        assertTrue(f.documents.keys().isEmpty());
    }

    @Test
    void a_duplicate_payment_stays_out_and_the_winning_payment_is_settled() {
        Instant first = jst("2026-11-26T12:00:00");
        Checkout c = TestCheckouts.aCheckout().withId(f.checkoutId()).createdAt(first.minusSeconds(600)).build();
        c = ((Change.Changed) c.startPayment(PaymentMethod.PAYPAY, "sandbox", first.minusSeconds(300))).checkout();
        c = ((Change.Changed) c.startPayment(PaymentMethod.CARD, "sandbox", first.minusSeconds(200))).checkout();
        c = ((Change.Changed) c.applyPaymentEvent(c.payments().get(1).id(), PaymentEvent.SUCCEEDED, 300, first, first)).checkout();
        c = ((Change.Changed) c.applyPaymentEvent(c.payments().get(0).id(), PaymentEvent.SUCCEEDED, 300,
                first.plusSeconds(60), first.plusSeconds(60))).checkout();
        assertTrue(c.payments().get(0).duplicatePayment());
        f.checkouts.put(c);

        SettlementRun run = settle().completed().getFirst();

        assertEquals(1, run.count());
        assertEquals(300, run.amount(), "the duplicate's 300 yen is to be refunded, not settled");
        List<SettlementLine> lines = new ArrayList<>();
        f.store.forEachLine(run.id(), lines::add);
        assertEquals(c.payments().get(1).id(), lines.getFirst().paymentId());
    }

    @Test
    void an_open_claiming_run_is_rolled_forward_with_its_batches_and_the_rest() {
        List<Checkout> paid = f.paidOnTheDay(30);
        // A crashed invocation opened the run and claimed two batches.
        SettlementRun open = f.store.createRun(SettlementRun.open(new SettlementRunId(DAY, 1), f.clock.instant(),
                SettlementRunner.cutoff(DAY), SettlementCalculator.transferDate(DAY, 1))).orElseThrow();
        assertTrue(f.store.claim(open, "dead#000001", paid.subList(0, 5)) instanceof ClaimOutcome.Claimed);
        assertTrue(f.store.claim(open, "dead#000002", paid.subList(5, 9)) instanceof ClaimOutcome.Claimed);

        SettlementRunner.Outcome outcome = settle();

        assertEquals(List.of("stl_20261126_001"), outcome.completed().stream().map(r -> r.id().toString()).toList());
        assertEquals(30, outcome.completed().getFirst().count());
        assertEveryLineInExactlyOneRun(paid, DAY);
    }

    @Test
    void a_sealed_run_is_finished_as_sealed_and_the_rest_goes_to_a_new_run() {
        List<Checkout> paid = f.paidOnTheDay(30);
        SettlementRun open = f.store.createRun(SettlementRun.open(new SettlementRunId(DAY, 1), f.clock.instant(),
                SettlementRunner.cutoff(DAY), SettlementCalculator.transferDate(DAY, 1))).orElseThrow();
        f.store.claim(open, "dead#000001", paid.subList(0, 7));
        f.store.seal(open.id());

        SettlementRunner.Outcome outcome = settle();

        assertEquals(List.of(7L, 23L), outcome.completed().stream().map(SettlementRun::count).toList());
        assertEveryLineInExactlyOneRun(paid, DAY);
    }

    @ParameterizedTest(name = "crash at call {1} of {0}")
    @CsvSource({"CLAIM,2", "SEAL,1", "FOR_EACH_LINE,2", "PUT_STATEMENTS,1", "COMPLETE,1"})
    void an_invocation_that_crashes_at_any_step_is_finished_by_the_next_to_one_consistent_result(Step step, int k) {
        List<Checkout> paid = f.paidOnTheDay(300);
        FailingRunStore failing = new FailingRunStore(f.store).failAt(step, k);
        SettlementRunner crashing = f.runner(failing, f.documents,
                new SettlementRunner.Limits(1_000, 0.3, 1));

        assertThrows(FailingRunStore.Crash.class, () -> crashing.settle(DAY, f.deadline()));
        assertTrue(f.store.openRun().isPresent(), "the crash left the run open");

        SettlementRunner.Outcome next = settle();

        assertEquals(1, f.runs(DAY).size(), "one run, finished by the next invocation");
        assertEquals(300, f.runs(DAY).getFirst().count());
        assertFalse(next.more());
        assertEveryLineInExactlyOneRun(paid, DAY);
        SettlementRun run = f.runs(DAY).getFirst();
        f.store.forEachStatement(run.id(), s -> text(s.json()));
        text(run.document());
        text(run.transferFile());
    }

    @Test
    void documents_written_again_by_a_roll_forward_are_the_same_bytes() {
        f.paidOnTheDay(50);
        FailingRunStore failing = new FailingRunStore(f.store).failAt(Step.COMPLETE, 1);
        assertThrows(FailingRunStore.Crash.class, () -> f.runner(failing, f.documents, SettlementRunner.Limits.defaults())
                .settle(DAY, f.deadline()));
        Map<String, byte[]> before = new HashMap<>();
        f.documents.keys().forEach(k -> before.put(k, f.documents.bytes(k).orElseThrow()));
        f.clock.advance(Duration.ofMinutes(20));

        settle();

        assertEquals(before.keySet(), f.documents.keys());
        before.forEach((k, bytes) -> {
            assertArrayEquals(bytes, f.documents.bytes(k).orElseThrow(), k);
            assertEquals(2, f.documents.writes(k), k);
        });
    }

    @Test
    void the_per_run_cap_splits_a_day_into_runs_whose_counts_add_up() {
        List<Checkout> paid = f.paidOnTheDay(100);

        SettlementRunner.Outcome outcome = f.runner(new SettlementRunner.Limits(30, 0.3, 4)).settle(DAY, f.deadline());

        assertEquals(List.of(30L, 30L, 30L, 10L), outcome.completed().stream().map(SettlementRun::count).toList());
        assertEquals(List.of("stl_20261126_001", "stl_20261126_002", "stl_20261126_003", "stl_20261126_004"),
                outcome.completed().stream().map(r -> r.id().toString()).toList());
        assertFalse(outcome.more());
        assertEveryLineInExactlyOneRun(paid, DAY);
        long amount = outcome.completed().stream().mapToLong(SettlementRun::amount).sum();
        assertEquals(paid.stream().mapToLong(Checkout::amount).sum(), amount);
    }

    @Test
    void when_the_time_budget_runs_out_the_run_is_finished_and_the_rest_left_for_the_next_invocation() {
        List<Checkout> paid = f.paidOnTheDay(1_000);
        // Every claim takes a minute: with 15 minutes and a third kept for documents, claiming stops after ten.
        FailingRunStore slow = new FailingRunStore(f.store).before(Step.CLAIM, () -> f.clock.advance(Duration.ofMinutes(1)));
        SettlementRunner runner = f.runner(slow, f.documents, new SettlementRunner.Limits(500_000, 1.0 / 3, 1));

        SettlementRunner.Outcome first = runner.settle(DAY, f.deadline());

        assertTrue(first.more(), first.message());
        assertEquals(10, slow.calls(Step.CLAIM));
        assertEquals(1, first.completed().size());
        long settled = first.completed().getFirst().count();
        assertTrue(settled > 0 && settled < 1_000, "settled " + settled);
        assertTrue(f.store.openRun().isEmpty(), "the run was sealed and completed, not left open");

        SettlementRunner.Outcome second = runner.settle(DAY, f.deadline());

        assertFalse(second.more(), second.message());
        assertEquals(2, f.runs(DAY).size());
        assertEquals(1_000 - settled, f.runs(DAY).get(1).count());
        assertEveryLineInExactlyOneRun(paid, DAY);
    }

    @Test
    void a_claim_that_finds_checkouts_changed_retries_them_from_a_consistent_read() {
        List<Checkout> paid = f.paidOnTheDay(20);
        Set<String> bumped = new HashSet<>();
        FailingRunStore racing = new FailingRunStore(f.store).beforeClaim(batch -> {
            if (bumped.isEmpty()) {
                // A receipt writer updates a checkout after the runner read it: the claim fails and is retried.
                Checkout victim = f.checkouts.stored(batch.getFirst().id());
                f.checkouts.update(victim);
                bumped.add(victim.id());
            }
        });

        SettlementRunner.Outcome outcome = f.runner(racing, f.documents, new SettlementRunner.Limits(500_000, 0.3, 1))
                .settle(DAY, f.deadline());

        assertEquals(20, outcome.completed().getFirst().count());
        assertEveryLineInExactlyOneRun(paid, DAY);
        long shardsWithLines = paid.stream()
                .map(c -> jp.kokin.domain.settlement.InMemorySettlementRunStore.shardOf(c.id(), 16)).distinct().count();
        assertEquals(shardsWithLines + 1, racing.calls(Step.CLAIM), "one claim per shard and one retry");
    }

    @Test
    void a_checkout_claimed_elsewhere_meanwhile_is_left_to_that_run() {
        List<Checkout> paid = f.paidOnTheDay(20);
        Set<String> taken = new HashSet<>();
        FailingRunStore racing = new FailingRunStore(f.store).beforeClaim(batch -> {
            if (taken.isEmpty()) {
                Checkout victim = f.checkouts.stored(batch.getFirst().id());
                f.checkouts.update(victim.claimedBy("stl_20261125_001"));
                taken.add(victim.id());
            }
        });

        SettlementRun run = f.runner(racing, f.documents, new SettlementRunner.Limits(500_000, 0.3, 1))
                .settle(DAY, f.deadline()).completed().getFirst();

        assertEquals(19, run.count());
        String victim = taken.iterator().next();
        assertEquals("stl_20261125_001", f.checkouts.stored(victim).settlementRunId());
        assertFalse(linesByRun(DAY).containsKey(victim));
    }

    @Test
    void two_invocations_at_once_give_one_consistent_result() throws Exception {
        List<Checkout> paid = f.paidOnTheDay(2_000);
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService two = Executors.newFixedThreadPool(2);
        try {
            List<Future<SettlementRunner.Outcome>> outcomes = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                SettlementRunner runner = f.runner(new SettlementRunner.Limits(500, 0.3, 4));
                outcomes.add(two.submit(() -> {
                    start.await();
                    return runner.settle(DAY, f.deadline());
                }));
            }
            start.countDown();
            for (Future<SettlementRunner.Outcome> o : outcomes) {
                assertFalse(o.get().more());
            }
        } finally {
            two.shutdownNow();
        }

        assertEveryLineInExactlyOneRun(paid, DAY);
        List<SettlementRun> runs = f.runs(DAY);
        assertEquals(2_000, runs.stream().mapToLong(SettlementRun::count).sum());
        runs.forEach(r -> assertTrue(r.count() <= 1_000, r.id() + " has " + r.count()));
        assertEquals(runs.size(), f.store.nextSequence(DAY) - 1, "run ids have no gaps: no run was abandoned after claiming");
    }

    @Test
    void the_next_days_run_carries_over_a_late_payment_of_an_earlier_day() {
        f.paidOnTheDay(3);
        settle();
        Checkout late = f.paid(jst("2026-11-26T20:00:00"));
        f.clock.advance(Duration.ofDays(1));

        SettlementRun next = f.runner().settle(DAY.plusDays(1), f.deadline()).completed().getFirst();

        assertEquals("stl_20261127_001", next.id().toString());
        assertEquals(1, next.carriedOver());
        assertEquals(next.id().toString(), f.checkouts.stored(late.id()).settlementRunId());
    }

    @Test
    void a_run_another_invocation_abandoned_meanwhile_is_let_go() {
        List<Checkout> paid = f.paidOnTheDay(3);
        FailingRunStore racing = new FailingRunStore(f.store)
                // Between the look and the opening, the lines went elsewhere (here: an earlier run took them).
                .before(Step.CREATE_RUN, () -> paid.forEach(c ->
                        f.checkouts.update(f.checkouts.stored(c.id()).claimedBy("stl_20261125_001"))))
                // Another invocation found the run empty and abandoned it before this one sealed it.
                .before(Step.SEAL, () -> f.store.openRun().ifPresent(r -> f.store.abandon(r.id())));

        SettlementRunner.Outcome outcome = f.runner(racing, f.documents, SettlementRunner.Limits.defaults())
                .settle(DAY, f.deadline());

        assertTrue(outcome.completed().isEmpty());
        assertFalse(outcome.more());
        assertTrue(f.store.openRun().isEmpty());
        assertTrue(f.runs(DAY).isEmpty());
    }
}
