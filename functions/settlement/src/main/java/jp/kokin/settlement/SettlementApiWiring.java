package jp.kokin.settlement;

import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

import jp.kokin.adapters.aws.ClientFactory;
import jp.kokin.adapters.console.DynamoRunReleases;
import jp.kokin.adapters.aws.Priming;
import jp.kokin.adapters.catalog.CatalogRepository;
import jp.kokin.adapters.documents.S3DocumentStore;
import jp.kokin.adapters.ledger.DynamoPayIns;
import jp.kokin.adapters.ledger.DynamoSettlementRuns;
import jp.kokin.adapters.ledger.DynamoTreasuryReports;
import jp.kokin.adapters.log.Log;
import jp.kokin.domain.catalog.Catalog;
import jp.kokin.domain.console.RunReleases;
import jp.kokin.domain.settlement.DocumentStore;
import jp.kokin.domain.settlement.SettlementRunStore;
import jp.kokin.domain.settlement.treasury.PayInStore;
import jp.kokin.domain.settlement.treasury.TreasuryReportStore;
import jp.kokin.domain.settlement.treasury.TreasuryReportVersion;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * What {@code SettlementApiFunction} needs, built once per cold start.
 *
 * @param runs settlement runs and their statements (the ledger table)
 * @param documents the runs' documents (the settlement bucket)
 * @param limits what is served inline and listed in one answer
 * @param payIns the national pay-ins (国庫納付) (the ledger table)
 * @param reports the versions of the Art. 6(2) reports (the ledger table)
 * @param releases the two-person releases of the runs' transfer files (the ledger table, shared with the console)
 * @param reportQueue where a report too large for a request is sent to the report job (SQS
 *                    {@code TREASURY_REPORT_QUEUE_URL}; {@link ReportQueue#NONE} without it)
 */
public record SettlementApiWiring(Supplier<Catalog> catalog, SettlementRunStore runs, DocumentStore documents, Clock clock,
                                  Limits limits, PayInStore payIns, TreasuryReportStore reports,
                                  RunReleases releases, ReportQueue reportQueue) {

    /** A wiring without the report job: a report too large for a request is an error (500). */
    public SettlementApiWiring(Supplier<Catalog> catalog, SettlementRunStore runs, DocumentStore documents, Clock clock,
                               Limits limits, PayInStore payIns, TreasuryReportStore reports, RunReleases releases) {
        this(catalog, runs, documents, clock, limits, payIns, reports, releases, ReportQueue.NONE);
    }

    public SettlementApiWiring {
        Objects.requireNonNull(catalog, "catalog");
        Objects.requireNonNull(runs, "runs");
        Objects.requireNonNull(documents, "documents");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(payIns, "payIns");
        Objects.requireNonNull(reports, "reports");
        Objects.requireNonNull(releases, "releases");
        Objects.requireNonNull(reportQueue, "reportQueue");
    }

    /**
     * What one answer carries: documents served inline up to {@code maxInlineBytes} (else a
     * {@code 303} to a presigned URL), payments listed while the statement documents total at most
     * {@code maxListedDocumentBytes}, provisional payments listed up to {@code maxProvisionalPayments}.
     */
    public record Limits(long maxInlineBytes, long maxListedDocumentBytes, int maxProvisionalPayments) {
        public static final Limits DEFAULT = new Limits(SettlementViews.MAX_INLINE_BYTES,
                SettlementViews.MAX_LISTED_DOCUMENT_BYTES, SettlementViews.MAX_PROVISIONAL_PAYMENTS);

        public Limits {
            if (maxInlineBytes < 0 || maxListedDocumentBytes < 0 || maxProvisionalPayments < 0) {
                throw new IllegalArgumentException("limits must not be negative");
            }
        }
    }

    /**
     * The catalog and the ledger (DynamoDB), the settlement bucket (S3) and, when
     * {@code TREASURY_REPORT_QUEUE_URL} is set (the API function; the report job needs none), the report
     * queue (SQS) from {@code env}.
     */
    public static SettlementApiWiring fromEnv(Map<String, String> env) {
        return fromEnv(env, "SettlementApiFunction");
    }

    /** The same for {@code function} (its name in the cold-start log: the report job shares this wiring). */
    public static SettlementApiWiring fromEnv(Map<String, String> env, String function) {
        Log.configure(env);
        DynamoDbClient dynamoDb = ClientFactory.dynamoDb(env);
        CatalogRepository catalog = CatalogRepository.fromEnv(dynamoDb, env);
        String queueUrl = env.get("TREASURY_REPORT_QUEUE_URL");
        ReportQueue queue = queueUrl == null || queueUrl.isBlank() ? ReportQueue.NONE
                : new SqsReportQueue(ClientFactory.sqs(env), queueUrl);
        var wiring = new SettlementApiWiring(catalog, DynamoSettlementRuns.fromEnv(dynamoDb, env),
                S3DocumentStore.fromEnv(env), Clock.systemUTC(), Limits.DEFAULT, DynamoPayIns.fromEnv(dynamoDb, env),
                DynamoTreasuryReports.fromEnv(dynamoDb, env), DynamoRunReleases.fromEnv(dynamoDb, env), queue);
        Priming.prime(function, catalog);
        return wiring;
    }
}
