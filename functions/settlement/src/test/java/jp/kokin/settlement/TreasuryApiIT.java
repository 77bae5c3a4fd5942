package jp.kokin.settlement;

import static jp.kokin.adapters.testing.TestCatalog.OPERATOR_KEY;
import static jp.kokin.adapters.testing.TestCatalog.SCOPED_OPERATOR_KEY;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;

import jp.kokin.adapters.documents.S3DocumentStore;
import jp.kokin.adapters.json.Json;
import jp.kokin.adapters.ledger.DynamoPayIns;
import jp.kokin.adapters.testing.HttpEvents;
import jp.kokin.adapters.testing.TestAws;
import jp.kokin.domain.checkout.TestClock;
import jp.kokin.domain.format.JapaneseDates;
import jp.kokin.domain.settlement.DocumentStore;
import jp.kokin.domain.settlement.treasury.PayIn;
import jp.kokin.domain.settlement.treasury.PayInStatus;
import jp.kokin.domain.settlement.treasury.PayInStore;
import jp.kokin.settlement.SettlementApiWiring.Limits;

/**
 * The pay-in routes through {@code SettlementApiFunction}'s real wiring on DynamoDB Local and the
 * embedded S3 server: a pay-in stored in the ledger table with its documents in the bucket is listed,
 * shown with its lines (checked against their SHA-256), paid and confirmed under the version lock,
 * leaves the due index and the outstanding liability, and its documents are served inline or by a
 * presigned URL, never when changed behind it.
 */
class TreasuryApiIT {
    private static final LocalDate RUN_DATE = LocalDate.of(2026, 11, 30);

    private final TestClock clock = new TestClock(LocalDate.of(2026, 12, 1).atTime(LocalTime.of(10, 0))
            .atZone(JapaneseDates.JST).toInstant());
    private SettlementApiWiring wiring;
    private SettlementApiHandler api;
    private PayInStore payIns;
    private DocumentStore documents;

    @BeforeEach
    void platform() {
        TestAws aws = TestAws.create();
        Map<String, String> env = aws.env("SettlementApiFunction");
        SettlementApiWiring fromEnv = SettlementApiWiring.fromEnv(env);
        wiring = new SettlementApiWiring(fromEnv.catalog(), fromEnv.runs(), fromEnv.documents(), clock, fromEnv.limits(),
                fromEnv.payIns(), fromEnv.reports(), fromEnv.releases());
        api = new SettlementApiHandler(wiring);
        payIns = DynamoPayIns.fromEnv(aws.dynamoDb(), env);
        documents = S3DocumentStore.fromEnv(env);
    }

    private PayIn stored(int place, int lines) {
        return StoredPayIns.mofa(payIns, documents, RUN_DATE, place, LocalDate.of(2026, 12, 7), 2026, false, lines);
    }

    private static APIGatewayV2HTTPResponse call(SettlementApiHandler handler, String route, String key, Map<String, String> path,
                                                 Map<String, String> query, String body) {
        HttpEvents e = HttpEvents.route(route).bearer(key);
        path.forEach(e::path);
        query.forEach(e::query);
        if (body != null) {
            e.json(body);
        }
        return handler.handleRequest(e.build(), null);
    }

    private static JsonNode ok(APIGatewayV2HTTPResponse r) {
        assertEquals(200, r.getStatusCode(), r.getBody());
        return Json.parse(r.getIsBase64Encoded() ? java.util.Base64.getDecoder().decode(r.getBody())
                : r.getBody().getBytes(StandardCharsets.UTF_8));
    }

    private byte[] object(String key) throws Exception {
        try (InputStream in = documents.open(key).orElseThrow()) {
            return in.readAllBytes();
        }
    }

