package jp.kokin.receipt;

import java.time.Clock;
import java.util.Map;
import java.util.Objects;

import jp.kokin.adapters.aws.ClientFactory;
import jp.kokin.adapters.ledger.DynamoLedger;
import jp.kokin.adapters.log.Log;
import jp.kokin.adapters.queue.PortalNotificationQueue;
import jp.kokin.domain.notification.PortalNotifications;
import jp.kokin.domain.receipt.ReceiptLedger;

/**
 * What {@code ReceiptFunction} needs, built once per cold start.
 *
 * @param ledger        checkouts, receipts and their counters
 * @param notifications where the portal's notifications are queued
 * @param publicBaseUrl {@code PUBLIC_BASE_URL}; when empty, notifications carry no receipt URL
 */
public record ReceiptWiring(ReceiptLedger ledger, PortalNotifications notifications, String publicBaseUrl, Clock clock) {

    public ReceiptWiring {
        Objects.requireNonNull(ledger, "ledger");
        Objects.requireNonNull(notifications, "notifications");
        Objects.requireNonNull(clock, "clock");
        publicBaseUrl = publicBaseUrl == null ? "" : publicBaseUrl;
    }

    /** DynamoDB (the ledger) and SQS (the notification queue) from {@code env}. */
    public static ReceiptWiring fromEnv(Map<String, String> env) {
        Log.configure(env);
        return new ReceiptWiring(DynamoLedger.fromEnv(ClientFactory.dynamoDb(env), env),
                PortalNotificationQueue.fromEnv(ClientFactory.sqs(env), env), env.getOrDefault("PUBLIC_BASE_URL", ""),
                Clock.systemUTC());
    }
}
