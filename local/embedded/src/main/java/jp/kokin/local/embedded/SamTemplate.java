package jp.kokin.local.embedded;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A SAM template read for local use: parameters, resources, conditions and the functions with their
 * events. Intrinsic functions stay unresolved here ({@link Provisioned} resolves them). Long-form
 * intrinsics ({@code Ref:}, {@code Fn::GetAtt:}) and single-node short forms ({@code !Ref X},
 * {@code !GetAtt [A, Arn]}, {@code !GetAtt A.Arn}) are both understood.
 */
public final class SamTemplate {

    public static final String FUNCTION = "AWS::Serverless::Function";
    public static final String TABLE = "AWS::DynamoDB::Table";
    public static final String QUEUE = "AWS::SQS::Queue";
    public static final String BUCKET = "AWS::S3::Bucket";
    public static final String SECRET = "AWS::SecretsManager::Secret";
    /** The API SAM creates for HttpApi events that name none. */
    public static final String IMPLICIT_HTTP_API = "ServerlessHttpApi";
    private static final int DEFAULT_TIMEOUT_SECONDS = 3;
    private static final java.util.Set<String> SHORT_FORMS = java.util.Set.of("Ref", "Condition", "GetAtt", "Sub", "If",
            "Equals", "Not", "And", "Or", "Join", "Select", "Split", "FindInMap", "Base64", "ImportValue");

    public record Parameter(String name, String type, String defaultValue) {}

    /** A resource; {@code deletionPolicy} and {@code updateReplacePolicy} are empty when not written. */
    public record Resource(String logicalId, String type, JsonNode properties, String deletionPolicy,
                           String updateReplacePolicy) {}

    /** An HttpApi event; {@code path} as written ({@code /v1/checkouts/{id}}), {@code method} upper case or {@code ANY}. */
    public record HttpApiEvent(String name, String method, String path, String apiId) {}

    public record SqsEvent(String name, String queueLogicalId, int batchSize, List<String> functionResponseTypes) {
        public boolean reportsBatchItemFailures() {
            return functionResponseTypes.contains("ReportBatchItemFailures");
        }
    }

    /** A ScheduleV2 (or Schedule) event; {@code timezone} defaults to UTC, {@code input} may be null. */
    public record ScheduleEvent(String name, String expression, String timezone, String input) {}

    /**
     * A function. {@code environment} holds Globals' variables overlaid by the function's, unresolved.
     */
    public record Function(String logicalId, String handlerClass, String handlerMethod, String codeUri,
                           Map<String, JsonNode> environment, int timeoutSeconds,
                           List<HttpApiEvent> httpApiEvents, List<SqsEvent> sqsEvents, List<ScheduleEvent> scheduleEvents) {}

    private final Path path;
    private final Map<String, Parameter> parameters;
    private final Map<String, Resource> resources;
    private final Map<String, JsonNode> conditions;
    private final Map<String, Function> functions;

    private final JsonNode functionGlobals;

    private SamTemplate(Path path, JsonNode root) {
        this.path = path;
        this.parameters = parseParameters(root.path("Parameters"));
        this.resources = parseResources(root.path("Resources"));
        var conditions = new LinkedHashMap<String, JsonNode>();
        root.path("Conditions").properties().forEach(e -> conditions.put(e.getKey(), e.getValue()));
        this.conditions = conditions;
        this.functions = parseFunctions(root.path("Globals").path("Function"));
        this.functionGlobals = root.path("Globals").path("Function");
    }

