package jp.kokin.local.testing;

import java.util.Map;

/** {@link FailOnceBatchHandler}'s queue, which the runner must pass ({@code TEST_QUEUE_URL}). */
public record FailOnceBatchWiring(String testQueueUrl) {
    public static FailOnceBatchWiring fromEnv(Map<String, String> env) {
        if (env.get("TEST_QUEUE_URL") == null) {
            throw new IllegalStateException("TEST_QUEUE_URL missing");
        }
        return new FailOnceBatchWiring(env.get("TEST_QUEUE_URL"));
    }
}
