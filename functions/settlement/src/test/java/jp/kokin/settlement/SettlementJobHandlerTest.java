package jp.kokin.settlement;

import jp.kokin.domain.settlement.treasury.InMemoryPayInStore;
import static jp.kokin.settlement.run.RunFixture.DAY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;

import jp.kokin.adapters.json.Json;
import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.checkout.TestCatalogs;
import jp.kokin.domain.checkout.TestCheckouts;
import jp.kokin.domain.format.zengin.ZenginReader;
import jp.kokin.domain.settlement.SettlementRun;
import jp.kokin.adapters.testing.Logs;
import jp.kokin.settlement.run.RunFixture;
import jp.kokin.settlement.run.SettlementRunner;

/**
 * {@code SettlementFunction} over the in-memory ledger, run store and document store: what it
 * answers for each event. (Replaces the whole-day job's test of issue 9 and before; the scenarios are
 * the same, the job now settles in runs.)
 */
class SettlementJobHandlerTest {
    private final RunFixture f = new RunFixture(26L);
    private final SettlementJobHandler job = new SettlementJobHandler(new SettlementJobWiring(() -> f.catalog, f.store,
            f.documents, f.clock, f.claimerIds(), SettlementRunner.Limits.defaults(), new InMemoryPayInStore()));

    private void paid(Checkout created, Duration afterCreation) {
        f.checkouts.put(TestCheckouts.paid(created, created.createdAt().plus(afterCreation)));
    }

    /** 300 yen to 千代田区, 450 yen to 千代田区, and a passport: 14,000 yen to MOFA and 2,000 yen to 東京都. */
    private void paymentsOfTheDay() {
        paid(TestCheckouts.aCheckout().withItem(TestCatalogs.JUMINHYO, 1).build(), Duration.ofMinutes(5));
        paid(TestCheckouts.aCheckout().withItem(TestCatalogs.KOSEKI, 1).build(), Duration.ofMinutes(6));
        paid(TestCheckouts.aCheckout().forOrganization(TestCatalogs.TOKYO).withItem(TestCatalogs.PASSPORT, 1).build(),
                Duration.ofMinutes(7));
        f.checkouts.put(TestCheckouts.created()); // never paid
    }

