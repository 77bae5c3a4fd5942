package jp.kokin.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouteTest {

    private final Router router = new Router(List.of(
            new Route("Checkout", "POST", "/v1/checkouts"),
            new Route("Checkout", "GET", "/v1/checkouts/{id}"),
            new Route("Checkout", "POST", "/v1/checkouts/{id}/cancel"),
            new Route("Checkout", "GET", "/pay/{id}/return"),
            new Route("Checkout", "GET", "/pay/{id}"),
            new Route("Fallback", "ANY", "/files/{proxy+}"),
            new Route("Special", "GET", "/v1/checkouts/summary")));

    @Test
    void matchesMethodAndPathWithParameters() {
        var m = router.match("POST", "/v1/checkouts/chk_1/cancel").orElseThrow();
        assertEquals("POST /v1/checkouts/{id}/cancel", m.route().routeKey());
        assertEquals(Map.of("id", "chk_1"), m.pathParameters());
        assertEquals(Map.of("id", "chk_2"), router.match("GET", "/pay/chk_2").orElseThrow().pathParameters());
        assertEquals("GET /pay/{id}/return", router.match("GET", "/pay/chk_2/return").orElseThrow().route().routeKey());
    }

    @Test
    void rejectsOtherMethodsAndLengths() {
        assertTrue(router.match("GET", "/v1/checkouts/chk_1/cancel").isEmpty());
        assertTrue(router.match("DELETE", "/v1/checkouts/chk_1").isEmpty());
        assertTrue(router.match("GET", "/v1/checkouts/").isEmpty(), "an empty segment is no parameter");
        assertTrue(router.match("GET", "/pay/a/b/c").isEmpty());
        assertTrue(router.match("GET", "/nowhere").isEmpty());
    }

    @Test
    void literalSegmentsWinOverParameters() {
        assertEquals("Special", router.match("GET", "/v1/checkouts/summary").orElseThrow().route().functionId());
    }

    @Test
    void greedyParameterTakesTheRestOfThePath() {
        var m = router.match("PUT", "/files/a/b/c.txt").orElseThrow();
        assertEquals(Map.of("proxy", "a/b/c.txt"), m.pathParameters());
    }

    @Test
    void decodesPercentEncodedParameters() {
        assertEquals(Map.of("id", "a b+c"), router.match("GET", "/pay/a%20b+c").orElseThrow().pathParameters());
    }
}
