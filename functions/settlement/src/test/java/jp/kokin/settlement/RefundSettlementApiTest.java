package jp.kokin.settlement;

import jp.kokin.domain.console.RunRelease;
import jp.kokin.domain.console.InMemoryRunReleases;
import jp.kokin.domain.settlement.treasury.InMemoryTreasuryReportStore;
import jp.kokin.domain.settlement.treasury.InMemoryPayInStore;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Base64;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

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
import jp.kokin.domain.format.JapaneseDates;
import jp.kokin.domain.format.zengin.ZenginReader;
import jp.kokin.settlement.SettlementApiWiring.Limits;
import jp.kokin.settlement.run.Refunds;
import jp.kokin.settlement.run.SettlementRunner;

/**
 * The refund documents of a run through the operators' API: repayment requests (返還請求) per creditor
 * for keys of that creditor, the refund transfer file for {@code *} keys only.
 */
class RefundSettlementApiTest {
    private static final long SEED = 1201L;
    private static final String OPERATOR = "operator-key";
    private static final String CHIYODA_OPERATOR = "chiyoda-operator-key";
    private static final Catalog CATALOG = TestCatalogs.aStandardCatalog()
            .withKey(new ApiKey(Hashes.sha256Hex(CHIYODA_OPERATOR), Role.OPERATOR, null, Set.of(TestCatalogs.CHIYODA)))
            .build();

    private final TestClock clock = new TestClock(Instant.parse("2026-11-26T15:30:00Z"));
    private final StoredRuns stored = new StoredRuns(CATALOG);
    private final InMemoryRunReleases releases = new InMemoryRunReleases();
    private final SettlementApiHandler api =
            new SettlementApiHandler(new SettlementApiWiring(() -> CATALOG, stored.runs, stored.documents, clock, Limits.DEFAULT,
                    new InMemoryPayInStore(), new InMemoryTreasuryReportStore(), releases));
    private String runId;

    private static Instant jst(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(JapaneseDates.JST).toInstant();
    }

    private void settle(LocalDate date) {
        Random random = new Random(SEED);
        System.out.println("RefundSettlementApiTest seed " + SEED);
        new SettlementRunner(stored.runs, stored.documents, () -> CATALOG, clock,
                () -> String.format("%012x", random.nextLong() & 0xffff_ffff_ffffL), SettlementRunner.Limits.defaults())
                .settle(date, clock.instant().plus(Duration.ofMinutes(15)));
    }

    private void change(Checkout c, UnaryOperator<Checkout> how) {
        stored.checkouts.update(how.apply(stored.checkouts.stored(c.id()))).orElseThrow();
    }

    /** Day 1 settles a 住民票 (千代田区) and a passport (MOFA, 東京都); both are refunded on day 2, the 住民票 by bank transfer. */
    @BeforeEach
    void refundsAfterSettlement() {
        Checkout juminhyo = stored.pay(TestCheckouts.aCheckout().withItem(TestCatalogs.JUMINHYO, 1)
                .createdAt(jst("2026-11-26T09:55")).build(), jst("2026-11-26T10:00"));
        Checkout passport = stored.pay(TestCheckouts.aCheckout().forOrganization(TestCatalogs.TOKYO)
                .withItem(TestCatalogs.PASSPORT, 1).createdAt(jst("2026-11-26T10:55")).build(), jst("2026-11-26T11:00"));
        settle(LocalDate.parse("2026-11-26"));
        change(juminhyo, c -> Refunds.bankTransfer(c, jst("2026-11-27T09:00"), Refunds.PAYER, Refunds.whole(c, 0, 0)));
        change(passport, c -> Refunds.succeeded(c, jst("2026-11-27T09:30"), Refunds.whole(c, 0, 1)));
        clock.set(jst("2026-11-28T00:30"));
        settle(LocalDate.parse("2026-11-27"));
        runId = "stl_20261127_001";
    }

    private APIGatewayV2HTTPResponse get(String route, String key, Map<String, String> path) {
        HttpEvents e = HttpEvents.route("GET " + route).bearer(key);
        path.forEach(e::path);
        return api.handleRequest(e.build(), null);
    }

    private APIGatewayV2HTTPResponse repaymentRequest(String key, String document) {
        return get("/v1/settlement-runs/{id}/repayment-requests/{document}", key, Map.of("id", runId, "document", document));
    }

