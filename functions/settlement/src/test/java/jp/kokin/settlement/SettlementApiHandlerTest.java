package jp.kokin.settlement;

import jp.kokin.domain.console.RunRelease;
import jp.kokin.domain.console.InMemoryRunReleases;
import jp.kokin.settlement.SettlementApiWiring.Limits;
import jp.kokin.domain.settlement.treasury.InMemoryTreasuryReportStore;
import jp.kokin.domain.settlement.treasury.InMemoryPayInStore;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

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
import jp.kokin.domain.settlement.DocumentStore;
import jp.kokin.domain.settlement.SettlementRunStore;

/**
 * {@code SettlementApiFunction} over in-memory runs and documents, through the date routes that
 * clients used before settlement runs: who may read a day's settlement, what each sees, and the
 * answers for days and documents that do not exist. The run routes: {@link SettlementRunsApiTest}.
 */
class SettlementApiHandlerTest {
    private static final String DAY = "2026-11-26";
    private static final Instant DAILY_RUN = Instant.parse("2026-11-26T15:30:00Z");

    /** The raw keys of {@link TestCatalogs}' hashed ones, and an operator scoped to 千代田区. */
    private static final String OPERATOR = "operator-key";
    private static final String PORTAL = "myna-key";
    private static final String CITY_PORTAL = "shinjuku-key";
    private static final String CHIYODA_OPERATOR = "chiyoda-operator-key";
    private static final Catalog CATALOG = TestCatalogs.aStandardCatalog()
            .withKey(new ApiKey(Hashes.sha256Hex(CHIYODA_OPERATOR), Role.OPERATOR, null, Set.of(TestCatalogs.CHIYODA)))
            .build();

    private final TestClock clock = new TestClock(DAILY_RUN);
    private final StoredRuns stored = new StoredRuns(CATALOG);
    private final InMemoryRunReleases releases = new InMemoryRunReleases();

    private SettlementApiHandler api(Supplier<Catalog> catalog, SettlementRunStore runs, DocumentStore documents) {
        return new SettlementApiHandler(new SettlementApiWiring(catalog, runs, documents, clock, Limits.DEFAULT,
                new InMemoryPayInStore(), new InMemoryTreasuryReportStore(), releases));
    }

    private final SettlementApiHandler api = api(() -> CATALOG, stored.runs, stored.documents);
    /** Answers without reading anything, or the test fails. */
    private final SettlementApiHandler unread = api(() -> CATALOG, StoredRuns.unreadable(), StoredRuns.untouchable());

    /** 300 yen to 千代田区, and a passport: 14,000 yen to MOFA and 2,000 yen to 東京都. */
    private void paymentsOfTheDay() {
        for (Checkout created : List.of(TestCheckouts.aCheckout().withItem(TestCatalogs.JUMINHYO, 1).build(),
                TestCheckouts.aCheckout().forOrganization(TestCatalogs.TOKYO).withItem(TestCatalogs.PASSPORT, 1).build())) {
            stored.pay(created, created.createdAt().plus(Duration.ofMinutes(5)));
        }
    }

    /** The day's run, stored as the job stores it (the runner is not needed to read runs). */
    private void settle(String day) {
        stored.settle(LocalDate.parse(day), clock.instant());
    }

    private APIGatewayV2HTTPResponse statements(String key, String date) {
        return statements(api, key, date);
    }

    private static APIGatewayV2HTTPResponse statements(SettlementApiHandler api, String key, String date) {
        HttpEvents e = HttpEvents.route("GET /v1/settlements").bearer(key);
        if (date != null) {
            e.query("date", date);
        }
        return api.handleRequest(e.build(), null);
    }

    private APIGatewayV2HTTPResponse transferFile(String key, String date) {
        return transferFile(api, key, date);
    }

    private static APIGatewayV2HTTPResponse transferFile(SettlementApiHandler api, String key, String date) {
        return api.handleRequest(HttpEvents.route("GET /v1/settlements/{date}/transfer-file").path("date", date)
                .bearer(key).build(), null);
    }

