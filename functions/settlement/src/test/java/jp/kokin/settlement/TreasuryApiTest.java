package jp.kokin.settlement;

import jp.kokin.domain.console.InMemoryRunReleases;
import jp.kokin.domain.settlement.treasury.InMemoryTreasuryReportStore;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

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
import jp.kokin.domain.checkout.TestCatalogs;
import jp.kokin.domain.checkout.TestClock;
import jp.kokin.domain.refund.Principals;
import jp.kokin.domain.settlement.InMemoryDocumentStore;
import jp.kokin.domain.settlement.treasury.InMemoryPayInStore;
import jp.kokin.domain.settlement.treasury.PayIn;
import jp.kokin.domain.settlement.treasury.PayInStatus;
import jp.kokin.domain.settlement.treasury.PayInStore;
import jp.kokin.settlement.SettlementApiWiring.Limits;

/**
 * The national pay-in routes over in-memory pay-ins and documents: lists (a date's, the due ones),
 * one pay-in with its checked lines, its documents, recording the payment and the officer's
 * confirmation (audited, repeatable, never changed once recorded), the agent's outstanding liability,
 * and who may see what.
 */
class TreasuryApiTest {
    private static final Instant NOW = Instant.parse("2026-12-01T01:00:00Z"); // 10:00 JST, Tuesday Dec 1
    private static final LocalDate RUN_DATE = LocalDate.of(2026, 11, 30);
    private static final LocalDate DUE = LocalDate.of(2026, 12, 7);
    private static final String OPERATOR = "operator-key";
    private static final String MOFA_OPERATOR = "mofa-operator-key";
    private static final String CHIYODA_OPERATOR = "chiyoda-operator-key";
    private static final ApiKey MOFA_KEY = new ApiKey(Hashes.sha256Hex(MOFA_OPERATOR), Role.OPERATOR, null, Set.of(TestCatalogs.MOFA));
    private static final Catalog CATALOG = TestCatalogs.aTreasuryCatalog().withKey(MOFA_KEY)
            .withKey(new ApiKey(Hashes.sha256Hex(CHIYODA_OPERATOR), Role.OPERATOR, null, Set.of(TestCatalogs.CHIYODA)))
            .build();

    private final TestClock clock = new TestClock(NOW);
    private final InMemoryPayInStore stored = new InMemoryPayInStore();
    private final StoredRuns runs = new StoredRuns(CATALOG);
    private final InMemoryDocumentStore documents = runs.documents;
    private SettlementApiHandler api = with(stored, Limits.DEFAULT);

    private SettlementApiHandler with(PayInStore payIns, Limits limits) {
        return new SettlementApiHandler(new SettlementApiWiring(() -> CATALOG, runs.runs, documents, clock,
                limits, payIns, new InMemoryTreasuryReportStore(), new InMemoryRunReleases()));
    }

    private PayIn mofa(int place, LocalDate due, int lines) {
        return StoredPayIns.mofa(stored, documents, RUN_DATE, place, due, 2026, false, lines);
    }

    private APIGatewayV2HTTPResponse get(String route, String key, Map<String, String> path, Map<String, String> query) {
        HttpEvents e = HttpEvents.route("GET " + route).bearer(key);
        path.forEach(e::path);
        query.forEach(e::query);
        return api.handleRequest(e.build(), null);
    }

    private APIGatewayV2HTTPResponse list(String key, Map<String, String> query) {
        return get("/v1/treasury/payins", key, Map.of(), query);
    }

    private APIGatewayV2HTTPResponse payIn(String key, String id) {
        return get("/v1/treasury/payins/{id}", key, Map.of("id", id), Map.of());
    }

    private APIGatewayV2HTTPResponse document(String key, String id, String document) {
        return get("/v1/treasury/payins/{id}/{document}", key, Map.of("id", id, "document", document), Map.of());
    }

