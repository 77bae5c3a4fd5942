package jp.kokin.webhook;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

import jp.kokin.adapters.aws.ClientFactory;
import jp.kokin.adapters.catalog.CatalogRepository;
import jp.kokin.adapters.ledger.DynamoLedger;
import jp.kokin.adapters.log.Log;
import jp.kokin.adapters.provider.ProviderContext;
import jp.kokin.adapters.provider.ProviderRegistry;
import jp.kokin.adapters.queue.QueuedReceiptDue;
import jp.kokin.adapters.queue.ReceiptQueue;
import jp.kokin.domain.catalog.Catalog;
import jp.kokin.domain.checkout.CheckoutRepository;
import jp.kokin.domain.checkout.PendingPayments;
import jp.kokin.domain.provider.Providers;
import jp.kokin.domain.receipt.ReceiptDue;
import jp.kokin.domain.refund.RefundServices;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * What {@code PaymentJanitorFunction} needs: the checkouts and its work list, the provider
 * accounts, where due receipts go, the refund lifecycle's services, a clock, and its settings: attempts pending {@code minAge}
 * ({@code JANITOR_MIN_AGE_SECONDS}, default 180) are asked about; past expiry plus {@code grace}
 * ({@code JANITOR_EXPIRY_GRACE_SECONDS}, default 600) they are canceled; at most {@code batch}
 * checkouts a run ({@code JANITOR_BATCH}, default 100).
 */
public record PaymentJanitorWiring(CheckoutRepository checkouts, PendingPayments pending, Providers providers,
                                   ReceiptDue receiptDue, RefundServices refunds, Clock clock, Duration minAge,
                                   Duration grace, int batch) {

    /** Without refunds (tests of payments only): refund work fails loudly, counted as failed. */
    public PaymentJanitorWiring(CheckoutRepository checkouts, PendingPayments pending, Providers providers,
                                ReceiptDue receiptDue, Clock clock, Duration minAge, Duration grace, int batch) {
        this(checkouts, pending, providers, receiptDue, RefundServices.none(), clock, minAge, grace, batch);
    }

    /**
     * Built once per cold start from the function's environment ({@code template.yaml}). The
     * catalog is not primed: it is read when a run first has an attempt to ask about.
     */
    public static PaymentJanitorWiring fromEnv(Map<String, String> env) {
        Log.configure(env);
        Clock clock = Clock.systemUTC();
        DynamoDbClient dynamoDb = ClientFactory.dynamoDb(env);
        Supplier<Catalog> catalog = CatalogRepository.fromEnv(dynamoDb, env);
        DynamoLedger ledger = DynamoLedger.fromEnv(dynamoDb, env);
        return new PaymentJanitorWiring(ledger, ledger,
                new ProviderRegistry(catalog, ProviderContext.fromEnv(env, clock), ProviderRegistry.Sandbox.fromEnv(env)),
                new QueuedReceiptDue(ReceiptQueue.fromEnv(ClientFactory.sqs(env), env)),
                RefundWiring.fromEnv(env, ledger, catalog), clock,
                Duration.ofSeconds(Long.parseLong(env.getOrDefault("JANITOR_MIN_AGE_SECONDS", "180"))),
                Duration.ofSeconds(Long.parseLong(env.getOrDefault("JANITOR_EXPIRY_GRACE_SECONDS", "600"))),
                Integer.parseInt(env.getOrDefault("JANITOR_BATCH", "100")));
    }
}