    private static byte[] body(APIGatewayV2HTTPResponse r) {
        return r.getIsBase64Encoded() ? Base64.getDecoder().decode(r.getBody()) : r.getBody().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theRunListsEachCreditorsRepaymentRequestAndTheRefundTransferFileForAllOrganizationsKeys() {
        APIGatewayV2HTTPResponse r = get("/v1/settlement-runs/{id}", OPERATOR, Map.of("id", runId));
        assertEquals(200, r.getStatusCode(), r.getBody());
        JsonNode run = Json.parse(r.getBody());
        assertEquals(2, run.get("repaymentRequests").size());
        assertEquals(2_000, run.get("repaymentRequests").get(0).get("amount").asLong(), "東京都 first: creditor-code order");
        JsonNode chiyoda = run.get("repaymentRequests").get(1);
        assertEquals(TestCatalogs.CHIYODA, chiyoda.get("creditorCode").asText());
        assertEquals(300, chiyoda.get("amount").asLong());
        assertEquals("/v1/settlement-runs/" + runId + "/repayment-requests/131016.csv", chiyoda.get("csv").asText());
        assertEquals("/v1/settlement-runs/" + runId + "/refund-transfer-file", run.get("refundTransferFile").get("href").asText());
        assertEquals(300, run.get("refundTransferFile").get("amount").asLong());
    }

    @Test
    void aCreditorsOperatorSeesOnlyItsOwnRepaymentRequestAndNoRefundTransferFile() {
        APIGatewayV2HTTPResponse r = get("/v1/settlement-runs/{id}", CHIYODA_OPERATOR, Map.of("id", runId));
        assertEquals(200, r.getStatusCode(), r.getBody());
        JsonNode run = Json.parse(r.getBody());
        assertEquals(1, run.get("repaymentRequests").size());
        assertEquals(TestCatalogs.CHIYODA, run.get("repaymentRequests").get(0).get("creditorCode").asText());
        assertTrue(run.get("refundTransferFile").isNull());

        APIGatewayV2HTTPResponse csv = repaymentRequest(CHIYODA_OPERATOR, "131016.csv");
        assertEquals(200, csv.getStatusCode(), csv.getBody());
        assertTrue(new String(body(csv), StandardCharsets.UTF_8).contains("返還請求書"));
        assertEquals("attachment; filename=\"repayment-request-131016-" + runId + ".csv\"",
                csv.getHeaders().get("content-disposition"));
        assertEquals(200, repaymentRequest(CHIYODA_OPERATOR, "131016.json").getStatusCode());
        assertEquals(200, repaymentRequest(CHIYODA_OPERATOR, "131016.html").getStatusCode());
        assertEquals(404, repaymentRequest(CHIYODA_OPERATOR, "130001.csv").getStatusCode(), "another creditor's");
        assertEquals(404, repaymentRequest(OPERATOR, "131041.csv").getStatusCode(), "a creditor without one");
        assertEquals(404, repaymentRequest(OPERATOR, "131016.txt").getStatusCode());
    }

    @Test
    void theRefundTransferFileIsRefusedUntilTheRunIsReleased() {
        assertEquals(403, get("/v1/settlement-runs/{id}/refund-transfer-file", OPERATOR, Map.of("id", runId)).getStatusCode());
        assertEquals("run_not_released", Json.parse(get("/v1/settlement-runs/{id}/refund-transfer-file", OPERATOR,
                Map.of("id", runId)).getBody()).path("code").asText());
        released(runId);
        assertEquals(200, get("/v1/settlement-runs/{id}/refund-transfer-file", OPERATOR, Map.of("id", runId)).getStatusCode());
    }

    @Test
    void theRefundTransferFileIsForAllOrganizationsKeysOnly() {
        released(runId);
        APIGatewayV2HTTPResponse file = get("/v1/settlement-runs/{id}/refund-transfer-file", OPERATOR, Map.of("id", runId));
        assertEquals(200, file.getStatusCode(), file.getBody());
        assertEquals("text/plain; charset=Shift_JIS", file.getHeaders().get("content-type"));
        assertEquals("7654321", ZenginReader.read(body(file)).transfers().getFirst().accountNumber());
        assertEquals(403, get("/v1/settlement-runs/{id}/refund-transfer-file", CHIYODA_OPERATOR, Map.of("id", runId)).getStatusCode());
        assertEquals(403, get("/v1/settlement-runs/{id}/refund-transfer-file", "myna-key", Map.of("id", runId)).getStatusCode());
        assertEquals(404, get("/v1/settlement-runs/{id}/refund-transfer-file", OPERATOR,
                Map.of("id", "stl_20261126_001")).getStatusCode(), "the first run paid no refund");
    }
    /** The run's transfer files released as two operators would (prepared by one principal, approved by another). */
    private void released(String runId) {
        releases.prepare(new RunRelease(runId, "key_preparer0000000", null, clock.instant(), null, null, null));
        RunRelease prepared = releases.find(runId).orElseThrow();
        releases.approve(new RunRelease(runId, prepared.preparedBy(), null, prepared.preparedAt(), "key_approver0000000", null, clock.instant()));
    }
}
