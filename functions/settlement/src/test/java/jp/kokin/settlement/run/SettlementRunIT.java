package jp.kokin.settlement.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import jp.kokin.adapters.documents.S3DocumentStore;
import jp.kokin.adapters.ledger.DynamoSettlementRuns;
import jp.kokin.adapters.testing.Checkouts;
import jp.kokin.adapters.testing.TestAws;
import jp.kokin.domain.catalog.FeeLine;
import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.checkout.TestClock;
import jp.kokin.domain.format.JapaneseDates;
import jp.kokin.domain.settlement.DocumentStore;
import jp.kokin.domain.settlement.SettlementRun;
import jp.kokin.domain.settlement.SettlementRunStore;
import jp.kokin.domain.settlement.StoredObject;
import jp.kokin.settlement.run.FailingRunStore.Step;

/**
 * Settlement runs on DynamoDB Local and the embedded S3 server: an invocation that crashes at any
 * step is finished by the next to one consistent result, two invocations at once give one result,
 * and a late payment lands in a run of its own without touching the first.
 */
class SettlementRunIT {
    private static final LocalDate DAY = LocalDate.parse("2026-11-26");
    private static final long SEED = 10L;

    private TestAws aws;
    private SettlementRunStore runs;
    private DocumentStore documents;
    private final TestClock clock = new TestClock(Instant.parse("2026-11-26T15:30:00Z"));
    private final Random random = new Random(SEED);
    private final List<Checkout> paid = new ArrayList<>();

    @BeforeEach
    void paymentsOfTheDay() {
        System.out.println("SettlementRunIT seed " + SEED);
        aws = TestAws.create();
        runs = new DynamoSettlementRuns(aws.dynamoDb(), aws.ledgerTable());
        documents = S3DocumentStore.fromEnv(aws.env("SettlementFunction"));
        Instant start = DAY.atStartOfDay(JapaneseDates.JST).toInstant();
        for (int i = 0; i < 240; i++) {
            Checkouts b = Checkouts.aCheckout().paidAt(start.plusSeconds(60 + i * 331L % 86_000));
            if (i % 5 == 0) {
                b = b.forOrganization("130001").withProcedure("passport-10y", new FeeLine("MOFA", 14000), new FeeLine("130001", 2000));
            } else if (i % 5 == 1) {
                b = b.forOrganization("131041");
            }
            paid.add(store(b.build()));
        }
        store(Checkouts.aCheckout().paidAt(Instant.parse("2026-11-26T15:00:01Z")).build()); // the 27th in JST
    }

    private Checkout store(Checkout c) {
        aws.ledger().create(c, null);
        return c;
    }

    private SettlementRunner runner(SettlementRunStore store, DocumentStore docs, SettlementRunner.Limits limits) {
        return new SettlementRunner(store, docs, aws.catalog(clock), clock,
                () -> String.format("%012x", random.nextLong() & 0xffff_ffff_ffffL), limits);
    }

    private SettlementRunner runner() {
        return runner(runs, documents, SettlementRunner.Limits.defaults());
    }

    private Instant deadline() {
        return clock.instant().plus(Duration.ofMinutes(15));
    }

