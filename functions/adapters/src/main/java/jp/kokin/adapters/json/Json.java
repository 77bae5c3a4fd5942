package jp.kokin.adapters.json;

import java.io.IOException;
import java.io.StringWriter;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * JSON through Jackson's tree model (no reflection-based binding: explicit mapping is clearer and
 * faster to start). Trees are read and written with Jackson's streaming parser and generator and
 * its node classes, without an {@code ObjectMapper}: the mapper's configuration, serializer and
 * deserializer machinery are some 500 classes a function would load at cold start for nothing.
 * Duplicate keys and anything after the value are rejected; nesting depth and string length are
 * bounded.
 */
public final class Json {
    /** Deeper documents are refused (the parser counts; reading recurses no deeper than this). */
    public static final int MAX_NESTING_DEPTH = 64;
    /** Longer strings are refused. */
    public static final int MAX_STRING_LENGTH = 1_000_000;

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_NESTING_DEPTH).maxStringLength(MAX_STRING_LENGTH).build())
            .build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Json() {}

    /** Parses JSON text; {@link InvalidJsonException} with the parser's reason when it is not JSON. */
    public static JsonNode parse(String text) {
        try (JsonParser parser = FACTORY.createParser(text)) {
            return parse(parser);
        } catch (JsonProcessingException e) {
            throw new InvalidJsonException("the body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidJsonException("the body could not be read: " + e.getMessage());
        }
    }

    public static JsonNode parse(byte[] bytes) {
        try (JsonParser parser = FACTORY.createParser(bytes)) {
            return parse(parser);
        } catch (JsonProcessingException e) {
            throw new InvalidJsonException("the body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidJsonException("the body could not be read: " + e.getMessage());
        }
    }

    /** One value, then nothing (the mapper's {@code FAIL_ON_TRAILING_TOKENS}, with its message). */
    private static JsonNode parse(JsonParser parser) throws IOException {
        if (parser.nextToken() == null) {
            throw new InvalidJsonException("the body is empty");
        }
        JsonNode node = read(parser);
        JsonToken trailing = parser.nextToken();
        if (trailing != null) {
            throw new InvalidJsonException("the body is not valid JSON: Trailing token (of type " + trailing
                    + ") found after value (bound as `" + JsonNode.class.getName()
                    + "`): not allowed as per `DeserializationFeature.FAIL_ON_TRAILING_TOKENS`");
        }
        return node;
    }

    /**
     * The value at the parser's current token, as the mapper's {@code readTree} builds it (the parser left on
     * its last token): one value of a streamed document, without an {@code ObjectMapper}.
     */
    public static JsonNode read(JsonParser parser) throws IOException {
        return switch (parser.currentToken()) {
            case START_OBJECT -> {
                ObjectNode object = NODES.objectNode();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    parser.nextToken();
                    object.set(name, read(parser));
                }
                yield object;
            }
            case START_ARRAY -> {
                ArrayNode array = NODES.arrayNode();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    array.add(read(parser));
                }
                yield array;
            }
            case VALUE_STRING -> NODES.textNode(parser.getText());
            case VALUE_NUMBER_INT -> switch (parser.getNumberType()) {
                case INT -> NODES.numberNode(parser.getIntValue());
                case LONG -> NODES.numberNode(parser.getLongValue());
                default -> NODES.numberNode(parser.getBigIntegerValue());
            };
            case VALUE_NUMBER_FLOAT -> NODES.numberNode(parser.getDoubleValue());
            case VALUE_TRUE -> NODES.booleanNode(true);
            case VALUE_FALSE -> NODES.booleanNode(false);
            case VALUE_NULL -> NODES.nullNode();
            default -> throw new InvalidJsonException("the body is not valid JSON: unexpected " + parser.currentToken());
        };
    }

    public static String write(JsonNode node) {
        StringWriter out = new StringWriter();
        try (JsonGenerator generator = FACTORY.createGenerator(out)) {
            write(generator, node);
        } catch (IOException e) {
            throw new IllegalStateException("a tree always serialises", e);
        }
        return out.toString();
    }

    private static void write(JsonGenerator generator, JsonNode node) throws IOException {
        switch (node.getNodeType()) {
            case OBJECT -> {
                generator.writeStartObject();
                for (Map.Entry<String, JsonNode> field : node.properties()) {
                    generator.writeFieldName(field.getKey());
                    write(generator, field.getValue());
                }
                generator.writeEndObject();
            }
            case ARRAY -> {
                generator.writeStartArray();
                for (JsonNode element : node) {
                    write(generator, element);
                }
                generator.writeEndArray();
            }
            case STRING -> generator.writeString(node.textValue());
            case NUMBER -> {
                switch (node.numberType()) {
                    case INT -> generator.writeNumber(node.intValue());
                    case LONG -> generator.writeNumber(node.longValue());
                    case BIG_INTEGER -> generator.writeNumber(node.bigIntegerValue());
                    case FLOAT -> generator.writeNumber(node.floatValue());
                    case DOUBLE -> generator.writeNumber(node.doubleValue());
                    case BIG_DECIMAL -> generator.writeNumber(node.decimalValue());
                }
            }
            case BOOLEAN -> generator.writeBoolean(node.booleanValue());
            case NULL, MISSING -> generator.writeNull();
            case BINARY -> generator.writeBinary(node.binaryValue());
            case POJO -> throw new IllegalStateException("a tree of POJOs is not written here: " + node.getClass());
        }
    }

    public static ObjectNode object() {
        return NODES.objectNode();
    }

    public static ArrayNode array() {
        return NODES.arrayNode();
    }



    /** Text that is not JSON, or not the JSON we expect; the message is safe to show the sender. */
    public static final class InvalidJsonException extends RuntimeException {
        public InvalidJsonException(String message) {
            super(message);
        }
    }
}
