package jp.kokin.settlement;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;

import jp.kokin.domain.console.InMemoryRunReleases;
import jp.kokin.adapters.json.Json;
import jp.kokin.adapters.testing.HttpEvents;
import jp.kokin.domain.Hashes;
import jp.kokin.domain.catalog.ApiKey;
import jp.kokin.domain.catalog.Catalog;
import jp.kokin.domain.catalog.Role;
import jp.kokin.domain.catalog.Treasury;
import jp.kokin.domain.checkout.TestCatalogs;
import jp.kokin.domain.checkout.TestClock;
import jp.kokin.domain.settlement.SettlementRun;
import jp.kokin.domain.settlement.treasury.InMemoryPayInStore;
import jp.kokin.domain.settlement.treasury.InMemoryTreasuryReportStore;
import jp.kokin.domain.settlement.treasury.PayIn;
import jp.kokin.domain.settlement.treasury.TreasuryReport;
import jp.kokin.domain.settlement.treasury.TreasuryReportStore;
import jp.kokin.domain.settlement.treasury.TreasuryReportVersion;
import jp.kokin.settlement.PayInsWithLines.Line;

/**
 * The Art. 6(2) report routes over in-memory pay-ins, runs, documents and report versions: what the
 * report holds, its forms, its versions (v001 served again while nothing changed, v002 correcting it
 * when a late line came), and the refusals, after which nothing is stored.
 */
class TreasuryReportsApiTest {
    private static final String OPERATOR = "operator-key";
    private static final String PORTAL = "myna-key";
    private static final String CHIYODA_OPERATOR = "chiyoda-operator-key";
    private static final String MOFA_OPERATOR = "mofa-operator-key";
    private static final Catalog CATALOG = TestCatalogs.aTreasuryCatalog()
            .withKey(new ApiKey(Hashes.sha256Hex(CHIYODA_OPERATOR), Role.OPERATOR, null, Set.of(TestCatalogs.CHIYODA)))
            .withKey(new ApiKey(Hashes.sha256Hex(MOFA_OPERATOR), Role.OPERATOR, null, Set.of(TestCatalogs.MOFA)))
            .build();
    private static final LocalDate NOV_1 = LocalDate.parse("2026-11-01");
    private static final LocalDate NOV_30 = LocalDate.parse("2026-11-30");
    /** 10:00 JST on December 1: November is over. */
    private static final Instant NOW = Instant.parse("2026-12-01T01:00:00Z");
    private static final String V001 = "treasury/reports/MOFA/2026-11-01_2026-11-30/v001";

    private final TestClock clock = new TestClock(NOW);
    private final StoredRuns stored = new StoredRuns(CATALOG);
    private final InMemoryPayInStore payIns = new InMemoryPayInStore();
    private final InMemoryTreasuryReportStore reports = new InMemoryTreasuryReportStore();
    private final PayInsWithLines mofa = new PayInsWithLines(payIns, stored.documents);
    /** The report job's queue: what the API asked for; {@code queueDown} makes it refuse. */
    private final List<ReportQueue.Request> queued = new ArrayList<>();
    private boolean queueDown;
    private final SettlementApiWiring wiring = new SettlementApiWiring(() -> CATALOG, stored.runs, stored.documents, clock,
            SettlementApiWiring.Limits.DEFAULT, payIns, reports, new InMemoryRunReleases(), request -> {
                if (queueDown) {
                    throw new IllegalStateException("queue unavailable");
                }
                queued.add(request);
            });
    private final SettlementApiHandler api = new SettlementApiHandler(wiring);

    /**
     * Two entrustments in November (the last at 23:59:59 JST on the 30th) and one at 00:00 JST on December 1,
     * and November settled through its last day.
     */
    private void november() {
        stored.settle(NOV_30, Instant.parse("2026-11-30T15:30:00Z"));
        mofa.payIn(LocalDate.parse("2026-11-02"), 1, List.of(new Line("chk_a", "2026-11-02T01:00:00Z")));
        mofa.payIn(NOV_30, 1, List.of(new Line("chk_last", "2026-11-30T14:59:59Z")));
        mofa.payIn(LocalDate.parse("2026-12-01"), 1, List.of(new Line("chk_next", "2026-11-30T15:00:00Z")));
    }

    private APIGatewayV2HTTPResponse get(String key, UnaryOperator<HttpEvents> query) {
        return api.handleRequest(query.apply(HttpEvents.route("GET /v1/treasury/reports").bearer(key)).build(), null);
    }

    private APIGatewayV2HTTPResponse november(String key) {
        return get(key, e -> e.query("ministry", "MOFA").query("from", "2026-11-01").query("to", "2026-11-30"));
    }

    private APIGatewayV2HTTPResponse document(String document, UnaryOperator<HttpEvents> more) {
        return api.handleRequest(more.apply(HttpEvents.route("GET /v1/treasury/reports/{document}").path("document", document)
                .bearer(OPERATOR).query("ministry", "MOFA").query("from", "2026-11-01").query("to", "2026-11-30")).build(), null);
    }

    private static byte[] body(APIGatewayV2HTTPResponse r) {
        return r.getIsBase64Encoded() ? Base64.getDecoder().decode(r.getBody()) : r.getBody().getBytes(StandardCharsets.UTF_8);
    }

    private static JsonNode json(APIGatewayV2HTTPResponse r) {
        assertEquals(200, r.getStatusCode(), r.getBody());
        return Json.parse(body(r));
    }

