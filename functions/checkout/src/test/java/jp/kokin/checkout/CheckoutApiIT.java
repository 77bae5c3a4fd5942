package jp.kokin.checkout;

import jp.kokin.adapters.testing.HttpEvents;

import static jp.kokin.adapters.testing.TestCatalog.CITY_KEY;
import static jp.kokin.adapters.testing.TestCatalog.PORTAL_KEY;
import static jp.kokin.adapters.testing.TestCatalog.RETURN_URL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;

import jp.kokin.adapters.json.Json;
import jp.kokin.adapters.testing.TestAws;

/**
 * The portals' checkout API through {@code CheckoutFunction}'s real constructor, against DynamoDB
 * Local: what a portal sees, and that a rejected request leaves nothing in the ledger.
 */
class CheckoutApiIT {
    private TestAws aws;
    private CheckoutHandler handler;

    @BeforeEach
    void freshPlatform() {
        aws = TestAws.create();
        handler = new CheckoutHandler(CheckoutWiring.fromEnv(aws.env("CheckoutFunction")));
    }

    private APIGatewayV2HTTPResponse call(APIGatewayV2HTTPEvent event) {
        return handler.handleRequest(event, null);
    }

    private static JsonNode body(APIGatewayV2HTTPResponse r) {
        return Json.parse(r.getBody());
    }

    private int ledgerItems() {
        return aws.dynamoDb().scan(b -> b.tableName(aws.ledgerTable())).count();
    }

    static String juminhyo(int quantity) {
        return """
                {"organizationCode":"131016","items":[{"procedureCode":"juminhyo","quantity":%d}],
                 "reference":"APP-2026-0001","returnUrl":"%s"}""".formatted(quantity, RETURN_URL);
    }

    static String passport() {
        return """
                {"organizationCode":"130001","items":[{"procedureCode":"passport-10y","quantity":1}],
                 "reference":"PASS-0001","returnUrl":"%s","language":"en","methods":["paypay","card"]}""".formatted(RETURN_URL);
    }

    /** The response is an RFC 9457 problem with this status and code; returns its body. */
    private static JsonNode assertProblem(int status, String code, APIGatewayV2HTTPResponse r) {
        assertEquals(status, r.getStatusCode(), r.getBody());
        assertEquals("application/problem+json", r.getHeaders().get("content-type"));
        JsonNode problem = body(r);
        assertEquals(code, problem.path("code").asText(), r.getBody());
        assertEquals(status, problem.path("status").asInt());
        assertTrue(problem.path("type").asText().endsWith(code), r.getBody());
        assertTrue(problem.hasNonNull("title") && problem.hasNonNull("detail"), r.getBody());
        return problem;
    }

    /** A 400 invalid_request naming {@code field}; and nothing was stored. */
    private JsonNode assertRejectedField(String json, String field) {
        int before = ledgerItems();
        JsonNode problem = assertProblem(400, "invalid_request", call(HttpEvents.createCheckout(PORTAL_KEY, json)));
        List<String> fields = new ArrayList<>();
        problem.path("errors").forEach(e -> {
            assertTrue(e.hasNonNull("code") && e.hasNonNull("message"), e.toString());
            fields.add(e.path("field").asText());
        });
        assertTrue(fields.contains(field), field + " in " + problem);
        assertEquals(before, ledgerItems(), "nothing half-stored");
        return problem;
    }

    @Test
    void aPortalCreatesACheckoutPricedFromTheCatalog() {
        var r = call(HttpEvents.createCheckout(PORTAL_KEY, juminhyo(2)));

        assertEquals(201, r.getStatusCode(), r.getBody());
        JsonNode c = body(r);
        assertTrue(c.path("id").asText().matches("chk_[a-z2-7]{26}"), r.getBody());
        assertEquals("created", c.path("status").asText());
        assertEquals(600, c.path("amount").asLong(), "2 × 住民票 300 yen");
        assertEquals("JPY", c.path("currency").asText());
        assertEquals(aws.publicBaseUrl() + "/pay/" + c.path("id").asText(), c.path("paymentUrl").asText());
        assertEquals("/v1/checkouts/" + c.path("id").asText(), r.getHeaders().get("location"));
        assertEquals("住民票の写し", c.path("items").get(0).path("name").asText());
        assertTrue(aws.ledger().find(c.path("id").asText()).isPresent());
    }

