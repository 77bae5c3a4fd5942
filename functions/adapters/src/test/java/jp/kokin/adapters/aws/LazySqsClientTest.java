package jp.kokin.adapters.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.pagination.sync.SdkIterable;
import software.amazon.awssdk.services.sqs.SqsClient;

class LazySqsClientTest {
    /** A local address where nothing listens: a call fails fast, after the client is built. */
    private static final Map<String, String> NOWHERE = Map.of("AWS_REGION", "ap-northeast-1",
            "AWS_ENDPOINT_URL_SQS", "http://127.0.0.1:9", "AWS_ACCESS_KEY_ID", "local", "AWS_SECRET_ACCESS_KEY", "local");

    @Test
    void everyOperationOfTheSdkClientGoesToTheBuiltClient() {
        List<String> missing = new ArrayList<>();
        List<String> operations = new ArrayList<>();
        for (Method m : SqsClient.class.getMethods()) {
            boolean operation = m.isDefault() && !Modifier.isStatic(m.getModifiers()) && m.getParameterCount() == 1
                    && m.getParameterTypes()[0].getSimpleName().endsWith("Request")
                    && !SdkIterable.class.isAssignableFrom(m.getReturnType());
            if (operation) {
                operations.add(m.getName());
                try {
                    LazySqsClient.class.getDeclaredMethod(m.getName(), m.getParameterTypes());
                } catch (NoSuchMethodException e) {
                    missing.add(m.getName());
                }
            }
        }
        assertTrue(operations.containsAll(List.of("sendMessage", "sendMessageBatch", "changeMessageVisibility")), operations::toString);
        assertEquals(List.of(), missing, "operations LazySqsClient does not pass on (a newer SDK?)");
    }

    @Test
    void onDemandTheClientIsBuiltByTheFirstCallNotAtInit() {
        LazySqsClient lazy = (LazySqsClient) ClientFactory.sqs(NOWHERE);
        assertFalse(lazy.built());
        assertEquals("sqs", lazy.serviceName());
        assertFalse(lazy.built(), "its name needs no client");
        assertThrows(SdkClientException.class, () -> lazy.sendMessage(b -> b.queueUrl("http://127.0.0.1:9/q").messageBody("{}")));
        assertTrue(lazy.built());
        lazy.close();
    }

    @Test
    void whenInitRunsAheadTheClientIsBuiltAtOnce() {
        var env = new java.util.HashMap<>(NOWHERE);
        env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "snap-start");
        try (SqsClient client = ClientFactory.sqs(env)) {
            assertFalse(client instanceof LazySqsClient);
        }
    }

    @Test
    void closingAClientNeverBuiltBuildsNone() {
        LazySqsClient lazy = (LazySqsClient) ClientFactory.sqs(NOWHERE);
        lazy.close();
        assertFalse(lazy.built());
    }
}