    private APIGatewayV2HTTPResponse outstanding(String key) {
        return get("/v1/treasury/outstanding", key, Map.of(), Map.of());
    }

    private APIGatewayV2HTTPResponse post(String step, String key, String id, String body) {
        HttpEvents e = HttpEvents.route("POST /v1/treasury/payins/{id}/" + step).bearer(key).path("id", id);
        if (body != null) {
            e.json(body);
        }
        return api.handleRequest(e.build(), null);
    }

    private APIGatewayV2HTTPResponse paid(String key, String id, String body) {
        return post("paid", key, id, body);
    }

    private static final String PAYMENT = "{\"paidOn\":\"2026-12-01\",\"bank\":\"日本銀行本店\",\"reference\":\"R-0001\"}";

    private static JsonNode ok(APIGatewayV2HTTPResponse r) {
        assertEquals(200, r.getStatusCode(), r.getBody());
        return Json.parse(r.getIsBase64Encoded() ? java.util.Base64.getDecoder().decode(r.getBody())
                : r.getBody().getBytes(StandardCharsets.UTF_8));
    }

    private static void problem(APIGatewayV2HTTPResponse r, int status, String code) {
        assertEquals(status, r.getStatusCode(), r.getBody());
        assertEquals(code, Json.parse(r.getBody()).path("code").asText(), r.getBody());
    }

    private static List<String> ids(JsonNode list) {
        List<String> ids = new ArrayList<>();
        list.path("payins").forEach(p -> ids.add(p.path("id").asText()));
        return ids;
    }

