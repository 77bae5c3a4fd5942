package jp.kokin.settlement;

import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

import jp.kokin.adapters.aws.ClientFactory;
import jp.kokin.adapters.aws.Priming;
import jp.kokin.adapters.catalog.CatalogRepository;
import jp.kokin.adapters.ledger.DynamoLedger;
import jp.kokin.adapters.log.Log;
import jp.kokin.domain.catalog.Catalog;
import jp.kokin.domain.settlement.SettlementStore;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * What {@code SettlementApiFunction} needs, built once per cold start.
 *
 * @param store the day's paid checkouts and its stored settlement (the ledger)
 */
public record SettlementApiWiring(Supplier<Catalog> catalog, SettlementStore store, Clock clock) {

    public SettlementApiWiring {
        Objects.requireNonNull(catalog, "catalog");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(clock, "clock");
    }

    /** DynamoDB only (the catalog and the ledger) from {@code env}. */
    public static SettlementApiWiring fromEnv(Map<String, String> env) {
        Log.configure(env);
        DynamoDbClient dynamoDb = ClientFactory.dynamoDb(env);
        CatalogRepository catalog = CatalogRepository.fromEnv(dynamoDb, env);
        var wiring = new SettlementApiWiring(catalog, DynamoLedger.fromEnv(dynamoDb, env), Clock.systemUTC());
        Priming.prime("SettlementApiFunction", catalog);
        return wiring;
    }
}