    public static SamTemplate load(Path path) {
        try {
            return parse(path, Files.readString(path));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + path, e);
        }
    }

    public static SamTemplate parse(String yaml) {
        return parse(null, yaml);
    }

    private static SamTemplate parse(Path path, String yaml) {
        try (JsonParser parser = new YAMLFactory().createParser(yaml)) {
            parser.nextToken();
            JsonNode root = readNode(parser);
            if (!root.isObject()) {
                throw new IllegalArgumentException("Not a template: the document is not a mapping");
            }
            return new SamTemplate(path, root);
        } catch (IOException e) {
            throw new IllegalArgumentException("Invalid template YAML: " + e.getMessage(), e);
        }
    }

    /** Where the template was read from, if from a file. */
    public Optional<Path> path() {
        return Optional.ofNullable(path);
    }

    public Map<String, Parameter> parameters() {
        return parameters;
    }

    public Map<String, Resource> resources() {
        return resources;
    }

    /** {@code Globals.Function}: the properties every function has unless it sets its own. */
    public JsonNode functionGlobals() {
        return functionGlobals;
    }

    public Map<String, JsonNode> conditions() {
        return conditions;
    }

    /** Functions by logical id, in template order. */
    public Map<String, Function> functions() {
        return functions;
    }

    public Function function(String logicalId) {
        var f = functions.get(logicalId);
        if (f == null) {
            throw new IllegalArgumentException("No function " + logicalId + " in the template");
        }
        return f;
    }

    public List<Resource> resourcesOfType(String type) {
        return resources.values().stream().filter(r -> r.type().equals(type)).toList();
    }

    // --- parsing ---

    /** Builds a tree from the YAML events, turning short-form tags ({@code !Ref}, {@code !GetAtt}…) into long form. */
    private static JsonNode readNode(JsonParser p) throws IOException {
        Object typeId = p.getTypeId();
        String tag = typeId == null ? null : typeId.toString();
        JsonNode node = switch (p.currentToken()) {
            case START_OBJECT -> {
                ObjectNode o = JsonNodeFactory.instance.objectNode();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    o.set(name, readNode(p));
                }
                yield o;
            }
            case START_ARRAY -> {
                ArrayNode a = JsonNodeFactory.instance.arrayNode();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    a.add(readNode(p));
                }
                yield a;
            }
            case VALUE_STRING -> JsonNodeFactory.instance.textNode(p.getText());
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> JsonNodeFactory.instance.textNode(p.getText());
            case VALUE_TRUE -> JsonNodeFactory.instance.booleanNode(true);
            case VALUE_FALSE -> JsonNodeFactory.instance.booleanNode(false);
            case VALUE_NULL -> JsonNodeFactory.instance.nullNode();
            default -> throw new IllegalArgumentException("Unexpected YAML token " + p.currentToken());
        };
        String intrinsic = tag == null ? "" : tag.replaceFirst("^!+", "");
        return SHORT_FORMS.contains(intrinsic) ? longForm(intrinsic, node) : node;
    }

    private static JsonNode longForm(String tag, JsonNode value) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        if (tag.equals("Ref") || tag.equals("Condition")) {
            o.set(tag, value);
        } else if (tag.equals("GetAtt") && value.isTextual() && value.asText().contains(".")) {
            String s = value.asText();
            int dot = s.indexOf('.');
            o.set("Fn::GetAtt", JsonNodeFactory.instance.arrayNode().add(s.substring(0, dot)).add(s.substring(dot + 1)));
        } else {
            o.set("Fn::" + tag, value);
        }
        return o;
    }

    private static Map<String, Parameter> parseParameters(JsonNode node) {
        var result = new LinkedHashMap<String, Parameter>();
        node.properties().forEach(e -> {
            JsonNode d = e.getValue().get("Default");
            result.put(e.getKey(), new Parameter(e.getKey(), e.getValue().path("Type").asText("String"),
                    d == null || d.isNull() ? null : d.isArray() ? join(d) : d.asText()));
        });
        return java.util.Collections.unmodifiableMap(result);
    }

    private static String join(JsonNode array) {
        var parts = new ArrayList<String>();
        array.forEach(n -> parts.add(n.asText()));
        return String.join(",", parts);
    }

    private static Map<String, Resource> parseResources(JsonNode node) {
        var result = new LinkedHashMap<String, Resource>();
        node.properties().forEach(e -> result.put(e.getKey(), new Resource(e.getKey(),
                e.getValue().path("Type").asText(), e.getValue().path("Properties"),
                e.getValue().path("DeletionPolicy").asText(""), e.getValue().path("UpdateReplacePolicy").asText(""))));
        return java.util.Collections.unmodifiableMap(result);
    }

    private Map<String, Function> parseFunctions(JsonNode globals) {
        var result = new LinkedHashMap<String, Function>();
        for (Resource r : resources.values()) {
            if (!r.type().equals(FUNCTION)) {
                continue;
            }
            JsonNode props = r.properties();
            String handler = text(props, globals, "Handler");
            if (handler == null) {
                throw new IllegalArgumentException(r.logicalId() + " has no Handler");
            }
            int sep = handler.indexOf("::");
            String handlerClass = sep < 0 ? handler : handler.substring(0, sep);
            String handlerMethod = sep < 0 ? "handleRequest" : handler.substring(sep + 2);

            var env = new LinkedHashMap<String, JsonNode>();
            globals.path("Environment").path("Variables").properties().forEach(e -> env.put(e.getKey(), e.getValue()));
            props.path("Environment").path("Variables").properties().forEach(e -> env.put(e.getKey(), e.getValue()));

            String timeout = text(props, globals, "Timeout");
            var http = new ArrayList<HttpApiEvent>();
            var sqs = new ArrayList<SqsEvent>();
            var schedules = new ArrayList<ScheduleEvent>();
            props.path("Events").properties().forEach(e -> {
                JsonNode ev = e.getValue().path("Properties");
                switch (e.getValue().path("Type").asText()) {
                    case "HttpApi" -> http.add(new HttpApiEvent(e.getKey(),
                            ev.path("Method").asText("ANY").toUpperCase(java.util.Locale.ROOT),
                            ev.path("Path").asText("/{proxy+}"),
                            ev.has("ApiId") ? logicalIdOf(ev.get("ApiId")) : IMPLICIT_HTTP_API));
                    case "SQS" -> {
                        var types = new ArrayList<String>();
                        ev.path("FunctionResponseTypes").forEach(t -> types.add(t.asText()));
                        sqs.add(new SqsEvent(e.getKey(), logicalIdOf(ev.get("Queue")),
                                ev.path("BatchSize").asInt(10), List.copyOf(types)));
                    }
                    case "ScheduleV2", "Schedule" -> schedules.add(new ScheduleEvent(e.getKey(),
                            ev.has("ScheduleExpression") ? ev.get("ScheduleExpression").asText() : ev.path("Schedule").asText(),
                            ev.path("ScheduleExpressionTimezone").asText("UTC"),
                            ev.has("Input") ? ev.get("Input").asText() : null));
                    default -> { /* other event types are not emulated locally */ }
                }
            });
            result.put(r.logicalId(), new Function(r.logicalId(), handlerClass, handlerMethod,
                    text(props, globals, "CodeUri"), java.util.Collections.unmodifiableMap(env),
                    timeout == null ? DEFAULT_TIMEOUT_SECONDS : Integer.parseInt(timeout),
                    List.copyOf(http), List.copyOf(sqs), List.copyOf(schedules)));
        }
        return java.util.Collections.unmodifiableMap(result);
    }

    private static String text(JsonNode props, JsonNode globals, String name) {
        JsonNode n = props.has(name) ? props.get(name) : globals.get(name);
        return n == null || n.isNull() || n.isContainerNode() ? null : n.asText();
    }

    /** The logical id a reference names: {@code {Ref: X}}, {@code {Fn::GetAtt: [X, Arn]}}, or an ARN/name's last segment. */
    static String logicalIdOf(JsonNode ref) {
        if (ref == null || ref.isNull()) {
            throw new IllegalArgumentException("Missing reference");
        }
        if (ref.has("Ref")) {
            return ref.get("Ref").asText();
        }
        if (ref.has("Fn::GetAtt")) {
            JsonNode a = ref.get("Fn::GetAtt");
            return a.isArray() ? a.get(0).asText() : a.asText().split("\\.")[0];
        }
        String s = ref.asText();
        return s.substring(s.lastIndexOf(':') + 1);
    }
}
