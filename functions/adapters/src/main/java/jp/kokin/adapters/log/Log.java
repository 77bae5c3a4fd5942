package jp.kokin.adapters.log;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;

import jp.kokin.adapters.json.Json;

/**
 * Structured logs: one JSON line per event on standard output (CloudWatch in Lambda), with
 * correlation keys only (checkout, payment, receipt, notification ids), never bodies,
 * signatures, keys or personal data. {@code LOG_LEVEL} sets the threshold (default INFO).
 */
public final class Log {
    public enum Level { DEBUG, INFO, WARN, ERROR }

    private static volatile Level threshold = Level.INFO;

    private Log() {}

    public static void configure(Map<String, String> env) {
        String level = env.get("LOG_LEVEL");
        if (level != null && !level.isBlank()) {
            try {
                threshold = Level.valueOf(level.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                threshold = Level.INFO;
            }
        }
    }

    public static void debug(String event, Object... keyValues) {
        log(Level.DEBUG, event, null, keyValues);
    }

    public static void info(String event, Object... keyValues) {
        log(Level.INFO, event, null, keyValues);
    }

    public static void warn(String event, Object... keyValues) {
        log(Level.WARN, event, null, keyValues);
    }

    public static void error(String event, Throwable error, Object... keyValues) {
        log(Level.ERROR, event, error, keyValues);
    }

    private static void log(Level level, String event, Throwable error, Object... keyValues) {
        if (level.ordinal() < threshold.ordinal()) {
            return;
        }
        ObjectNode line = Json.object();
        line.put("time", Instant.now().toString());
        line.put("level", level.name());
        line.put("event", event);
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            Object v = keyValues[i + 1];
            if (v instanceof Number n) {
                line.put(String.valueOf(keyValues[i]), n.longValue());
            } else {
                line.put(String.valueOf(keyValues[i]), String.valueOf(v));
            }
        }
        if (error != null) {
            line.put("error", error.getClass().getName() + ": " + error.getMessage());
            StackTraceElement[] trace = error.getStackTrace();
            if (trace.length > 0) {
                line.put("at", trace[0].toString());
            }
        }
        System.out.println(Json.write(line));
    }
}
