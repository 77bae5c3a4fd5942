package jp.kokin.adapters.queue;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

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

    /** The {@code data} object as JSON (strings, numbers, booleans, and lists and maps of them). */
    public static ObjectNode data(Map<String, Object> data) {
        ObjectNode node = Json.object();
        data.forEach((k, v) -> node.set(k, value(v)));
        return node;
    }

    private static JsonNode value(Object v) {
        return switch (v) {
            case null -> NullNode.getInstance();
            case Long l -> LongNode.valueOf(l);
            case Integer i -> IntNode.valueOf(i);
            case Boolean b -> BooleanNode.valueOf(b);
            case Map<?, ?> map -> {
                ObjectNode object = Json.object();
                map.forEach((k, e) -> object.set(k.toString(), value(e)));
                yield object;
            }
            case List<?> list -> {
                ArrayNode array = Json.array();
                list.forEach(e -> array.add(value(e)));
                yield array;
            }
            default -> TextNode.valueOf(v.toString());
        };
    }

    /** A data value read back: integers as {@code Long}, objects as maps and arrays as lists, in order. */
    private static Object read(JsonNode v) {
        if (v.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            v.fields().forEachRemaining(e -> map.put(e.getKey(), read(e.getValue())));
            return map;
        }
        if (v.isArray()) {
            List<Object> list = new ArrayList<>();
            v.forEach(e -> list.add(read(e)));
            return list;
        }
        return v.isIntegralNumber() ? (Object) v.asLong() : v.isBoolean() ? (Object) v.asBoolean() : v.isNull() ? null : v.asText();
    }

    public static PortalNotification fromJson(String body) {
        JsonNode node = Json.parse(body);
        try {
            Map<String, Object> data = new LinkedHashMap<>();
            node.get("data").fields().forEachRemaining(e -> data.put(e.getKey(), read(e.getValue())));
            return new PortalNotification(node.get("id").asText(), node.get("portalId").asText(), node.get("type").asText(),
                    Instant.parse(node.get("timestamp").asText()), data);
        } catch (NullPointerException | DateTimeParseException e) {
            throw new Json.InvalidJsonException("not a notification message: " + e.getMessage());
        }
    }
}
