package jp.kokin.console.history;

import java.util.Map;
import java.util.Objects;

import jp.kokin.adapters.aws.ClientFactory;
import jp.kokin.adapters.console.DynamoCheckoutHistory;
import jp.kokin.adapters.log.Log;
import jp.kokin.domain.console.CheckoutHistory;

/** What {@code CheckoutHistoryFunction} needs, built once per cold start. */
public record CheckoutHistoryWiring(CheckoutHistory history) {
    public CheckoutHistoryWiring {
        Objects.requireNonNull(history, "history");
    }

    /** The ledger table ({@code LEDGER_TABLE}). */
    public static CheckoutHistoryWiring fromEnv(Map<String, String> env) {
        Log.configure(env);
        return new CheckoutHistoryWiring(DynamoCheckoutHistory.fromEnv(ClientFactory.dynamoDb(env), env));
    }
}
