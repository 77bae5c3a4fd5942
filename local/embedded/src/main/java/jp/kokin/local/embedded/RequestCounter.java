package jp.kokin.local.embedded;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Thread-safe counters behind {@link RequestCounts}. */
final class RequestCounter {

    private final ConcurrentHashMap<String, LongAdder> functions = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, LongAdder> runner = new ConcurrentHashMap<>();
    private final CapacityMeter capacity = new CapacityMeter();

    void count(String operation, String caller) {
        var map = RequestCounts.RUNNER.equalsIgnoreCase(caller) ? runner : functions;
        map.computeIfAbsent(operation == null ? "unknown" : operation, k -> new LongAdder()).increment();
    }

    RequestCounts snapshot() {
        return new RequestCounts(copy(functions), copy(runner));
    }

    /** Capacity units and billed requests, beside the counts. */
    CapacityMeter capacity() {
        return capacity;
    }

    void reset() {
        functions.clear();
        runner.clear();
        capacity.reset();
    }

    private static Map<String, Long> copy(Map<String, LongAdder> counters) {
        var copy = new HashMap<String, Long>();
        counters.forEach((k, v) -> {
            long n = v.sum();
            if (n > 0) {
                copy.put(k, n);
            }
        });
        return copy;
    }
}
