package jp.kokin.adapters.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityRequest;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityResponse;

class PortalNotificationQueueTest {
    private static final String QUEUE_URL = "http://127.0.0.1:9324/000000000000/notifications";

    /** Records the visibility changes asked of it. */
    private final List<ChangeMessageVisibilityRequest> changes = new ArrayList<>();
    private final SqsClient sqs = new SqsClient() {
        @Override
        public ChangeMessageVisibilityResponse changeMessageVisibility(ChangeMessageVisibilityRequest request) {
            changes.add(request);
            return ChangeMessageVisibilityResponse.builder().build();
        }

        @Override
        public String serviceName() {
            return "sqs";
        }

        @Override
        public void close() {}
    };

    @Test
    void a_notification_delivered_again_later_is_hidden_on_its_own_queue_for_the_delay_in_seconds() {
        new PortalNotificationQueue(sqs, QUEUE_URL).deliverAgainAfter("rh-m1", Duration.ofSeconds(1_817).plusMillis(600));

        assertEquals(1, changes.size());
        assertEquals(QUEUE_URL, changes.getFirst().queueUrl());
        assertEquals("rh-m1", changes.getFirst().receiptHandle());
        assertEquals(1_817, changes.getFirst().visibilityTimeout(), "whole seconds, rounded down as before");
    }
}
