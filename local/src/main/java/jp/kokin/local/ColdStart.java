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
 * local platform's DynamoDB and SQS. Prints one line of figures.
 */
public final class ColdStart {
    private ColdStart() {}

    public static void main(String[] args) throws Exception {
        long mainAt = System.currentTimeMillis();
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        String handlerClass = args[0];
        Map<String, String> env = System.getenv();

        long t0 = System.nanoTime();
        Object handler = HandlerFactory.create(Class.forName(handlerClass), env);
        long init = System.nanoTime() - t0;

        long first = invoke(handler, handlerClass);
        long second = invoke(handler, handlerClass);
        Runtime rt = Runtime.getRuntime();
        long usedMb = (rt.totalMemory() - rt.freeMemory()) / (1024 * 1024);
        System.out.printf("%-55s jvm-to-main %4d ms  init %5d ms  first request %5d ms  second %4d ms  heap used %3d MB%n",
                handlerClass, mainAt - jvmStart, init / 1_000_000, first / 1_000_000, second / 1_000_000, usedMb);
    }

    @SuppressWarnings("unchecked")
    private static long invoke(Object handler, String handlerClass) {
        long t0 = System.nanoTime();
        if (handlerClass.endsWith("ReceiptHandler") || handlerClass.endsWith("NotificationHandler")) {
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
            String route = handlerClass.endsWith("WebhookHandler") ? "POST /webhooks/{provider}"
                    : handlerClass.endsWith("SettlementApiHandler") ? "GET /v1/settlements"
                    : "GET /pay/{id}";
            event.setRouteKey(route);
            event.setPathParameters(Map.of("id", "chk_aaaaaaaaaaaaaaaaaaaaaaaaaa", "provider", "stripe"));
            event.setQueryStringParameters(Map.of("date", "2026-11-26"));
            event.setHeaders(Map.of("authorization", "Bearer demo-operator-key", "content-type", "application/json"));
            event.setBody("{}");
            ((RequestHandler<APIGatewayV2HTTPEvent, ?>) handler).handleRequest(event, null);
        }
        return System.nanoTime() - t0;
    }
}