    private static String sha256(InputStream in) throws IOException {
        try (in) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(in.readAllBytes());
            return HexFormat.of().formatHex(sha.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private byte[] bytes(StoredObject o) throws IOException {
        try (InputStream in = documents.open(o.key()).orElseThrow()) {
            return in.readAllBytes();
        }
    }

    /** No line in two runs, none lost, no run open, every complete run's documents match their SHA-256. */
    private void assertOneConsistentResult(List<Checkout> expected) throws IOException {
        assertTrue(runs.openRun().isEmpty(), "no run is left open");
        Map<String, String> lineRun = new HashMap<>();
        long total = 0;
        for (SettlementRun run : runs.runsOn(DAY)) {
            runs.forEachLine(run.id(), line -> {
                String before = lineRun.put(line.checkoutId(), run.id().toString());
                assertNull(before, line.checkoutId() + " is in " + before + " and " + run.id());
            });
            total += run.count();
            List<StoredObject> objects = new ArrayList<>();
            objects.add(run.document());
            if (run.transferFile() != null) {
                objects.add(run.transferFile());
            }
            runs.forEachStatement(run.id(), s -> objects.addAll(List.of(s.json(), s.csv(), s.html())));
            for (StoredObject o : objects) {
                assertEquals(o.sha256(), sha256(documents.open(o.key()).orElseThrow()), o.key());
            }
        }
        for (Checkout c : expected) {
            String run = runs.checkout(c.id()).orElseThrow().settlementRunId();
            assertNotNull(run, c.id() + " is in no run");
            assertEquals(run, lineRun.get(c.id()), c.id() + ": the checkout's claim and the run's batches agree");
        }
        assertEquals(expected.size(), lineRun.size());
        assertEquals(expected.size(), total);
    }

    @ParameterizedTest(name = "crash at call {1} of {0}")
    @CsvSource({"CLAIM,3", "SEAL,1", "FOR_EACH_LINE,2", "PUT_STATEMENTS,1", "COMPLETE,1"})
    void an_invocation_that_crashes_at_a_store_step_is_finished_by_the_next(Step step, int k) throws IOException {
        FailingRunStore failing = new FailingRunStore(runs).failAt(step, k);

        assertThrows(FailingRunStore.Crash.class,
                () -> runner(failing, documents, new SettlementRunner.Limits(500_000, 0.3, 1)).settle(DAY, deadline()));
        assertTrue(runs.openRun().isPresent(), "the crash left the run open");

        SettlementRunner.Outcome next = runner().settle(DAY, deadline());

        assertFalse(next.more());
        assertEquals(1, runs.runsOn(DAY).size());
        assertOneConsistentResult(paid);
    }

    @ParameterizedTest(name = "crash at document {0}")
    @ValueSource(ints = {1, 7, 13})
    void an_invocation_that_crashes_while_writing_documents_is_finished_by_the_next(int k) throws IOException {
        assertThrows(FailingRunStore.Crash.class,
                () -> runner(runs, new FailingDocumentStore(documents, k), SettlementRunner.Limits.defaults()).settle(DAY, deadline()));

        runner().settle(DAY, deadline());

        assertEquals(1, runs.runsOn(DAY).size());
        assertOneConsistentResult(paid);
    }

    @Test
    void two_invocations_at_once_give_one_consistent_result() throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService two = Executors.newFixedThreadPool(2);
        try {
            List<Future<SettlementRunner.Outcome>> outcomes = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                SettlementRunner r = runner(runs, documents, new SettlementRunner.Limits(100, 0.3, 4));
                outcomes.add(two.submit(() -> {
                    start.await();
                    return r.settle(DAY, deadline());
                }));
            }
            start.countDown();
            for (Future<SettlementRunner.Outcome> o : outcomes) {
                assertFalse(o.get().more());
            }
        } finally {
            two.shutdownNow();
        }

        List<SettlementRun> done = runs.runsOn(DAY);
        assertTrue(done.size() >= 2, "split at 100 a run: " + done.size() + " runs");
        // Each invocation counts up to the cap what it claims into the open run: two at once, up to twice.
        done.forEach(r -> assertTrue(r.count() <= 200, r.id() + " has " + r.count()));
        assertOneConsistentResult(paid);
    }

    @Test
    void a_late_payment_lands_in_a_second_run_and_the_first_runs_transfer_file_never_changes() throws IOException {
        SettlementRun first = runner().settle(DAY, deadline()).completed().getFirst();
        byte[] file = bytes(first.transferFile());
        Checkout late = store(Checkouts.aCheckout().paidAt(Instant.parse("2026-11-25T10:00:00Z")).build()); // the 25th

        SettlementRunner.Outcome again = runner().settle(DAY, deadline());

        SettlementRun second = again.completed().getFirst();
        assertEquals("stl_20261126_002", second.id().toString());
        assertEquals(1, second.count());
        assertEquals(1, second.carriedOver());
        assertArrayEquals(file, bytes(runs.run(first.id()).orElseThrow().transferFile()));
        assertEquals(first.transferFile(), runs.run(first.id()).orElseThrow().transferFile());
        List<Checkout> all = new ArrayList<>(paid);
        all.add(late);
        assertOneConsistentResult(all);
        assertEquals(paid.size() + 1, runs.runsOn(DAY).stream().mapToLong(SettlementRun::count).sum());

        SettlementRunner.Outcome third = runner().settle(DAY, deadline());

        assertTrue(third.completed().isEmpty());
        assertTrue(third.message().startsWith("nothing to settle"), third.message());
        assertEquals(2, runs.runsOn(DAY).size());
    }

    private static com.fasterxml.jackson.databind.JsonNode invoke(jp.kokin.settlement.SettlementJobHandler job, String event)
            throws IOException {
        var out = new java.io.ByteArrayOutputStream();
        job.handleRequest(new java.io.ByteArrayInputStream(event.getBytes(java.nio.charset.StandardCharsets.UTF_8)), out, null);
        return jp.kokin.adapters.json.Json.parse(out.toString(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void the_job_through_its_real_constructor_settles_the_day_and_the_watch_finds_a_late_payment() throws IOException {
        var job = new jp.kokin.settlement.SettlementJobHandler(
                jp.kokin.settlement.SettlementJobWiring.fromEnv(aws.env("SettlementFunction")));

        var answer = invoke(job, "{\"businessDate\":\"2026-11-26\"}");

        assertEquals("stl_20261126_001", answer.path("runId").asText(), answer.toString());
        assertEquals(paid.size(), answer.path("payments").asLong());
        assertEquals(4, answer.path("creditors").asInt());
        assertFalse(answer.path("more").asBoolean());
        assertOneConsistentResult(paid);

        store(Checkouts.aCheckout().paidAt(Instant.parse("2026-11-26T03:00:00Z")).build()); // late: the 26th is settled

        var watch = invoke(job, "{\"action\":\"watch\"}");

        assertEquals("2026-11-26", watch.path("settledThrough").asText(), watch.toString());
        assertEquals(1, watch.path("latePayments").asLong());
    }
}