    private APIGatewayV2HTTPResponse document(String key, String date, String document) {
        return document(api, key, date, document);
    }

    private static APIGatewayV2HTTPResponse document(SettlementApiHandler api, String key, String date, String document) {
        return api.handleRequest(HttpEvents.route("GET /v1/settlements/{date}/statements/{document}")
                .path("date", date).path("document", document).bearer(key).build(), null);
    }

    private static void assertProblem(int status, String code, APIGatewayV2HTTPResponse r) {
        assertEquals(status, r.getStatusCode(), r.getBody());
        assertEquals("application/problem+json", r.getHeaders().get("content-type"));
        assertEquals(code, Json.parse(r.getBody()).path("code").asText(), r.getBody());
    }

    private static Map<String, Long> amountByCreditor(APIGatewayV2HTTPResponse r) {
        assertEquals(200, r.getStatusCode(), r.getBody());
        Map<String, Long> amounts = new TreeMap<>();
        Json.parse(r.getBody()).path("statements")
                .forEach(s -> amounts.put(s.path("creditorCode").asText(), s.path("amount").asLong()));
        return amounts;
    }

    @Test
    void a_portal_key_is_forbidden_and_an_unknown_key_is_unauthorized_before_the_ledger_is_read() {
        assertProblem(403, "forbidden", statements(unread, PORTAL, DAY));
        assertProblem(403, "forbidden", statements(unread, CITY_PORTAL, DAY));
        assertProblem(403, "forbidden", transferFile(unread, PORTAL, DAY));
        assertProblem(403, "forbidden", document(unread, PORTAL, DAY, "131016.csv"));
        assertProblem(401, "unauthorized", statements(unread, "no-such-key", DAY));
    }

    @Test
    void an_operator_sees_every_creditor_provisional_before_the_job_and_settled_after() {
        paymentsOfTheDay();

        JsonNode before = Json.parse(statements(OPERATOR, DAY).getBody());
        assertEquals("provisional", before.path("status").asText());
        assertTrue(before.path("settledAt").isNull());
        assertEquals(Map.of("130001", 2_000L, "131016", 300L, "MOFA", 14_000L), amountByCreditor(statements(OPERATOR, DAY)));
        assertProblem(404, "settlement_not_found", transferFile(OPERATOR, DAY));

        settle(DAY);

        JsonNode after = Json.parse(statements(OPERATOR, DAY).getBody());
        assertEquals("settled", after.path("status").asText());
        assertEquals(DAILY_RUN.toString(), after.path("settledAt").asText());
        assertEquals(Map.of("130001", 2_000L, "131016", 300L, "MOFA", 14_000L), amountByCreditor(statements(OPERATOR, DAY)));
    }

    @Test
    void a_treasury_creditor_has_no_provisional_statement_its_lines_go_to_pay_ins() {
        Catalog treasury = TestCatalogs.aTreasuryCatalog().build();
        StoredRuns national = new StoredRuns(treasury);
        for (Checkout created : List.of(TestCheckouts.aCheckout().withItem(TestCatalogs.JUMINHYO, 1).build(),
                TestCheckouts.aCheckout().forOrganization(TestCatalogs.TOKYO).withItem(TestCatalogs.PASSPORT, 1).build())) {
            national.pay(created, created.createdAt().plus(Duration.ofMinutes(5)));
        }
        SettlementApiHandler treasuryApi = api(() -> treasury, national.runs, national.documents);

        assertEquals(Map.of("130001", 2_000L, "131016", 300L), amountByCreditor(statements(treasuryApi, OPERATOR, DAY)),
                "no 外務省 statement: what a run would transfer");
    }

