package jp.kokin.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import jp.kokin.local.testing.FailOnceBatchHandler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

class LocalPlatformIT {

    static LocalPlatform platform;
    static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void start() {
        platform = LocalPlatform.start(LocalOptions.defaults()
                .withPort(0)
                .withTemplate(Path.of("src/test/resources/test-template.yaml"))
                .withoutSeed()
                .withoutSchedules());
        System.out.println("LocalPlatform ready in " + platform.startupTime().toMillis() + " ms");
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    static HttpResponse<String> send(String method, String path, String body, String... headers) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create(platform.baseUrl() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthIsOk() throws Exception {
        var r = send("GET", "/_local/health", null);
        assertEquals(200, r.statusCode());
        assertEquals("{\"status\":\"ok\"}", r.body());
    }

    @Test
    void routesARequestToItsFunctionAsAnApiGatewayEvent() throws Exception {
        var r = send("GET", "/echo/%E5%85%AC?x=1&x=2", null, "X-Test", "yes", "Cookie", "sid=abc");
        assertEquals(201, r.statusCode());
        assertEquals("text/plain; charset=utf-8", r.headers().firstValue("content-type").orElseThrow());
        assertEquals(List.of("a=1; Path=/", "b=2; Path=/"), r.headers().allValues("set-cookie"));
        String body = r.body();
        assertTrue(body.contains("routeKey=GET /echo/{name}"), body);
        assertTrue(body.contains("name=公"), body);
        assertTrue(body.contains("query={x=1,2}"), body);
        assertTrue(body.contains("header=yes"), body);
        assertTrue(body.contains("cookies=[sid=abc]"), body);
        assertTrue(body.contains("domain=127.0.0.1:"), body);
        assertTrue(body.contains("greeting=hello"), body);
        assertTrue(body.contains("publicBaseUrl=" + platform.baseUrl()), body);
        assertTrue(body.contains("function=EchoFunction"), body);

        var post = send("POST", "/echo/x/cancel", "{\"a\":1}", "Content-Type", "application/json");
        assertTrue(post.body().contains("body={\"a\":1}") && post.body().contains("base64=false"), post.body());
    }

    @Test
    void unknownRoutesAre404AndThrowingHandlers500() throws Exception {
        var missing = send("GET", "/nowhere", null);
        assertEquals(404, missing.statusCode());
        assertEquals("{\"message\":\"Not Found\"}", missing.body());
        assertEquals(404, send("DELETE", "/echo/x", null).statusCode());

        var boom = send("GET", "/boom", null);
        assertEquals(500, boom.statusCode());
        assertEquals("{\"message\":\"Internal Server Error\"}", boom.body());
    }

    @Test
    void invokesAFunctionWithAnEventBody() throws Exception {
        String event = """
                {"version":"2.0","routeKey":"GET /echo/{name}","rawPath":"/echo/direct","rawQueryString":"",
                 "headers":{"x-test":"direct"},"pathParameters":{"name":"direct"},
                 "requestContext":{"domainName":"example.test","http":{"method":"GET","path":"/echo/direct"}},
                 "isBase64Encoded":false}
                """;
        var r = send("POST", "/_local/invoke/EchoFunction", event);
        assertEquals(200, r.statusCode(), r.body());
        JsonNode result = json.readTree(r.body());
        assertEquals(201, result.path("statusCode").asInt());
        assertTrue(result.path("body").asText().contains("name=direct"), r.body());
        assertTrue(result.path("body").asText().contains("domain=example.test"), r.body());

        var job = send("POST", "/_local/invoke/JobFunction", "{\"job\":\"now\"}");
        assertEquals("{\"received\":{\"job\":\"now\"}}", job.body());

        var failing = send("POST", "/_local/invoke/EchoFunction", "{\"rawPath\":\"/boom\"}");
        assertEquals(502, failing.statusCode());
        assertEquals("boom", json.readTree(failing.body()).path("errorMessage").asText());
        assertEquals("java.lang.IllegalStateException", json.readTree(failing.body()).path("errorType").asText());

        assertEquals(404, send("POST", "/_local/invoke/NoSuchFunction", "{}").statusCode());
    }

    @Test
    void sqsRecordsReportedFailedAreRedeliveredAndTheOthersDeleted() throws Exception {
        var aws = platform.embeddedAws();
        String queue = platform.provisioned().queueUrl("TestQueue");
        for (String body : List.of("ok-1", "fail-once-1", "ok-2")) {
            aws.sqs().sendMessage(r -> r.queueUrl(queue).messageBody(body));
        }
        await("the failed record's redelivery", Duration.ofSeconds(20), () ->
                delivered("fail-once-1") == 2 && delivered("ok-1") >= 1 && delivered("ok-2") >= 1);
        await("an empty queue", Duration.ofSeconds(20), () -> {
            var a = aws.sqs().getQueueAttributes(r -> r.queueUrl(queue).attributeNames(
                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
            return "0".equals(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                    && "0".equals(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
        });
        assertEquals(1, delivered("ok-1"), "a successful record is deleted, never redelivered");
        assertEquals(1, delivered("ok-2"));
        assertEquals("2", FailOnceBatchHandler.RECEIVE_COUNTS.get("fail-once-1"));
    }

    @Test
    void countsTheRunnersPollingApartFromFunctions() throws Exception {
        await("a poll", Duration.ofSeconds(10), () -> platform.embeddedAws().counts().runner("AmazonSQS.ReceiveMessage") > 0);
        var r = json.readTree(send("GET", "/_local/requests", null).body());
        assertTrue(r.path("runner").path("AmazonSQS.ReceiveMessage").asLong() > 0, r.toString());
        assertEquals(0, r.path("functions").path("AmazonSQS.ReceiveMessage").asLong(), r.toString());
        assertEquals(204, send("POST", "/_local/requests/reset", null).statusCode());
    }

    @Test
    void mockPortalKeepsNotifications() throws Exception {
        var r = send("POST", "/_local/portal/notifications", "{\"type\":\"checkout.paid\"}",
                "webhook-id", "msg_1", "webhook-timestamp", "1700000000", "webhook-signature", "v1,abc");
        assertEquals(204, r.statusCode());
        JsonNode list = json.readTree(send("GET", "/_local/portal/notifications", null).body());
        JsonNode last = list.get(list.size() - 1);
        assertEquals("msg_1", last.path("webhookId").asText());
        assertEquals("v1,abc", last.path("webhookSignature").asText());
        assertEquals("{\"type\":\"checkout.paid\"}", last.path("body").asText());

        var page = send("GET", "/_local/portal/return?checkout=chk_1&status=paid", null);
        assertTrue(page.body().contains("Back at the portal") && page.body().contains("checkout=chk_1"), page.body());
    }

    private static int delivered(String body) {
        var n = FailOnceBatchHandler.DELIVERIES.get(body);
        return n == null ? 0 : n.get();
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("Timed out waiting for " + what);
            }
            Thread.onSpinWait();
            Thread.yield();
        }
    }
}
