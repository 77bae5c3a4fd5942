package jp.kokin.adapters.console;

import java.util.Map;

/** The ledger table's name from the environment. */
final class Tables {
    private Tables() {}

    static String ledger(Map<String, String> env) {
        String table = env.get("LEDGER_TABLE");
        if (table == null || table.isBlank()) {
            throw new IllegalStateException("environment variable LEDGER_TABLE is not set");
        }
        return table;
    }
}
