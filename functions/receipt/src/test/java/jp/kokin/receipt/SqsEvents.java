package jp.kokin.receipt;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;

import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/** SQS events as the event source mapping delivers them to a function. */
final class SqsEvents {
    private SqsEvents() {}

    static SQSEvent.SQSMessage message(String messageId, String body) {
        SQSEvent.SQSMessage m = new SQSEvent.SQSMessage();
        m.setMessageId(messageId);
        m.setReceiptHandle("handle-" + messageId);
        m.setBody(body);
        m.setAttributes(Map.of("ApproximateReceiveCount", "1", "SentTimestamp", Long.toString(System.currentTimeMillis())));
        m.setEventSource("aws:sqs");
        m.setEventSourceArn("arn:aws:sqs:ap-northeast-1:000000000000:ReceiptQueue");
        m.setAwsRegion("ap-northeast-1");
        return m;
    }

    static SQSEvent.SQSMessage message(String body) {
        return message(UUID.randomUUID().toString(), body);
    }

    static SQSEvent event(SQSEvent.SQSMessage... messages) {
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(messages));
        return event;
    }

    /** An event of the messages really on the queue. */
    static SQSEvent of(List<Message> received) {
        SQSEvent event = new SQSEvent();
        event.setRecords(received.stream().map(m -> {
            SQSEvent.SQSMessage r = message(m.messageId(), m.body());
            r.setReceiptHandle(m.receiptHandle());
            return r;
        }).toList());
        return event;
    }

    /** Every message on the queue now (each received once; gone for its visibility timeout). */
    static List<Message> drain(SqsClient sqs, String queueUrl) {
        List<Message> all = new ArrayList<>();
        while (true) {
            var messages = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
            if (messages.isEmpty()) {
                return all;
            }
            all.addAll(messages);
        }
    }
}
