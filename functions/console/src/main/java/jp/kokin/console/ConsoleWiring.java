package jp.kokin.console;

import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

import jp.kokin.adapters.aws.ClientFactory;
import jp.kokin.adapters.aws.Priming;
import jp.kokin.adapters.catalog.CatalogRepository;
import jp.kokin.adapters.console.DynamoAuditLog;
import jp.kokin.adapters.console.DynamoCheckoutHistory;
import jp.kokin.adapters.console.DynamoNotificationDeliveries;
import jp.kokin.adapters.console.DynamoPaymentSearch;
import jp.kokin.adapters.console.DynamoRunReleases;
import jp.kokin.adapters.documents.S3DocumentStore;
import jp.kokin.adapters.ledger.DynamoLedger;
import jp.kokin.adapters.ledger.DynamoPayIns;
import jp.kokin.adapters.ledger.DynamoSettlementRuns;
import jp.kokin.adapters.ledger.DynamoTreasuryReports;
import jp.kokin.adapters.log.Log;
import jp.kokin.console.auth.IdentityProvider;
import jp.kokin.console.auth.Sessions;
import jp.kokin.console.auth.SignInSettings;
import jp.kokin.domain.catalog.Catalog;
import jp.kokin.domain.checkout.CheckoutRepository;
import jp.kokin.domain.console.AuditLog;
import jp.kokin.domain.console.CheckoutHistory;
import jp.kokin.domain.console.NotificationDeliveries;
import jp.kokin.domain.console.PaymentSearch;
import jp.kokin.domain.console.RunReleases;
import jp.kokin.domain.receipt.ReceiptLookup;
import jp.kokin.domain.settlement.DocumentStore;
import jp.kokin.domain.settlement.SettlementRunStore;
import jp.kokin.domain.settlement.treasury.PayInStore;
import jp.kokin.domain.settlement.treasury.TreasuryReportStore;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * What {@code ConsoleFunction} needs, built once per cold start.
 *
 * @param checkouts  read a checkout; refunds are requested and decided on it (approved refunds stay
 *                   {@code approved}: the payment janitor submits them within minutes)
 * @param payments   the 収納一覧's indexes
 * @param exports    the CSV exports' bucket ({@code CONSOLE_EXPORT_BUCKET}: no object lock, objects expire after a day)
 * @param history    checkouts' stored history
 * @param deliveries portal notifications per checkout, and resend
 * @param audit      the append-only audit log
 * @param releases   the two-person release of runs' transfer files
 * @param sessions   the signed session cookies
 * @param identity   the OpenID Connect provider
 */
public record ConsoleWiring(Supplier<Catalog> catalog, CheckoutRepository checkouts, ReceiptLookup receipts,
                            SettlementRunStore runs, DocumentStore documents, DocumentStore exports, PayInStore payIns,
                            TreasuryReportStore reports, PaymentSearch payments, CheckoutHistory history,
                            NotificationDeliveries deliveries, AuditLog audit, RunReleases releases,
                            Sessions sessions, IdentityProvider identity, ConsoleSettings settings, Clock clock) {
    /** The CSV exports' bucket: not the settlement bucket, whose 7-year object lock would keep every export. */
    public static final String EXPORT_BUCKET = "CONSOLE_EXPORT_BUCKET";

    public ConsoleWiring {
        Objects.requireNonNull(catalog, "catalog");
        Objects.requireNonNull(checkouts, "checkouts");
        Objects.requireNonNull(receipts, "receipts");
        Objects.requireNonNull(runs, "runs");
        Objects.requireNonNull(documents, "documents");
        Objects.requireNonNull(exports, "exports");
        Objects.requireNonNull(payIns, "payIns");
        Objects.requireNonNull(reports, "reports");
        Objects.requireNonNull(payments, "payments");
        Objects.requireNonNull(history, "history");
        Objects.requireNonNull(deliveries, "deliveries");
        Objects.requireNonNull(audit, "audit");
        Objects.requireNonNull(releases, "releases");
        Objects.requireNonNull(sessions, "sessions");
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(clock, "clock");
    }

    /** The catalog and ledger (DynamoDB), the settlement bucket (S3), the notification queue (SQS) and the identity provider from {@code env}. */
    public static ConsoleWiring fromEnv(Map<String, String> env) {
        Log.configure(env);
        DynamoDbClient dynamoDb = ClientFactory.dynamoDb(env);
        CatalogRepository catalog = CatalogRepository.fromEnv(dynamoDb, env);
        DynamoLedger ledger = DynamoLedger.fromEnv(dynamoDb, env);
        var wiring = new ConsoleWiring(catalog, ledger, ledger, DynamoSettlementRuns.fromEnv(dynamoDb, env),
                S3DocumentStore.fromEnv(env), S3DocumentStore.fromEnv(env, EXPORT_BUCKET), DynamoPayIns.fromEnv(dynamoDb, env), DynamoTreasuryReports.fromEnv(dynamoDb, env),
                DynamoPaymentSearch.fromEnv(dynamoDb, env, Clock.systemUTC()), DynamoCheckoutHistory.fromEnv(dynamoDb, env),
                DynamoNotificationDeliveries.fromEnv(dynamoDb, ClientFactory.sqs(env), env),
                DynamoAuditLog.fromEnv(dynamoDb, env), DynamoRunReleases.fromEnv(dynamoDb, env),
                SignInSettings.sessions(env, ConsoleSettings.fromEnv(env)),
                SignInSettings.identity(env), ConsoleSettings.fromEnv(env), Clock.systemUTC());
        Priming.prime("ConsoleFunction", catalog);
        return wiring;
    }
}
