package jp.kokin.adapters.log;

import java.time.Instant;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jp.kokin.adapters.json.Json;

/**
 * CloudWatch metrics as Embedded Metric Format log lines: Lambda's log agent turns a line with an
 * {@code _aws} block into a metric, with no API call and no SDK client. One line per metric value,
 * without dimensions (each metric is platform-wide), unit {@code Count}.
 */
public final class Metrics {
    /** The namespace of every Kokin metric. */
    public static final String NAMESPACE = "Kokin";

    private Metrics() {
    }

    /** Emits {@code value} of {@code metric} in {@link #NAMESPACE} at {@code at}. */
    public static void count(String metric, long value, Instant at) {
        System.out.println(Json.write(line(metric, value, at)));
    }

    /** The EMF line (for tests and for callers that log it themselves). */
    public static ObjectNode line(String metric, long value, Instant at) {
        ObjectNode line = Json.object();
        ObjectNode aws = line.putObject("_aws");
        aws.put("Timestamp", at.toEpochMilli());
        ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject();
        directive.put("Namespace", NAMESPACE);
        directive.putArray("Dimensions").addArray();
        ArrayNode metrics = directive.putArray("Metrics");
        metrics.addObject().put("Name", metric).put("Unit", "Count");
        line.put(metric, value);
        return line;
    }
}
