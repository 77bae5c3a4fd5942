package jp.kokin.settlement;

import static jp.kokin.adapters.testing.TestCatalog.OPERATOR_KEY;
import static jp.kokin.adapters.testing.TestCatalog.SCOPED_OPERATOR_KEY;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;

import jp.kokin.adapters.documents.S3DocumentStore;
import jp.kokin.adapters.json.Json;
import jp.kokin.domain.console.ReleaseRun;
import jp.kokin.adapters.ledger.DynamoSettlementRuns;
import jp.kokin.adapters.testing.Checkouts;
import jp.kokin.adapters.testing.HttpEvents;
import jp.kokin.adapters.testing.TestAws;
import jp.kokin.domain.catalog.Catalog;
import jp.kokin.domain.catalog.FeeLine;
import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.format.zengin.ZenginReader;
import jp.kokin.domain.settlement.DocumentStore;
import jp.kokin.domain.settlement.RunStatement;
import jp.kokin.domain.settlement.SettlementRun;
import jp.kokin.domain.settlement.SettlementRunStore;
import jp.kokin.settlement.SettlementApiWiring.Limits;

/**
 * {@code SettlementApiFunction} through its real wiring on DynamoDB Local and the embedded S3 server:
 * a run stored in the ledger table with its documents in the bucket, read back through the handler
 * (inline with the SHA-256 checked, or by following the {@code 303} to a presigned URL), and the
 * provisional view of a date read from the 16 shards of the {@code Unsettled} index.
 */
class SettlementRunsApiIT {
    private static final LocalDate DAY = LocalDate.of(2026, 11, 26);
    private static final Instant FIRST_RUN = Instant.parse("2026-11-26T15:30:00Z");
    private static final Instant SECOND_RUN = Instant.parse("2026-11-27T01:00:00Z");

    private TestAws aws;
    private SettlementApiWiring wiring;
    private SettlementApiHandler api;
    private SettlementRunStore runs;
    private DocumentStore documents;
    private Catalog catalog;

    @BeforeEach
    void platform() {
        aws = TestAws.create();
        Map<String, String> env = aws.env("SettlementApiFunction");
        wiring = SettlementApiWiring.fromEnv(env);
        api = new SettlementApiHandler(wiring);
        runs = DynamoSettlementRuns.fromEnv(aws.dynamoDb(), env);
        documents = S3DocumentStore.fromEnv(env);
        catalog = wiring.catalog().get();
    }

    private Checkout pay(Checkouts checkout, Instant paidAt) {
        Checkout c = checkout.paidAt(paidAt).build();
        aws.ledger().create(c, null);
        return c;
    }

    /** Two 住民票 of 千代田区 and a passport (MOFA 14,000, 東京都 2,000) on the day, settled in one run. */
    private SettlementRun firstRun() {
        pay(Checkouts.aCheckout(), Instant.parse("2026-11-26T01:00:00Z"));
        pay(Checkouts.aCheckout(), Instant.parse("2026-11-26T02:00:00Z"));
        pay(Checkouts.aCheckout().forOrganization("130001")
                .withProcedure("passport-10y", new FeeLine("MOFA", 14000), new FeeLine("130001", 2000)),
                Instant.parse("2026-11-26T03:00:00Z"));
        return StoredRuns.settle(catalog, runs, documents, DAY, FIRST_RUN, FIRST_RUN, true);
    }

    private APIGatewayV2HTTPResponse get(SettlementApiHandler handler, String route, String key, Map<String, String> path,
                                         Map<String, String> query) {
        HttpEvents e = HttpEvents.route("GET " + route).bearer(key);
        path.forEach(e::path);
        query.forEach(e::query);
        return handler.handleRequest(e.build(), null);
    }

    private static byte[] bytes(APIGatewayV2HTTPResponse r) {
        assertEquals(200, r.getStatusCode(), r.getBody());
        assertTrue(r.getIsBase64Encoded(), "binary bodies are base64");
        return Base64.getDecoder().decode(r.getBody());
    }

    private byte[] stored(String key) throws IOException {
        try (InputStream in = documents.open(key).orElseThrow()) {
            return in.readAllBytes();
        }
    }

    private JsonNode day(String key, LocalDate date) {
        APIGatewayV2HTTPResponse r = api.handleRequest(HttpEvents.route("GET /v1/settlements").bearer(key)
                .query("date", date.toString()).build(), null);
        assertEquals(200, r.getStatusCode(), r.getBody());
        return Json.parse(r.getBody());
    }