    @Test
    void aPassportIsSplitBetweenTheMinistryAndThePrefecture() {
        var r = call(HttpEvents.createCheckout(PORTAL_KEY, passport()));

        assertEquals(201, r.getStatusCode(), r.getBody());
        JsonNode c = body(r);
        assertEquals(16000, c.path("amount").asLong());
        JsonNode lines = c.path("items").get(0).path("lines");
        assertEquals(2, lines.size(), lines.toString());
        assertEquals("MOFA", lines.get(0).path("creditor").asText());
        assertEquals(14000, lines.get(0).path("amount").asLong());
        assertEquals("130001", lines.get(1).path("creditor").asText());
        assertEquals(2000, lines.get(1).path("amount").asLong());
        assertEquals("Passport (10 years)", c.path("items").get(0).path("name").asText());
        assertEquals("[\"paypay\",\"card\"]", c.path("methods").toString());
    }

    @Test
    void withoutAValidKeyTheAnswerIs401() {
        var none = call(HttpEvents.route("POST /v1/checkouts").json(juminhyo(1)).build());
        assertProblem(401, "unauthorized", none);
        assertEquals("Bearer", none.getHeaders().get("www-authenticate"));
        assertProblem(401, "unauthorized", call(HttpEvents.createCheckout("not-a-key", juminhyo(1))));
        assertProblem(401, "unauthorized", call(HttpEvents.route("POST /v1/checkouts")
                .header("authorization", "Basic " + PORTAL_KEY).json(juminhyo(1)).build()));
        assertProblem(401, "unauthorized", call(HttpEvents.route("GET /v1/checkouts/{id}").path("id", "chk_x").build()));
        assertEquals(0, ledgerItems());
    }

    @Test
    void anOperatorKeyCannotCreateCheckouts() {
        assertProblem(403, "forbidden", call(HttpEvents.createCheckout(jp.kokin.adapters.testing.TestCatalog.OPERATOR_KEY, juminhyo(1))));
        assertEquals(0, ledgerItems());
    }

