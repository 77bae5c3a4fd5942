package jp.kokin.adapters.aws;

import java.util.function.Supplier;

import jp.kokin.adapters.log.Log;

/**
 * Work done once in the init phase so that the first request does not pay for it: loading the
 * catalog exercises the SDK's DynamoDB path and Jackson. With SnapStart the warmed classes are in
 * the snapshot (the catalog itself expires from its cache as usual). A failure here is only
 * logged: the first request will try again and report properly.
 */
public final class Priming {
    private Priming() {}

    public static void prime(String function, Supplier<?> catalog) {
        long started = System.nanoTime();
        try {
            catalog.get();
            Log.info("init.primed", "function", function, "ms", (System.nanoTime() - started) / 1_000_000);
        } catch (RuntimeException e) {
            Log.warn("init.priming_failed", "function", function, "error", e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }
}
