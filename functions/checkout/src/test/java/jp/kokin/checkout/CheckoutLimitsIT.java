package jp.kokin.checkout;

import static jp.kokin.adapters.testing.TestCatalog.PORTAL_KEY;
import static jp.kokin.adapters.testing.TestCatalog.RETURN_URL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;

import jp.kokin.adapters.json.Json;
import jp.kokin.adapters.testing.HttpEvents;
import jp.kokin.adapters.testing.TestAws;

/**
 * Bad input never costs availability: over-long fields, arrays and bodies are a small 4xx
 * problem, never a 500 and never a stored checkout (issue 8, items 4 and 8).
 */
class CheckoutLimitsIT {
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

    private int ledgerItems() {
        return aws.dynamoDb().scan(b -> b.tableName(aws.ledgerTable())).count();
    }

    private static String checkout(String returnUrl, String items) {
        return """
                {"organizationCode":"131016","items":%s,"reference":"APP-2026-0001","returnUrl":"%s"}"""
                .formatted(items, returnUrl);
    }

    private static String oneItem() {
        return "[{\"procedureCode\":\"juminhyo\",\"quantity\":1}]";
    }

    private static JsonNode problem(int status, String code, APIGatewayV2HTTPResponse r) {
        assertEquals(status, r.getStatusCode(), () -> r.getBody().substring(0, Math.min(2000, r.getBody().length())));
        assertEquals("application/problem+json", r.getHeaders().get("content-type"));
        JsonNode problem = Json.parse(r.getBody());
        assertEquals(code, problem.path("code").asText());
        return problem;
    }

    @Test
    void a_420_KB_return_url_is_a_400_invalid_request_and_nothing_is_stored() {
        String huge = RETURN_URL + "?q=" + "a".repeat(420 * 1024);
        var r = call(HttpEvents.createCheckout(PORTAL_KEY, checkout(huge, oneItem())));

        // the body is past its 64 KiB limit, so it is refused before the URL is even parsed; a URL
        // of 2,049 characters in a small body is refused as returnUrl (the next test)
        JsonNode problem = problem(400, "invalid_request", r);
        assertEquals("too_large", problem.path("errors").get(0).path("code").asText(), problem.toString());
        assertTrue(r.getBody().length() < 2_000, "the answer does not echo the URL: " + r.getBody().length());
        assertEquals(0, ledgerItems());
    }

    @Test
    void a_return_url_of_2048_characters_is_accepted_and_one_more_is_refused() {
        String base = RETURN_URL + "?q=";
        String atLimit = base + "a".repeat(2048 - base.length());
        var ok = call(HttpEvents.createCheckout(PORTAL_KEY, checkout(atLimit, oneItem())));
        assertEquals(201, ok.getStatusCode(), ok.getBody());

        int stored = ledgerItems();
        var past = call(HttpEvents.createCheckout(PORTAL_KEY, checkout(atLimit + "a", oneItem())));
        JsonNode problem = problem(400, "invalid_request", past);
        assertEquals("returnUrl", problem.path("errors").get(0).path("field").asText(), problem.toString());
        assertEquals("invalid_url", problem.path("errors").get(0).path("code").asText(), problem.toString());
        assertEquals(stored, ledgerItems());
    }

    @Test
    void a_plain_http_return_url_is_refused_even_under_an_allowed_prefix() {
        // the portal's prefix is https://portal.example.jp/; http to a public host is never a return URL
        var r = call(HttpEvents.createCheckout(PORTAL_KEY, checkout("http://portal.example.jp/applications/1", oneItem())));
        problem(400, "invalid_request", r);
        assertEquals(0, ledgerItems());
    }

    @Test
    void thirty_thousand_invalid_items_are_a_small_400() {
        StringBuilder items = new StringBuilder("[");
        for (int i = 0; i < 30_000; i++) {
            items.append(i == 0 ? "" : ",").append("{\"procedureCode\":1,\"quantity\":\"x\",\"extra\":true}");
        }
        items.append(']');
        var r = call(HttpEvents.createCheckout(PORTAL_KEY, checkout(RETURN_URL, items.toString())));

        // 1.5 MB of items: past the body limit, so refused before it is even parsed (CheckoutJsonTest
        // shows that the parser too refuses such an array before looking at any element)
        JsonNode problem = problem(400, "invalid_request", r);
        assertEquals("too_large", problem.path("errors").get(0).path("code").asText());
        assertTrue(r.getBody().getBytes(StandardCharsets.UTF_8).length < 4_096,
                "a small answer, not " + r.getBody().length() + " characters: " + problem.path("detail"));
        assertEquals(0, ledgerItems());
    }

    @Test
    void more_items_than_the_limit_are_refused_before_they_are_read() {
        StringBuilder items = new StringBuilder("[");
        for (int i = 0; i < 21; i++) {
            items.append(i == 0 ? "" : ",").append("{\"procedureCode\":1,\"quantity\":\"x\"}");
        }
        items.append(']');
        var r = call(HttpEvents.createCheckout(PORTAL_KEY, checkout(RETURN_URL, items.toString())));

        JsonNode problem = problem(400, "invalid_request", r);
        assertEquals(1, problem.path("errors").size(), "one error for the array, none for its elements: " + problem);
        assertEquals("items", problem.path("errors").get(0).path("field").asText());
        assertEquals("too_many", problem.path("errors").get(0).path("code").asText());
    }

    @Test
    void a_problem_lists_at_most_20_field_errors_and_says_how_many_more() {
        StringBuilder items = new StringBuilder("[");
        for (int i = 0; i < 20; i++) {
            items.append(i == 0 ? "" : ",").append("{\"procedureCode\":1,\"quantity\":\"x\"}"); // two errors each
        }
        items.append(']');
        var r = call(HttpEvents.createCheckout(PORTAL_KEY, checkout(RETURN_URL, items.toString())));

        JsonNode problem = problem(400, "invalid_request", r);
        assertEquals(20, problem.path("errors").size(), problem.toString());
        assertEquals(20, problem.path("errorsOmitted").asInt(), problem.toString());
        assertTrue(problem.path("detail").asText().contains("20 more"), problem.path("detail").asText());
    }

    @Test
    void a_body_over_64_KiB_is_refused_unread_however_valid_it_is() {
        String padded = checkout(RETURN_URL, oneItem()).replace("{", "{" + " ".repeat(65 * 1024));
        var r = call(HttpEvents.createCheckout(PORTAL_KEY, padded));

        JsonNode problem = problem(400, "invalid_request", r);
        assertEquals("", problem.path("errors").get(0).path("field").asText());
        assertEquals("too_large", problem.path("errors").get(0).path("code").asText());
        assertEquals(0, ledgerItems());

        String atLimit = checkout(RETURN_URL, oneItem());
        atLimit = atLimit.replaceFirst("\\{", "{" + " ".repeat(64 * 1024 - atLimit.getBytes(StandardCharsets.UTF_8).length));
        assertEquals(64 * 1024, atLimit.getBytes(StandardCharsets.UTF_8).length);
        var ok = call(HttpEvents.createCheckout(PORTAL_KEY, atLimit));
        assertEquals(201, ok.getStatusCode(), ok.getBody());
    }
}