    private static List<String> checkouts(JsonNode entrustments) {
        List<String> ids = new ArrayList<>();
        entrustments.forEach(e -> ids.add(e.path("checkoutId").asText()));
        return ids;
    }

    @Test
    void theReportListsThePeriodsEntrustmentsWithAgentMinistryOfficerCountAndTotal() {
        november();

        JsonNode r = json(november(OPERATOR));

        assertEquals("v001", r.path("report").asText());
        assertTrue(r.path("corrects").isNull());
        assertEquals("Kokin 指定納付受託者", r.path("agentName").asText());
        assertEquals("外務省", r.path("ministryName").asText());
        assertEquals("0160001", r.path("officerCode").asText());
        assertEquals("外務省大臣官房会計課長（歳入徴収官）", r.path("officerName").asText());
        assertEquals("2026-11-01", r.path("from").asText());
        assertEquals("2026-11-30", r.path("to").asText());
        assertEquals(2, r.path("count").asInt());
        assertEquals(28000, r.path("total").asLong());
        assertEquals(List.of("chk_a", "chk_last"), checkouts(r.path("entrustments")));
        JsonNode last = r.path("entrustments").get(1);
        assertEquals("2026-11-30", last.path("entrustedOn").asText());
        assertEquals("passport-10y", last.path("procedureCode").asText());
        assertEquals("APP-chk_last", last.path("reference").asText());
        assertEquals(14000, last.path("amount").asLong());
        assertEquals("pin_20261130_001_001", last.path("payinId").asText());
    }

    @Test
    void askingAgainWhileNothingChangedServesTheSameV001WithoutWritingAnything() {
        november();
        byte[] first = body(november(OPERATOR));
        clock.advance(Duration.ofDays(3));

        byte[] again = body(november(OPERATOR));

        assertArrayEquals(first, again);
        assertEquals(1, reports.newest("MOFA", LocalDate.parse("2026-11-01"), NOV_30).orElseThrow().version());
        assertEquals(1, stored.documents.writes(V001 + ".json"));
        assertFalse(stored.documents.keys().contains("treasury/reports/MOFA/2026-11-01_2026-11-30/v002.json"));
    }

    @Test
    void aLateLineSettledAfterV001IssuesV002ThatCorrectsItWithTheDifferenceAndV001StaysAsIssued() {
        november();
        byte[] v001 = body(november(OPERATOR));
        // a notification that came late: paid 21:00 JST on November 30, settled by the run of December 3
        mofa.payIn(LocalDate.parse("2026-12-03"), 1, List.of(new Line("chk_late", "2026-11-30T12:00:00Z")));
        clock.advance(Duration.ofDays(3));

        JsonNode v002 = json(november(OPERATOR));

        assertEquals("v002", v002.path("report").asText());
        assertEquals("v001", v002.path("corrects").asText());
        assertEquals(3, v002.path("count").asInt());
        assertEquals(42000, v002.path("total").asLong());
        assertEquals(List.of("chk_late"), checkouts(v002.path("differences").path("added")));
        assertEquals(0, v002.path("differences").path("removed").size());
        assertArrayEquals(v001, body(get(OPERATOR,
                e -> e.query("ministry", "MOFA").query("from", "2026-11-01").query("to", "2026-11-30").query("version", "1"))));
        assertEquals(1, stored.documents.writes(V001 + ".json"));
        assertEquals("v002", json(november(OPERATOR)).path("report").asText());
    }

    @Test
    void aLineSettledMoreThanTheLateLineWindowAfterThePeriodIsNotRead() {
        november();
        mofa.payIn(NOV_30.plusDays(TreasuryReports.LATE_LINE_DAYS), 2, List.of(new Line("chk_week", "2026-11-29T01:00:00Z")));
        mofa.payIn(NOV_30.plusDays(TreasuryReports.LATE_LINE_DAYS + 1), 1, List.of(new Line("chk_later", "2026-11-29T02:00:00Z")));

        assertEquals(List.of("chk_a", "chk_week", "chk_last"), checkouts(json(november(OPERATOR)).path("entrustments")));
    }

    @Test
    void theRefundClaimsOnTheMinistryAreTheRepaymentRequestsOfTheRunsOfThePeriod() {
        november();
        SettlementRun inPeriod = stored.settle(LocalDate.parse("2026-11-15"), Instant.parse("2026-11-15T15:30:00Z"));
        SettlementRun after = stored.settle(LocalDate.parse("2026-12-02"), Instant.parse("2026-12-02T15:30:00Z"));
        stored.runs.putRepaymentRequests(List.of(mofa.repaymentRequest(inPeriod.id(), "rfd_in", 14000),
                mofa.repaymentRequest(after.id(), "rfd_after", 9000)));

        JsonNode claims = json(november(OPERATOR)).path("refundClaims");

        assertEquals(1, claims.path("count").asInt());
        assertEquals(14000, claims.path("amount").asLong());
        assertEquals(inPeriod.id().toString(), claims.path("claims").get(0).path("runId").asText());
        assertEquals("rfd_in", claims.path("claims").get(0).path("items").get(0).path("refundId").asText());
    }

