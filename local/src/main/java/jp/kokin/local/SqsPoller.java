package jp.kokin.local;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jp.kokin.local.embedded.EmbeddedAws;
import jp.kokin.local.embedded.SamTemplate;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * Lambda's SQS event source mapping for one function: long-polls the queue, invokes the function with
 * a batch, then deletes what succeeded. With {@code ReportBatchItemFailures} the records listed in
 * {@code batchItemFailures} stay (they come back after the visibility timeout); a thrown exception
 * keeps the whole batch.
 */
final class SqsPoller extends EventSourcePoller {

    private final SamTemplate.SqsEvent event;
    private final String queueUrl;
    private final String queueArn;
    private final SqsClient sqs;

    SqsPoller(FunctionRuntime function, SamTemplate.SqsEvent event, String queueUrl, SqsClient runnerSqs) {
        super(function, "sqs");
        this.event = event;
        this.queueUrl = queueUrl;
        this.queueArn = "arn:aws:sqs:" + EmbeddedAws.REGION.id() + ":" + EmbeddedAws.ACCOUNT_ID + ":"
                + queueUrl.substring(queueUrl.lastIndexOf('/') + 1);
        this.sqs = runnerSqs;
    }

    @Override
    void pollOnce() {
        List<Message> messages = sqs.receiveMessage(r -> r.queueUrl(queueUrl)
                .maxNumberOfMessages(Math.min(10, event.batchSize()))
                .waitTimeSeconds(1)
                .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                .messageAttributeNames("All")).messages();
        if (!messages.isEmpty() && running()) {
            deliver(messages);
        }
    }

    private void deliver(List<Message> messages) {
        Set<String> failed = new HashSet<>();
        try {
            Object result = function.invoke(toEvent(messages));
            if (event.reportsBatchItemFailures() && result instanceof SQSBatchResponse response
                    && response.getBatchItemFailures() != null) {
                response.getBatchItemFailures().forEach(f -> failed.add(f.getItemIdentifier()));
            }
        } catch (Exception e) {
            System.err.println("[" + function.name() + "] batch of " + messages.size() + " failed; all will be retried:");
            e.printStackTrace();
            return;
        }
        var done = new ArrayList<DeleteMessageBatchRequestEntry>();
        for (int i = 0; i < messages.size(); i++) {
            Message m = messages.get(i);
            if (!failed.contains(m.messageId())) {
                done.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(i)).receiptHandle(m.receiptHandle()).build());
            }
        }
        if (!done.isEmpty()) {
            var answer = sqs.deleteMessageBatch(r -> r.queueUrl(queueUrl).entries(done));
            answer.failed().forEach(f -> System.err.println("[" + function.name() + "] delete failed: " + f.message()));
        }
        if (!failed.isEmpty()) {
            System.err.println("[" + function.name() + "] " + failed.size() + " of " + messages.size() + " records reported failed");
        }
    }

    SQSEvent toEvent(List<Message> messages) {
        var records = new ArrayList<SQSEvent.SQSMessage>();
        for (Message m : messages) {
            var record = new SQSEvent.SQSMessage();
            record.setMessageId(m.messageId());
            record.setReceiptHandle(m.receiptHandle());
            record.setBody(m.body());
            record.setMd5OfBody(m.md5OfBody());
            record.setMd5OfMessageAttributes(m.md5OfMessageAttributes());
            record.setAttributes(new LinkedHashMap<>(m.attributesAsStrings()));
            record.setMessageAttributes(attributes(m.messageAttributes()));
            record.setEventSource("aws:sqs");
            record.setEventSourceArn(queueArn);
            record.setAwsRegion(EmbeddedAws.REGION.id());
            records.add(record);
        }
        var event = new SQSEvent();
        event.setRecords(records);
        return event;
    }

    private static Map<String, SQSEvent.MessageAttribute> attributes(Map<String, MessageAttributeValue> values) {
        var result = new LinkedHashMap<String, SQSEvent.MessageAttribute>();
        values.forEach((name, v) -> {
            var a = new SQSEvent.MessageAttribute();
            a.setDataType(v.dataType());
            a.setStringValue(v.stringValue());
            if (v.binaryValue() != null) {
                a.setBinaryValue(v.binaryValue().asByteBuffer());
            }
            a.setStringListValues(v.stringListValues());
            a.setBinaryListValues(v.binaryListValues().stream().map(b -> b.asByteBuffer()).toList());
            result.put(name, a);
        });
        return result;
    }
}
