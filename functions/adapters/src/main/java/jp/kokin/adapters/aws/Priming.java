package jp.kokin.adapters.aws;

import java.util.Map;
import java.util.function.Supplier;

import jp.kokin.adapters.log.Log;

/**
 * Work done once in the init phase so that the first request does not pay for it: loading the
 * catalog exercises the SDK's DynamoDB path and Jackson. With SnapStart the warmed classes are in
 * the snapshot (the catalog itself expires from its cache as usual). A failure here is only
 * logged: the first request will try again and report properly.
 */
public final class Priming {
    /** Lambda's variable naming how this environment is initialised. */
    static final String INITIALIZATION_TYPE = "AWS_LAMBDA_INITIALIZATION_TYPE";

    private Priming() {}

    /**
     * Whether the init phase runs ahead of any request: before a SnapStart snapshot or for
     * provisioned concurrency. There, work that a first request may need is done at init (it costs
     * no one); on demand (and locally), such work waits for the request that needs it.
     */
    public static boolean initRunsAhead(Map<String, String> env) {
        String type = env.get(INITIALIZATION_TYPE);
        return "snap-start".equals(type) || "provisioned-concurrency".equals(type);
    }

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
