package jp.kokin.adapters.queue;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jp.kokin.adapters.json.Json;
import jp.kokin.domain.notification.PortalNotification;

/** Queue body of a portal notification: {@code {"id","portalId","type","timestamp","data"}}. */
public final class PortalNotificationCodec {
    private PortalNotificationCodec() {}

    public static String toJson(PortalNotification n) {
        ObjectNode node = Json.object();
        node.put("id", n.id());
        node.put("portalId", n.portalId());
        node.put("type", n.type());
        node.put("timestamp", n.timestamp().toString());
        node.set("data", data(n.data()));
        return Json.write(node);
    }

    /** The {@code data} object as JSON (strings, numbers, booleans). */
    public static ObjectNode data(Map<String, Object> data) {
        ObjectNode node = Json.object();
        data.forEach((k, v) -> {
            switch (v) {
                case null -> node.putNull(k);
                case Long l -> node.put(k, l);
                case Integer i -> node.put(k, i);
                case Boolean b -> node.put(k, b);
                default -> node.put(k, v.toString());
            }
        });
        return node;
    }

    public static PortalNotification fromJson(String body) {
        JsonNode node = Json.parse(body);
        try {
            Map<String, Object> data = new LinkedHashMap<>();
            node.get("data").fields().forEachRemaining(e -> {
                JsonNode v = e.getValue();
                data.put(e.getKey(), v.isIntegralNumber() ? (Object) v.asLong() : v.isBoolean() ? (Object) v.asBoolean()
                        : v.isNull() ? null : v.asText());
            });
            return new PortalNotification(node.get("id").asText(), node.get("portalId").asText(), node.get("type").asText(),
                    Instant.parse(node.get("timestamp").asText()), data);
        } catch (NullPointerException | DateTimeParseException e) {
            throw new Json.InvalidJsonException("not a notification message: " + e.getMessage());
        }
    }
}
