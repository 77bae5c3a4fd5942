package jp.kokin.local.embedded;

import java.util.Map;
import java.util.TreeMap;

/**
 * An immutable snapshot of the requests the embedded services received, by operation
 * ({@code X-Amz-Target}, e.g. {@code DynamoDB_20120810.TransactWriteItems}, {@code AmazonSQS.SendMessage}).
 *
 * @param functions requests from everything but the runner (the functions under test)
 * @param runner    requests carrying {@code x-kokin-caller: runner} (the local runner's own polling)
 */
public record RequestCounts(Map<String, Long> functions, Map<String, Long> runner) {

    /** The header that marks the local runner's own requests. */
    public static final String CALLER_HEADER = "x-kokin-caller";
    /** Its value for the runner. */
    public static final String RUNNER = "runner";

    public RequestCounts {
        functions = Map.copyOf(functions);
        runner = Map.copyOf(runner);
    }

    /** Functions' requests for one operation, e.g. {@code "DynamoDB_20120810.GetItem"}. */
    public long functions(String operation) {
        return functions.getOrDefault(operation, 0L);
    }

    /** Runner's requests for one operation. */
    public long runner(String operation) {
        return runner.getOrDefault(operation, 0L);
    }

    /** All functions' requests. */
    public long functionsTotal() {
        return functions.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Functions' requests whose operation starts with a prefix ({@code "DynamoDB_20120810."}, {@code "AmazonSQS."}). */
    public long functionsWithPrefix(String prefix) {
        return functions.entrySet().stream().filter(e -> e.getKey().startsWith(prefix)).mapToLong(Map.Entry::getValue).sum();
    }

    /** Sorted copies, for printing. */
    public Map<String, Map<String, Long>> asSortedMap() {
        return Map.of("functions", new TreeMap<>(functions), "runner", new TreeMap<>(runner));
    }
}
