package jp.kokin.adapters.queue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;

/** The answer of an SQS-triggered function with {@code ReportBatchItemFailures}. */
public final class SqsBatches {
    private SqsBatches() {
    }

    /**
     * Gives each message of {@code event} in turn to {@code process} (true: done, false: to come back after
     * the queue's visibility timeout) and answers the messages to come back.
     */
    public static SQSBatchResponse process(SQSEvent event, Predicate<SQSEvent.SQSMessage> process) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        for (SQSEvent.SQSMessage message : event.getRecords() == null ? List.<SQSEvent.SQSMessage>of() : event.getRecords()) {
            if (!process.test(message)) {
                failures.add(SQSBatchResponse.BatchItemFailure.builder().withItemIdentifier(message.getMessageId()).build());
            }
        }
        return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
    }
}
