package jp.kokin.settlement;

import jp.kokin.domain.refund.Principals;
import jp.kokin.domain.console.RunRelease;
import jp.kokin.domain.console.InMemoryRunReleases;
import jp.kokin.domain.settlement.treasury.InMemoryTreasuryReportStore;
import jp.kokin.domain.settlement.treasury.InMemoryPayInStore;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;

import jp.kokin.adapters.json.Json;
import jp.kokin.adapters.testing.HttpEvents;
import jp.kokin.domain.Hashes;
import jp.kokin.domain.catalog.ApiKey;
import jp.kokin.domain.catalog.Catalog;
import jp.kokin.domain.catalog.Role;
import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.checkout.TestCatalogs;
import jp.kokin.domain.checkout.TestCheckouts;
import jp.kokin.domain.checkout.TestClock;
import jp.kokin.domain.format.zengin.ZenginReader;
import jp.kokin.domain.settlement.RunStatement;
import jp.kokin.domain.settlement.SettlementRun;
import jp.kokin.settlement.SettlementApiWiring.Limits;

/**
 * The operators' settlement-run routes over in-memory runs and documents: listing a date's runs,
 * one run with its statements, its transfer file and statement documents (inline up to the limit,
 * a {@code 303} to a presigned URL past it, never bytes that fail their SHA-256), a date's
 * statements over several runs, the provisional view before any run, and the date routes of old
 * when a date has several runs.
 */
class SettlementRunsApiTest {
    private static final LocalDate DAY = LocalDate.of(2026, 11, 26);
    private static final Instant FIRST_RUN = Instant.parse("2026-11-26T15:30:00Z");
    private static final Instant SECOND_RUN = Instant.parse("2026-11-27T01:00:00Z");
    private static final String OPERATOR = "operator-key";
    private static final String PORTAL = "myna-key";
    private static final String CHIYODA_OPERATOR = "chiyoda-operator-key";
    /** A second operator over every organization: the other person of the two-person release. */
    private static final String APPROVER = "approver-key";
    private static final Catalog CATALOG = TestCatalogs.aStandardCatalog()
            .withKey(new ApiKey(Hashes.sha256Hex(CHIYODA_OPERATOR), Role.OPERATOR, null, Set.of(TestCatalogs.CHIYODA)))
            .withKey(new ApiKey(Hashes.sha256Hex(APPROVER), Role.OPERATOR, null, Set.of(ApiKey.ALL_ORGANIZATIONS)))
            .build();

    private final TestClock clock = new TestClock(FIRST_RUN);
    private final StoredRuns stored = new StoredRuns(CATALOG);
    private final InMemoryRunReleases releases = new InMemoryRunReleases();
    private SettlementApiHandler api = withLimits(Limits.DEFAULT);

    private SettlementApiHandler withLimits(Limits limits) {
        return new SettlementApiHandler(new SettlementApiWiring(() -> CATALOG, stored.runs, stored.documents, clock, limits, new InMemoryPayInStore(),
                new InMemoryTreasuryReportStore(), releases));
    }

    private Checkout juminhyo(Instant paidAt) {
        return stored.pay(TestCheckouts.aCheckout().withItem(TestCatalogs.JUMINHYO, 1).createdAt(paidAt.minusSeconds(300)).build(), paidAt);
    }

    private Checkout passport(Instant paidAt) {
        return stored.pay(TestCheckouts.aCheckout().forOrganization(TestCatalogs.TOKYO).withItem(TestCatalogs.PASSPORT, 1)
                .createdAt(paidAt.minusSeconds(300)).build(), paidAt);
    }

    /** Run 1 of the day: two 住民票 (千代田区) and a passport (MOFA and 東京都). */
    private SettlementRun firstRun() {
        juminhyo(Instant.parse("2026-11-26T01:00:00Z"));
        juminhyo(Instant.parse("2026-11-26T02:00:00Z"));
        passport(Instant.parse("2026-11-26T03:00:00Z"));
        return stored.settle(DAY, FIRST_RUN);
    }

