package jp.kokin.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpEventsTest {

    private static final Route CANCEL = new Route("CheckoutFunction", "POST", "/v1/checkouts/{id}/cancel");
    private static final Instant NOW = Instant.parse("2026-03-12T19:03:58.390Z");

    private static HttpEvents.IncomingRequest request(Map<String, List<String>> headers, byte[] body, String query) {
        return new HttpEvents.IncomingRequest("POST", "/v1/checkouts/chk_1/cancel", query, headers, body, "127.0.0.1", "HTTP/1.1");
    }

    @Test
    void buildsAPayloadFormat2Event() {
        var headers = new LinkedHashMap<String, List<String>>();
        headers.put("Host", List.of("127.0.0.1:3000"));
        headers.put("Content-Type", List.of("application/json"));
        headers.put("X-Multi", List.of("a", "b"));
        headers.put("Cookie", List.of("sid=1; theme=dark"));
        headers.put("User-Agent", List.of("curl/8"));
        var event = HttpEvents.toEvent(request(headers, "{\"reason\":\"x\"}".getBytes(StandardCharsets.UTF_8), "a=1&a=2&b=%E5%85%AC"),
                CANCEL, "KokinHttpApi", Map.of("id", "chk_1"), NOW);

        assertEquals("2.0", event.getVersion());
        assertEquals("POST /v1/checkouts/{id}/cancel", event.getRouteKey());
        assertEquals("/v1/checkouts/chk_1/cancel", event.getRawPath());
        assertEquals("a=1&a=2&b=%E5%85%AC", event.getRawQueryString());
        assertEquals(Map.of("a", "1,2", "b", "公"), event.getQueryStringParameters());
        assertEquals(Map.of("id", "chk_1"), event.getPathParameters());
        assertEquals("a,b", event.getHeaders().get("x-multi"));
        assertEquals("application/json", event.getHeaders().get("content-type"));
        assertFalse(event.getHeaders().containsKey("cookie"), "cookies travel in their own field");
        assertEquals(List.of("sid=1", "theme=dark"), event.getCookies());
        assertEquals("{\"reason\":\"x\"}", event.getBody());
        assertFalse(event.getIsBase64Encoded());
        var ctx = event.getRequestContext();
        assertEquals("127.0.0.1:3000", ctx.getDomainName());
        assertEquals("KokinHttpApi", ctx.getApiId());
        assertEquals("$default", ctx.getStage());
        assertEquals("POST", ctx.getHttp().getMethod());
        assertEquals("/v1/checkouts/chk_1/cancel", ctx.getHttp().getPath());
        assertEquals("127.0.0.1", ctx.getHttp().getSourceIp());
        assertEquals("curl/8", ctx.getHttp().getUserAgent());
        assertEquals("12/Mar/2026:19:03:58 +0000", ctx.getTime());
        assertEquals(NOW.toEpochMilli(), ctx.getTimeEpoch());
        assertTrue(ctx.getRequestId() != null && !ctx.getRequestId().isEmpty());
    }

    @Test
    void formBodiesStayTextOtherBodiesAreBase64() {
        var form = HttpEvents.toEvent(request(Map.of("Content-Type", List.of("application/x-www-form-urlencoded")),
                "method=card".getBytes(StandardCharsets.UTF_8), null), CANCEL, "api", Map.of(), NOW);
        assertEquals("method=card", form.getBody());
        assertNull(form.getQueryStringParameters());
        assertNull(form.getCookies());

        byte[] binary = {0, 1, 2, (byte) 0xff};
        var bin = HttpEvents.toEvent(request(Map.of("Content-Type", List.of("application/octet-stream")), binary, null),
                CANCEL, "api", Map.of(), NOW);
        assertTrue(bin.getIsBase64Encoded());
        assertEquals(Base64.getEncoder().encodeToString(binary), bin.getBody());

        var empty = HttpEvents.toEvent(request(Map.of(), new byte[0], null), CANCEL, "api", Map.of(), NOW);
        assertNull(empty.getBody());
        assertNull(empty.getPathParameters());
    }

    @Test
    void responsesCarryCookiesAndDecodeBase64Bodies() {
        var response = APIGatewayV2HTTPResponse.builder()
                .withStatusCode(302)
                .withHeaders(Map.of("Location", "/pay/chk_1"))
                .withCookies(List.of("a=1", "b=2"))
                .withIsBase64Encoded(true)
                .withBody(Base64.getEncoder().encodeToString(new byte[] {1, 2, 3}))
                .build();
        var out = HttpEvents.fromResponse(response);
        assertEquals(302, out.status());
        assertEquals(List.of("/pay/chk_1"), out.headers().get("Location"));
        assertEquals(List.of("a=1", "b=2"), out.headers().get("Set-Cookie"));
        assertArrayEquals(new byte[] {1, 2, 3}, out.body());
    }

    @Test
    void lambdaSerializationReadsARealApiGatewayEvent() throws IOException {
        byte[] json = resource("/apigw-v2-event.json");
        var event = LambdaJson.fromJson(json, APIGatewayV2HTTPEvent.class);
        assertEquals("POST /v1/checkouts/{id}/cancel", event.getRouteKey());
        assertEquals(Map.of("id", "chk_123"), event.getPathParameters());
        assertEquals(List.of("cookie1", "cookie2"), event.getCookies());
        assertEquals("value1,value2", event.getHeaders().get("header2"));
        assertEquals("192.0.2.1", event.getRequestContext().getHttp().getSourceIp());
        assertEquals(1583348638390L, event.getRequestContext().getTimeEpoch());
        assertEquals("{\"reason\":\"x\"}", event.getBody());

        var roundTrip = LambdaJson.fromJson(LambdaJson.toJson(event), APIGatewayV2HTTPEvent.class);
        assertEquals(event, roundTrip);
        var tree = new ObjectMapper().readTree(LambdaJson.toJson(event));
        assertTrue(tree.has("isBase64Encoded") && tree.has("rawPath") && tree.path("requestContext").has("timeEpoch"), tree.toString());
    }

    @Test
    void lambdaSerializationReadsARealSqsEvent() throws IOException {
        var event = LambdaJson.fromJson(resource("/sqs-event.json"), SQSEvent.class);
        var record = event.getRecords().getFirst();
        assertEquals("059f36b4-87a3-44ab-83d2-661975830a7d", record.getMessageId());
        assertEquals("{\"checkoutId\":\"chk_1\"}", record.getBody());
        assertEquals("1", record.getAttributes().get("ApproximateReceiveCount"));
        assertEquals("paid", record.getMessageAttributes().get("kind").getStringValue());
        assertEquals("arn:aws:sqs:us-east-2:123456789012:my-queue", record.getEventSourceArn());
        assertEquals("aws:sqs", record.getEventSource());

        var tree = new ObjectMapper().readTree(LambdaJson.toJson(event));
        assertEquals("arn:aws:sqs:us-east-2:123456789012:my-queue", tree.path("Records").get(0).path("eventSourceARN").asText(), tree.toString());
    }

    @Test
    void batchResponsesSerializeAsLambdaExpects() throws IOException {
        var response = SQSBatchResponse.builder().withBatchItemFailures(List.of(
                SQSBatchResponse.BatchItemFailure.builder().withItemIdentifier("m1").build())).build();
        var tree = new ObjectMapper().readTree(LambdaJson.toJson(response));
        assertEquals("m1", tree.path("batchItemFailures").get(0).path("itemIdentifier").asText(), tree.toString());
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = HttpEventsTest.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        }
    }
}
