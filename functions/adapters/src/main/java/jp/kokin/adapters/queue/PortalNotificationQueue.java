package jp.kokin.adapters.queue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jp.kokin.domain.notification.PortalNotification;
import jp.kokin.domain.notification.PortalNotifications;
import jp.kokin.domain.notification.Redelivery;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * The queue of portal notifications (delivered with retries by the notification function): the
 * receipt function queues them, the notification function delivers a failed one again later.
 */
public final class PortalNotificationQueue implements PortalNotifications, Redelivery {
    private final SqsClient sqs;
    private final String queueUrl;

    public PortalNotificationQueue(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    public static PortalNotificationQueue fromEnv(SqsClient sqs, Map<String, String> env) {
        String url = env.get("PORTAL_NOTIFICATION_QUEUE_URL");
        if (url == null || url.isBlank()) {
            throw new IllegalStateException("environment variable PORTAL_NOTIFICATION_QUEUE_URL is not set");
        }
        return new PortalNotificationQueue(sqs, url);
    }

    /** Sends up to 10 notifications in one request; fails if any was not accepted. */
    @Override
    public void enqueue(List<PortalNotification> notifications) {
        if (notifications.isEmpty()) {
            return;
        }
        List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < notifications.size(); i++) {
            entries.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(i))
                    .messageBody(PortalNotificationCodec.toJson(notifications.get(i))).build());
        }
        var response = sqs.sendMessageBatch(b -> b.queueUrl(queueUrl).entries(entries));
        if (!response.failed().isEmpty()) {
            throw new IllegalStateException("notification queue refused " + response.failed().size() + " messages: "
                    + response.failed().getFirst().message());
        }
    }

    /** Sets the in-flight message's visibility timeout to {@code delay} (whole seconds): it comes back then. */
    @Override
    public void deliverAgainAfter(String receiptHandle, Duration delay) {
        sqs.changeMessageVisibility(b -> b.queueUrl(queueUrl).receiptHandle(receiptHandle)
                .visibilityTimeout(Math.toIntExact(delay.toSeconds())));
    }
}
