package jp.kokin.settlement;

import jp.kokin.adapters.testing.HttpEvents;

import static jp.kokin.adapters.testing.TestCatalog.CITY_KEY;
import static jp.kokin.adapters.testing.TestCatalog.OPERATOR_KEY;
import static jp.kokin.adapters.testing.TestCatalog.PORTAL_KEY;
import static jp.kokin.adapters.testing.TestCatalog.SCOPED_OPERATOR_KEY;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jp.kokin.adapters.console.DynamoRunReleases;
import jp.kokin.adapters.json.Json;
import jp.kokin.domain.console.ReleaseRun;
import jp.kokin.adapters.testing.Checkouts;
import jp.kokin.adapters.testing.TestAws;
import jp.kokin.domain.catalog.FeeLine;
import jp.kokin.domain.checkout.Change;
import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.checkout.PaymentEvent;
import jp.kokin.domain.checkout.PaymentMethod;
import jp.kokin.domain.format.zengin.Transfer;
import jp.kokin.domain.format.zengin.TransferFile;
import jp.kokin.domain.format.zengin.ZenginReader;

/**
 * {@code SettlementFunction} and {@code SettlementApiFunction} through their real constructors,
 * against DynamoDB Local: a JST business day settled per creditor, the Zengin transfer file, the
 * creditor statements, and what an operator sees.
 */
class SettlementIT {
    private static final String DAY = "2026-11-26";

    private TestAws aws;
    private SettlementApiHandler api;
    private Checkout duplicate;

    @BeforeEach
    void paymentsOfTheDay() {
        aws = TestAws.create();
        api = new SettlementApiHandler(SettlementApiWiring.fromEnv(aws.env("SettlementApiFunction")));
        store(Checkouts.aCheckout().paidAt(Instant.parse("2026-11-25T15:00:00Z")).build()); // 00:00:00 JST on the 26th
        store(Checkouts.aCheckout().withQuantity(2).paidAt(Instant.parse("2026-11-26T05:00:00Z")).build());
        store(Checkouts.aCheckout().forOrganization("130001")
                .withProcedure("passport-10y", new FeeLine("MOFA", 14000), new FeeLine("130001", 2000))
                .createdAt(Instant.parse("2026-11-26T14:30:00Z")).paidAt(Instant.parse("2026-11-26T14:59:59Z")).build()); // 23:59:59 JST
        store(Checkouts.aCheckout().forOrganization("131041").paidAt(Instant.parse("2026-11-26T02:00:00Z")).build());
        duplicate = store(paidTwice(Instant.parse("2026-11-26T03:00:00Z"), Instant.parse("2026-11-26T03:05:00Z")));
        store(Checkouts.aCheckout().paidAt(Instant.parse("2026-11-26T15:00:01Z")).build()); // 00:00:01 JST on the 27th
        store(Checkouts.aCheckout().build()); // never paid
    }

    private Checkout store(Checkout c) {
        aws.ledger().create(c, null);
        return c;
    }

    /** A 住民票 checkout paid by its card attempt, then by its PayPay attempt too (money to refund). */
    private static Checkout paidTwice(Instant first, Instant second) {
        Checkout c = Checkouts.aCheckout().createdAt(first.minusSeconds(600)).build();
        c = ((Change.Changed) c.startPayment(PaymentMethod.PAYPAY, "sandbox", first.minusSeconds(300))).checkout();
        c = ((Change.Changed) c.startPayment(PaymentMethod.CARD, "sandbox", first.minusSeconds(200))).checkout();
        c = ((Change.Changed) c.applyPaymentEvent(c.payments().get(1).id(), PaymentEvent.SUCCEEDED, 300, first, first)).checkout();
        c = ((Change.Changed) c.applyPaymentEvent(c.payments().get(0).id(), PaymentEvent.SUCCEEDED, 300, second, second)).checkout();
        assertTrue(c.payments().get(0).duplicatePayment());
        return c;
    }

    private JsonNode settle(String date) throws IOException {
        var out = new ByteArrayOutputStream();
        new SettlementJobHandler(SettlementJobWiring.fromEnv(aws.env("SettlementFunction"))).handleRequest(
                new ByteArrayInputStream(("{\"businessDate\":\"" + date + "\"}").getBytes(StandardCharsets.UTF_8)), out, null);
        return Json.parse(out.toString(StandardCharsets.UTF_8));
    }

    private APIGatewayV2HTTPResponse statements(String key, String date) {
        HttpEvents e = HttpEvents.route("GET /v1/settlements").bearer(key);
        if (date != null) {
            e.query("date", date);
        }
        return api.handleRequest(e.build(), null);
    }