    private static Map<String, Long> amounts(JsonNode day) {
        Map<String, Long> amounts = new TreeMap<>();
        day.path("statements").forEach(s -> amounts.put(s.path("creditorCode").asText(), s.path("amount").asLong()));
        return amounts;
    }

    @Test
    void an_operator_fetches_a_runs_transfer_file_and_statements_from_the_bucket_through_the_handler() throws IOException {
        SettlementRun run = firstRun();
        String id = run.id().toString();

        assertEquals(403, get(api, "/v1/settlement-runs/{id}/transfer-file", OPERATOR_KEY, Map.of("id", id), Map.of()).getStatusCode(),
                "not released yet");
        released(id);
        byte[] file = bytes(get(api, "/v1/settlement-runs/{id}/transfer-file", OPERATOR_KEY, Map.of("id", id), Map.of()));
        byte[] csv = bytes(get(api, "/v1/settlement-runs/{id}/statements/{document}", OPERATOR_KEY,
                Map.of("id", id, "document", "131016.csv"), Map.of()));
        var html = get(api, "/v1/settlement-runs/{id}/statements/{document}", OPERATOR_KEY,
                Map.of("id", id, "document", "MOFA.html"), Map.of());

        assertArrayEquals(stored(run.transferFile().key()), file);
        assertEquals(3, ZenginReader.read(file).transfers().size());
        RunStatement chiyoda = runs.statement(run.id(), "131016").orElseThrow();
        assertArrayEquals(stored(chiyoda.csv().key()), csv);
        assertEquals(200, html.getStatusCode(), html.getBody());
        assertTrue(html.getBody().contains("外務省"), html.getBody());
        JsonNode listed = Json.parse(get(api, "/v1/settlement-runs", OPERATOR_KEY, Map.of(), Map.of("businessDate", DAY.toString()))
                .getBody());
        assertEquals(List.of(id), listed.path("runs").findValuesAsText("id"));
        JsonNode detail = Json.parse(get(api, "/v1/settlement-runs/{id}", SCOPED_OPERATOR_KEY, Map.of("id", id), Map.of()).getBody());
        assertEquals(List.of("131016"), detail.path("statements").findValuesAsText("creditorCode"));
        assertEquals(2, detail.path("statements").get(0).path("payments").size());
    }