    @Test
    void anOperatorListsADatesPayInsAndEveryPayInStillDue() {
        PayIn first = mofa(1, DUE, 2);
        PayIn second = mofa(2, LocalDate.of(2026, 12, 2), 1);
        PayIn other = StoredPayIns.mofa(stored, documents, LocalDate.of(2026, 11, 27), 1, LocalDate.of(2026, 12, 4), 2026, false, 1);

        JsonNode onDate = ok(list(OPERATOR, Map.of("businessDate", "2026-11-30")));
        assertEquals(List.of(first.id(), second.id()), ids(onDate));
        JsonNode p = onDate.path("payins").get(0);
        assertEquals("MOFA", p.path("organizationCode").asText());
        assertEquals("016", p.path("ministryCode").asText());
        assertEquals("外務省", p.path("ministryName").asText());
        assertEquals("一般会計", p.path("account").asText());
        assertEquals(2026, p.path("fiscalYear").asInt());
        assertEquals(TestCatalogs.PASSPORT_REVENUE.code(), p.path("revenueItem").path("code").asText());
        assertEquals("旅券法手数料", p.path("revenueItem").path("name").asText());
        assertEquals(28_000, p.path("amount").asLong());
        assertEquals(2, p.path("count").asInt());
        assertEquals("2026-12-07", p.path("dueDate").asText());
        assertEquals("due", p.path("status").asText());
        assertFalse(p.path("closedYear").asBoolean(true));
        assertEquals("stl_20261130_001", p.path("runId").asText());
        assertEquals("2026-11-30", p.path("businessDate").asText());

        assertEquals(List.of(second.id(), other.id(), first.id()), ids(ok(list(OPERATOR, Map.of("status", "due")))),
                "by due date");
        assertEquals(List.of(), ids(ok(list(OPERATOR, Map.of("businessDate", "2026-11-30", "status", "paid")))));
        assertEquals(List.of(), ids(ok(list(OPERATOR, Map.of("businessDate", "2026-11-29")))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "businessDate=2026-13-01", "businessDate=20261130", "status=paid", "status=confirmed",
            "status=overdue", "businessDate=2026-11-30&status=late"})
    void aListWithoutADateOrTheDueStatusIsAnInvalidRequest(String query) {
        HttpEvents e = HttpEvents.route("GET /v1/treasury/payins").bearer(OPERATOR);
        for (String pair : query.isEmpty() ? new String[0] : query.split("&")) {
            e.query(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
        }
        problem(api.handleRequest(e.build(), null), 400, "invalid_request");
    }

    @Test
    void portalKeysMayNotSeeOrRecordPayIns() {
        PayIn p = mofa(1, DUE, 1);
        problem(list("myna-key", Map.of("status", "due")), 403, "forbidden");
        problem(payIn("myna-key", p.id()), 403, "forbidden");
        problem(paid("myna-key", p.id(), PAYMENT), 403, "forbidden");
        problem(outstanding("myna-key"), 403, "forbidden");
        assertEquals(PayInStatus.DUE, stored.find(p.id()).orElseThrow().status());
    }

    @Test
    void aScopedOperatorSeesAndRecordsOnlyThePayInsOfItsCreditors() {
        PayIn p = mofa(1, DUE, 1);
        assertEquals(List.of(p.id()), ids(ok(list(MOFA_OPERATOR, Map.of("status", "due")))));
        assertEquals(List.of(), ids(ok(list(CHIYODA_OPERATOR, Map.of("status", "due")))));
        assertEquals(List.of(), ids(ok(list(CHIYODA_OPERATOR, Map.of("businessDate", "2026-11-30")))));
        problem(payIn(CHIYODA_OPERATOR, p.id()), 404, "not_found");
        problem(document(CHIYODA_OPERATOR, p.id(), "slip.html"), 404, "not_found");
        problem(paid(CHIYODA_OPERATOR, p.id(), PAYMENT), 404, "not_found");
        problem(post("confirmed", CHIYODA_OPERATOR, p.id(), "{}"), 404, "not_found");
        assertEquals(0, ok(outstanding(CHIYODA_OPERATOR)).path("amount").asLong(-1));
        assertEquals(0, ok(outstanding(CHIYODA_OPERATOR)).path("ministries").size());
        assertEquals(14_000, ok(outstanding(MOFA_OPERATOR)).path("amount").asLong());
        ok(paid(MOFA_OPERATOR, p.id(), PAYMENT));
        assertEquals(PayInStatus.PAID, stored.find(p.id()).orElseThrow().status());
    }

    @Test
    void aPayInShowsItsLinesReadFromItsCheckedDocumentAndLinksItsDocuments() {
        PayIn p = mofa(1, DUE, 3);
        JsonNode body = ok(payIn(OPERATOR, p.id()));
        assertEquals(p.id(), body.path("id").asText());
        assertTrue(body.path("paid").isNull());
        assertTrue(body.path("confirmedAt").isNull());
        assertEquals("created", body.path("audit").get(0).path("action").asText());
        assertEquals("/v1/treasury/payins/" + p.id() + "/slip.html", body.path("documents").path("slip.html").asText());
        assertEquals(4, body.path("documents").size());
        assertTrue(body.path("linesIncluded").asBoolean());
        assertEquals(3, body.path("lines").size());
        assertEquals("REF-0", body.path("lines").get(0).path("reference").asText());
        assertEquals(14_000, body.path("lines").get(2).path("amount").asLong());
    }

    @Test
    void aTamperedLinesDocumentIsNeverShown() {
        PayIn p = mofa(1, DUE, 1);
        String key = p.documents().get("lines.json").key();
        documents.tamper(key, documents.text(key).orElseThrow().replace("14000", "1400").getBytes(StandardCharsets.UTF_8));
        problem(payIn(OPERATOR, p.id()), 500, "document_corrupt");
        problem(document(OPERATOR, p.id(), "lines.json"), 500, "document_corrupt");
    }

    @Test
    void aPayInWithMoreLinesThanListedLinksThemInstead() {
        PayIn p = mofa(1, DUE, TreasuryApi.MAX_LISTED_LINES + 1);
        JsonNode body = ok(payIn(OPERATOR, p.id()));
        assertFalse(body.path("linesIncluded").asBoolean(true));
        assertFalse(body.has("lines"));
        assertEquals("/v1/treasury/payins/" + p.id() + "/lines.json", body.path("linesUrl").asText());
        assertEquals(TreasuryApi.MAX_LISTED_LINES + 1, ok(document(OPERATOR, p.id(), "lines.json")).path("lines").size());
    }

    @Test
    void thePayInsDocumentsAreServedAndNothingElse() {
        PayIn p = mofa(1, DUE, 1);
        APIGatewayV2HTTPResponse html = document(OPERATOR, p.id(), "slip.html");
        assertEquals(200, html.getStatusCode());
        assertTrue(html.getHeaders().get("content-type").startsWith("text/html"), html.getHeaders().toString());
        assertTrue(html.getBody().contains(p.id()));
        APIGatewayV2HTTPResponse csv = document(OPERATOR, p.id(), "slip.csv");
        assertEquals(200, csv.getStatusCode());
        assertEquals("attachment; filename=\"payin-" + p.id() + ".csv\"", csv.getHeaders().get("content-disposition"));
        assertEquals(p.id(), ok(document(OPERATOR, p.id(), "slip.json")).path("payinId").asText());
        for (String other : List.of("run.json", "slip.pdf", "lines.csv", "..%2Frun.json")) {
            problem(document(OPERATOR, p.id(), other), 404, "not_found");
        }
        for (String id : List.of("pin_20261130_001_009", "pin_20261399_001_001", "stl_20261130_001", "nothing")) {
            problem(document(OPERATOR, id, "slip.html"), 404, "not_found");
            problem(payIn(OPERATOR, id), 404, "not_found");
        }
    }

    @Test
    void aDocumentLargerThanServedInlineIsARedirect() {
        PayIn p = mofa(1, DUE, 1);
        api = with(stored, new Limits(10, Limits.DEFAULT.maxListedDocumentBytes(), Limits.DEFAULT.maxProvisionalPayments()));
        APIGatewayV2HTTPResponse r = document(OPERATOR, p.id(), "slip.html");
        assertEquals(303, r.getStatusCode(), r.getBody());
        assertTrue(r.getHeaders().get("location").contains(p.documents().get("slip.html").key()));
    }

    @Test
    void recordingThePaymentEndsTheLiabilityAndIsAudited() {
        PayIn p = mofa(1, DUE, 2);
        clock.set(Instant.parse("2026-12-01T02:00:00Z"));
        JsonNode body = ok(paid(MOFA_OPERATOR, p.id(), PAYMENT));
        assertEquals("paid", body.path("status").asText());
        assertEquals("2026-12-01", body.path("paid").path("paidOn").asText());
        assertEquals("日本銀行本店", body.path("paid").path("bank").asText());
        assertEquals("R-0001", body.path("paid").path("reference").asText());
        JsonNode audit = body.path("audit").get(1);
        assertEquals("paid", audit.path("action").asText());
        assertEquals(Principals.of(MOFA_KEY), audit.path("principal").asText());
        assertEquals("2026-12-01T02:00:00Z", audit.path("at").asText());
        assertTrue(audit.path("detail").asText().contains("日本銀行本店") && audit.path("detail").asText().contains("R-0001"));

        PayIn after = stored.find(p.id()).orElseThrow();
        assertEquals(PayInStatus.PAID, after.status());
        assertEquals(2, after.version());
        assertEquals(List.of(), ids(ok(list(OPERATOR, Map.of("status", "due")))));
        assertEquals(List.of(p.id()), ids(ok(list(OPERATOR, Map.of("businessDate", "2026-11-30", "status", "paid")))));
        assertEquals(0, ok(outstanding(OPERATOR)).path("amount").asLong(-1));
        assertEquals("paid", ok(payIn(OPERATOR, p.id())).path("status").asText());
    }

    @Test
    void theSamePaymentRecordedAgainChangesNothingAndAnotherIsRefused() {
        PayIn p = mofa(1, DUE, 1);
        ok(paid(OPERATOR, p.id(), PAYMENT));
        clock.set(NOW.plusSeconds(600));
        JsonNode again = ok(paid(OPERATOR, p.id(), PAYMENT));
        assertEquals(2, again.path("audit").size(), "no second audit entry");
        assertEquals(2, stored.find(p.id()).orElseThrow().version());
        problem(paid(OPERATOR, p.id(), PAYMENT.replace("R-0001", "R-0002")), 409, "payin_already_paid");
        problem(paid(OPERATOR, p.id(), PAYMENT.replace("2026-12-01", "2026-11-30")), 409, "payin_already_paid");
        assertEquals("R-0001", stored.find(p.id()).orElseThrow().paid().reference());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not json", "[]", "{}",
            "{\"paidOn\":\"2026-12-01\",\"bank\":\"日本銀行\"}",
            "{\"paidOn\":\"2026-12-01\",\"bank\":\"日本銀行\",\"reference\":\"R\",\"amount\":14000}",
            "{\"paidOn\":\"2026/12/01\",\"bank\":\"日本銀行\",\"reference\":\"R\"}",
            "{\"paidOn\":\"2026-12-02\",\"bank\":\"日本銀行\",\"reference\":\"R\"}",
            "{\"paidOn\":\"2026-11-29\",\"bank\":\"日本銀行\",\"reference\":\"R\"}",
            "{\"paidOn\":\"2026-12-01\",\"bank\":\" \",\"reference\":\"R\"}",
            "{\"paidOn\":\"2026-12-01\",\"bank\":\"日本銀行\",\"reference\":12}",
            "{\"paidOn\":\"2026-12-01\",\"bank\":\"日本銀行\",\"reference\":\"R12345678901234567890123456789012345678901234567890123456789012345\"}"})
    void aPaymentThatIsIncompleteInTheFutureOrBeforeTheRunIsAnInvalidRequest(String body) {
        PayIn p = mofa(1, DUE, 1);
        problem(paid(OPERATOR, p.id(), body), 400, "invalid_request");
        assertEquals(PayInStatus.DUE, stored.find(p.id()).orElseThrow().status());
    }

    @Test
    void aPaymentOnTheRunsBusinessDateOrLateTodayInJapanIsAccepted() {
        PayIn p = mofa(1, DUE, 1);
        clock.set(Instant.parse("2026-12-01T15:30:00Z")); // 00:30 JST Dec 2
        ok(paid(OPERATOR, p.id(), PAYMENT.replace("2026-12-01", "2026-12-02")));
        PayIn q = mofa(2, DUE, 1);
        ok(paid(OPERATOR, q.id(), PAYMENT.replace("2026-12-01", "2026-11-30")));
    }

    @Test
    void theOfficersConfirmationFollowsThePaymentOnlyAndIsAudited() {
        PayIn p = mofa(1, DUE, 1);
        problem(post("confirmed", OPERATOR, p.id(), "{}"), 409, "payin_not_paid");
        ok(paid(OPERATOR, p.id(), PAYMENT));
        problem(post("confirmed", OPERATOR, p.id(), "{\"note\":\"x\",\"by\":\"me\"}"), 400, "invalid_request");
        clock.set(Instant.parse("2026-12-03T00:00:00Z"));
        JsonNode body = ok(post("confirmed", MOFA_OPERATOR, p.id(), "{\"note\":\"歳入徴収官 確認済\"}"));
        assertEquals("confirmed", body.path("status").asText());
        assertEquals("2026-12-03T00:00:00Z", body.path("confirmedAt").asText());
        assertEquals("confirmed", body.path("audit").get(2).path("action").asText());
        assertEquals("歳入徴収官 確認済", body.path("audit").get(2).path("detail").asText());
        assertEquals("R-0001", body.path("paid").path("reference").asText(), "the payment stays");

        clock.set(Instant.parse("2026-12-04T00:00:00Z"));
        JsonNode again = ok(post("confirmed", OPERATOR, p.id(), null));
        assertEquals("2026-12-03T00:00:00Z", again.path("confirmedAt").asText());
        assertEquals(3, again.path("audit").size());
        // a retried record of the same payment answers the pay-in as it is; another payment is refused
        JsonNode retried = ok(paid(OPERATOR, p.id(), PAYMENT));
        assertEquals("confirmed", retried.path("status").asText());
        assertEquals(3, retried.path("audit").size());
        problem(paid(OPERATOR, p.id(), PAYMENT.replace("R-0001", "R-0002")), 409, "payin_already_paid");
        assertEquals(3, stored.find(p.id()).orElseThrow().version());
    }

    @Test
    void outstandingIsThePayInsStillDueByMinistryWithWhatIsOverdue() {
        mofa(1, LocalDate.of(2026, 11, 30), 1); // overdue (today is Dec 1)
        mofa(2, DUE, 2);
        PayIn settled = mofa(3, DUE, 5);
        StoredPayIns.of(stored, documents, TestCatalogs.CHIYODA, LocalDate.of(2026, 11, 27), 1, LocalDate.of(2026, 12, 1), 2026, false, 1);
        ok(paid(OPERATOR, settled.id(), PAYMENT));

        JsonNode body = ok(outstanding(OPERATOR));
        assertEquals("2026-12-01", body.path("asOf").asText());
        assertEquals(56_000, body.path("amount").asLong());
        assertEquals(2, body.path("ministries").size());
        JsonNode chiyoda = body.path("ministries").get(0);
        assertEquals(TestCatalogs.CHIYODA, chiyoda.path("organizationCode").asText());
        assertEquals(0, chiyoda.path("overdueAmount").asLong(-1), "due today is not overdue");
        JsonNode mofa = body.path("ministries").get(1);
        assertEquals("MOFA", mofa.path("organizationCode").asText());
        assertEquals("016", mofa.path("ministryCode").asText());
        assertEquals("外務省", mofa.path("ministryName").asText());
        assertEquals(42_000, mofa.path("amount").asLong());
        assertEquals(2, mofa.path("count").asLong());
        assertEquals("2026-11-30", mofa.path("oldestDueDate").asText());
        assertEquals(14_000, mofa.path("overdueAmount").asLong());
    }

    /** A store whose first {@code failures} updates lose the version race. */
    private static final class Contended implements PayInStore {
        private final PayInStore inner;
        private final AtomicInteger failures;

        Contended(PayInStore inner, int failures) {
            this.inner = inner;
            this.failures = new AtomicInteger(failures);
        }

        @Override public boolean create(PayIn payIn) { return inner.create(payIn); }
        @Override public Optional<PayIn> find(String id) { return inner.find(id); }
        @Override public List<PayIn> byBusinessDate(LocalDate d) { return inner.byBusinessDate(d); }
        @Override public List<PayIn> due() { return inner.due(); }
        @Override public List<PayIn> byOrganization(String o, LocalDate f, LocalDate t) { return inner.byOrganization(o, f, t); }
        @Override public boolean update(PayIn updated) { return failures.getAndDecrement() <= 0 && inner.update(updated); }
    }

    @Test
    void aPaymentThatLosesTheVersionRaceIsTriedAgainThenRefusedAsAConflict() {
        PayIn p = mofa(1, DUE, 1);
        api = with(new Contended(stored, TreasuryApi.MAX_UPDATE_TRIES - 1), Limits.DEFAULT);
        ok(paid(OPERATOR, p.id(), PAYMENT));
        PayIn q = mofa(2, DUE, 1);
        api = with(new Contended(stored, TreasuryApi.MAX_UPDATE_TRIES), Limits.DEFAULT);
        problem(paid(OPERATOR, q.id(), PAYMENT), 409, "conflict");
        assertEquals(PayInStatus.DUE, stored.find(q.id()).orElseThrow().status());
    }
}