    @Test
    void csvIsAskedByFormatByAcceptOrByTheDocumentNameAndIsUtf8WithABom() {
        november();
        byte[] json = body(november(OPERATOR));

        for (APIGatewayV2HTTPResponse r : List.of(
                get(OPERATOR, e -> e.query("ministry", "MOFA").query("from", "2026-11-01").query("to", "2026-11-30").query("format", "csv")),
                get(OPERATOR, e -> e.query("ministry", "MOFA").query("from", "2026-11-01").query("to", "2026-11-30").header("Accept", "text/csv")),
                document("report.csv", UnaryOperator.identity()))) {
            assertEquals(200, r.getStatusCode(), r.getBody());
            assertEquals("text/csv; charset=utf-8", r.getHeaders().get("content-type"));
            assertEquals("attachment; filename=\"treasury-report-MOFA-2026-11-01_2026-11-30-v001.csv\"",
                    r.getHeaders().get("content-disposition"));
            byte[] csv = body(r);
            assertArrayEquals(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, Arrays.copyOf(csv, 3));
            assertTrue(new String(csv, StandardCharsets.UTF_8).contains("\r\n合計金額（円）,28000\r\n"));
        }
        APIGatewayV2HTTPResponse html = document("report.html", UnaryOperator.identity());
        assertEquals(200, html.getStatusCode());
        assertTrue(html.getHeaders().get("content-type").startsWith("text/html"));
        assertTrue(html.getBody().contains("<h1>納付受託報告書</h1>"), html.getBody());
        assertArrayEquals(json, body(document("report.json", UnaryOperator.identity())));
        assertEquals(1, stored.documents.writes(V001 + ".csv"));
    }

