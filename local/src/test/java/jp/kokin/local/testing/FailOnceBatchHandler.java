package jp.kokin.local.testing;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Reports a record whose body starts with "fail-once" as failed on its first delivery only. */
public final class FailOnceBatchHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

    public static final Map<String, AtomicInteger> DELIVERIES = new ConcurrentHashMap<>();
    public static final Map<String, String> RECEIVE_COUNTS = new ConcurrentHashMap<>();

    public FailOnceBatchHandler() {
        this(FailOnceBatchWiring.fromEnv(System.getenv()));
    }

    public FailOnceBatchHandler(FailOnceBatchWiring wiring) {
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        var failures = new ArrayList<SQSBatchResponse.BatchItemFailure>();
        for (var record : event.getRecords()) {
            int n = DELIVERIES.computeIfAbsent(record.getBody(), k -> new AtomicInteger()).incrementAndGet();
            RECEIVE_COUNTS.put(record.getBody(), record.getAttributes().get("ApproximateReceiveCount"));
            if (record.getBody().startsWith("fail-once") && n == 1) {
                failures.add(SQSBatchResponse.BatchItemFailure.builder().withItemIdentifier(record.getMessageId()).build());
            }
        }
        return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
    }
}
