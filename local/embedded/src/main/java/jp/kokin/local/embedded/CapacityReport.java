package jp.kokin.local.embedded;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * What the requests received so far cost in DynamoDB capacity units and SQS billed requests: an
 * immutable snapshot, per caller (functions or runner), table or queue, index and operation.
 *
 * <p>DynamoDB's figures are the {@code ConsumedCapacity} that DynamoDB Local returned for each
 * request (the counting layer asks for it with {@code ReturnConsumedCapacity: INDEXES} and hides it
 * again from callers that did not ask). A request DynamoDB refused (a failed condition, a cancelled
 * transaction) returns none: it is counted as {@code refused}, and its units are not known here
 * (DynamoDB bills a refused conditional write as the write it would have been).
 *
 * @param dynamoDb per caller, table, index ({@code null} for the table itself) and operation
 * @param sqs      per caller, queue and operation
 * @param calls    the DynamoDB data requests in the order they were answered (the latest
 *                 1,000)
 */
public record CapacityReport(List<TableUse> dynamoDb, List<QueueUse> sqs, List<Call> calls) {

    /** The caller of requests not marked as the runner's. */
    public static final String FUNCTIONS = "functions";
    /** SQS bills each 64 KB chunk of a request's payload as one request. */
    public static final int SQS_CHUNK_BYTES = 64 * 1024;

    public CapacityReport {
        dynamoDb = List.copyOf(dynamoDb);
        sqs = List.copyOf(sqs);
        calls = List.copyOf(calls);
    }

    /**
     * One DynamoDB data request.
     *
     * @param items what it read or wrote: item keys ({@code pk sk}), with the size of each item
     *              written whole (DynamoDB's rule: attribute names and values in UTF-8), or the query
     * @param units the capacity it consumed per table and index, as DynamoDB Local reported it
     */
    public record Call(String caller, String operation, String items, String units) {}

    /**
     * DynamoDB use of one table or one of its indexes by one operation.
     *
     * @param caller     {@link #FUNCTIONS} or {@link RequestCounts#RUNNER}
     * @param index      a global or local secondary index, or {@code null} for the table
     * @param operation  e.g. {@code PutItem}
     * @param requests   requests that touched this table or index (a write touches an index when it
     *                   puts, changes or removes the item's entry there)
     * @param refused    of the requests on the table, those refused without a ConsumedCapacity
     * @param readUnits  read capacity units (on-demand: read request units)
     * @param writeUnits write capacity units (on-demand: write request units)
     */
    public record TableUse(String caller, String table, String index, String operation, long requests, long refused,
                           double readUnits, double writeUnits) {
        /** {@code LedgerTable} or {@code LedgerTable/Unsettled}. */
        public String name() {
            return index == null ? table : table + "/" + index;
        }
    }

    /**
     * SQS use of one queue by one operation.
     *
     * @param billedRequests requests as SQS bills them: each counts one per started 64 KB of its
     *                       payload (measured here as the request body, or the answer's for a receive:
     *                       an upper bound, since it includes the JSON around the messages)
     * @param largestPayloadBytes the largest such payload seen
     */
    public record QueueUse(String caller, String queue, String operation, long requests, long billedRequests,
                           long largestPayloadBytes) {}

    /** The functions' DynamoDB use. */
    public List<TableUse> functionsDynamoDb() {
        return dynamoDb.stream().filter(u -> FUNCTIONS.equals(u.caller())).toList();
    }

    /** The functions' SQS use. */
    public List<QueueUse> functionsSqs() {
        return sqs.stream().filter(u -> FUNCTIONS.equals(u.caller())).toList();
    }

    /** Read units the functions consumed on tables and indexes. */
    public double functionsReadUnits() {
        return functionsDynamoDb().stream().mapToDouble(TableUse::readUnits).sum();
    }

    /** Write units the functions consumed on tables and indexes. */
    public double functionsWriteUnits() {
        return functionsDynamoDb().stream().mapToDouble(TableUse::writeUnits).sum();
    }