    @Test
    void a_document_past_the_inline_limit_is_a_303_whose_presigned_url_serves_the_same_bytes() throws Exception {
        SettlementRun run = firstRun();
        SettlementApiHandler small = new SettlementApiHandler(new SettlementApiWiring(wiring.catalog(), wiring.runs(),
                wiring.documents(), wiring.clock(), new Limits(64, Limits.DEFAULT.maxListedDocumentBytes(), 100),
                wiring.payIns(), wiring.reports(), wiring.releases()));
        released(run.id().toString());

        var r = get(small, "/v1/settlement-runs/{id}/transfer-file", OPERATOR_KEY, Map.of("id", run.id().toString()), Map.of());

        assertEquals(303, r.getStatusCode(), r.getBody());
        URI location = URI.create(r.getHeaders().get("location"));
        HttpResponse<byte[]> followed;
        try (HttpClient http = HttpClient.newHttpClient()) {
            followed = http.send(HttpRequest.newBuilder(location).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        }
        assertEquals(200, followed.statusCode(), new String(followed.body(), StandardCharsets.UTF_8));
        assertArrayEquals(stored(run.transferFile().key()), followed.body());
        assertTrue(followed.headers().firstValue("content-disposition").orElse("").contains("zengin-" + run.id() + ".txt"),
                followed.headers().map().toString());
        HttpResponse<byte[]> unsigned;
        try (HttpClient http = HttpClient.newHttpClient()) {
            unsigned = http.send(HttpRequest.newBuilder(new URI(location.getScheme(), location.getAuthority(), location.getPath(),
                    null, null)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        }
        assertEquals(403, unsigned.statusCode(), "the object is not public: only the signed URL reads it");
    }

    @Test
    void an_object_changed_in_the_bucket_behind_the_run_is_a_500_and_never_served() {
        SettlementRun run = firstRun();
        RunStatement chiyoda = runs.statement(run.id(), "131016").orElseThrow();
        documents.put(chiyoda.csv().key(), chiyoda.csv().contentType(), (OutputStream out) -> out.write("tampered".getBytes()));

        var r = get(api, "/v1/settlement-runs/{id}/statements/{document}", OPERATOR_KEY,
                Map.of("id", run.id().toString(), "document", "131016.csv"), Map.of());

        assertEquals(500, r.getStatusCode(), r.getBody());
        assertEquals("document_corrupt", Json.parse(r.getBody()).path("code").asText());
        assertFalse(r.getBody().contains("tampered"));
    }

    @Test
    void a_date_settled_in_two_runs_lists_each_payment_once() {
        firstRun();
        pay(Checkouts.aCheckout(), Instant.parse("2026-11-26T14:59:59Z"));
        StoredRuns.settle(catalog, runs, documents, DAY, SECOND_RUN, SECOND_RUN, true);

        JsonNode day = Json.parse(get(api, "/v1/settlements", OPERATOR_KEY, Map.of(), Map.of("date", DAY.toString())).getBody());

        assertEquals(2, day.path("runs").size(), day.toString());
        JsonNode chiyoda = null;
        for (JsonNode s : day.path("statements")) {
            if (s.path("creditorCode").asText().equals("131016")) {
                chiyoda = s;
            }
        }
        assertEquals(900, chiyoda.path("amount").asLong());
        List<String> ids = new ArrayList<>();
        chiyoda.path("payments").forEach(p -> ids.add(p.path("checkoutId").asText()));
        assertEquals(3, ids.size());
        assertEquals(3, Set.copyOf(ids).size());
    }

    @Test
    void before_any_run_a_date_shows_every_unsettled_line_paid_by_its_end_from_all_shards() {
        List<String> chiyoda = new ArrayList<>();
        for (int i = 0; i < 40; i++) { // enough checkouts to land in most of the 16 shards
            chiyoda.add(pay(Checkouts.aCheckout(), Instant.parse("2026-11-26T01:00:00Z").plusSeconds(i)).id());
        }
        Checkout late = pay(Checkouts.aCheckout(), Instant.parse("2026-11-24T01:00:00Z"));
        pay(Checkouts.aCheckout().forOrganization("130001")
                .withProcedure("passport-10y", new FeeLine("MOFA", 14000), new FeeLine("130001", 2000)),
                Instant.parse("2026-11-26T14:59:59Z"));
        pay(Checkouts.aCheckout(), Instant.parse("2026-11-26T15:00:00Z")); // 00:00 JST on the 27th
        pay(Checkouts.aCheckout(), Instant.parse("2026-11-26T15:00:00.5Z"));

        JsonNode all = day(OPERATOR_KEY, DAY);
        JsonNode scoped = day(SCOPED_OPERATOR_KEY, DAY);

        assertTrue(all.path("provisional").asBoolean());
        assertEquals(Map.of("130001", 2_000L, "131016", 41 * 300L, "MOFA", 14_000L), amounts(all));
        JsonNode statement = all.path("statements").get(1);
        assertEquals(1, statement.path("carriedOver").asLong());
        List<String> listed = new ArrayList<>();
        statement.path("payments").forEach(p -> listed.add(p.path("checkoutId").asText()));
        assertEquals(late.id(), listed.getFirst(), "oldest first: the carried-over line");
        assertEquals(41, listed.size());
        assertTrue(listed.containsAll(chiyoda));
        assertEquals(Map.of("131016", 41 * 300L), amounts(scoped));
    }

    /**
     * The run released on the ledger table: prepared through the API by the operator key, approved by a
     * second operator's principal (the test catalog has one operator over every organization).
     */
    private void released(String id) {
        var prepared = api.handleRequest(HttpEvents.route("POST /v1/settlement-runs/{id}/prepare").bearer(OPERATOR_KEY)
                .path("id", id).build(), null);
        assertEquals(200, prepared.getStatusCode(), prepared.getBody());
        assertTrue(new ReleaseRun(wiring.releases()).approve(id, "key_0123456789abcdef", null, Instant.now(wiring.clock()))
                instanceof ReleaseRun.Approved.Done);
        JsonNode release = Json.parse(get(api, "/v1/settlement-runs/{id}", OPERATOR_KEY, Map.of("id", id), Map.of()).getBody())
                .path("release");
        assertEquals("key_0123456789abcdef", release.path("approvedBy").asText());
    }
}
