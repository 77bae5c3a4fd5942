package jp.kokin.webhook;

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
import jp.kokin.adapters.queue.QueuedReceiptDue;
import jp.kokin.adapters.queue.ReceiptQueue;
import jp.kokin.domain.catalog.Catalog;
import jp.kokin.domain.checkout.CheckoutRepository;
import jp.kokin.domain.provider.Providers;
import jp.kokin.domain.receipt.ReceiptDue;
import jp.kokin.domain.refund.RefundServices;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * What {@code ProviderEventFunction} needs: the checkouts, the provider accounts, where due receipts go,
 * the refund lifecycle's services (notice counters, portal notifications, links, refund policies), a clock.
 */
public record ProviderEventWiring(CheckoutRepository checkouts, Providers providers, ReceiptDue receiptDue,
                                  RefundServices refunds, Clock clock) {

    /** Without refunds (tests of payments only): a refund report fails loudly. */
    public ProviderEventWiring(CheckoutRepository checkouts, Providers providers, ReceiptDue receiptDue, Clock clock) {
        this(checkouts, providers, receiptDue, RefundServices.none(), clock);
    }

    /** Built once per cold start from the function's environment ({@code template.yaml}). */
    public static ProviderEventWiring fromEnv(Map<String, String> env) {
        Log.configure(env);
        Clock clock = Clock.systemUTC();
        DynamoDbClient dynamoDb = ClientFactory.dynamoDb(env);
        Supplier<Catalog> catalog = CatalogRepository.fromEnv(dynamoDb, env);
        Providers providers = new ProviderRegistry(catalog, ProviderContext.fromEnv(env, clock),
                ProviderRegistry.Sandbox.fromEnv(env));
        ReceiptDue receiptDue = new QueuedReceiptDue(ReceiptQueue.fromEnv(ClientFactory.sqs(env), env));
        Priming.prime("ProviderEventFunction", catalog);
        DynamoLedger ledger = DynamoLedger.fromEnv(dynamoDb, env);
        return new ProviderEventWiring(ledger, providers, receiptDue, RefundWiring.fromEnv(env, ledger, catalog), clock);
    }
}