    /** Run 2 of the day: a 住民票 paid that evening but recorded after run 1. */
    private SettlementRun secondRun() {
        juminhyo(Instant.parse("2026-11-26T14:59:59Z"));
        return stored.settle(DAY, SECOND_RUN);
    }

    private APIGatewayV2HTTPResponse get(String route, String key, Map<String, String> path, Map<String, String> query) {
        HttpEvents e = HttpEvents.route("GET " + route).bearer(key);
        path.forEach(e::path);
        query.forEach(e::query);
        return api.handleRequest(e.build(), null);
    }

    private APIGatewayV2HTTPResponse runs(String key, String businessDate) {
        return get("/v1/settlement-runs", key, Map.of(), businessDate == null ? Map.of() : Map.of("businessDate", businessDate));
    }

    private APIGatewayV2HTTPResponse run(String key, String id) {
        return get("/v1/settlement-runs/{id}", key, Map.of("id", id), Map.of());
    }

    private APIGatewayV2HTTPResponse post(String route, String key, String id) {
        return api.handleRequest(HttpEvents.route("POST " + route).bearer(key).path("id", id).build(), null);
    }

    private APIGatewayV2HTTPResponse prepare(String key, String id) {
        return post("/v1/settlement-runs/{id}/prepare", key, id);
    }

    private APIGatewayV2HTTPResponse approve(String key, String id) {
        return post("/v1/settlement-runs/{id}/approve", key, id);
    }

    private APIGatewayV2HTTPResponse transferFile(String key, String id) {
        return get("/v1/settlement-runs/{id}/transfer-file", key, Map.of("id", id), Map.of());
    }

    private APIGatewayV2HTTPResponse statement(String key, String id, String document) {
        return get("/v1/settlement-runs/{id}/statements/{document}", key, Map.of("id", id, "document", document), Map.of());
    }

    private APIGatewayV2HTTPResponse day(String key, LocalDate date) {
        return get("/v1/settlements", key, Map.of(), Map.of("date", date.toString()));
    }

    private static JsonNode ok(APIGatewayV2HTTPResponse r) {
        assertEquals(200, r.getStatusCode(), r.getBody());
        return Json.parse(r.getBody());
    }

    private static void assertProblem(int status, String code, APIGatewayV2HTTPResponse r) {
        assertEquals(status, r.getStatusCode(), r.getBody());
        assertEquals("application/problem+json", r.getHeaders().get("content-type"));
        assertEquals(code, Json.parse(r.getBody()).path("code").asText(), r.getBody());
    }

    private static JsonNode statementOf(JsonNode body, String creditor) {
        for (JsonNode s : body.path("statements")) {
            if (s.path("creditorCode").asText().equals(creditor)) {
                return s;
            }
        }
        throw new AssertionError("no statement of " + creditor + " in " + body);
    }

    private static List<String> checkoutIds(JsonNode statement) {
        List<String> ids = new ArrayList<>();
        statement.path("payments").forEach(p -> ids.add(p.path("checkoutId").asText()));
        return ids;
    }

    private static byte[] bytes(APIGatewayV2HTTPResponse r) {
        assertTrue(r.getIsBase64Encoded(), "binary bodies are base64");
        return Base64.getDecoder().decode(r.getBody());
    }

    // ---- listing and reading runs ----

    @Test
    void a_dates_runs_are_listed_oldest_first_with_their_totals() {
        SettlementRun first = firstRun();
        SettlementRun second = secondRun();

        JsonNode list = ok(runs(OPERATOR, DAY.toString())).path("runs");

        assertEquals(2, list.size());
        assertEquals(first.id().toString(), list.get(0).path("id").asText());
        assertEquals("stl_20261126_001", list.get(0).path("id").asText());
        assertEquals(second.id().toString(), list.get(1).path("id").asText());
        JsonNode one = list.get(0);
        assertEquals("2026-11-26", one.path("businessDate").asText());
        assertEquals(FIRST_RUN.toString(), one.path("createdAt").asText());
        assertEquals(FIRST_RUN.toString(), one.path("completedAt").asText());
        assertEquals(first.transferDate().toString(), one.path("transferDate").asText());
        assertEquals(3, one.path("count").asLong());
        assertEquals(16_600, one.path("amount").asLong());
        assertEquals(3, one.path("creditors").asInt());
        assertEquals(0, one.path("carriedOver").asLong());
        assertEquals(1, list.get(1).path("count").asLong());
        assertEquals(0, ok(runs(OPERATOR, "2026-11-25")).path("runs").size());
    }