    private JsonNode run(String event) throws IOException {
        var out = new ByteArrayOutputStream();
        job.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, null);
        return Json.parse(out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void the_job_settles_the_day_it_is_given_in_a_run_and_answers_a_summary() throws IOException {
        paymentsOfTheDay();

        JsonNode summary = run("{\"businessDate\":\"2026-11-26\"}");

        assertEquals("2026-11-26", summary.path("businessDate").asText());
        assertEquals("stl_20261126_001", summary.path("runId").asText());
        assertEquals("[\"stl_20261126_001\"]", summary.path("runs").toString());
        assertEquals(3, summary.path("payments").asLong(), "three payments (the passport's once)");
        assertEquals(3, summary.path("creditors").asInt(), "千代田区, 東京都 and MOFA");
        assertEquals(16_750, summary.path("amount").asLong());
        assertEquals(0, summary.path("carriedOver").asLong());
        SettlementRun stored = f.runs(DAY).getFirst();
        assertEquals(stored.transferDate().toString(), summary.path("transferDate").asText());
        assertFalse(summary.path("more").asBoolean());
        assertTrue(summary.hasNonNull("message"));
        byte[] file = f.documents.bytes(stored.transferFile().key()).orElseThrow();
        assertEquals(3, ZenginReader.read(file).transfers().size(), "one transfer per creditor");
    }

    @Test
    void with_mofa_paid_into_the_treasury_the_job_answers_its_pay_ins() throws IOException {
        paymentsOfTheDay();
        InMemoryPayInStore payIns = new InMemoryPayInStore();
        var treasury = jp.kokin.domain.checkout.TestCatalogs.aTreasuryCatalog().build();
        SettlementJobHandler national = new SettlementJobHandler(new SettlementJobWiring(() -> treasury, f.store,
                f.documents, f.clock, f.claimerIds(), SettlementRunner.Limits.defaults(), payIns));
        var out = new ByteArrayOutputStream();
        national.handleRequest(new ByteArrayInputStream("{\"businessDate\":\"2026-11-26\"}".getBytes(StandardCharsets.UTF_8)),
                out, null);
        JsonNode summary = Json.parse(out.toString(StandardCharsets.UTF_8));

        assertEquals(1, summary.path("payins").asInt());
        assertEquals(14_000, summary.path("payinAmount").asLong());
        assertEquals(2, summary.path("creditors").asInt(), "千代田区 and 東京都: 外務省 has no statement");
        assertEquals(16_750, summary.path("amount").asLong(), "every yen the run took");
        assertEquals(1, payIns.byBusinessDate(DAY).size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{}", "{\"businessDate\":null}", "  \n"})
    void without_a_date_the_job_settles_yesterday_in_japan(String event) throws IOException {
        paymentsOfTheDay();

        JsonNode summary = run(event);

        assertEquals(DAY.toString(), summary.path("businessDate").asText(), "00:30 JST on the 27th settles the 26th");
        assertEquals(16_750, summary.path("amount").asLong());
        assertEquals(1, f.runs(DAY).size());
    }

    @Test
    void a_day_without_payments_creates_no_run_and_says_so() throws IOException {
        paymentsOfTheDay();

        JsonNode summary = run("{\"businessDate\":\"2026-11-24\"}");

        assertTrue(summary.path("runId").isNull());
        assertEquals(0, summary.path("runs").size());
        assertEquals(0, summary.path("amount").asLong());
        assertTrue(summary.path("transferDate").isNull());
        assertTrue(summary.path("message").asText().startsWith("nothing to settle"), summary.toString());
        assertTrue(f.runs(LocalDate.parse("2026-11-24")).isEmpty());
    }

    @Test
    void running_again_creates_no_second_run_and_leaves_the_first_runs_documents_alone() throws IOException {
        paymentsOfTheDay();
        run("{\"businessDate\":\"2026-11-26\"}");
        SettlementRun first = f.runs(DAY).getFirst();
        f.clock.advance(Duration.ofHours(1));

        JsonNode again = run("{\"businessDate\":\"2026-11-26\"}");

        assertTrue(again.path("runId").isNull());
        assertEquals(List.of(first), f.runs(DAY));
        assertEquals(1, f.documents.writes(first.document().key()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"businessDate\":\"2026-13-01\"}", "{\"businessDate\":\"yesterday\"}", "[1]", "not json",
            "{\"action\":\"explode\"}"})
    void a_malformed_event_is_answered_with_an_error_and_settles_nothing(String event) throws IOException {
        paymentsOfTheDay();

        JsonNode answer = run(event);

        assertEquals("bad_event", answer.path("error").asText(), answer.toString());
        assertFalse(answer.path("message").asText().isEmpty());
        assertTrue(f.runs(DAY).isEmpty());
        assertTrue(f.documents.keys().isEmpty());
    }

    @Test
    void the_watch_reports_each_late_payment_and_the_count_as_a_metric() throws Exception {
        paymentsOfTheDay();
        run("{\"businessDate\":\"2026-11-26\"}");
        // Paid on the 26th in JST, but recorded after the 26th's run.
        Checkout late = TestCheckouts.paid(TestCheckouts.aCheckout().createdAt(Instant.parse("2026-11-26T10:00:00Z")).build(),
                Instant.parse("2026-11-26T10:05:00Z"));
        f.checkouts.put(late);
        // Paid on the 27th: not late.
        f.checkouts.put(TestCheckouts.paid(TestCheckouts.aCheckout().createdAt(Instant.parse("2026-11-26T15:10:00Z")).build(),
                Instant.parse("2026-11-26T15:15:00Z")));

        var watched = Logs.capture(() -> run("{\"action\":\"watch\"}"));
        JsonNode answer = watched.value();

        assertEquals("2026-11-26", answer.path("settledThrough").asText());
        assertEquals(1, answer.path("latePayments").asLong());
        List<JsonNode> lines = watched.lines();
        JsonNode error = lines.stream().filter(l -> "settlement.late_payment".equals(l.path("event").asText()))
                .findFirst().orElseThrow();
        assertEquals("ERROR", error.path("level").asText());
        assertEquals(late.id(), error.path("checkoutId").asText());
        assertEquals(late.winningPayment().orElseThrow().id(), error.path("paymentId").asText());
        assertEquals("2026-11-26", error.path("deemedDate").asText());
        assertEquals("2026-11-26", error.path("settledThrough").asText());
        JsonNode metric = lines.stream().filter(l -> l.has("_aws")).findFirst().orElseThrow();
        assertEquals("Kokin", metric.path("_aws").path("CloudWatchMetrics").get(0).path("Namespace").asText());
        assertEquals("LatePayments", metric.path("_aws").path("CloudWatchMetrics").get(0).path("Metrics").get(0)
                .path("Name").asText());
        assertEquals(1, metric.path("LatePayments").asLong());
    }

    @Test
    void the_watch_logs_a_hundred_late_payments_then_one_line_with_the_count() throws Exception {
        paymentsOfTheDay();
        run("{\"businessDate\":\"2026-11-26\"}");
        for (int i = 0; i < 130; i++) {
            f.paid(Instant.parse("2026-11-26T10:05:00Z").plusSeconds(i));
        }

        var watched = Logs.capture(() -> run("{\"action\":\"watch\"}"));

        assertEquals(130, watched.value().path("latePayments").asLong());
        List<JsonNode> errors = watched.event("settlement.late_payment");
        assertEquals(101, errors.size());
        assertEquals(130, errors.getLast().path("late").asLong());
    }

    @Test
    void before_any_run_the_watch_finds_nothing_late() throws IOException {
        paymentsOfTheDay();

        JsonNode answer = run("{\"action\":\"watch\"}");

        assertTrue(answer.path("settledThrough").isNull());
        assertEquals(0, answer.path("latePayments").asLong());
    }

    private static com.amazonaws.services.lambda.runtime.Context remaining(int millis) {
        return new com.amazonaws.services.lambda.runtime.Context() {
            public String getAwsRequestId() { return "req-1"; }
            public String getLogGroupName() { return "/aws/lambda/settlement"; }
            public String getLogStreamName() { return "stream"; }
            public String getFunctionName() { return "SettlementFunction"; }
            public String getFunctionVersion() { return "1"; }
            public String getInvokedFunctionArn() { return "arn:aws:lambda:ap-northeast-1:000000000000:function:s"; }
            public com.amazonaws.services.lambda.runtime.CognitoIdentity getIdentity() { return null; }
            public com.amazonaws.services.lambda.runtime.ClientContext getClientContext() { return null; }
            public int getRemainingTimeInMillis() { return millis; }
            public int getMemoryLimitInMB() { return 1769; }
            public com.amazonaws.services.lambda.runtime.LambdaLogger getLogger() { return null; }
        };
    }

    @Test
    void an_invocation_without_time_to_claim_answers_more_logs_an_error_and_counts_the_day_incomplete() throws Exception {
        paymentsOfTheDay();
        var out = new ByteArrayOutputStream();
        var logged = Logs.capture(() -> {
            job.handleRequest(new ByteArrayInputStream("{}".getBytes(StandardCharsets.UTF_8)), out, remaining(0));
            return null;
        });

        JsonNode answer = Json.parse(out.toString(StandardCharsets.UTF_8));
        assertTrue(answer.path("more").asBoolean(), answer.toString());
        assertEquals(0, answer.path("runs").size());
        assertTrue(f.runs(DAY).isEmpty());
        List<JsonNode> lines = logged.lines();
        assertTrue(lines.stream().anyMatch(l -> "settlement.incomplete".equals(l.path("event").asText())
                && "ERROR".equals(l.path("level").asText()) && "2026-11-26".equals(l.path("businessDate").asText())), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.path("SettlementIncomplete").asLong(-1) == 1), lines.toString());
    }

    @Test
    void from_half_a_year_before_the_published_holidays_end_every_run_warns_that_the_calendar_runs_out() throws Exception {
        Instant paid = Instant.parse("2027-07-30T03:00:00Z"); // 12:00 JST
        f.paid(paid);
        f.clock.set(Instant.parse("2027-06-30T15:30:00Z")); // 2027-07-01 00:30 JST: 183 days before 2027-12-31
        var early = Logs.capture(() -> run("{\"businessDate\":\"2027-06-30\"}"));
        assertTrue(early.event("settlement.calendar_uncertain").isEmpty(), "more than 180 days ahead: no warning");

        f.clock.set(Instant.parse("2027-07-30T15:30:00Z")); // 2027-07-31 00:30 JST
        var later = Logs.capture(() -> run("{\"businessDate\":\"2027-07-30\"}"));
        assertEquals("2027-08-02", later.value().path("transferDate").asText());
        List<JsonNode> warnings = later.event("settlement.calendar_uncertain");
        assertEquals(1, warnings.size(), warnings.toString());
        assertEquals("WARN", warnings.getFirst().path("level").asText());
        assertEquals("2027-12-31", warnings.getFirst().path("certainThrough").asText());
        assertTrue(warnings.getFirst().path("message").asText().contains("EquinoxDays"), warnings.toString());
    }

    @Test
    void a_day_after_today_or_before_the_calendar_is_refused_and_nothing_is_settled() throws IOException {
        paymentsOfTheDay();
        // the fixture's clock is the daily run's time: 2026-11-27 00:30 JST
        for (String date : List.of("2026-11-28", "2026-12-25", "2018-12-31")) {
            JsonNode answer = run("{\"businessDate\":\"" + date + "\"}");
            assertEquals("bad_event", answer.path("error").asText(), date + ": " + answer);
            assertTrue(answer.path("message").asText().contains(date), answer.toString());
        }
        assertTrue(f.store.openRun().isEmpty());
        assertTrue(f.runs(DAY).isEmpty(), "nothing settled");
        assertEquals(1, run("{\"businessDate\":\"2026-11-26\"}").path("runs").size(), "the day that ended is settled");
    }

    @Test
    void the_run_cap_comes_from_the_environment_and_a_bad_value_fails_the_cold_start() {
        assertEquals(SettlementRunner.Limits.DEFAULT_MAX_RUN_PAYMENTS, SettlementRunner.Limits.fromEnv(java.util.Map.of()).maxRunPayments());
        assertEquals(1_000, SettlementRunner.Limits.fromEnv(java.util.Map.of("SETTLEMENT_MAX_RUN_PAYMENTS", "1000")).maxRunPayments());
        for (String bad : List.of("0", "-5", "lots", "1e6")) {
            org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> SettlementRunner.Limits.fromEnv(java.util.Map.of("SETTLEMENT_MAX_RUN_PAYMENTS", bad)), bad);
        }
    }
}
