package jp.kokin.adapters.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * {@link Json} reads and writes without an {@code ObjectMapper} (fewer classes at cold start); it
 * must behave exactly as the mapper it replaced: same trees (node types included), same text
 * out, same documents refused, same messages.
 */
class JsonTest {
    /** The mapper {@link Json} used to be. */
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(64).maxStringLength(1_000_000).build());
    }

    private static final List<String> DOCUMENTS = List.of(
            "{}", "[]", "null", "true", "0", "-1", "2147483647", "2147483648", "-9223372036854775808",
            "92233720368547758070", "1.5", "-0.0", "1e3", "1E-7", "123456789.123456789e300", "\"\"",
            "\"日本語 \\u00e9 \\\" \\\\ \\n \\t \\u0001 \\ud83d\\ude00\"",
            "{\"a\":[1,2.5,\"x\",true,false,null,{\"b\":12345678901}],\"c\":\"公金\",\"d\":{}}",
            "  {\"nested\":{\"deeper\":[[[]],{}]}}  ", "[1,[2,[3,[4]]]]");

    private static final List<String> REFUSED = List.of(
            "", "   ", "{", "}", "[1,]", "{\"a\":1,\"a\":2}", "{\"a\":1} {}", "{} x", "1 2", "nul", "'a'",
            "{\"a\":01}", "[" .repeat(65) + "]".repeat(65));

    @Test
    void readsTheTreesTheMapperRead() throws Exception {
        for (String doc : DOCUMENTS) {
            JsonNode expected = MAPPER.readTree(doc);
            JsonNode actual = Json.parse(doc);
            assertEquals(expected, actual, doc);
            assertEquals(types(expected), types(actual), doc);
            assertEquals(expected, Json.parse(doc.getBytes(StandardCharsets.UTF_8)), doc);
        }
    }

    @Test
    void writesTheTextTheMapperWrote() throws Exception {
        for (String doc : DOCUMENTS) {
            JsonNode tree = MAPPER.readTree(doc);
            assertEquals(MAPPER.writeValueAsString(tree), Json.write(tree), doc);
        }
        var built = Json.object().put("i", 1).put("l", 1L << 40).put("d", 0.1).put("f", 1.5f).put("s", "<&>")
                .put("b", true).putNull("n");
        built.putArray("a").add(new java.math.BigDecimal("1.10")).add(java.math.BigInteger.TEN.pow(30));
        assertEquals(MAPPER.writeValueAsString(built), Json.write(built));
    }

    @Test
    void refusesWhatTheMapperRefusedWithTheSameReason() {
        for (String doc : REFUSED) {
            String expected = mapperRefusal(doc);
            var e = assertThrows(Json.InvalidJsonException.class, () -> Json.parse(doc), doc);
            assertEquals(expected, e.getMessage(), doc);
        }
    }

    @Test
    void randomTreesRoundTripAsTheMapperDoes() throws Exception {
        long seed = Long.getLong("json.seed", 20261201L);
        System.out.println("JsonTest seed " + seed + " (-Djson.seed=… for another)");
        Random random = new Random(seed);
        for (int i = 0; i < 200; i++) {
            String doc = MAPPER.writeValueAsString(randomTree(random, 0));
            assertEquals(MAPPER.readTree(doc), Json.parse(doc), "seed " + seed + ": " + doc);
            assertEquals(doc, Json.write(Json.parse(doc)), "seed " + seed);
        }
    }

    /** The message the old {@code Json.parse} gave for {@code doc}. */
    private static String mapperRefusal(String doc) {
        try {
            JsonNode node = MAPPER.readTree(doc);
            if (node == null || node.isMissingNode()) {
                return "the body is empty";
            }
            throw new AssertionError("the mapper accepted " + doc);
        } catch (JsonProcessingException e) {
            return "the body is not valid JSON: " + e.getOriginalMessage();
        }
    }

    private static String types(JsonNode node) {
        StringBuilder out = new StringBuilder(node.getClass().getSimpleName());
        node.forEach(child -> out.append('(').append(types(child)).append(')'));
        return out.toString();
    }

    private static JsonNode randomTree(Random random, int depth) {
        int kind = random.nextInt(depth > 4 ? 6 : 8);
        return switch (kind) {
            case 0 -> Json.object().textNode(Integer.toHexString(random.nextInt()) + "\u3042\"\\");
            case 1 -> Json.object().numberNode(random.nextInt());
            case 2 -> Json.object().numberNode(random.nextLong());
            case 3 -> Json.object().numberNode(random.nextDouble() * 1e6);
            case 4 -> Json.object().booleanNode(random.nextBoolean());
            case 5 -> Json.object().nullNode();
            case 6 -> {
                var object = Json.object();
                for (int i = random.nextInt(4); i > 0; i--) {
                    object.set("k" + random.nextInt(100), randomTree(random, depth + 1));
                }
                yield object;
            }
            default -> {
                var array = Json.array();
                for (int i = random.nextInt(4); i > 0; i--) {
                    array.add(randomTree(random, depth + 1));
                }
                yield array;
            }
        };
    }
}
