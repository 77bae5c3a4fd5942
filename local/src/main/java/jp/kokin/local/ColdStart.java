package jp.kokin.local;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;

/**
 * One cold start of one function, run by {@code bench/cold-start} in a fresh JVM whose class path
 * is that function's deployable jar (plus this class): JVM start to main, handler construction
 * (the Lambda init phase: clients, configuration), then the first and second request against the
 * local platform's DynamoDB and SQS, and the number of classes loaded at the end of the first
 * request. Prints one line of {@code name=value} figures (the bench takes medians over runs).
 *
 * <p>{@code ColdStart floor} measures the floor instead: what any Java function that reads DynamoDB
 * pays, a bare SDK DynamoDB client (URL-connection HTTP client, like ours) built and one GetItem
 * sent to the same endpoint; "init" is building the client, "first" the GetItem.
 */
public final class ColdStart {
    /** The argument that selects the floor instead of a handler class. */
    static final String FLOOR = "floor";

    private ColdStart() {}

    public static void main(String[] args) throws Exception {
        long mainAt = System.currentTimeMillis();
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        long cpuAtMain = processCpuNanos();
        String handlerClass = args[0];
        Map<String, String> env = System.getenv();

        long t0 = System.nanoTime();
        Object handler = FLOOR.equals(handlerClass) ? Floor.client(env) : HandlerFactory.create(Class.forName(handlerClass), env);
        long init = System.nanoTime() - t0;

        long first = FLOOR.equals(handlerClass) ? Floor.getItem(handler, env) : invoke(handler, handlerClass);
        int classes = ManagementFactory.getClassLoadingMXBean().getLoadedClassCount();
        long cpu = processCpuNanos() - cpuAtMain; // every thread's (compilers' and GC's too): steadier on a busy machine
        long second = FLOOR.equals(handlerClass) ? Floor.getItem(handler, env) : invoke(handler, handlerClass);
        Runtime rt = Runtime.getRuntime();
        long usedMb = (rt.totalMemory() - rt.freeMemory()) / (1024 * 1024);
        System.out.printf("%s jvm_to_main=%d init=%d first=%d init_first=%d cpu=%d second=%d classes=%d heap_mb=%d%n",
                handlerClass, mainAt - jvmStart, init / 1_000_000, first / 1_000_000, (init + first) / 1_000_000,
                cpu / 1_000_000, second / 1_000_000, classes, usedMb);
    }

    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : -1;
    }

    /** The floor, in its own class so that a handler's run loads none of it. */
    private static final class Floor {
        static Object client(Map<String, String> env) {
            return software.amazon.awssdk.services.dynamodb.DynamoDbClient.builder()
                    .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create())
                    .region(software.amazon.awssdk.regions.Region.of(env.get("AWS_REGION")))
                    .endpointOverride(java.net.URI.create(env.get("AWS_ENDPOINT_URL_DYNAMODB")))
                    .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                            software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(
                                    env.get("AWS_ACCESS_KEY_ID"), env.get("AWS_SECRET_ACCESS_KEY"))))
                    .build();
        }

        static long getItem(Object client, Map<String, String> env) {
            long t0 = System.nanoTime();
            var item = ((software.amazon.awssdk.services.dynamodb.DynamoDbClient) client).getItem(b -> b
                    .tableName(env.get("CATALOG_TABLE"))
                    .key(Map.of("pk", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("SETTLEMENT"))));
            if (!item.hasItem()) {
                throw new IllegalStateException("the floor's GetItem found no SETTLEMENT item in " + env.get("CATALOG_TABLE"));
            }
            return System.nanoTime() - t0;
        }
    }

    @SuppressWarnings("unchecked")
    private static long invoke(Object handler, String handlerClass) {
        long t0 = System.nanoTime();
        if (handlerClass.endsWith("ReceiptHandler") || handlerClass.endsWith("PortalNotificationHandler")) {
            SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
            message.setMessageId("bench-" + System.nanoTime());
            message.setReceiptHandle("bench");
            message.setBody(handlerClass.endsWith("ReceiptHandler")
                    ? "{\"checkoutId\":\"chk_aaaaaaaaaaaaaaaaaaaaaaaaaa\"}"
                    : "{\"id\":\"msg_bench\",\"portalId\":\"unknown-portal\",\"type\":\"checkout.paid\","
                            + "\"timestamp\":\"2026-11-26T00:00:00Z\",\"data\":{}}");
            message.setAttributes(Map.of("ApproximateReceiveCount", "1"));
            SQSEvent event = new SQSEvent();
            event.setRecords(List.of(message));
            ((RequestHandler<SQSEvent, ?>) handler).handleRequest(event, null);
        } else if (handler instanceof com.amazonaws.services.lambda.runtime.RequestStreamHandler stream) {
            try {
                stream.handleRequest(new java.io.ByteArrayInputStream("{\"businessDate\":\"2026-11-26\"}".getBytes()),
                        new java.io.ByteArrayOutputStream(), null);
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        } else {
            APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
            String route = handlerClass.endsWith("ProviderEventHandler") ? "POST /webhooks/{provider}"
                    : handlerClass.endsWith("SettlementApiHandler") ? "GET /v1/settlements"
                    : handlerClass.endsWith("SandboxProviderHandler") ? "GET /sandbox/checkout/{providerPaymentId}"
                    : "GET /pay/{id}";
            event.setRouteKey(route);
            event.setPathParameters(Map.of("id", "chk_aaaaaaaaaaaaaaaaaaaaaaaaaa", "provider", "stripe",
                    "providerPaymentId", "sbx_unknown"));
            event.setQueryStringParameters(Map.of("date", "2026-11-26"));
            event.setHeaders(Map.of("authorization", "Bearer demo-operator-key", "content-type", "application/json"));
            event.setBody("{}");
            ((RequestHandler<APIGatewayV2HTTPEvent, ?>) handler).handleRequest(event, null);
        }
        return System.nanoTime() - t0;
    }
}