    @Test
    void aMissingReferenceIsAFieldError() {
        assertRejectedField("""
                {"organizationCode":"131016","items":[{"procedureCode":"juminhyo","quantity":1}],"returnUrl":"%s"}"""
                .formatted(RETURN_URL), "reference");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 100, -1})
    void aQuantityOutside1To99IsAFieldError(int quantity) {
        JsonNode problem = assertRejectedField(juminhyo(quantity), "items[0].quantity");
        assertEquals("out_of_range", problem.path("errors").get(0).path("code").asText(), problem.toString());
    }

    @Test
    void anExpiryUnder5MinutesIsAFieldError() {
        assertRejectedField(juminhyo(1).replace("\"reference\"", "\"expiresInMinutes\":4,\"reference\""), "expiresInMinutes");
        assertRejectedField(juminhyo(1).replace("\"reference\"", "\"expiresInMinutes\":1441,\"reference\""), "expiresInMinutes");
        assertRejectedField(juminhyo(1).replace("\"reference\"", "\"expiresInMinutes\":\"ten\",\"reference\""), "expiresInMinutes");
    }

    @Test
    void anUnknownFieldIsAFieldError() {
        JsonNode problem = assertRejectedField(juminhyo(1).replace("\"reference\"", "\"amount\":1,\"reference\""), "amount");
        assertEquals("unknown_field", problem.path("errors").get(0).path("code").asText());
        assertRejectedField(juminhyo(1).replace("\"quantity\":1", "\"quantity\":1,\"price\":1"), "items[0].price");
    }

    @Test
    void wrongTypesAreFieldErrorsNot500s() {
        assertRejectedField("{\"organizationCode\":131016,\"items\":{},\"reference\":[],\"returnUrl\":null}", "organizationCode");
        assertRejectedField(juminhyo(1).replace("\"quantity\":1", "\"quantity\":1.5"), "items[0].quantity");
        assertRejectedField(juminhyo(1).replace("\"reference\"", "\"methods\":[\"bitcoin\"],\"reference\""), "methods");
        assertRejectedField(juminhyo(1).replace("\"reference\"", "\"language\":\"fr\",\"reference\""), "language");
        assertRejectedField(juminhyo(1).replace("\"reference\"", "\"metadata\":{\"a\":1},\"reference\""), "metadata.a");
        assertRejectedField("[]", "");
    }

    @ParameterizedTest
    @ValueSource(strings = {"not json", "{\"organizationCode\":", "", "{} {}", "{\"reference\":\"a\",\"reference\":\"b\"}"})
    void aBodyThatIsNotJsonIs400(String text) {
        var r = call(HttpEvents.route("POST /v1/checkouts").bearer(PORTAL_KEY).json(text).build());
        assertProblem(400, "invalid_request", r);
        assertEquals(0, ledgerItems());
    }

    @Test
    void aMissingBodyIs400() {
        var r = call(HttpEvents.route("POST /v1/checkouts").bearer(PORTAL_KEY).build());
        assertProblem(400, "invalid_request", r);
    }

    @Test
    void aBodyThatIsNotJsonContentIs415() {
        var r = call(HttpEvents.route("POST /v1/checkouts").bearer(PORTAL_KEY).form("organizationCode=131016").build());
        assertProblem(415, "unsupported_media_type", r);
        assertEquals(0, ledgerItems());
    }

    @Test
    void aWrongCheckDigitSaysWhichDigitIsExpected() {
        var r = call(HttpEvents.createCheckout(PORTAL_KEY, juminhyo(1).replace("131016", "131017")));
        JsonNode problem = assertProblem(400, "invalid_organization_code", r);
        assertTrue(problem.path("detail").asText().contains("131017")
                && problem.path("detail").asText().contains("should be 6"), problem.toString());
        assertEquals("organizationCode", problem.path("errors").get(0).path("field").asText());
        assertEquals(0, ledgerItems());
    }

    @Test
    void anOrganizationOutsideTheKeyIsUnknown() {
        // 131041 exists in the catalog but belongs to another portal; 011002 (札幌市) is valid but not in the catalog
        assertProblem(422, "unknown_organization", call(HttpEvents.createCheckout(PORTAL_KEY, juminhyo(1).replace("131016", "131041"))));
        assertProblem(422, "unknown_organization", call(HttpEvents.createCheckout(PORTAL_KEY, juminhyo(1).replace("131016", "011002"))));
        assertEquals(0, ledgerItems());
    }

    @Test
    void aProcedureTheOrganizationDoesNotOfferIsUnknown() {
        JsonNode problem = assertProblem(422, "unknown_procedure",
                call(HttpEvents.createCheckout(PORTAL_KEY, juminhyo(1).replace("juminhyo", "passport-10y"))));
        assertEquals("items[0].procedureCode", problem.path("errors").get(0).path("field").asText());
        assertEquals(0, ledgerItems());
    }

    @Test
    void aReturnUrlOutsideThePortalsPrefixesIsRefused() {
        JsonNode problem = assertRejectedField(juminhyo(1).replace(RETURN_URL, "https://evil.example.com/phish"), "returnUrl");
        assertEquals("return_url_not_allowed", problem.path("errors").get(0).path("code").asText());
        assertRejectedField(juminhyo(1).replace(RETURN_URL, "https://portal.example.jp.evil.example.com/"), "returnUrl");
    }

    @Test
    void theSameIdempotencyKeyAndBodyReplaysTheSameCheckout() {
        var first = call(HttpEvents.route("POST /v1/checkouts").bearer(PORTAL_KEY).header("Idempotency-Key", "order-1")
                .json(juminhyo(1)).build());
        int stored = ledgerItems();
        var again = call(HttpEvents.route("POST /v1/checkouts").bearer(PORTAL_KEY).header("Idempotency-Key", "order-1")
                .json(juminhyo(1)).build());

        assertEquals(201, first.getStatusCode(), first.getBody());
        assertEquals(200, again.getStatusCode(), again.getBody());
        assertEquals("true", again.getHeaders().get("idempotent-replayed"));
        assertEquals(body(first).path("id"), body(again).path("id"));
        assertEquals(stored, ledgerItems(), "the replay stores nothing");
    }

    @Test
    void theSameIdempotencyKeyWithAnotherBodyIs409() {
        call(HttpEvents.route("POST /v1/checkouts").bearer(PORTAL_KEY).header("Idempotency-Key", "order-2").json(juminhyo(1)).build());
        int stored = ledgerItems();
        var other = call(HttpEvents.route("POST /v1/checkouts").bearer(PORTAL_KEY).header("Idempotency-Key", "order-2")
                .json(juminhyo(2)).build());
        assertProblem(409, "idempotency_key_reused", other);
        assertEquals(stored, ledgerItems(), "nothing half-stored");
    }

    @Test
    void anIdempotencyKeyIsPerPortal() {
        var mine = call(HttpEvents.route("POST /v1/checkouts").bearer(PORTAL_KEY).header("Idempotency-Key", "k").json(juminhyo(1)).build());
        var theirs = call(HttpEvents.route("POST /v1/checkouts").bearer(CITY_KEY).header("Idempotency-Key", "k")
                .json(juminhyo(1).replace("131016", "131041").replace(RETURN_URL, "https://city.example.jp/a")).build());
        assertEquals(201, mine.getStatusCode(), mine.getBody());
        assertEquals(201, theirs.getStatusCode(), theirs.getBody());
        assertNotEquals(body(mine).path("id"), body(theirs).path("id"));
    }

    @Test
    void anIdempotencyKeyLongerThan255Is400() {
        var r = call(HttpEvents.route("POST /v1/checkouts").bearer(PORTAL_KEY).header("Idempotency-Key", "k".repeat(256))
                .json(juminhyo(1)).build());
        assertProblem(400, "invalid_request", r);
        assertEquals(0, ledgerItems());
        var ok = call(HttpEvents.route("POST /v1/checkouts").bearer(PORTAL_KEY).header("Idempotency-Key", "k".repeat(255))
                .json(juminhyo(1)).build());
        assertEquals(201, ok.getStatusCode(), ok.getBody());
    }

    @Test
    void aPortalReadsItsCheckoutAndAnotherPortalCannot() {
        String id = body(call(HttpEvents.createCheckout(PORTAL_KEY, juminhyo(1)))).path("id").asText();

        var mine = call(HttpEvents.route("GET /v1/checkouts/{id}").path("id", id).bearer(PORTAL_KEY).build());
        assertEquals(200, mine.getStatusCode(), mine.getBody());
        assertEquals(id, body(mine).path("id").asText());
        assertEquals(300, body(mine).path("amount").asLong());

        assertProblem(404, "not_found", call(HttpEvents.route("GET /v1/checkouts/{id}").path("id", id).bearer(CITY_KEY).build()));
        assertProblem(404, "not_found", call(HttpEvents.route("GET /v1/checkouts/{id}")
                .path("id", "chk_aaaaaaaaaaaaaaaaaaaaaaaaaa").bearer(PORTAL_KEY).build()));
        assertProblem(404, "not_found", call(HttpEvents.route("GET /v1/checkouts/{id}").path("id", "../etc").bearer(PORTAL_KEY).build()));
    }

    @Test
    void a_canceled_checkout_cannot_be_canceled_again() {
        String id = body(call(HttpEvents.createCheckout(PORTAL_KEY, juminhyo(1)))).path("id").asText();

        var canceled = call(HttpEvents.route("POST /v1/checkouts/{id}/cancel").path("id", id).bearer(PORTAL_KEY).build());
        assertEquals(200, canceled.getStatusCode(), canceled.getBody());
        assertEquals("canceled", body(canceled).path("status").asText());
        long version = aws.ledger().find(id).orElseThrow().version();

        var again = call(HttpEvents.route("POST /v1/checkouts/{id}/cancel").path("id", id).bearer(PORTAL_KEY).build());
        JsonNode problem = assertProblem(409, "checkout_not_cancelable", again);
        assertTrue(problem.path("detail").asText().contains("canceled"), problem.toString());
        assertEquals(version, aws.ledger().find(id).orElseThrow().version(), "a repeated cancel writes nothing");

        assertProblem(404, "not_found", call(HttpEvents.route("POST /v1/checkouts/{id}/cancel").path("id", id).bearer(CITY_KEY).build()));
    }

    @Test
    void aCheckoutWithAPaymentUnderWayCannotBeCanceled() {
        String id = body(call(HttpEvents.createCheckout(PORTAL_KEY, juminhyo(1)))).path("id").asText();
        var chosen = call(HttpEvents.route("POST /pay/{id}").path("id", id).form("method=paypay").build());
        assertEquals(303, chosen.getStatusCode(), chosen.getBody());

        var r = call(HttpEvents.route("POST /v1/checkouts/{id}/cancel").path("id", id).bearer(PORTAL_KEY).build());
        assertProblem(409, "checkout_not_cancelable", r);
        assertEquals("pending", aws.ledger().find(id).orElseThrow().status().wire());
    }

    @Test
    void anUnknownRouteIs404NotA500() {
        assertProblem(404, "not_found", call(HttpEvents.route("DELETE /v1/checkouts/{id}").path("id", "chk_x").bearer(PORTAL_KEY).build()));
    }
}
