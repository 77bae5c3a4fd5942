package jp.kokin.notification;

import java.io.PrintStream;

import com.fasterxml.jackson.databind.node.ObjectNode;

import jp.kokin.adapters.json.Json;

/**
 * One JSON line per record: correlation keys and the outcome only, never the body, a secret,
 * a signature or the portal's URL path.
 */
final class NotificationLog {
    private final PrintStream out;

    NotificationLog(PrintStream out) {
        this.out = out;
    }

    /** Starts a line; {@code level} is INFO, WARN or ERROR. */
    ObjectNode line(String level, String messageId, String outcome) {
        ObjectNode line = Json.object();
        line.put("level", level);
        line.put("logger", "notification");
        line.put("messageId", messageId);
        line.put("outcome", outcome);
        return line;
    }

    void write(ObjectNode line) {
        out.println(Json.write(line));
    }
}
