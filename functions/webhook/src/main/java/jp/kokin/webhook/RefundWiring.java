package jp.kokin.webhook;

import java.util.Map;
import java.util.function.Supplier;

import jp.kokin.adapters.aws.ClientFactory;
import jp.kokin.adapters.ledger.DynamoLedger;
import jp.kokin.adapters.queue.PortalNotificationQueue;
import jp.kokin.domain.PlatformLinks;
import jp.kokin.domain.catalog.Catalog;
import jp.kokin.domain.catalog.Organization;
import jp.kokin.domain.refund.RefundPolicy;
import jp.kokin.domain.refund.RefundServices;

/**
 * The refund lifecycle's services for the webhook module's functions: the ledger's notice counters,
 * the portal notification queue ({@code PORTAL_NOTIFICATION_QUEUE_URL}), our public base URL
 * ({@code PUBLIC_BASE_URL}; empty: bank-account links are left for a function that knows it) and the
 * catalog's refund policies.
 */
final class RefundWiring {
    private RefundWiring() {}

    static RefundServices fromEnv(Map<String, String> env, DynamoLedger ledger, Supplier<Catalog> catalog) {
        return new RefundServices(ledger, PortalNotificationQueue.fromEnv(ClientFactory.sqs(env), env),
                new PlatformLinks(env.getOrDefault("PUBLIC_BASE_URL", "")),
                organizationCode -> catalog.get().organization(organizationCode).map(Organization::refunds)
                        .orElse(RefundPolicy.DEFAULT));
    }
}
