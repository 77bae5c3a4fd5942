package jp.kokin.adapters.testing;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import jp.kokin.adapters.json.Json;

/** What code logged: our log lines are JSON objects on standard output, one a line. */
public final class Logs {
    private Logs() {}

    /** Something to run while the log is captured. */
    @FunctionalInterface
    public interface Action<T> {
        T run() throws Exception;
    }

    /** What an action answered and the JSON lines it logged meanwhile. */
    public record Captured<T>(T value, List<JsonNode> lines) {
        /** The lines of one event ({@code "event"}). */
        public List<JsonNode> event(String name) {
            return lines.stream().filter(l -> name.equals(l.path("event").asText())).toList();
        }
    }

    /** Runs {@code action} with standard output captured; other lines than JSON objects are dropped. */
    public static <T> Captured<T> capture(Action<T> action) throws Exception {
        PrintStream stdout = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        T value;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            value = action.run();
        } finally {
            System.setOut(stdout);
        }
        return new Captured<>(value, out.toString(StandardCharsets.UTF_8).lines()
                .filter(l -> l.startsWith("{")).map(Json::parse).toList());
    }
}
