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
import jp.kokin.adapters.queue.QueuedReceiptDue;
import jp.kokin.adapters.queue.ReceiptQueue;
import jp.kokin.domain.catalog.Catalog;
import jp.kokin.domain.checkout.CheckoutRepository;
import jp.kokin.domain.provider.Providers;
import jp.kokin.domain.receipt.ReceiptDue;
import jp.kokin.domain.receipt.ReceiptLookup;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * What {@code CheckoutFunction} needs: the catalog, the checkouts and receipts, the provider
 * accounts, where due receipts go, the public base URL ({@code PUBLIC_BASE_URL}; empty: each
 * request's own host) and a clock.
 */
public record CheckoutWiring(Supplier<Catalog> catalog, CheckoutRepository checkouts, ReceiptLookup receipts,
                             Providers providers, ReceiptDue receiptDue, String publicBaseUrl, Clock clock) {

    /** Built once per cold start from the function's environment ({@code template.yaml}). */
    public static CheckoutWiring fromEnv(Map<String, String> env) {
        Log.configure(env);
        Clock clock = Clock.systemUTC();
        DynamoDbClient dynamoDb = ClientFactory.dynamoDb(env);
        Supplier<Catalog> catalog = CatalogRepository.fromEnv(dynamoDb, env);
        DynamoLedger ledger = DynamoLedger.fromEnv(dynamoDb, env);
        Providers providers = new ProviderRegistry(catalog, ProviderContext.fromEnv(env, clock),
                ProviderRegistry.Sandbox.fromEnv(env));
        ReceiptDue receiptDue = new QueuedReceiptDue(ReceiptQueue.fromEnv(ClientFactory.sqs(env), env));
        Priming.prime("CheckoutFunction", catalog);
        return new CheckoutWiring(catalog, ledger, ledger, providers, receiptDue, env.getOrDefault("PUBLIC_BASE_URL", ""),
                clock);
    }
}