    private APIGatewayV2HTTPResponse transferFile(String key, String date) {
        return api.handleRequest(HttpEvents.route("GET /v1/settlements/{date}/transfer-file").path("date", date).bearer(key).build(), null);
    }

    private APIGatewayV2HTTPResponse document(String key, String date, String document) {
        return api.handleRequest(HttpEvents.route("GET /v1/settlements/{date}/statements/{document}")
                .path("date", date).path("document", document).bearer(key).build(), null);
    }

    private static byte[] bytes(APIGatewayV2HTTPResponse r) {
        assertTrue(r.getIsBase64Encoded(), "binary bodies are base64");
        return Base64.getDecoder().decode(r.getBody());
    }

    private static void assertProblem(int status, String code, APIGatewayV2HTTPResponse r) {
        assertEquals(status, r.getStatusCode(), r.getBody());
        assertEquals("application/problem+json", r.getHeaders().get("content-type"));
        assertEquals(code, Json.parse(r.getBody()).path("code").asText(), r.getBody());
    }

    private static Map<String, Long> amountByCreditor(JsonNode settlement) {
        Map<String, Long> amounts = new TreeMap<>();
        settlement.path("statements").forEach(s -> amounts.put(s.path("creditorCode").asText(), s.path("amount").asLong()));
        return amounts;
    }

    @Test
    void theJobSettlesTheJstDayPerCreditor() throws IOException {
        JsonNode summary = settle(DAY);
        assertEquals(DAY, summary.path("businessDate").asText());
        assertEquals(4, summary.path("creditors").asInt());
        assertEquals(17_500, summary.path("amount").asLong());

        var r = statements(OPERATOR_KEY, DAY);

        assertEquals(200, r.getStatusCode(), r.getBody());
        JsonNode day = Json.parse(r.getBody());
        assertEquals("settled", day.path("status").asText());
        assertTrue(day.hasNonNull("settledAt"));
        assertEquals(Map.of("130001", 2_000L, "131016", 1_200L, "131041", 300L, "MOFA", 14_000L), amountByCreditor(day),
                "the passport split between MOFA and 東京都; the duplicate payment counted once; 00:00:01 on the 27th not at all");
        JsonNode chiyoda = day.path("statements").findParents("creditorCode").stream()
                .filter(s -> s.path("creditorCode").asText().equals("131016")).findFirst().orElseThrow();
        assertEquals(3, chiyoda.path("count").asInt(), "three payments");
        assertEquals(4, chiyoda.path("procedures").get(0).path("count").asInt(), "four 住民票 (one of them ×2)");
        chiyoda.path("payments").forEach(p -> {
            if (p.path("checkoutId").asText().equals(duplicate.id())) {
                assertEquals(duplicate.payments().get(1).id(), p.path("paymentId").asText(), "the winning payment, not the duplicate");
            }
        });
    }

    @Test
    void theTransferFileHasOneRecordPerCreditorAndTheDaysTotal() throws IOException {
        released(settle(DAY));

        var r = transferFile(OPERATOR_KEY, DAY);

        assertEquals(200, r.getStatusCode(), r.getBody());
        assertEquals("text/plain; charset=Shift_JIS", r.getHeaders().get("content-type"));
        assertTrue(r.getHeaders().get("content-disposition").contains("zengin-" + DAY));
        TransferFile file = ZenginReader.read(bytes(r));
        assertEquals(4, file.transfers().size());
        assertEquals(17_500, file.transfers().stream().mapToLong(Transfer::amount).sum());
        Map<String, Long> byAccount = new TreeMap<>();
        file.transfers().forEach(t -> byAccount.put(t.accountNumber(), t.amount()));
        assertEquals(Map.of("1234567", 1_200L, "2345678", 300L, "3456789", 2_000L, "4567890", 14_000L), byAccount);
        assertEquals("7654321", file.header().accountNumber(), "from the platform's account");
    }

