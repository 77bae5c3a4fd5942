package jp.kokin.settlement;

import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

import jp.kokin.adapters.aws.ClientFactory;
import jp.kokin.adapters.catalog.CatalogRepository;
import jp.kokin.adapters.ledger.DynamoLedger;
import jp.kokin.adapters.log.Log;
import jp.kokin.domain.catalog.Catalog;
import jp.kokin.domain.settlement.SettlementStore;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * What {@code SettlementFunction} needs, built once per cold start.
 *
 * @param store the day's paid checkouts and its stored settlement (the ledger)
 */
public record SettlementJobWiring(Supplier<Catalog> catalog, SettlementStore store, Clock clock) {

    public SettlementJobWiring {
        Objects.requireNonNull(catalog, "catalog");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(clock, "clock");
    }

    /** DynamoDB only (the catalog and the ledger) from {@code env}. */
    public static SettlementJobWiring fromEnv(Map<String, String> env) {
        Log.configure(env);
        DynamoDbClient dynamoDb = ClientFactory.dynamoDb(env);
        return new SettlementJobWiring(CatalogRepository.fromEnv(dynamoDb, env), DynamoLedger.fromEnv(dynamoDb, env),
                Clock.systemUTC());
    }
}
