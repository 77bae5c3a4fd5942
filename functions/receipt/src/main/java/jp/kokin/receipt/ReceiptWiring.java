package jp.kokin.receipt;

import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

import jp.kokin.adapters.aws.ClientFactory;
import jp.kokin.adapters.catalog.CatalogRepository;
import jp.kokin.adapters.ledger.DynamoLedger;
import jp.kokin.adapters.log.Log;
import jp.kokin.adapters.queue.PortalNotificationQueue;
import jp.kokin.domain.catalog.Catalog;
import jp.kokin.domain.notification.PortalNotifications;
import jp.kokin.domain.receipt.ReceiptLedger;

/**
 * What {@code ReceiptFunction} needs, built once per cold start.
 *
 * @param ledger        checkouts, receipts and their counters
 * @param catalog       which creditors are paid into the treasury (their lines get a payer's notice)
 * @param notifications where the portal's notifications are queued
 * @param publicBaseUrl {@code PUBLIC_BASE_URL}; when empty, notifications carry no receipt URL
 */
public record ReceiptWiring(ReceiptLedger ledger, Supplier<Catalog> catalog, PortalNotifications notifications,
                            String publicBaseUrl, Clock clock) {

    public ReceiptWiring {
        Objects.requireNonNull(ledger, "ledger");
        Objects.requireNonNull(catalog, "catalog");
        Objects.requireNonNull(notifications, "notifications");
        Objects.requireNonNull(clock, "clock");
        publicBaseUrl = publicBaseUrl == null ? "" : publicBaseUrl;
    }

    /** DynamoDB (the ledger and the catalog) and SQS (the notification queue) from {@code env}. */
    public static ReceiptWiring fromEnv(Map<String, String> env) {
        Log.configure(env);
        var dynamoDb = ClientFactory.dynamoDb(env);
        return new ReceiptWiring(DynamoLedger.fromEnv(dynamoDb, env), CatalogRepository.fromEnv(dynamoDb, env),
                PortalNotificationQueue.fromEnv(ClientFactory.sqs(env), env), env.getOrDefault("PUBLIC_BASE_URL", ""),
                Clock.systemUTC());
    }
}
