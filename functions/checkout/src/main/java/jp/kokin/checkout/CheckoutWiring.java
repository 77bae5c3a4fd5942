package jp.kokin.checkout;

import java.time.Clock;
import java.util.Map;
import java.util.function.Supplier;

import jp.kokin.adapters.aws.ClientFactory;
import jp.kokin.adapters.aws.Priming;
import jp.kokin.adapters.catalog.CatalogRepository;
import jp.kokin.adapters.ledger.DynamoLedger;
import jp.kokin.adapters.log.Log;
import jp.kokin.adapters.provider.ProviderContext;
import jp.kokin.adapters.provider.ProviderRegistry;
import jp.kokin.adapters.queue.PortalNotificationQueue;
import jp.kokin.adapters.queue.QueuedReceiptDue;
import jp.kokin.adapters.queue.ReceiptQueue;
import jp.kokin.domain.PlatformLinks;
import jp.kokin.domain.catalog.Catalog;
import jp.kokin.domain.checkout.CheckoutRepository;
import jp.kokin.domain.provider.Providers;
import jp.kokin.domain.receipt.ReceiptDue;
import jp.kokin.domain.receipt.ReceiptLookup;
import jp.kokin.domain.refund.AfterApproval;
import jp.kokin.domain.refund.SubmitRefund;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * What {@code CheckoutFunction} needs: the catalog, the checkouts and receipts, the provider
 * accounts, where due receipts go, the public base URL ({@code PUBLIC_BASE_URL}; empty: each
 * request's own host), a clock, and what happens to a refund once approved ({@link AfterApproval}:
 * submitted at once, its outcome numbered and notified).
 */
public record CheckoutWiring(Supplier<Catalog> catalog, CheckoutRepository checkouts, ReceiptLookup receipts,
                             Providers providers, ReceiptDue receiptDue, String publicBaseUrl, Clock clock,
                             AfterApproval afterApproval) {

    /** Approved refunds stay {@code approved} for the janitor to submit. */
    public CheckoutWiring(Supplier<Catalog> catalog, CheckoutRepository checkouts, ReceiptLookup receipts,
                          Providers providers, ReceiptDue receiptDue, String publicBaseUrl, Clock clock) {
        this(catalog, checkouts, receipts, providers, receiptDue, publicBaseUrl, clock, AfterApproval.STAY_APPROVED);
    }

    /** Built once per cold start from the function's environment ({@code template.yaml}). */
    public static CheckoutWiring fromEnv(Map<String, String> env) {
        Log.configure(env);
        Clock clock = Clock.systemUTC();
        DynamoDbClient dynamoDb = ClientFactory.dynamoDb(env);
        Supplier<Catalog> catalog = CatalogRepository.fromEnv(dynamoDb, env);
        DynamoLedger ledger = DynamoLedger.fromEnv(dynamoDb, env);
        Providers providers = new ProviderRegistry(catalog, ProviderContext.fromEnv(env, clock),
                ProviderRegistry.Sandbox.fromEnv(env));
        var sqs = ClientFactory.sqs(env);
        ReceiptDue receiptDue = new QueuedReceiptDue(ReceiptQueue.fromEnv(sqs, env));
        Priming.prime("CheckoutFunction", catalog);
        String publicBaseUrl = env.getOrDefault("PUBLIC_BASE_URL", "");
        SubmitRefund submit = SubmitRefund.of(ledger, providers, ledger,
                PortalNotificationQueue.fromEnv(sqs, env), new PlatformLinks(publicBaseUrl), clock);
        return new CheckoutWiring(catalog, ledger, ledger, providers, receiptDue, publicBaseUrl, clock,
                AfterApproval.submitting(submit, (refundId, e) -> Log.error("refund.submit_failed", e, "refundId", refundId)));
    }
}