    @Test
    void anOperatorScopedToTheMinistryMayReadItsReportAndOneScopedElsewhereFindsNone() {
        november();

        assertEquals(200, november(MOFA_OPERATOR).getStatusCode());
        assertProblem(404, "not_found", november(CHIYODA_OPERATOR));
        assertProblem(403, "forbidden", november(PORTAL));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "no ministry            | -       | 2026-11-01 | 2026-11-30 | -    | -   | 400 | invalid_request | ministry=",
            "a malformed date       | MOFA    | 2026-11-1  | 2026-11-30 | -    | -   | 400 | invalid_request | from=YYYY-MM-DD",
            "an impossible date     | MOFA    | 2026-11-01 | 2026-11-31 | -    | -   | 400 | invalid_request | from=YYYY-MM-DD",
            "no start               | MOFA    | -          | 2026-11-30 | -    | -   | 400 | invalid_request | from=YYYY-MM-DD",
            "an end before start    | MOFA    | 2026-11-30 | 2026-11-01 | -    | -   | 400 | invalid_request | ends before it starts",
            "367 days               | MOFA    | 2025-11-29 | 2026-11-30 | -    | -   | 400 | invalid_request | at most 366 days",
            "a day not settled yet  | MOFA    | 2026-11-01 | 2026-12-01 | -    | -   | 400 | invalid_request | settled by a complete run (2026-11-30)",
            "a period in the future | MOFA    | 2027-01-01 | 2027-01-31 | -    | -   | 400 | invalid_request | the period is not settled yet",
            "not a treasury org     | 131016  | 2026-11-01 | 2026-11-30 | -    | -   | 404 | not_found       | no treasury organization 131016",
            "an unknown ministry    | NOPE    | 2026-11-01 | 2026-11-30 | -    | -   | 404 | not_found       | no treasury organization NOPE",
            "an unknown format      | MOFA    | 2026-11-01 | 2026-11-30 | xml  | -   | 400 | invalid_request | format is json, csv or html",
            "a malformed version    | MOFA    | 2026-11-01 | 2026-11-30 | -    | one | 400 | invalid_request | version is",
            "a version never issued | MOFA    | 2026-11-01 | 2026-11-30 | -    | 5   | 404 | not_found       | has no version v005",
    })
    void aRefusedRequestIsAClearProblemAndStoresNothing(String name, String ministry, String from, String to, String format,
                                                        String version, int status, String code, String detail) {
        november();
        APIGatewayV2HTTPResponse r = get(OPERATOR, e -> {
            if (ministry != null) {
                e.query("ministry", ministry);
            }
            if (from != null) {
                e.query("from", from);
            }
            if (to != null) {
                e.query("to", to);
            }
            if (format != null) {
                e.query("format", format);
            }
            if (version != null) {
                e.query("version", version);
            }
            return e;
        });

        assertProblem(status, code, r);
        assertTrue(Json.parse(r.getBody()).path("detail").asText().contains(detail), r.getBody());
        assertTrue(stored.documents.keys().stream().noneMatch(k -> k.startsWith("treasury/")));
        assertTrue(reports.newest("MOFA", LocalDate.parse("2026-11-01"), NOV_30).isEmpty());
    }

    @Test
    void beforeAnyRunNoPeriodIsSettledSoNoReportIsMade() {
        mofa.payIn(NOV_30, 1, List.of(new Line("chk_last", "2026-11-30T14:59:59Z")));

        APIGatewayV2HTTPResponse r = november(OPERATOR);

        assertProblem(400, "invalid_request", r);
        assertTrue(r.getBody().contains("(none yet)"), r.getBody());
        assertTrue(reports.newest("MOFA", LocalDate.parse("2026-11-01"), NOV_30).isEmpty());
    }

    @Test
    void theReportOfTheDaySettledTodayMayBeAskedAtOnce() {
        mofa.payIn(LocalDate.parse("2026-12-01"), 1, List.of(new Line("chk_today", "2026-12-01T00:30:00Z")));
        stored.settle(LocalDate.parse("2026-12-01"), NOW);

        JsonNode r = json(get(OPERATOR, e -> e.query("ministry", "MOFA").query("from", "2026-12-01").query("to", "2026-12-01")));

        assertEquals(List.of("chk_today"), checkouts(r.path("entrustments")));
    }

    @Test
    void aPeriodOf366DaysEndingOnTheSettledDateIsAccepted() {
        november();

        assertEquals(200, get(OPERATOR, e -> e.query("ministry", "MOFA").query("from", "2025-11-30").query("to", "2026-11-30"))
                .getStatusCode());
    }

    @Test
    void anUnknownDocumentNameIsNotFound() {
        assertProblem(404, "not_found", document("report.pdf", UnaryOperator.identity()));
        assertTrue(stored.documents.keys().isEmpty());
    }

    @Test
    void aLinesDocumentThatFailsItsChecksumIsNeverReportedAndNothingIsIssued() {
        november();
        stored.documents.tamper("runs/2026-11-30/stl_20261130_001/payins/pin_20261130_001_001.lines.json",
                "{\"lines\": []}".getBytes(StandardCharsets.UTF_8));

        assertProblem(500, "document_corrupt", november(OPERATOR));
        assertTrue(reports.newest("MOFA", LocalDate.parse("2026-11-01"), NOV_30).isEmpty());
    }

    @Test
    void aVersionBeingIssuedWithOtherContentAnswersTryAgainUntilItsClaimIsAbandoned() {
        november();
        TreasuryReport other = TreasuryReport.select(TreasuryReport.Header.of("x", "MOFA", TestCatalogs.MOFA_TREASURY),
                LocalDate.parse("2026-11-01"), NOV_30, List.of(), List.of());
        assertTrue(reports.claim(TreasuryReportVersion.claim(other, TreasuryReport.Issue.first(NOW))));

        assertProblem(503, "contention", november(OPERATOR));

        clock.advance(Duration.ofSeconds(TreasuryReportVersion.STALE_CLAIM_SECONDS + 1));
        JsonNode r = json(november(OPERATOR));
        assertEquals("v001", r.path("report").asText());
        assertEquals(2, r.path("count").asInt());
        assertEquals(clock.instant().toString(), r.path("issuedAt").asText());
    }

    @Test
    void aVersionClaimedWithTheSameContentIsFinishedWithTheClaimsIssueTime() {
        november();
        TreasuryReports service = new TreasuryReports(() -> CATALOG, payIns, stored.runs, stored.documents, reports,
                new SettlementViews(() -> CATALOG, stored.runs, stored.documents, SettlementApiWiring.Limits.DEFAULT, new InMemoryRunReleases()), clock);
        TreasuryReport same = service.compute("MOFA", TestCatalogs.MOFA_TREASURY, LocalDate.parse("2026-11-01"), NOV_30, TreasuryReport.MAX_ENTRUSTMENTS).orElseThrow();
        Instant claimedAt = NOW.minusSeconds(5);
        assertTrue(reports.claim(TreasuryReportVersion.claim(same, TreasuryReport.Issue.first(claimedAt))));

        JsonNode r = json(november(OPERATOR));

        assertEquals("v001", r.path("report").asText());
        assertEquals(claimedAt.toString(), r.path("issuedAt").asText());
        assertTrue(reports.newest("MOFA", LocalDate.parse("2026-11-01"), NOV_30).orElseThrow().issued());
    }

    private TreasuryReports service(TreasuryReportStore store) {
        return new TreasuryReports(() -> CATALOG, payIns, stored.runs, stored.documents, store,
                new SettlementViews(() -> CATALOG, stored.runs, stored.documents, SettlementApiWiring.Limits.DEFAULT, new InMemoryRunReleases()), clock);
    }

    /** The report store as a request that read the newest version (a claim) just before another request issued it. */
    private TreasuryReportStore readBeforeTheIssue(TreasuryReportVersion claim) {
        return new TreasuryReportStore() {
            @Override
            public Optional<TreasuryReportVersion> newest(String organizationCode, LocalDate from, LocalDate to) {
                return Optional.of(claim);
            }

            @Override
            public Optional<TreasuryReportVersion> version(String organizationCode, LocalDate from, LocalDate to, int version) {
                return reports.version(organizationCode, from, to, version);
            }

            @Override
            public boolean claim(TreasuryReportVersion claimed) {
                return reports.claim(claimed);
            }

            @Override
            public boolean takeOver(TreasuryReportVersion abandoned, TreasuryReportVersion fresh) {
                return reports.takeOver(abandoned, fresh);
            }

            @Override
            public boolean issue(TreasuryReportVersion issued) {
                return reports.issue(issued);
            }

            @Override
            public Optional<Check> lastCheck(String organizationCode, LocalDate from, LocalDate to) {
                return Optional.empty(); // read before the other request recorded its check
            }

            @Override
            public void recordCheck(String organizationCode, LocalDate from, LocalDate to, Check check) {
                reports.recordCheck(organizationCode, from, to, check);
            }

            @Override
            public boolean requestGeneration(String organizationCode, LocalDate from, LocalDate to, String inputsSha256,
                                             Instant now, Instant staleBefore) {
                return reports.requestGeneration(organizationCode, from, to, inputsSha256, now, staleBefore);
            }

            @Override
            public Optional<Generation> generation(String organizationCode, LocalDate from, LocalDate to) {
                return reports.generation(organizationCode, from, to);
            }

            @Override
            public void generationFailed(String organizationCode, LocalDate from, LocalDate to, String inputsSha256,
                                         String failure, Instant at) {
                reports.generationFailed(organizationCode, from, to, inputsSha256, failure, at);
            }

            @Override
            public void withdrawGeneration(String organizationCode, LocalDate from, LocalDate to, String inputsSha256) {
                reports.withdrawGeneration(organizationCode, from, to, inputsSha256);
            }
        };
    }

    private static Treasury withOfficer(Treasury t, String officerName) {
        return new Treasury(t.ministryCode(), t.ministryName(), t.account(), t.officerCode(), officerName, t.payInBusinessDays(),
                t.payInDayOfNextMonth(), t.payEasyInstitutionNumber(), t.reportPeriod());
    }

    @Test
    void aRequestThatFoundTheClaimUnissuedServesTheVersionAsIssuedAndWritesNothing() {
        november();
        TreasuryReport same = service(reports).compute("MOFA", TestCatalogs.MOFA_TREASURY, NOV_1, NOV_30, TreasuryReport.MAX_ENTRUSTMENTS).orElseThrow();
        TreasuryReportVersion claim = TreasuryReportVersion.claim(same, TreasuryReport.Issue.first(NOW.minusSeconds(5)));
        assertTrue(reports.claim(claim));
        byte[] issued = body(november(OPERATOR));

        TreasuryReports.Outcome late = service(readBeforeTheIssue(claim)).current("MOFA", TestCatalogs.MOFA_TREASURY, NOV_1, NOV_30, TreasuryReport.MAX_ENTRUSTMENTS);

        assertEquals(new TreasuryReports.Outcome.Served(reports.version("MOFA", NOV_1, NOV_30, 1).orElseThrow()), late);
        assertEquals(1, stored.documents.writes(V001 + ".json"));
        assertEquals(1, stored.documents.writes(V001 + ".csv"));
        assertEquals(1, stored.documents.writes(V001 + ".html"));
        assertArrayEquals(issued, stored.documents.bytes(V001 + ".json").orElseThrow());
    }

    @Test
    void aRequestWithAnotherOfficerNameNeverRewritesTheIssuedVersionAndLaterIssuesV002() {
        november();
        TreasuryReport same = service(reports).compute("MOFA", TestCatalogs.MOFA_TREASURY, NOV_1, NOV_30, TreasuryReport.MAX_ENTRUSTMENTS).orElseThrow();
        TreasuryReportVersion claim = TreasuryReportVersion.claim(same, TreasuryReport.Issue.first(NOW.minusSeconds(5)));
        assertTrue(reports.claim(claim));
        byte[] v001 = body(november(OPERATOR));
        Treasury renamed = withOfficer(TestCatalogs.MOFA_TREASURY, "外務省大臣官房会計課長（新任）");

        TreasuryReports.Outcome late = service(readBeforeTheIssue(claim)).current("MOFA", renamed, NOV_1, NOV_30, TreasuryReport.MAX_ENTRUSTMENTS);

        assertTrue(late instanceof TreasuryReports.Outcome.Busy, late.toString());
        assertEquals(1, stored.documents.writes(V001 + ".json"));
        assertArrayEquals(v001, stored.documents.bytes(V001 + ".json").orElseThrow());

        TreasuryReports.Outcome again = service(reports).current("MOFA", renamed, NOV_1, NOV_30, TreasuryReport.MAX_ENTRUSTMENTS);

        TreasuryReportVersion v002 = ((TreasuryReports.Outcome.Served) again).version();
        assertEquals(2, v002.version());
        assertEquals(1, v002.corrects());
        JsonNode doc = Json.parse(stored.documents.bytes(v002.json().key()).orElseThrow());
        assertEquals("外務省大臣官房会計課長（新任）", doc.path("officerName").asText());
        assertTrue(doc.path("differences").path("added").isEmpty() && doc.path("differences").path("removed").isEmpty());
        assertArrayEquals(v001, stored.documents.bytes(V001 + ".json").orElseThrow());
    }

    @Test
    void aPayInWhoseLinesMostlyFallOutsideThePeriodGivesOnlyThePeriodsLines() {
        stored.settle(LocalDate.parse("2026-12-01"), NOW);
        // the run of December 1: 60,000 lines of December 1 (more than a report holds) and two late ones of November 30
        List<Line> lines = new ArrayList<>();
        lines.add(new Line("chk_late1", "2026-11-30T10:00:00Z"));
        lines.add(new Line("chk_late2", "2026-11-30T11:00:00Z"));
        Instant dec1 = Instant.parse("2026-11-30T15:00:00Z");
        for (int i = 0; i < 60_000; i++) {
            lines.add(new Line("chk_d" + i, dec1.plusMillis(i), 14000));
        }
        mofa.payIn(LocalDate.parse("2026-12-01"), 1, lines);

        JsonNode r = json(get(OPERATOR, e -> e.query("ministry", "MOFA").query("from", "2026-11-30").query("to", "2026-11-30")));

        assertEquals(List.of("chk_late1", "chk_late2"), checkouts(r.path("entrustments")));
    }

    /** A pay-in of the run of November 30 holding {@code n} entrustments of November 29, after {@link #november()}. */
    private PayIn bigNovemberPayIn(int n) {
        november();
        List<Line> lines = new ArrayList<>();
        Instant nov29 = Instant.parse("2026-11-29T01:00:00Z");
        for (int i = 0; i < n; i++) {
            lines.add(new Line("chk_n" + i, nov29.plusMillis(i), 14000));
        }
        return mofa.payIn(NOV_30, 2, lines);
    }

    /** The report job, given every message the API queued (then forgotten); false when one is to come back. */
    private boolean runTheReportJob() {
        SQSEvent event = new SQSEvent();
        List<SQSEvent.SQSMessage> messages = new ArrayList<>();
        for (ReportQueue.Request r : queued) {
            SQSEvent.SQSMessage m = new SQSEvent.SQSMessage();
            m.setMessageId("m" + messages.size());
            m.setBody(r.toJson());
            messages.add(m);
        }
        queued.clear();
        event.setRecords(messages);
        return new TreasuryReportJobHandler(wiring).handleRequest(event, null).getBatchItemFailures().isEmpty();
    }

    /** A report over the inline limit (4 MiB): a 303 to its stored document, read from the store. */
    private JsonNode served(APIGatewayV2HTTPResponse r, String key) {
        assertEquals(303, r.getStatusCode(), r.getBody());
        assertTrue(r.getHeaders().get("location").contains(key), r.getHeaders().toString());
        return Json.parse(stored.documents.bytes(key).orElseThrow());
    }

    private static void assertGenerating(APIGatewayV2HTTPResponse r) {
        assertEquals(202, r.getStatusCode(), r.getBody());
        assertEquals("60", r.getHeaders().get("retry-after"));
        JsonNode body = Json.parse(r.getBody());
        assertEquals("generating", body.path("status").asText());
        assertEquals("MOFA", body.path("organizationCode").asText());
        assertEquals("2026-11-01", body.path("from").asText());
        assertEquals("2026-11-30", body.path("to").asText());
    }

    @Test
    void theRequestsLimitIsFoundAtTheLineTooManyWithoutReadingTheRestAndTheReportJobIsAsked() {
        PayIn big = bigNovemberPayIn(TreasuryReport.MAX_ENTRUSTMENTS + 100);
        // its end is cut off: a request that read the document whole would fail its checksum (500) before counting
        String key = big.documents().get("lines.json").key();
        byte[] whole = stored.documents.bytes(key).orElseThrow();
        stored.documents.tamper(key, Arrays.copyOf(whole, whole.length - 1000));

        APIGatewayV2HTTPResponse r = november(OPERATOR);

        assertGenerating(r);
        assertEquals(List.of(new ReportQueue.Request("MOFA", NOV_1, NOV_30)), queued);
        assertTrue(stored.documents.keys().stream().noneMatch(k -> k.startsWith("treasury/")));
        assertTrue(reports.newest("MOFA", NOV_1, NOV_30).isEmpty());
    }

    @Test
    void aReportOverTheRequestsLimitIsIssuedByTheReportJobAndThenServedWithoutReadingALine() {
        PayIn big = bigNovemberPayIn(TreasuryReport.MAX_ENTRUSTMENTS + 100);
        String key = big.documents().get("lines.json").key();
        byte[] whole = stored.documents.bytes(key).orElseThrow();

        assertGenerating(november(OPERATOR));
        // asked again while the job works: answered at once, unread (a corrupt document would be a 500), not queued twice
        stored.documents.tamper(key, "unreadable".getBytes(StandardCharsets.UTF_8));
        assertGenerating(november(OPERATOR));
        assertEquals(1, queued.size());
        stored.documents.tamper(key, whole);

        assertTrue(runTheReportJob());

        stored.documents.tamper(key, "unreadable".getBytes(StandardCharsets.UTF_8));
        JsonNode v001 = served(november(OPERATOR), V001 + ".json");
        assertEquals("v001", v001.path("report").asText());
        assertEquals(TreasuryReport.MAX_ENTRUSTMENTS + 102, v001.path("count").asInt());
        assertEquals((TreasuryReport.MAX_ENTRUSTMENTS + 102) * 14000L, v001.path("total").asLong());
        assertEquals(1, stored.documents.writes(V001 + ".json"));
        assertTrue(queued.isEmpty());
        stored.documents.tamper(key, whole);

        // a late line of November settled on December 2 changes the inputs: the job issues v002, correcting v001
        stored.settle(LocalDate.parse("2026-12-02"), Instant.parse("2026-12-01T15:30:00Z"));
        mofa.payIn(LocalDate.parse("2026-12-02"), 1, List.of(new Line("chk_late", "2026-11-30T12:00:00Z")));
        assertGenerating(november(OPERATOR));
        assertTrue(runTheReportJob());
        JsonNode v002 = served(november(OPERATOR), "treasury/reports/MOFA/2026-11-01_2026-11-30/v002.json");
        assertEquals("v002", v002.path("report").asText());
        assertEquals("v001", v002.path("corrects").asText());
        assertEquals(List.of("chk_late"), checkouts(v002.path("differences").path("added")));
        assertEquals(TreasuryReport.MAX_ENTRUSTMENTS + 103, v002.path("count").asInt());
    }

    @Test
    void aGenerationAskedLongerAgoThanTheJobCanTakeIsAskedAgain() {
        bigNovemberPayIn(TreasuryReport.MAX_ENTRUSTMENTS + 1);
        assertGenerating(november(OPERATOR));
        clock.advance(TreasuryReports.GENERATION_TIMEOUT);
        assertGenerating(november(OPERATOR));
        assertEquals(1, queued.size(), "the job may still be working");

        clock.advance(Duration.ofSeconds(1));
        assertGenerating(november(OPERATOR));

        assertEquals(2, queued.size(), "its message was lost or dead-lettered: asked again");
    }

    @Test
    void aRequestThatCouldNotQueueTheJobIsAnErrorAndTheNextRequestAsksAgain() {
        bigNovemberPayIn(TreasuryReport.MAX_ENTRUSTMENTS + 1);
        queueDown = true;
        assertProblem(500, "internal_error", november(OPERATOR));
        assertTrue(queued.isEmpty());

        queueDown = false;
        assertGenerating(november(OPERATOR));

        assertEquals(1, queued.size());
    }

    @Test
    void payInsHoldingMoreLinesThanTheReportJobReadsAreRefusedUnreadAndNothingIsQueued() {
        november();
        PayIn one = payIns.byOrganization("MOFA", NOV_30, NOV_30).getFirst();
        // a pay-in that says it holds more lines than a report reads; its document is not even opened
        PayIn huge = new PayIn(PayIn.idOf(one.runId(), 7), one.runId(), one.businessDate(), one.organizationCode(),
                one.ministryCode(), one.ministryName(), one.account(), one.officerCode(), one.officerName(), one.fiscalYear(),
                one.revenueItem(), one.amount(), TreasuryReport.MAX_GENERATED_ENTRUSTMENTS, one.dueDate(), one.closedYear(),
                one.status(), one.createdAt(), one.paid(), one.confirmedAt(), one.audit(), one.documents(), one.version());
        payIns.create(huge);

        APIGatewayV2HTTPResponse r = november(OPERATOR);

        assertProblem(400, "invalid_request", r);
        assertTrue(r.getBody().contains("ask for shorter periods"), r.getBody());
        assertTrue(queued.isEmpty());
        assertTrue(reports.newest("MOFA", NOV_1, NOV_30).isEmpty());
    }

    @Test
    void theReportJobDropsAMessageThatCannotSucceedAndRetriesOneThatMay() {
        november();
        SQSEvent event = new SQSEvent();
        SQSEvent.SQSMessage bad = new SQSEvent.SQSMessage();
        bad.setMessageId("bad");
        bad.setBody("{\"organizationCode\": 7}");
        SQSEvent.SQSMessage chiyoda = new SQSEvent.SQSMessage();
        chiyoda.setMessageId("not-treasury");
        chiyoda.setBody(new ReportQueue.Request(TestCatalogs.CHIYODA, NOV_1, NOV_30).toJson());
        SQSEvent.SQSMessage unsettled = new SQSEvent.SQSMessage();
        unsettled.setMessageId("unsettled");
        unsettled.setBody(new ReportQueue.Request("MOFA", NOV_1, LocalDate.parse("2026-12-05")).toJson());
        SQSEvent.SQSMessage good = new SQSEvent.SQSMessage();
        good.setMessageId("good");
        good.setBody(new ReportQueue.Request("MOFA", NOV_1, NOV_30).toJson());
        event.setRecords(List.of(bad, chiyoda, unsettled, good));

        assertTrue(new TreasuryReportJobHandler(wiring).handleRequest(event, null).getBatchItemFailures().isEmpty());

        assertEquals(2, reports.newest("MOFA", NOV_1, NOV_30).orElseThrow().count());
        assertTrue(reports.newest(TestCatalogs.CHIYODA, NOV_1, NOV_30).isEmpty());
        assertTrue(reports.newest("MOFA", NOV_1, LocalDate.parse("2026-12-05")).isEmpty());

        // an error the next try may not meet (the catalog unreachable): the message comes back later
        SettlementApiWiring broken = new SettlementApiWiring(() -> {
            throw new IllegalStateException("catalog unreachable");
        }, stored.runs, stored.documents, clock, SettlementApiWiring.Limits.DEFAULT, payIns, reports, new InMemoryRunReleases());
        event.setRecords(List.of(good));
        assertEquals("good", new TreasuryReportJobHandler(broken).handleRequest(event, null).getBatchItemFailures().getFirst()
                .getItemIdentifier());
    }

    @Test
    void aJobThatFindsTheReportBeingIssuedWithOtherContentWithdrawsTheAskSoTheNextRequestAsksAgain() {
        bigNovemberPayIn(TreasuryReport.MAX_ENTRUSTMENTS + 1);
        assertGenerating(november(OPERATOR));
        TreasuryReport other = TreasuryReport.select(TreasuryReport.Header.of("x", "MOFA", TestCatalogs.MOFA_TREASURY),
                NOV_1, NOV_30, List.of(), List.of());
        assertTrue(reports.claim(TreasuryReportVersion.claim(other, TreasuryReport.Issue.first(NOW))));

        assertTrue(runTheReportJob(), "not retried: the next request asks again");
        assertTrue(reports.newest("MOFA", NOV_1, NOV_30).orElseThrow().count() == 0, "the other issuer's claim stands");

        assertGenerating(november(OPERATOR));
        assertEquals(1, queued.size(), "asked again at once, not 16 minutes later");
    }

    @Test
    void aCorruptDocumentTheJobFoundIsTheAnswerForThoseInputsInsteadOf202UntilItIsStale() {
        PayIn big = bigNovemberPayIn(TreasuryReport.MAX_ENTRUSTMENTS + 100);
        String key = big.documents().get("lines.json").key();
        byte[] whole = stored.documents.bytes(key).orElseThrow();
        stored.documents.tamper(key, Arrays.copyOf(whole, whole.length - 1000)); // past what a request reads
        assertGenerating(november(OPERATOR));

        assertTrue(runTheReportJob());

        APIGatewayV2HTTPResponse r = november(OPERATOR);
        assertProblem(500, "document_corrupt", r);
        assertTrue(reports.newest("MOFA", NOV_1, NOV_30).isEmpty());
        assertTrue(queued.isEmpty());

        stored.documents.tamper(key, whole); // restored by an operator: asked again once the failure is stale
        clock.advance(TreasuryReports.GENERATION_TIMEOUT.plusSeconds(1));
        assertGenerating(november(OPERATOR));
        assertEquals(1, queued.size());
        assertTrue(runTheReportJob());
        assertEquals(TreasuryReport.MAX_ENTRUSTMENTS + 102, reports.newest("MOFA", NOV_1, NOV_30).orElseThrow().count());
    }

    @Test
    void aRefundClaimAddedAfterTheReportWasIssuedIsANewInputAndIssuesV002() {
        november();
        assertEquals("v001", json(november(OPERATOR)).path("report").asText());
        SettlementRun inPeriod = stored.settle(LocalDate.parse("2026-11-15"), Instant.parse("2026-11-15T15:30:00Z"));
        stored.runs.putRepaymentRequests(List.of(mofa.repaymentRequest(inPeriod.id(), "rfd_in", 14000)));

        JsonNode v002 = json(november(OPERATOR));

        assertEquals("v002", v002.path("report").asText());
        assertEquals(1, v002.path("differences").path("claimsAdded").size(), v002.path("differences").toString());
    }

    @Test
    void aCheckWrittenLateForAnOlderVersionNeverServesItOverTheNewest() {
        november();
        TreasuryReports service = service(reports);
        Treasury renamed = withOfficer(TestCatalogs.MOFA_TREASURY, "外務省大臣官房会計課長（新任）");
        TreasuryReports.Inputs before = service.inputs("MOFA", TestCatalogs.MOFA_TREASURY, NOV_1, NOV_30);
        assertEquals(1, ((TreasuryReports.Outcome.Served) service.current(before, NOV_1, NOV_30, TreasuryReport.MAX_ENTRUSTMENTS))
                .version().version());
        assertEquals(2, ((TreasuryReports.Outcome.Served) service.current("MOFA", renamed, NOV_1, NOV_30,
                TreasuryReport.MAX_ENTRUSTMENTS)).version().version());
        // a slower request that computed the first inputs records its check after v002 was issued
        reports.recordCheck("MOFA", NOV_1, NOV_30, new TreasuryReportStore.Check(before.sha256(), 1));

        TreasuryReports.Outcome reverted = service.current(before, NOV_1, NOV_30, TreasuryReport.MAX_ENTRUSTMENTS);

        TreasuryReportVersion v003 = ((TreasuryReports.Outcome.Served) reverted).version();
        assertEquals(3, v003.version(), "the officer's name reverted: a correction of v002, not v001 served again");
        assertEquals(2, v003.corrects());
    }

    @Test
    void aLinesDocumentCutShortIsCorruptAndNothingIsIssued() {
        november();
        String key = "runs/2026-11-30/stl_20261130_001/payins/pin_20261130_001_001.lines.json";
        byte[] whole = stored.documents.bytes(key).orElseThrow();
        stored.documents.tamper(key, Arrays.copyOf(whole, whole.length - 20));

        assertProblem(500, "document_corrupt", november(OPERATOR));
        assertTrue(reports.newest("MOFA", NOV_1, NOV_30).isEmpty());
        assertTrue(stored.documents.keys().stream().noneMatch(k -> k.startsWith("treasury/")));
    }

    @Test
    void aLinesDocumentWithALineAddedAfterItWasStoredIsCorruptAndNothingIsIssued() {
        november();
        String key = "runs/2026-11-30/stl_20261130_001/payins/pin_20261130_001_001.lines.json";
        String text = stored.documents.text(key).orElseThrow();
        stored.documents.tamper(key, text.replace("\"lines\":[", "\"lines\":[{\"checkoutId\":\"chk_forged\",\"paymentId\":\"p\","
                + "\"procedureCode\":\"passport-10y\",\"amount\":1,\"paidAt\":\"2026-11-10T01:00:00Z\"},").getBytes(StandardCharsets.UTF_8));

        APIGatewayV2HTTPResponse r = november(OPERATOR);

        assertProblem(500, "document_corrupt", r);
        assertFalse(r.getBody().contains("chk_forged"));
        assertTrue(reports.newest("MOFA", NOV_1, NOV_30).isEmpty());
    }

    @Test
    void aPayInOfAFiscalYearThatCannotHoldThePeriodIsNotRead() {
        november();
        // a line of March 31, 2026 (fiscal year 2025) settled very late by the run of November 15: not a November entrustment
        PayIn fy2025 = mofa.payIn(LocalDate.parse("2026-11-15"), 1, List.of(new Line("chk_march", "2026-03-31T01:00:00Z")));
        stored.documents.tamper(fy2025.documents().get("lines.json").key(), "not read".getBytes(StandardCharsets.UTF_8));

        assertEquals(List.of("chk_a", "chk_last"), checkouts(json(november(OPERATOR)).path("entrustments")));
        assertFalse(TreasuryReports.mayHoldLinesOf(fy2025, NOV_1, NOV_30));
        assertTrue(TreasuryReports.mayHoldLinesOf(fy2025, LocalDate.parse("2026-03-31"), LocalDate.parse("2026-04-01")));
        assertFalse(TreasuryReports.mayHoldLinesOf(fy2025, LocalDate.parse("2026-04-01"), LocalDate.parse("2026-04-01")));
        assertTrue(TreasuryReports.mayHoldLinesOf(fy2025, LocalDate.parse("2025-04-01"), LocalDate.parse("2025-04-01")));
    }

    private static void assertProblem(int status, String code, APIGatewayV2HTTPResponse r) {
        assertEquals(status, r.getStatusCode(), r.getBody());
        assertEquals("application/problem+json", r.getHeaders().get("content-type"));
        assertEquals(code, Json.parse(r.getBody()).path("code").asText(), r.getBody());
    }
}