    @Test
    void an_operator_gets_the_days_transfer_file_and_each_creditors_statement() {
        paymentsOfTheDay();
        settle(DAY);
        released(stored.runs.runsOn(LocalDate.parse(DAY)).getFirst().id().toString());

        var file = transferFile(OPERATOR, DAY);
        assertEquals(200, file.getStatusCode(), file.getBody());
        assertEquals("text/plain; charset=Shift_JIS", file.getHeaders().get("content-type"));
        assertEquals(3, ZenginReader.read(Base64.getDecoder().decode(file.getBody())).transfers().size());

        var csv = document(OPERATOR, DAY, "131016.csv");
        assertEquals(200, csv.getStatusCode(), csv.getBody());
        assertEquals("text/csv; charset=utf-8", csv.getHeaders().get("content-type"));
        var html = document(OPERATOR, DAY, "MOFA.html");
        assertEquals(200, html.getStatusCode(), html.getBody());
        assertTrue(html.getBody().contains("外務省"), html.getBody());
        assertProblem(404, "not_found", document(OPERATOR, DAY, "131041.csv"));
    }

    @Test
    void a_scoped_operator_sees_only_its_own_creditors_and_gets_no_transfer_file() {
        paymentsOfTheDay();
        settle(DAY);

        assertEquals(Map.of("131016", 300L), amountByCreditor(statements(CHIYODA_OPERATOR, DAY)));
        assertEquals(200, document(CHIYODA_OPERATOR, DAY, "131016.csv").getStatusCode());
        assertProblem(404, "not_found", document(CHIYODA_OPERATOR, DAY, "MOFA.csv"));
        assertProblem(403, "forbidden", transferFile(CHIYODA_OPERATOR, DAY));
    }

    @Test
    void a_day_without_payments_has_no_run_and_no_transfer_file() {
        JsonNode day = Json.parse(statements(OPERATOR, "2026-11-24").getBody());

        assertEquals("provisional", day.path("status").asText(), "nothing to settle: no run is stored");
        assertEquals(0, day.path("statements").size());
        assertProblem(404, "settlement_not_found", transferFile(OPERATOR, "2026-11-24"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-13-01", "yesterday", "2026-11-26T00:00", "", "20261126", "+12026-11-26"})
    void a_query_date_that_is_not_a_date_is_an_invalid_request_without_a_ledger_read(String date) {
        assertProblem(400, "invalid_request", statements(unread, OPERATOR, date));
    }

    @Test
    void a_missing_date_is_an_invalid_request() {
        assertProblem(400, "invalid_request", statements(OPERATOR, null));
    }

    @Test
    void paths_that_name_no_day_or_no_statement_are_not_found_without_a_ledger_read() {
        assertProblem(404, "not_found", transferFile(unread, OPERATOR, "2026-13-01"));
        assertProblem(404, "not_found", transferFile(unread, OPERATOR, "9".repeat(3000)));
        assertProblem(404, "not_found", document(unread, OPERATOR, "yesterday", "131016.csv"));
        for (String document : new String[] {"9".repeat(3000) + ".csv", "131017.csv", "../131016.csv", "mofa.html", ".csv",
                "131016", "MOFA.pdf"}) {
            assertProblem(404, "not_found", document(unread, OPERATOR, DAY, document));
        }
    }

    @Test
    void a_ledger_that_fails_is_an_internal_error_not_an_exception() {
        var failing = api(() -> CATALOG, (SettlementRunStore) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {SettlementRunStore.class}, (proxy, method, args) -> {
                    throw new IllegalStateException("DynamoDB unavailable");
                }), stored.documents);

        var r = failing.handleRequest(HttpEvents.route("GET /v1/settlements").bearer(OPERATOR).query("date", DAY).build(), null);

        assertProblem(500, "internal_error", r);
    }
    /** The run's transfer files released as two operators would (prepared by one principal, approved by another). */
    private void released(String runId) {
        releases.prepare(new RunRelease(runId, "key_preparer0000000", null, clock.instant(), null, null, null));
        RunRelease prepared = releases.find(runId).orElseThrow();
        releases.approve(new RunRelease(runId, prepared.preparedBy(), null, prepared.preparedAt(), "key_approver0000000", null, clock.instant()));
    }
}