    /** A printable table: the functions' use per table/index and operation, subtotals, then SQS (functions and runner). */
    public String format() {
        var out = new StringBuilder();
        String row = "  %-30s %-20s %8s %8s %8s %8s%n";
        out.append("DynamoDB (functions' requests; capacity units as DynamoDB Local reports them):\n");
        out.append(String.format(Locale.ROOT, row, "table/index", "operation", "requests", "refused", "RCU", "WCU"));
        var uses = functionsDynamoDb().stream()
                .sorted(Comparator.comparing(TableUse::table).thenComparing(u -> u.index() == null ? "" : u.index())
                        .thenComparing(TableUse::operation))
                .toList();
        for (TableUse u : uses) {
            out.append(String.format(Locale.ROOT, row, u.name(), u.operation(), u.requests(), u.refused(),
                    units(u.readUnits()), units(u.writeUnits())));
        }
        out.append("  per table/index:\n");
        Map<String, List<TableUse>> byName = uses.stream()
                .collect(Collectors.groupingBy(TableUse::name, TreeMap::new, Collectors.toList()));
        byName.forEach((name, list) -> out.append(String.format(Locale.ROOT, row, name, "(all)",
                list.stream().mapToLong(TableUse::requests).sum(), list.stream().mapToLong(TableUse::refused).sum(),
                units(list.stream().mapToDouble(TableUse::readUnits).sum()),
                units(list.stream().mapToDouble(TableUse::writeUnits).sum()))));
        out.append("  per operation (tables only; indexes' units included):\n");
        Map<String, List<TableUse>> byOperation = uses.stream()
                .collect(Collectors.groupingBy(TableUse::operation, TreeMap::new, Collectors.toList()));
        byOperation.forEach((operation, list) -> out.append(String.format(Locale.ROOT, row, "(all)", operation,
                sum(list, u -> u.index() == null, TableUse::requests), sum(list, u -> u.index() == null, TableUse::refused),
                units(list.stream().mapToDouble(TableUse::readUnits).sum()),
                units(list.stream().mapToDouble(TableUse::writeUnits).sum()))));
        out.append(String.format(Locale.ROOT, row, "(all)", "(all)", sum(uses, u -> u.index() == null, TableUse::requests),
                sum(uses, u -> u.index() == null, TableUse::refused), units(functionsReadUnits()), units(functionsWriteUnits())));

        if (uses.stream().anyMatch(u -> u.operation().equals("TransactWriteItems"))) {
            out.append("  note: DynamoDB Local rounds the sizes of a transaction's puts together before doubling them;\n")
                    .append("  DynamoDB bills 2 write units per started KB of each item (README, \"What a payment costs\")\n");
        }
        out.append("  in order:\n");
        calls.stream().filter(c -> FUNCTIONS.equals(c.caller())).forEach(c -> out.append(String.format(Locale.ROOT,
                "    %-18s %s -> %s%n", c.operation(), c.items(), c.units())));

        String qrow = "  %-10s %-34s %-28s %8s %8s %10s%n";
        out.append("SQS (functions' requests, and the runner's polling as Lambda's event source mappings would poll):\n");
        out.append(String.format(Locale.ROOT, qrow, "caller", "queue", "operation", "requests", "billed", "largest B"));
        sqs.stream().sorted(Comparator.comparing(QueueUse::caller).thenComparing(QueueUse::queue)
                        .thenComparing(QueueUse::operation))
                .forEach(u -> out.append(String.format(Locale.ROOT, qrow, u.caller(), u.queue(), u.operation(),
                        u.requests(), u.billedRequests(), u.largestPayloadBytes())));
        return out.toString();
    }

    private static long sum(List<TableUse> list, Predicate<TableUse> filter, java.util.function.ToLongFunction<TableUse> f) {
        return list.stream().filter(filter).mapToLong(f).sum();
    }

    private static String units(double units) {
        return String.format(Locale.ROOT, "%.1f", units);
    }
}
