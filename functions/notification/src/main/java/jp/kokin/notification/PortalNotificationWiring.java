package jp.kokin.notification;

import java.net.http.HttpClient;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

import jp.kokin.adapters.aws.ClientFactory;
import jp.kokin.adapters.catalog.CatalogRepository;
import jp.kokin.adapters.console.DynamoNotificationDeliveries;
import jp.kokin.adapters.log.Log;
import jp.kokin.adapters.notification.PortalSecrets;
import jp.kokin.adapters.notification.PortalNotificationSender;
import jp.kokin.adapters.provider.SecretResolver;
import jp.kokin.adapters.queue.PortalNotificationQueue;
import jp.kokin.domain.catalog.Catalog;
import jp.kokin.domain.notification.Redelivery;

/**
 * What {@code PortalNotificationFunction} needs, built once per cold start.
 *
 * @param disableNotifications called with a portal id when its endpoint answers 410 Gone
 * @param sender               refuses loopback addresses unless built with {@link PortalNotificationSender.Loopback#ALLOWED}
 * @param redelivery           brings a failed record back after its backoff
 * @param jitter               for the backoff (seed it in tests)
 * @param secrets              resolves portal secret references ({@link SecretResolver#inlineOnly} in tests without them)
 * @param deliveries           records each attempt of a notification about a checkout, for the console
 */
public record PortalNotificationWiring(Supplier<Catalog> catalog, Consumer<String> disableNotifications, PortalNotificationSender sender,
                                 Redelivery redelivery, RandomGenerator jitter, PortalSecrets secrets, DeliveryRecorder deliveries) {

    /** Without recording attempts (tests that do not look at them). */
    public PortalNotificationWiring(Supplier<Catalog> catalog, Consumer<String> disableNotifications, PortalNotificationSender sender,
                                    Redelivery redelivery, RandomGenerator jitter, PortalSecrets secrets) {
        this(catalog, disableNotifications, sender, redelivery, jitter, secrets, DeliveryRecorder.NONE);
    }

    public PortalNotificationWiring {
        Objects.requireNonNull(catalog, "catalog");
        Objects.requireNonNull(disableNotifications, "disableNotifications");
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(redelivery, "redelivery");
        Objects.requireNonNull(jitter, "jitter");
        Objects.requireNonNull(secrets, "secrets");
        Objects.requireNonNull(deliveries, "deliveries");
    }

    /**
     * DynamoDB (the catalog) and SQS (the notification queue) from {@code env}; portal secret
     * references are read through the secrets extension ({@code SECRETS_*} settings).
     * {@code ALLOW_LOOPBACK_URLS=true} lets portals be notified at loopback addresses (the local
     * runner sets it; never set in AWS, where loopback is the Lambda Runtime API and the secrets extension).
     */
    public static PortalNotificationWiring fromEnv(Map<String, String> env) {
        Log.configure(env);
        Clock clock = Clock.systemUTC();
        HttpClient http = PortalNotificationSender.defaultHttpClient();
        var dynamoDb = ClientFactory.dynamoDb(env);
        CatalogRepository catalog = CatalogRepository.fromEnv(dynamoDb, env);
        var deliveries = DynamoNotificationDeliveries.fromEnv(dynamoDb, null, env);
        return new PortalNotificationWiring(catalog, catalog::disableNotifications,
                new PortalNotificationSender(http, clock, PortalNotificationSender.Loopback.fromEnv(env)),
                PortalNotificationQueue.fromEnv(ClientFactory.sqs(env), env), new Random(),
                new PortalSecrets(SecretResolver.fromEnv(env, clock, http)),
                (n, body, status, httpStatus) -> deliveries.record(n, body, status, httpStatus, clock.instant()));
    }
}