    @Test
    void aStoredPayInIsListedShownPaidAndConfirmedAndLeavesTheLiability() {
        PayIn p = stored(1, 3);
        Map<String, String> id = Map.of("id", p.id());

        JsonNode due = ok(call(api, "GET /v1/treasury/payins", OPERATOR_KEY, Map.of(), Map.of("status", "due"), null));
        assertEquals(p.id(), due.path("payins").get(0).path("id").asText());
        assertEquals(42_000, ok(call(api, "GET /v1/treasury/outstanding", OPERATOR_KEY, Map.of(), Map.of(), null)).path("amount").asLong());
        JsonNode shown = ok(call(api, "GET /v1/treasury/payins/{id}", OPERATOR_KEY, id, Map.of(), null));
        assertEquals(3, shown.path("lines").size());
        assertEquals("REF-1", shown.path("lines").get(1).path("reference").asText());

        assertEquals(404, call(api, "GET /v1/treasury/payins/{id}", SCOPED_OPERATOR_KEY, id, Map.of(), null).getStatusCode());
        assertEquals(0, ok(call(api, "GET /v1/treasury/payins", SCOPED_OPERATOR_KEY, Map.of(), Map.of("status", "due"), null))
                .path("payins").size());

        String payment = "{\"paidOn\":\"2026-12-01\",\"bank\":\"日本銀行本店\",\"reference\":\"R-0001\"}";
        assertEquals("paid", ok(call(api, "POST /v1/treasury/payins/{id}/paid", OPERATOR_KEY, id, Map.of(), payment))
                .path("status").asText());
        assertEquals("paid", ok(call(api, "POST /v1/treasury/payins/{id}/paid", OPERATOR_KEY, id, Map.of(), payment))
                .path("status").asText());
        assertEquals(0, ok(call(api, "GET /v1/treasury/payins", OPERATOR_KEY, Map.of(), Map.of("status", "due"), null))
                .path("payins").size());
        assertEquals(0, ok(call(api, "GET /v1/treasury/outstanding", OPERATOR_KEY, Map.of(), Map.of(), null)).path("amount").asLong(-1));
        JsonNode confirmed = ok(call(api, "POST /v1/treasury/payins/{id}/confirmed", OPERATOR_KEY, id, Map.of(), "{}"));
        assertEquals("confirmed", confirmed.path("status").asText());
        assertEquals(3, confirmed.path("audit").size());

        PayIn after = payIns.find(p.id()).orElseThrow();
        assertEquals(PayInStatus.CONFIRMED, after.status());
        assertEquals(3, after.version());
        assertEquals("R-0001", after.paid().reference());
    }

    @Test
    void aDocumentPastTheInlineLimitIsAPresignedUrlServingTheSameBytes() throws Exception {
        PayIn p = stored(1, 1);
        SettlementApiHandler small = new SettlementApiHandler(new SettlementApiWiring(wiring.catalog(), wiring.runs(),
                wiring.documents(), clock, new Limits(16, Limits.DEFAULT.maxListedDocumentBytes(), 100), wiring.payIns(),
                wiring.reports(), wiring.releases()));
        var r = call(small, "GET /v1/treasury/payins/{id}/{document}", OPERATOR_KEY, Map.of("id", p.id(), "document", "slip.csv"),
                Map.of(), null);
        assertEquals(303, r.getStatusCode(), r.getBody());
        HttpResponse<byte[]> followed;
        try (HttpClient http = HttpClient.newHttpClient()) {
            followed = http.send(HttpRequest.newBuilder(URI.create(r.getHeaders().get("location"))).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        }
        assertEquals(200, followed.statusCode());
        assertArrayEquals(object(p.documents().get("slip.csv").key()), followed.body());
        assertTrue(followed.headers().firstValue("content-disposition").orElse("").contains("payin-" + p.id() + ".csv"),
                followed.headers().map().toString());
    }

    @Test
    void linesChangedInTheBucketBehindThePayInAreNeverServed() {
        PayIn p = stored(1, 2);
        String key = p.documents().get("lines.json").key();
        documents.put(key, "application/json", (OutputStream out) -> out.write("{\"lines\":[]}".getBytes(StandardCharsets.UTF_8)));
        var r = call(api, "GET /v1/treasury/payins/{id}", OPERATOR_KEY, Map.of("id", p.id()), Map.of(), null);
        assertEquals(500, r.getStatusCode(), r.getBody());
        assertEquals("document_corrupt", Json.parse(r.getBody()).path("code").asText());
        assertEquals(200, call(api, "GET /v1/treasury/payins/{id}/{document}", OPERATOR_KEY,
                Map.of("id", p.id(), "document", "slip.html"), Map.of(), null).getStatusCode(), "the other documents are intact");
    }
}
