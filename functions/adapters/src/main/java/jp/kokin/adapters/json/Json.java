package jp.kokin.adapters.json;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One configured Jackson mapper, used through its tree model (no reflection-based binding:
 * explicit mapping is clearer and faster to start). Duplicate keys are rejected.
 */
public final class Json {
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(64).maxStringLength(1_000_000).build());
    }

    private Json() {}

    /** Parses JSON text; {@link InvalidJsonException} with the parser's reason when it is not JSON. */
    public static JsonNode parse(String text) {
        try {
            JsonNode node = MAPPER.readTree(text);
            if (node == null || node.isMissingNode()) {
                throw new InvalidJsonException("the body is empty");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new InvalidJsonException("the body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    public static JsonNode parse(byte[] bytes) {
        try {
            JsonNode node = MAPPER.readTree(bytes);
            if (node == null || node.isMissingNode()) {
                throw new InvalidJsonException("the body is empty");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new InvalidJsonException("the body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidJsonException("the body could not be read: " + e.getMessage());
        }
    }

    public static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree always serialises", e);
        }
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    public static ArrayNode array() {
        return MAPPER.createArrayNode();
    }



    /** Text that is not JSON, or not the JSON we expect; the message is safe to show the sender. */
    public static final class InvalidJsonException extends RuntimeException {
        public InvalidJsonException(String message) {
            super(message);
        }
    }
}
