package jp.kokin.settlement;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

import jp.kokin.adapters.aws.ClientFactory;
import jp.kokin.adapters.catalog.CatalogRepository;
import jp.kokin.adapters.documents.S3DocumentStore;
import jp.kokin.adapters.ledger.DynamoPayIns;
import jp.kokin.adapters.ledger.DynamoSettlementRuns;
import jp.kokin.adapters.log.Log;
import jp.kokin.domain.catalog.Catalog;
import jp.kokin.domain.settlement.DocumentStore;
import jp.kokin.domain.settlement.SettlementRunStore;
import jp.kokin.domain.settlement.treasury.PayInStore;
import jp.kokin.settlement.run.SettlementRunner;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * What {@code SettlementFunction} needs, built once per cold start.
 *
 * @param runs the settlement runs and the unsettled work list (the ledger table)
 * @param documents the run documents (the settlement bucket)
 * @param claimerIds a fresh claimer id per invocation (random; seeded in tests)
 * @param limits {@code SETTLEMENT_MAX_RUN_PAYMENTS} and the time kept for documents
 * @param payIns the national pay-ins (国庫納付) runs create (the ledger table)
 */
public record SettlementJobWiring(Supplier<Catalog> catalog, SettlementRunStore runs, DocumentStore documents,
                                  Clock clock, Supplier<String> claimerIds, SettlementRunner.Limits limits,
                                  PayInStore payIns) {

    public SettlementJobWiring {
        Objects.requireNonNull(catalog, "catalog");
        Objects.requireNonNull(runs, "runs");
        Objects.requireNonNull(documents, "documents");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(claimerIds, "claimerIds");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(payIns, "payIns");
    }

    /** A random claimer id: 12 hex digits (48 bits; two invocations' ids never meet in practice). */
    public static Supplier<String> randomClaimerIds() {
        SecureRandom random = new SecureRandom();
        return () -> {
            byte[] id = new byte[6];
            random.nextBytes(id);
            return HexFormat.of().formatHex(id);
        };
    }

    /** The catalog and the runs from DynamoDB, the documents from S3, as {@code env} says. */
    public static SettlementJobWiring fromEnv(Map<String, String> env) {
        Log.configure(env);
        DynamoDbClient dynamoDb = ClientFactory.dynamoDbForBatches(env);
        return new SettlementJobWiring(CatalogRepository.fromEnv(dynamoDb, env), DynamoSettlementRuns.fromEnv(dynamoDb, env),
                S3DocumentStore.fromEnv(env), Clock.systemUTC(), randomClaimerIds(), SettlementRunner.Limits.fromEnv(env),
                DynamoPayIns.fromEnv(dynamoDb, env));
    }
}
