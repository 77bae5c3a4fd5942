package jp.kokin.settlement;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;

import jp.kokin.domain.console.InMemoryRunReleases;
import jp.kokin.adapters.documents.S3DocumentStore;
import jp.kokin.adapters.json.Json;
import jp.kokin.adapters.ledger.DynamoPayIns;
import jp.kokin.adapters.ledger.DynamoSettlementRuns;
import jp.kokin.adapters.ledger.DynamoTreasuryReports;
import jp.kokin.adapters.testing.HttpEvents;
import jp.kokin.adapters.testing.TestAws;
import jp.kokin.domain.catalog.Catalog;
import jp.kokin.domain.checkout.TestCatalogs;
import jp.kokin.domain.checkout.TestClock;
import jp.kokin.domain.settlement.DocumentStore;
import jp.kokin.domain.settlement.SettlementRun;
import jp.kokin.domain.settlement.SettlementRunStore;
import jp.kokin.domain.settlement.treasury.TreasuryReport;
import jp.kokin.domain.settlement.treasury.TreasuryReportStore;
import jp.kokin.domain.settlement.treasury.TreasuryReportVersion;
import jp.kokin.settlement.PayInsWithLines.Line;
import jp.kokin.settlement.SettlementApiWiring.Limits;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The Art. 6(2) report through the handler on DynamoDB Local and the embedded S3 server: pay-ins in
 * the ledger (index {@code PayInsByOrganization}) with their {@code lines.json} in the bucket, versions
 * indexed under {@code TREPORT#…} and their documents under {@code treasury/reports/…}, checked
 * against their SHA-256 when served; concurrent first requests issue one v001.
 */
class TreasuryReportsIT {
    private static final String OPERATOR = "operator-key";
    private static final LocalDate FROM = LocalDate.parse("2026-11-01");
    private static final LocalDate TO = LocalDate.parse("2026-11-30");
    private static final Catalog CATALOG = TestCatalogs.aTreasuryCatalog().build();

    private final TestClock clock = new TestClock(Instant.parse("2026-12-01T01:00:00Z"));
    private SettlementApiHandler api;
    private DocumentStore documents;
    private SettlementRunStore runs;
    private DynamoTreasuryReports reports;
    private PayInsWithLines mofa;
    private TestAws aws;
    private SettlementApiWiring queued;

    @BeforeEach
    void platform() {
        aws = TestAws.create();
        Map<String, String> env = aws.env("SettlementApiFunction");
        documents = S3DocumentStore.fromEnv(env);
        runs = DynamoSettlementRuns.fromEnv(aws.dynamoDb(), env);
        reports = DynamoTreasuryReports.fromEnv(aws.dynamoDb(), env);
        DynamoPayIns payIns = DynamoPayIns.fromEnv(aws.dynamoDb(), env);
        mofa = new PayInsWithLines(payIns, documents);
        queued = new SettlementApiWiring(() -> CATALOG, runs, documents, clock, Limits.DEFAULT, payIns, reports,
                new InMemoryRunReleases(), new SqsReportQueue(aws.sqs(), aws.queueUrl("TreasuryReportQueue")));
        api = new SettlementApiHandler(queued);
    }

    /** Entrustments around the end of November, and November settled through its last day. */
    private void november() {
        StoredRuns.settle(CATALOG, runs, documents, TO, Instant.parse("2026-11-30T15:30:00Z"), Instant.parse("2026-11-30T15:30:00Z"),
                true);
        mofa.payIn(LocalDate.parse("2026-11-02"), 1, List.of(new Line("chk_a", "2026-11-02T01:00:00Z")));
        mofa.payIn(TO, 1, List.of(new Line("chk_b", "2026-11-30T03:00:00Z"), new Line("chk_last", "2026-11-30T14:59:59Z")));
        mofa.payIn(LocalDate.parse("2026-12-01"), 1, List.of(new Line("chk_next", "2026-11-30T15:00:00Z")));
    }

    private APIGatewayV2HTTPResponse get(Map<String, String> extra) {
        HttpEvents e = HttpEvents.route("GET /v1/treasury/reports").bearer(OPERATOR).query("ministry", "MOFA")
                .query("from", FROM.toString()).query("to", TO.toString());
        extra.forEach(e::query);
        return api.handleRequest(e.build(), null);
    }

    private static byte[] body(APIGatewayV2HTTPResponse r) {
        assertEquals(200, r.getStatusCode(), r.getBody());
        return r.getIsBase64Encoded() ? Base64.getDecoder().decode(r.getBody()) : r.getBody().getBytes(StandardCharsets.UTF_8);
    }

    private byte[] stored(String key) throws IOException {
        try (InputStream in = documents.open(key).orElseThrow()) {
            return in.readAllBytes();
        }
    }

    @Test
    void a_report_is_issued_once_stored_in_the_bucket_indexed_in_the_ledger_and_corrected_by_a_late_line() throws IOException {
        november();
        SettlementRun refundRun = StoredRuns.settle(CATALOG, runs, documents, LocalDate.parse("2026-11-20"),
                Instant.parse("2026-11-20T15:30:00Z"), Instant.parse("2026-11-20T15:30:00Z"), true);
        runs.putRepaymentRequests(List.of(mofa.repaymentRequest(refundRun.id(), "rfd_1", 14000)));

        byte[] v001 = body(get(Map.of()));
        JsonNode report = Json.parse(v001);
        assertEquals("v001", report.path("report").asText());
        assertEquals(3, report.path("count").asInt());
        assertEquals(42000, report.path("total").asLong());
        assertEquals(1, report.path("refundClaims").path("count").asInt());
        TreasuryReportVersion indexed = reports.newest("MOFA", FROM, TO).orElseThrow();
        assertTrue(indexed.issued());
        assertEquals("treasury/reports/MOFA/2026-11-01_2026-11-30/v001.json", indexed.json().key());
        assertArrayEquals(stored(indexed.json().key()), v001);
        assertEquals(report.path("contentSha256").asText(), indexed.contentSha256());

        clock.set(Instant.parse("2026-12-02T01:00:00Z"));
        assertArrayEquals(v001, body(get(Map.of())));
        assertEquals(1, reports.newest("MOFA", FROM, TO).orElseThrow().version());

        mofa.payIn(LocalDate.parse("2026-12-04"), 1, List.of(new Line("chk_late", "2026-11-29T10:00:00Z")));
        JsonNode v002 = Json.parse(body(get(Map.of())));
        assertEquals("v002", v002.path("report").asText());
        assertEquals("v001", v002.path("corrects").asText());
        assertEquals("chk_late", v002.path("differences").path("added").get(0).path("checkoutId").asText());
        assertArrayEquals(v001, body(get(Map.of("version", "1"))));
        assertArrayEquals(v001, stored("treasury/reports/MOFA/2026-11-01_2026-11-30/v001.json"));
        byte[] csv = body(get(Map.of("format", "csv", "version", "2")));
        assertArrayEquals(stored("treasury/reports/MOFA/2026-11-01_2026-11-30/v002.csv"), csv);
    }

    @Test
    void two_first_requests_at_once_issue_one_v001_and_both_answer_it() throws Exception {
        november();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<APIGatewayV2HTTPResponse>> answers = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            for (int i = 0; i < 4; i++) {
                Callable<APIGatewayV2HTTPResponse> call = () -> {
                    start.await();
                    return get(Map.of());
                };
                answers.add(pool.submit(call));
            }
            start.countDown();
            byte[] first = body(answers.getFirst().get());
            for (Future<APIGatewayV2HTTPResponse> answer : answers) {
                assertArrayEquals(first, body(answer.get()));
            }
        }
        assertEquals(1, reports.newest("MOFA", FROM, TO).orElseThrow().version());
        assertTrue(documents.open("treasury/reports/MOFA/2026-11-01_2026-11-30/v002.json").isEmpty());
    }

    @Test
    void a_stored_version_whose_bytes_changed_in_the_bucket_is_never_served() {
        november();
        body(get(Map.of()));
        documents.put("treasury/reports/MOFA/2026-11-01_2026-11-30/v001.html", "text/html; charset=utf-8",
                (OutputStream out) -> out.write("<p>changed</p>".getBytes(StandardCharsets.UTF_8)));

        APIGatewayV2HTTPResponse r = get(Map.of("format", "html"));

        assertEquals(500, r.getStatusCode(), r.getBody());
        assertEquals("document_corrupt", Json.parse(r.getBody()).path("code").asText());
    }

    @Test
    void the_ledger_takes_a_version_number_once_and_issues_only_the_claim_it_holds() {
        TreasuryReport empty = TreasuryReport.select(TreasuryReport.Header.of("agent", "MOFA", TestCatalogs.MOFA_TREASURY), FROM, TO,
                List.of(), List.of());
        TreasuryReportVersion claim = TreasuryReportVersion.claim(empty, TreasuryReport.Issue.first(clock.instant()));
        assertTrue(reports.claim(claim));
        assertFalse(reports.claim(claim));

        TreasuryReportVersion fresh = claim.reclaimed(empty, clock.instant().plusSeconds(300));
        assertTrue(reports.takeOver(claim, fresh));
        assertFalse(reports.takeOver(claim, fresh));
        var object = documents.put("treasury/reports/MOFA/test.json", "application/json", out -> out.write('x'));
        assertFalse(reports.issue(claim.issuedWith(object, object, object)));
        assertTrue(reports.issue(fresh.issuedWith(object, object, object)));
        assertTrue(reports.issue(fresh.issuedWith(object, object, object)));
        assertEquals(fresh.issuedWith(object, object, object), reports.version("MOFA", FROM, TO, 1).orElseThrow());
    }

    /** The messages on the report queue now (none arrive later: the API sends before it answers). */
    private List<Message> reportMessages() {
        List<Message> all = new ArrayList<>();
        List<Message> some;
        do {
            some = aws.sqs().receiveMessage(b -> b.queueUrl(aws.queueUrl("TreasuryReportQueue")).maxNumberOfMessages(10)
                    .waitTimeSeconds(0)).messages();
            all.addAll(some);
        } while (!some.isEmpty());
        return all;
    }

    @Test
    void a_report_too_large_for_a_request_is_queued_once_issued_by_the_job_and_then_served() throws IOException {
        november();
        Instant nov29 = Instant.parse("2026-11-29T01:00:00Z");
        List<Line> lines = new ArrayList<>();
        for (int i = 0; i < TreasuryReport.MAX_ENTRUSTMENTS + 1; i++) {
            lines.add(new Line("chk_n" + i, nov29.plusMillis(i), 14000));
        }
        mofa.payIn(TO, 2, lines);

        assertEquals(202, get(Map.of()).getStatusCode());
        assertEquals(202, get(Map.of()).getStatusCode());
        List<Message> messages = reportMessages();
        assertEquals(1, messages.size(), "asked once while the job works");
        assertEquals(new ReportQueue.Request("MOFA", FROM, TO), ReportQueue.Request.fromJson(messages.getFirst().body()));
        assertTrue(reports.newest("MOFA", FROM, TO).isEmpty());

        SQSEvent.SQSMessage m = new SQSEvent.SQSMessage();
        m.setMessageId(messages.getFirst().messageId());
        m.setBody(messages.getFirst().body());
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(m));
        assertTrue(new TreasuryReportJobHandler(queued).handleRequest(event, null).getBatchItemFailures().isEmpty());

        APIGatewayV2HTTPResponse served = get(Map.of());
        assertEquals(303, served.getStatusCode(), served.getBody()); // over the inline limit: a presigned URL
        TreasuryReportVersion v001 = reports.newest("MOFA", FROM, TO).orElseThrow();
        assertTrue(served.getHeaders().get("location").contains(v001.json().key()));
        assertEquals(TreasuryReport.MAX_ENTRUSTMENTS + 1 + 3, v001.count());
        assertEquals(1, reports.lastCheck("MOFA", FROM, TO).orElseThrow().version());
        assertEquals(TreasuryReport.MAX_ENTRUSTMENTS + 1 + 3, Json.parse(stored(v001.json().key())).path("count").asInt());
        assertTrue(reportMessages().isEmpty());
    }

    /** Whether the report job's last request is for {@code inputs}, asked at or after {@code since}, and not failed. */
    private boolean asked(String inputs, Instant since) {
        return reports.generation("MOFA", FROM, TO).filter(g -> g.inputsSha256().equals(inputs) && !g.requestedAt().isBefore(since)
                && g.failure() == null).isPresent();
    }

    @Test
    void the_ledger_asks_for_a_generation_once_per_inputs_until_it_is_stale_failed_or_withdrawn() {
        Instant t = clock.instant();
        Duration stands = TreasuryReports.GENERATION_TIMEOUT;
        assertTrue(reports.generation("MOFA", FROM, TO).isEmpty());
        assertTrue(reports.requestGeneration("MOFA", FROM, TO, "a", t, t.minus(stands)));
        assertFalse(reports.requestGeneration("MOFA", FROM, TO, "a", t.plusSeconds(1), t.plusSeconds(1).minus(stands)));
        assertTrue(asked("a", t));
        assertEquals(t.toEpochMilli(), reports.generation("MOFA", FROM, TO).orElseThrow().requestedAt().toEpochMilli());

        assertTrue(reports.requestGeneration("MOFA", FROM, TO, "b", t.plusSeconds(2), t.plusSeconds(2).minus(stands)), "other inputs");
        assertFalse(asked("a", t));
        Instant later = t.plusSeconds(2).plus(stands).plusMillis(1);
        assertTrue(reports.requestGeneration("MOFA", FROM, TO, "b", later, later.minus(stands)), "the same inputs, stale");

        reports.generationFailed("MOFA", FROM, TO, "a", "document_corrupt:x", later);
        assertTrue(asked("b", later), "a failure of other inputs changes nothing");
        reports.generationFailed("MOFA", FROM, TO, "b", "document_corrupt:runs/x", later.plusSeconds(1));
        assertEquals("document_corrupt:runs/x", reports.generation("MOFA", FROM, TO).orElseThrow().failure());
        assertFalse(reports.requestGeneration("MOFA", FROM, TO, "b", later.plusSeconds(2), later.plusSeconds(2).minus(stands)),
                "a fresh failure is not asked again");
        Instant afterFailure = later.plusSeconds(1).plus(stands).plusMillis(1);
        assertTrue(reports.requestGeneration("MOFA", FROM, TO, "b", afterFailure, afterFailure.minus(stands)), "a stale one is");
        assertTrue(asked("b", afterFailure));

        reports.withdrawGeneration("MOFA", FROM, TO, "a");
        assertTrue(asked("b", afterFailure), "b stands");
        reports.withdrawGeneration("MOFA", FROM, TO, "b");
        assertFalse(asked("b", afterFailure.minus(stands)));
        assertTrue(reports.requestGeneration("MOFA", FROM, TO, "b", afterFailure, afterFailure.minus(stands)));

        assertTrue(reports.lastCheck("MOFA", FROM, TO).isEmpty());
        reports.recordCheck("MOFA", FROM, TO, new TreasuryReportStore.Check("x".repeat(64), 3));
        assertEquals(new TreasuryReportStore.Check("x".repeat(64), 3), reports.lastCheck("MOFA", FROM, TO).orElseThrow());
        assertTrue(reports.newest("MOFA", FROM, TO).isEmpty(), "neither item is a version");
    }
}
