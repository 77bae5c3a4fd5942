package jp.kokin.adapters.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import jp.kokin.adapters.queue.PortalNotificationCodec;
import jp.kokin.adapters.testing.TestAws;
import jp.kokin.domain.console.NotificationDelivery;
import jp.kokin.domain.notification.PortalNotification;

/** Notification deliveries on DynamoDB Local and ElasticMQ: every attempt counted per checkout, and a resend queues the stored body. */
class DynamoNotificationDeliveriesIT {
    private static final Instant T = Instant.parse("2026-12-01T01:00:00Z");
    private static final String CHECKOUT = "chk_abcdefghijklmnopqrstuvwxyz";

    private TestAws aws;
    private DynamoNotificationDeliveries deliveries;

    @BeforeEach
    void freshTables() {
        aws = TestAws.create();
        deliveries = new DynamoNotificationDeliveries(aws.dynamoDb(), aws.ledgerTable(), aws.sqs(),
                aws.queueUrl("PortalNotificationQueue"));
    }

    private static PortalNotification paid(String checkoutId) {
        return new PortalNotification("msg_" + checkoutId + "_paid", "myna", PortalNotification.CHECKOUT_PAID, T,
                checkoutId == null ? Map.of("amount", 300L) : Map.of("checkoutId", checkoutId, "amount", 300L));
    }

    @Test
    void attemptsAreCountedWithTheFirstAndLastTimeAndTheLastOutcome() {
        PortalNotification n = paid(CHECKOUT);
        String body = PortalNotificationCodec.toJson(n);
        deliveries.record(n, body, "pending", 500, T);
        deliveries.record(n, body, "pending", 0, T.plusSeconds(30));
        deliveries.record(n, body, "delivered", 204, T.plusSeconds(90));

        NotificationDelivery d = deliveries.find(CHECKOUT, n.id()).orElseThrow();
        assertEquals(new NotificationDelivery(CHECKOUT, n.id(), "myna", "checkout.paid", "delivered", 3, 204, T,
                T.plusSeconds(90), body), d);
        assertEquals(List.of(d), deliveries.of(CHECKOUT));
        assertEquals(List.of(), deliveries.of("chk_other"));
    }

    @Test
    void aNotificationThatNamesNoCheckoutIsNotRecorded() {
        deliveries.record(paid(null), "{}", "delivered", 200, T);
        assertTrue(deliveries.find("null", "msg_null_paid").isEmpty());
    }

    @Test
    void aResendQueuesTheStoredMessageAgainWithItsId() {
        PortalNotification n = paid(CHECKOUT);
        deliveries.record(n, PortalNotificationCodec.toJson(n), "failed", 500, T);
        deliveries.resend(deliveries.find(CHECKOUT, n.id()).orElseThrow());
        var received = aws.sqs().receiveMessage(b -> b.queueUrl(aws.queueUrl("PortalNotificationQueue")).waitTimeSeconds(5)).messages();
        assertEquals(1, received.size());
        assertEquals(n.id(), PortalNotificationCodec.fromJson(received.getFirst().body()).id());
    }
}