    @Test
    void a_scoped_operator_lists_only_runs_with_its_creditors_and_totals_over_them() {
        passport(Instant.parse("2026-11-26T03:00:00Z"));
        stored.settle(DAY, FIRST_RUN);
        secondRun();

        JsonNode list = ok(runs(CHIYODA_OPERATOR, DAY.toString())).path("runs");

        assertEquals(1, list.size(), "the passport run carries no money for 千代田区");
        assertEquals("stl_20261126_002", list.get(0).path("id").asText());
        assertEquals(300, list.get(0).path("amount").asLong());
        assertEquals(1, list.get(0).path("creditors").asInt());
        assertProblem(404, "not_found", run(CHIYODA_OPERATOR, "stl_20261126_001"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-13-01", "yesterday", "", "20261126"})
    void a_bad_business_date_is_an_invalid_request(String date) {
        assertProblem(400, "invalid_request", runs(OPERATOR, date));
    }

    @Test
    void a_missing_business_date_is_an_invalid_request() {
        assertProblem(400, "invalid_request", runs(OPERATOR, null));
    }

    @Test
    void a_portal_key_is_forbidden_on_every_run_route() {
        SettlementRun first = firstRun();
        String id = first.id().toString();

        assertProblem(403, "forbidden", runs(PORTAL, DAY.toString()));
        assertProblem(403, "forbidden", run(PORTAL, id));
        assertProblem(403, "forbidden", transferFile(PORTAL, id));
        assertProblem(403, "forbidden", statement(PORTAL, id, "131016.csv"));
        assertProblem(401, "unauthorized", run("no-such-key", id));
    }

    @Test
    void a_run_shows_its_statements_with_every_payment_and_links_to_its_documents() {
        SettlementRun first = firstRun();

        JsonNode body = ok(run(OPERATOR, first.id().toString()));

        assertEquals("stl_20261126_001", body.path("id").asText());
        assertEquals(16_600, body.path("amount").asLong());
        assertTrue(body.path("paymentsIncluded").asBoolean());
        assertEquals("/v1/settlement-runs/stl_20261126_001/transfer-file", body.path("transferFile").path("href").asText());
        assertEquals(first.transferFile().sha256(), body.path("transferFile").path("sha256").asText());
        JsonNode chiyoda = statementOf(body, "131016");
        assertEquals("千代田区", chiyoda.path("creditorName").asText());
        assertEquals(2, chiyoda.path("count").asLong());
        assertEquals(600, chiyoda.path("amount").asLong());
        assertEquals(0, chiyoda.path("carriedOver").asLong());
        assertEquals(2, chiyoda.path("procedures").get(0).path("count").asLong());
        assertEquals(2, chiyoda.path("payments").size());
        JsonNode payment = chiyoda.path("payments").get(0);
        assertEquals("2026-11-26", payment.path("deemedDate").asText());
        assertFalse(payment.path("carriedOver").asBoolean());
        assertEquals(300, payment.path("amount").asLong());
        assertEquals("/v1/settlement-runs/stl_20261126_001/statements/131016.csv", chiyoda.path("csv").asText());
        assertEquals("/v1/settlement-runs/stl_20261126_001/statements/131016.html", chiyoda.path("html").asText());
        assertEquals(List.of("130001", "131016", "MOFA"),
                body.path("statements").findValuesAsText("creditorCode"));
    }

    @Test
    void a_scoped_operator_sees_only_its_creditors_in_a_run_and_no_transfer_file_link() {
        SettlementRun first = firstRun();

        JsonNode body = ok(run(CHIYODA_OPERATOR, first.id().toString()));

        assertEquals(List.of("131016"), body.path("statements").findValuesAsText("creditorCode"));
        assertEquals(600, body.path("amount").asLong(), "totals over its creditors");
        assertTrue(body.path("transferFile").isNull());
    }

    @ParameterizedTest
    @ValueSource(strings = {"stl_20261126_002", "stl_20261126_000", "stl_20261332_001", "STL_20261126_001", "stl_20261126_1",
            "../stl_20261126_001", "x"})
    void a_malformed_or_unknown_run_id_is_not_found(String id) {
        firstRun();

        assertProblem(404, "not_found", run(OPERATOR, id));
        assertProblem(404, "not_found", transferFile(OPERATOR, id));
        assertProblem(404, "not_found", statement(OPERATOR, id, "131016.csv"));
    }

    @Test
    void a_run_still_open_is_not_shown() {
        juminhyo(Instant.parse("2026-11-26T01:00:00Z"));
        var open = stored.runs.createRun(SettlementRun.open(new jp.kokin.domain.settlement.SettlementRunId(DAY, 1), FIRST_RUN,
                Instant.parse("2026-11-26T15:00:00Z"), LocalDate.of(2026, 11, 30))).orElseThrow();

        assertProblem(404, "not_found", run(OPERATOR, open.id().toString()));
        assertEquals(0, ok(runs(OPERATOR, DAY.toString())).path("runs").size());
    }

    @Test
    void payments_are_listed_while_the_statement_documents_fit_the_listing_limit_and_omitted_past_it() {
        SettlementRun first = firstRun();
        long documents = 0;
        for (String c : List.of("130001", "131016", "MOFA")) {
            documents += stored.runs.statement(first.id(), c).orElseThrow().json().bytes();
        }

        api = withLimits(new Limits(Limits.DEFAULT.maxInlineBytes(), documents, 100));
        JsonNode atLimit = ok(run(OPERATOR, first.id().toString()));
        api = withLimits(new Limits(Limits.DEFAULT.maxInlineBytes(), documents - 1, 100));
        JsonNode pastLimit = ok(run(OPERATOR, first.id().toString()));

        assertTrue(atLimit.path("paymentsIncluded").asBoolean());
        assertEquals(2, statementOf(atLimit, "131016").path("payments").size());
        assertFalse(pastLimit.path("paymentsIncluded").asBoolean());
        assertFalse(statementOf(pastLimit, "131016").has("payments"), "statements without payments");
        assertEquals(600, statementOf(pastLimit, "131016").path("amount").asLong(), "the totals stay");
    }

    // ---- documents ----

    @Test
    void an_operator_for_all_organizations_gets_a_runs_transfer_file() {
        SettlementRun first = firstRun();
        released(first.id().toString());

        var r = transferFile(OPERATOR, first.id().toString());

        assertEquals(200, r.getStatusCode(), r.getBody());
        assertEquals("text/plain; charset=Shift_JIS", r.getHeaders().get("content-type"));
        assertEquals("attachment; filename=\"zengin-stl_20261126_001.txt\"", r.getHeaders().get("content-disposition"));
        assertEquals(3, ZenginReader.read(bytes(r)).transfers().size());
    }

    @Test
    void a_scoped_operator_gets_no_transfer_file() {
        SettlementRun first = firstRun();

        assertProblem(403, "forbidden", transferFile(CHIYODA_OPERATOR, first.id().toString()));
    }

    @Test
    void a_run_that_transfers_nothing_has_no_transfer_file() {
        juminhyo(Instant.parse("2026-11-26T01:00:00Z"));
        SettlementRun run = stored.settleTransferringNothing(DAY, FIRST_RUN);

        assertProblem(404, "not_found", transferFile(OPERATOR, run.id().toString()));
        assertTrue(ok(run(OPERATOR, run.id().toString())).path("transferFile").isNull());
    }

    @Test
    void each_creditors_statement_of_a_run_is_a_csv_or_a_printable_page() {
        SettlementRun first = firstRun();
        String id = first.id().toString();

        var csv = statement(OPERATOR, id, "131016.csv");
        assertEquals(200, csv.getStatusCode(), csv.getBody());
        assertEquals("text/csv; charset=utf-8", csv.getHeaders().get("content-type"));
        assertEquals("attachment; filename=\"statement-131016-stl_20261126_001.csv\"", csv.getHeaders().get("content-disposition"));
        RunStatement chiyoda = stored.runs.statement(first.id(), "131016").orElseThrow();
        assertEquals(new String(stored.documents.bytes(chiyoda.csv().key()).orElseThrow(), StandardCharsets.UTF_8),
                new String(bytes(csv), StandardCharsets.UTF_8));
        var html = statement(OPERATOR, id, "MOFA.html");
        assertEquals(200, html.getStatusCode(), html.getBody());
        assertTrue(html.getHeaders().get("content-type").startsWith("text/html"));
        assertNotNull(html.getHeaders().get("content-security-policy"));
        assertTrue(html.getBody().contains("外務省"), html.getBody());
        assertProblem(404, "not_found", statement(OPERATOR, id, "131041.csv"));
        for (String document : new String[] {"131017.csv", "../131016.csv", "mofa.html", ".csv", "131016", "MOFA.pdf",
                "9".repeat(3000) + ".csv"}) {
            assertProblem(404, "not_found", statement(OPERATOR, id, document));
        }
    }

    @Test
    void a_scoped_operator_gets_its_own_statements_and_not_found_for_others() {
        SettlementRun first = firstRun();
        String id = first.id().toString();

        assertEquals(200, statement(CHIYODA_OPERATOR, id, "131016.csv").getStatusCode());
        assertProblem(404, "not_found", statement(CHIYODA_OPERATOR, id, "MOFA.csv"));
        assertProblem(404, "not_found", statement(CHIYODA_OPERATOR, id, "130001.html"));
    }

    @Test
    void a_document_at_the_inline_limit_is_served_and_one_byte_past_it_is_a_303_to_a_presigned_url() {
        SettlementRun first = firstRun();
        String id = first.id().toString();
        long size = stored.runs.statement(first.id(), "131016").orElseThrow().csv().bytes();

        api = withLimits(new Limits(size, Limits.DEFAULT.maxListedDocumentBytes(), 100));
        var atLimit = statement(OPERATOR, id, "131016.csv");
        api = withLimits(new Limits(size - 1, Limits.DEFAULT.maxListedDocumentBytes(), 100));
        var pastLimit = statement(OPERATOR, id, "131016.csv");
        released(id);
        var transfer = transferFile(OPERATOR, id);

        assertEquals(200, atLimit.getStatusCode(), atLimit.getBody());
        assertEquals(size, bytes(atLimit).length);
        assertEquals(303, pastLimit.getStatusCode(), pastLimit.getBody());
        assertEquals("https://documents.invalid/runs/2026-11-26/stl_20261126_001/statements/131016.csv?expires=300",
                pastLimit.getHeaders().get("location"), "a URL valid 5 minutes");
        assertEquals(303, transfer.getStatusCode(), "the transfer file is larger still");
        assertTrue(transfer.getHeaders().get("location").contains("transfer-file.txt"));
    }

    @Test
    void a_document_that_does_not_match_its_sha256_is_a_500_and_its_bytes_are_never_served() {
        SettlementRun first = firstRun();
        RunStatement chiyoda = stored.runs.statement(first.id(), "131016").orElseThrow();
        byte[] original = stored.documents.bytes(chiyoda.csv().key()).orElseThrow();
        byte[] tampered = new String(original, StandardCharsets.UTF_8).replace("300", "999").getBytes(StandardCharsets.UTF_8);
        assertEquals(original.length, tampered.length, "same size: only the digest tells");
        stored.documents.tamper(chiyoda.csv().key(), tampered);
        stored.documents.tamper(chiyoda.json().key(), "{}".getBytes(StandardCharsets.UTF_8));

        var csv = statement(OPERATOR, first.id().toString(), "131016.csv");
        var listing = run(OPERATOR, first.id().toString());

        assertProblem(500, "document_corrupt", csv);
        assertFalse(csv.getBody().contains("999"), csv.getBody());
        assertFalse(Boolean.TRUE.equals(csv.getIsBase64Encoded()));
        assertProblem(500, "document_corrupt", listing);
    }

    // ---- a date ----

    @Test
    void a_date_settled_in_two_runs_shows_each_creditors_statements_added_up_with_each_payment_once() {
        firstRun();
        secondRun();

        JsonNode body = ok(day(OPERATOR, DAY));

        assertFalse(body.path("provisional").asBoolean());
        assertEquals("settled", body.path("status").asText());
        assertEquals(SECOND_RUN.toString(), body.path("settledAt").asText(), "when the last run completed");
        List<String> runs = new ArrayList<>();
        body.path("runs").forEach(r -> runs.add(r.asText()));
        assertEquals(List.of("stl_20261126_001", "stl_20261126_002"), runs);
        assertTrue(body.path("paymentsIncluded").asBoolean());
        JsonNode chiyoda = statementOf(body, "131016");
        assertEquals(3, chiyoda.path("count").asLong());
        assertEquals(900, chiyoda.path("amount").asLong());
        assertEquals(3, chiyoda.path("procedures").get(0).path("count").asLong(), "procedures added up");
        assertEquals(900, chiyoda.path("procedures").get(0).path("amount").asLong());
        List<String> ids = checkoutIds(chiyoda);
        assertEquals(3, ids.size());
        assertEquals(3, Set.copyOf(ids).size(), "each payment once");
        assertEquals(14_000, statementOf(body, "MOFA").path("amount").asLong());
    }

    @Test
    void a_date_lists_payments_over_its_runs_only_while_their_documents_fit_the_listing_limit() {
        firstRun();
        secondRun();
        api = withLimits(new Limits(Limits.DEFAULT.maxInlineBytes(), 10, 100));

        JsonNode body = ok(day(OPERATOR, DAY));

        assertFalse(body.path("paymentsIncluded").asBoolean());
        assertFalse(statementOf(body, "131016").has("payments"));
        assertEquals(900, statementOf(body, "131016").path("amount").asLong());
    }

    @Test
    void before_any_run_a_date_shows_provisionally_what_a_run_would_settle_now_carried_over_lines_included() {
        Checkout late = juminhyo(Instant.parse("2026-11-24T03:00:00Z"));
        Checkout today = juminhyo(Instant.parse("2026-11-26T14:59:59Z"));
        passport(Instant.parse("2026-11-26T15:00:00Z")); // 00:00 JST on the 27th: not yet
        Checkout settled = juminhyo(Instant.parse("2026-11-23T03:00:00Z"));
        stored.settle(LocalDate.of(2026, 11, 23), FIRST_RUN.minus(Duration.ofDays(3)));

        JsonNode body = ok(day(OPERATOR, DAY));

        assertTrue(body.path("provisional").asBoolean());
        assertEquals("provisional", body.path("status").asText());
        assertTrue(body.path("settledAt").isNull());
        assertEquals(0, body.path("runs").size());
        assertTrue(body.path("paymentsIncluded").asBoolean());
        assertEquals(List.of("131016"), body.path("statements").findValuesAsText("creditorCode"));
        JsonNode chiyoda = statementOf(body, "131016");
        assertEquals(2, chiyoda.path("count").asLong());
        assertEquals(1, chiyoda.path("carriedOver").asLong());
        assertEquals(List.of(late.id(), today.id()), checkoutIds(chiyoda), "oldest first, the settled one not again");
        assertFalse(checkoutIds(chiyoda).contains(settled.id()));
        JsonNode carried = chiyoda.path("payments").get(0);
        assertTrue(carried.path("carriedOver").asBoolean());
        assertEquals("2026-11-24", carried.path("deemedDate").asText());
    }

    @Test
    void the_provisional_view_lists_payments_up_to_its_cap_and_then_only_totals() {
        juminhyo(Instant.parse("2026-11-26T01:00:00Z"));
        juminhyo(Instant.parse("2026-11-26T02:00:00Z"));
        passport(Instant.parse("2026-11-26T03:00:00Z")); // two payment entries: MOFA and 東京都

        api = withLimits(new Limits(Limits.DEFAULT.maxInlineBytes(), Limits.DEFAULT.maxListedDocumentBytes(), 4));
        JsonNode atCap = ok(day(OPERATOR, DAY));
        api = withLimits(new Limits(Limits.DEFAULT.maxInlineBytes(), Limits.DEFAULT.maxListedDocumentBytes(), 3));
        JsonNode pastCap = ok(day(OPERATOR, DAY));
        JsonNode scoped = ok(day(CHIYODA_OPERATOR, DAY));

        assertTrue(atCap.path("paymentsIncluded").asBoolean());
        assertEquals(2, statementOf(atCap, "131016").path("payments").size());
        assertFalse(pastCap.path("paymentsIncluded").asBoolean());
        assertFalse(statementOf(pastCap, "131016").has("payments"));
        assertEquals(600, statementOf(pastCap, "131016").path("amount").asLong());
        assertEquals(14_000, statementOf(pastCap, "MOFA").path("amount").asLong());
        assertTrue(scoped.path("paymentsIncluded").asBoolean(), "the cap counts the key's payments only");
        assertEquals(List.of("131016"), scoped.path("statements").findValuesAsText("creditorCode"));
    }

    @Test
    void a_scoped_operator_sees_a_dates_statements_of_its_creditors_only() {
        firstRun();

        JsonNode body = ok(day(CHIYODA_OPERATOR, DAY));

        assertEquals(List.of("131016"), body.path("statements").findValuesAsText("creditorCode"));
        assertEquals(1, body.path("runs").size());
    }

    // ---- the date routes when a date has several runs ----

    @Test
    void the_date_routes_serve_the_only_run_of_the_date_and_refuse_when_there_are_several() {
        assertProblem(404, "not_found", get("/v1/settlements/{date}/statements/{document}", OPERATOR,
                Map.of("date", DAY.toString(), "document", "131016.csv"), Map.of()));
        assertProblem(404, "settlement_not_found", get("/v1/settlements/{date}/transfer-file", OPERATOR,
                Map.of("date", DAY.toString()), Map.of()));
        released(firstRun().id().toString());
        var single = get("/v1/settlements/{date}/transfer-file", OPERATOR, Map.of("date", DAY.toString()), Map.of());
        assertEquals(200, single.getStatusCode(), single.getBody());
        assertEquals("attachment; filename=\"zengin-2026-11-26.txt\"", single.getHeaders().get("content-disposition"));

        secondRun();
        passport(Instant.parse("2026-11-26T14:00:00Z"));
        var several = get("/v1/settlements/{date}/transfer-file", OPERATOR, Map.of("date", DAY.toString()), Map.of());
        var chiyoda = get("/v1/settlements/{date}/statements/{document}", OPERATOR,
                Map.of("date", DAY.toString(), "document", "131016.csv"), Map.of());
        var mofa = get("/v1/settlements/{date}/statements/{document}", OPERATOR,
                Map.of("date", DAY.toString(), "document", "MOFA.html"), Map.of());

        assertProblem(409, "several_settlement_runs", several);
        String detail = Json.parse(several.getBody()).path("detail").asText();
        assertTrue(detail.contains("/v1/settlement-runs/stl_20261126_001") && detail.contains("/v1/settlement-runs/stl_20261126_002"),
                detail);
        assertProblem(409, "several_settlement_runs", chiyoda);
        assertEquals(200, mofa.getStatusCode(), "MOFA has a statement in one run of the date only");
    }

    @Test
    void old_and_new_routes_agree_on_amounts_per_creditor() {
        firstRun();
        Map<String, Long> byDate = new TreeMap<>();
        ok(day(OPERATOR, DAY)).path("statements").forEach(s -> byDate.put(s.path("creditorCode").asText(), s.path("amount").asLong()));
        Map<String, Long> byRun = new TreeMap<>();
        ok(run(OPERATOR, "stl_20261126_001")).path("statements")
                .forEach(s -> byRun.put(s.path("creditorCode").asText(), s.path("amount").asLong()));

        assertEquals(Map.of("130001", 2_000L, "131016", 600L, "MOFA", 14_000L), byDate);
        assertEquals(byDate, byRun);
    }
    /** The run's transfer files released as two operators would (prepared by one principal, approved by another). */
    private void released(String runId) {
        releases.prepare(new RunRelease(runId, "key_preparer0000000", null, clock.instant(), null, null, null));
        RunRelease prepared = releases.find(runId).orElseThrow();
        releases.approve(new RunRelease(runId, prepared.preparedBy(), null, prepared.preparedAt(), "key_approver0000000", null, clock.instant()));
    }

    // ---- the two-person release ----

    @Test
    void a_runs_transfer_file_is_refused_until_a_second_operator_approves_what_one_prepared() {
        String id = firstRun().id().toString();
        assertProblem(403, "run_not_released", transferFile(OPERATOR, id));
        assertProblem(403, "run_not_released", get("/v1/settlements/{date}/transfer-file", OPERATOR,
                Map.of("date", DAY.toString()), Map.of()));
        assertTrue(ok(run(OPERATOR, id)).path("release").isNull(), "not prepared");

        JsonNode prepared = ok(prepare(OPERATOR, id)).path("release");
        assertEquals(Principals.of(TestCatalogs.OPERATOR_KEY), prepared.path("preparedBy").asText());
        assertEquals(FIRST_RUN.toString(), prepared.path("preparedAt").asText());
        assertTrue(prepared.path("approvedBy").isNull());
        assertProblem(403, "run_not_released", transferFile(OPERATOR, id));

        clock.advance(Duration.ofMinutes(3));
        JsonNode approved = ok(approve(APPROVER, id)).path("release");
        assertEquals(Principals.of(TestCatalogs.OPERATOR_KEY), approved.path("preparedBy").asText());
        assertEquals("key_" + Hashes.sha256Hex(APPROVER).substring(0, 16), approved.path("approvedBy").asText());
        assertEquals(FIRST_RUN.plus(Duration.ofMinutes(3)).toString(), approved.path("approvedAt").asText());
        assertEquals(approved, ok(run(OPERATOR, id)).path("release"), "the run shows its release");

        assertEquals(200, transferFile(OPERATOR, id).getStatusCode());
        assertEquals(200, transferFile(APPROVER, id).getStatusCode());
        assertEquals(200, get("/v1/settlements/{date}/transfer-file", OPERATOR, Map.of("date", DAY.toString()), Map.of()).getStatusCode());
    }

    @Test
    void the_key_that_prepared_a_run_cannot_approve_it() {
        String id = firstRun().id().toString();
        ok(prepare(OPERATOR, id));

        assertProblem(403, "same_principal", approve(OPERATOR, id));

        assertTrue(ok(run(OPERATOR, id)).path("release").path("approvedBy").isNull());
        assertProblem(403, "run_not_released", transferFile(OPERATOR, id));
    }

    @Test
    void a_key_scoped_to_some_organizations_can_neither_prepare_nor_approve() {
        String id = firstRun().id().toString();
        assertProblem(403, "forbidden", prepare(CHIYODA_OPERATOR, id));
        assertProblem(403, "forbidden", prepare(PORTAL, id));
        ok(prepare(OPERATOR, id));
        assertProblem(403, "forbidden", approve(CHIYODA_OPERATOR, id));
        assertTrue(ok(run(OPERATOR, id)).path("release").path("approvedBy").isNull());
    }

    @Test
    void approving_before_anyone_prepared_is_refused_and_an_unknown_run_is_not_found() {
        String id = firstRun().id().toString();
        assertProblem(409, "run_not_prepared", approve(APPROVER, id));
        assertTrue(ok(run(OPERATOR, id)).path("release").isNull());
        assertProblem(404, "not_found", prepare(OPERATOR, "stl_20261126_009"));
        assertProblem(404, "not_found", approve(APPROVER, "nonsense"));
    }

    @Test
    void repeating_a_prepare_or_an_approval_changes_nothing_and_answers_the_release_as_it_stands() {
        String id = firstRun().id().toString();
        JsonNode prepared = ok(prepare(OPERATOR, id)).path("release");
        clock.advance(Duration.ofMinutes(1));
        assertEquals(prepared, ok(prepare(OPERATOR, id)).path("release"));
        assertEquals(prepared, ok(prepare(APPROVER, id)).path("release"), "a prepare by another key changes nothing either");

        JsonNode approved = ok(approve(APPROVER, id)).path("release");
        clock.advance(Duration.ofMinutes(1));
        assertEquals(approved, ok(approve(APPROVER, id)).path("release"));
    }
}