    @Test
    void eachCreditorsStatementIsACsvWithABomAndAPrintablePage() throws IOException {
        settle(DAY);

        var csv = document(OPERATOR_KEY, DAY, "131016.csv");
        assertEquals(200, csv.getStatusCode(), csv.getBody());
        assertEquals("text/csv; charset=utf-8", csv.getHeaders().get("content-type"));
        byte[] csvBytes = bytes(csv);
        assertArrayEquals(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, Arrays.copyOf(csvBytes, 3), "Excel needs the BOM");
        String text = new String(csvBytes, StandardCharsets.UTF_8);
        assertTrue(text.contains(duplicate.id()) && text.contains("1200"), text);

        var html = document(OPERATOR_KEY, DAY, "MOFA.html");
        assertEquals(200, html.getStatusCode(), html.getBody());
        assertTrue(html.getHeaders().get("content-type").startsWith("text/html"));
        assertTrue(html.getBody().contains("<html") && html.getBody().contains("外務省"), html.getBody());

        assertProblem(404, "not_found", document(OPERATOR_KEY, DAY, "MOFA.pdf"));
        assertProblem(404, "not_found", document(OPERATOR_KEY, DAY, "999999.csv"));
    }

    @Test
    void settlementsAreForOperatorsOnly() throws IOException {
        settle(DAY);
        assertProblem(403, "forbidden", statements(PORTAL_KEY, DAY));
        assertProblem(403, "forbidden", statements(CITY_KEY, DAY));
        assertProblem(403, "forbidden", transferFile(PORTAL_KEY, DAY));
        assertProblem(403, "forbidden", document(PORTAL_KEY, DAY, "131016.csv"));
        assertProblem(401, "unauthorized", statements("no-such-key", DAY));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-13-01", "yesterday", "2026-11-26T00:00", "", "20261126", "+12026-11-26"})
    void aDateThatIsNotADateIs400(String date) {
        assertProblem(400, "invalid_request", statements(OPERATOR_KEY, date));
    }

    private static long ledgerReads() {
        var counts = TestAws.embedded().counts();
        return counts.functions("DynamoDB_20120810.GetItem") + counts.functions("DynamoDB_20120810.Query");
    }

    /** A path that names no settlement is 404 not_found, parsed before any ledger read. */
    @ParameterizedTest
    @ValueSource(strings = {"2026-13-01", "yesterday", "2026-11-26T00:00", "20261126", "+12026-11-26", " 2026-11-26"})
    void a_path_date_that_is_not_a_date_is_not_found_without_a_ledger_lookup(String date) {
        long before = ledgerReads();
        assertProblem(404, "not_found", transferFile(OPERATOR_KEY, date));
        assertProblem(404, "not_found", document(OPERATOR_KEY, date, "131016.csv"));
        assertProblem(404, "not_found", transferFile(OPERATOR_KEY, "9".repeat(3000)));
        assertEquals(before, ledgerReads(), "no DynamoDB lookup");
    }

    @Test
    void a_statement_name_that_is_not_a_creditor_is_not_found_without_a_ledger_lookup() {
        long before = ledgerReads();
        for (String document : new String[] {"9".repeat(3000) + ".csv", "131017.csv", "../131016.csv", "mofa.html", ".csv", "131016"}) {
            assertProblem(404, "not_found", document(OPERATOR_KEY, DAY, document));
        }
        assertEquals(before, ledgerReads(), "no DynamoDB lookup");
    }

    @Test
    void the_transfer_file_is_only_for_operator_keys_scoped_to_every_organization() throws IOException {
        JsonNode run = settle(DAY);

        assertProblem(403, "forbidden", transferFile(SCOPED_OPERATOR_KEY, DAY));
        assertProblem(403, "run_not_released", transferFile(OPERATOR_KEY, DAY));
        released(run);
        assertProblem(403, "forbidden", transferFile(SCOPED_OPERATOR_KEY, DAY));

        assertEquals(200, transferFile(OPERATOR_KEY, DAY).getStatusCode());
        assertEquals(200, document(SCOPED_OPERATOR_KEY, DAY, "131016.csv").getStatusCode(), "its own creditor's statement");
        assertProblem(404, "not_found", document(SCOPED_OPERATOR_KEY, DAY, "MOFA.csv"));
        assertEquals(Map.of("131016", 1_200L), amountByCreditor(Json.parse(statements(SCOPED_OPERATOR_KEY, DAY).getBody())));
    }

    @Test
    void csv_and_zengin_answers_demand_https_and_are_not_sniffed() throws IOException {
        released(settle(DAY));
        for (APIGatewayV2HTTPResponse r : new APIGatewayV2HTTPResponse[] {transferFile(OPERATOR_KEY, DAY),
                document(OPERATOR_KEY, DAY, "131016.csv"), statements(OPERATOR_KEY, DAY)}) {
            assertEquals(200, r.getStatusCode(), r.getBody());
            assertEquals("nosniff", r.getHeaders().get("x-content-type-options"), r.getHeaders().toString());
            assertTrue(String.valueOf(r.getHeaders().get("strict-transport-security")).startsWith("max-age="),
                    r.getHeaders().toString());
        }
    }

    @Test
    void aMissingDateIs400() {
        assertProblem(400, "invalid_request", statements(OPERATOR_KEY, null));
    }

    @Test
    void beforeTheJobRunsTheDayIsProvisionalAndHasNoTransferFile() throws IOException {
        var r = statements(OPERATOR_KEY, DAY);
        JsonNode day = Json.parse(r.getBody());
        assertEquals("provisional", day.path("status").asText());
        assertEquals(17_500, amountByCreditor(day).values().stream().mapToLong(Long::longValue).sum());
        assertProblem(404, "settlement_not_found", transferFile(OPERATOR_KEY, DAY));

        // A run for the 27th would also settle the 26th's lines, still unsettled: they are carried over.
        JsonNode next = Json.parse(statements(OPERATOR_KEY, "2026-11-27").getBody());
        assertEquals(17_500 + 300, amountByCreditor(next).values().stream().mapToLong(Long::longValue).sum());
        Map<String, Boolean> carriedByDeemedDate = new TreeMap<>();
        next.path("statements").forEach(st -> st.path("payments").forEach(p ->
                carriedByDeemedDate.merge(p.path("deemedDate").asText(), p.path("carriedOver").asBoolean(), (a, b) -> a && b)));
        assertEquals(Map.of(DAY, true, "2026-11-27", false), carriedByDeemedDate, "00:00:01 JST belongs to the 27th");

        settle(DAY);
        JsonNode afterTheRun = Json.parse(statements(OPERATOR_KEY, "2026-11-27").getBody());
        assertEquals(Map.of("131016", 300L), amountByCreditor(afterTheRun), "only the 27th's own payment is left");
    }

    @Test
    void runningTheJobAgainCreatesNoRunAndChangesNothing() throws IOException {
        JsonNode firstAnswer = settle(DAY);
        String runId = firstAnswer.path("runId").asText();
        released(firstAnswer);
        byte[] file = bytes(transferFile(OPERATOR_KEY, DAY));
        ObjectNode first = (ObjectNode) Json.parse(statements(OPERATOR_KEY, DAY).getBody());
        String run = api.handleRequest(HttpEvents.route("GET /v1/settlement-runs/{id}").path("id", runId).bearer(OPERATOR_KEY).build(), null).getBody();

        JsonNode again = settle(DAY);

        assertTrue(again.path("runId").isNull(), again.toString());
        assertEquals(0, again.path("runs").size());
        assertArrayEquals(file, bytes(transferFile(OPERATOR_KEY, DAY)));
        assertEquals(run, api.handleRequest(HttpEvents.route("GET /v1/settlement-runs/{id}").path("id", runId).bearer(OPERATOR_KEY).build(), null).getBody());
        ObjectNode second = (ObjectNode) Json.parse(statements(OPERATOR_KEY, DAY).getBody());
        assertEquals(first, second);
    }

    @Test
    void aDayWithoutPaymentsHasNoRunNoStatementsAndNoTransferFile() throws IOException {
        JsonNode summary = settle("2026-11-24");
        assertEquals(0, summary.path("amount").asLong());
        assertTrue(summary.path("runId").isNull(), "a day with nothing to settle gets no run: " + summary);

        JsonNode day = Json.parse(statements(OPERATOR_KEY, "2026-11-24").getBody());
        assertEquals("provisional", day.path("status").asText());
        assertEquals(0, day.path("statements").size());
        assertProblem(404, "settlement_not_found", transferFile(OPERATOR_KEY, "2026-11-24"));
    }

    /**
     * The settled run released on the ledger table: prepared through the API by the operator key, approved
     * by a second operator's principal (the test catalog has one operator over every organization).
     */
    private void released(JsonNode settled) {
        String runId = settled.path("runId").asText();
        var prepared = api.handleRequest(HttpEvents.route("POST /v1/settlement-runs/{id}/prepare").path("id", runId)
                .bearer(OPERATOR_KEY).build(), null);
        assertEquals(200, prepared.getStatusCode(), prepared.getBody());
        var releases = DynamoRunReleases.fromEnv(aws.dynamoDb(), aws.env("SettlementApiFunction"));
        assertTrue(new ReleaseRun(releases).approve(runId, "key_0123456789abcdef", null, Instant.parse("2026-11-27T01:00:00Z"))
                instanceof ReleaseRun.Approved.Done);
    }
}
