package jp.kokin.local.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The template's tables, queues and buckets as created in the embedded services, and the resolution of the
 * template's intrinsic functions against them ({@code Ref}, {@code Fn::GetAtt}, {@code Fn::Sub},
 * {@code Fn::If}, {@code Fn::Equals}, {@code Fn::Not}, {@code Fn::And}, {@code Fn::Or},
 * {@code Fn::Join}, {@code Fn::Select}, {@code Condition}).
 */
public final class Provisioned {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{(!?)([^}]+)}");
    /** What {@code Ref: AWS::NoValue} resolves to: the property is dropped. */
    private static final String NO_VALUE = "\u0000NoValue";

    private final SamTemplate template;
    private final Map<String, String> parameters;
    private final String prefix;
    private final Map<String, String> tableNames = new LinkedHashMap<>();
    private final Map<String, String> tableArns = new HashMap<>();
    private final Map<String, String> streamArns = new HashMap<>();
    private final Map<String, String> queueUrls = new LinkedHashMap<>();
    private final Map<String, String> queueArns = new HashMap<>();
    private final Map<String, String> bucketNames = new LinkedHashMap<>();

    private Provisioned(SamTemplate template, Map<String, String> overrides, String prefix) {
        this.template = template;
        this.prefix = prefix;
        var values = new LinkedHashMap<String, String>();
        template.parameters().forEach((name, p) -> {
            if (p.defaultValue() != null) {
                values.put(name, p.defaultValue());
            }
        });
        overrides.forEach((name, value) -> {
            if (!template.parameters().containsKey(name)) {
                throw new IllegalArgumentException("Unknown template parameter " + name);
            }
            values.put(name, value);
        });
        template.parameters().keySet().forEach(name -> {
            if (!values.containsKey(name)) {
                throw new IllegalArgumentException("Template parameter " + name + " has no default: pass a value");
            }
        });
        this.parameters = Map.copyOf(values);
    }

    /**
     * Creates the template's tables and queues with any clients (e.g. LocalStack's); the buckets
     * are named (their {@code Ref}s resolve) but not created.
     */
    public static Provisioned create(SamTemplate template, Map<String, String> overrides, String prefix,
                              DynamoDbClient dynamoDb, SqsClient sqs) {
        return create(template, overrides, prefix, dynamoDb, sqs, null);
    }

    /** Creates the template's tables, queues and (where {@code s3} is given) buckets. */
    public static Provisioned create(SamTemplate template, Map<String, String> overrides, String prefix,
                              DynamoDbClient dynamoDb, SqsClient sqs, S3Client s3) {
        var p = new Provisioned(template, overrides, prefix);
        p.createTables(dynamoDb);
        p.createQueues(sqs);
        p.createBuckets(s3);
        return p;
    }

    /** The physical name of a table. */
    public String tableName(String logicalId) {
        return require(tableNames, logicalId, "table");
    }

    /** The ARN of a table's stream (its template's {@code StreamSpecification}), for DynamoDB Streams. */
    public String streamArn(String logicalId) {
        return require(streamArns, logicalId, "table stream");
    }

    /** The URL of a queue (on the counting SQS endpoint). */
    public String queueUrl(String logicalId) {
        return require(queueUrls, logicalId, "queue");
    }

    public String queueArn(String logicalId) {
        return require(queueArns, logicalId, "queue");
    }

    /** The name of a bucket: lower case, as S3 requires ({@code prefix + logicalId}, or its {@code BucketName}). */
    public String bucket(String logicalId) {
        return require(bucketNames, logicalId, "bucket");
    }

    /** Buckets' names by logical id. */
    public Map<String, String> bucketNames() {
        return Map.copyOf(bucketNames);
    }

    /** Tables' physical names by logical id. */
    public Map<String, String> tableNames() {
        return Map.copyOf(tableNames);
    }

    /** Queues' URLs by logical id. */
    public Map<String, String> queueUrls() {
        return Map.copyOf(queueUrls);
    }

    public Map<String, String> parameters() {
        return parameters;
    }

    public SamTemplate template() {
        return template;
    }

    /** A function's environment variables (Globals overlaid by its own), resolved. */
    public Map<String, String> environmentOf(String functionLogicalId) {
        var env = new LinkedHashMap<String, String>();
        template.function(functionLogicalId).environment().forEach((name, value) -> {
            String resolved = resolveText(value);
            if (!NO_VALUE.equals(resolved)) {
                env.put(name, resolved);
            }
        });
        return java.util.Collections.unmodifiableMap(env);
    }

    // --- creation ---

    private void createTables(DynamoDbClient dynamoDb) {
        for (var table : template.resourcesOfType(SamTemplate.TABLE)) {
            JsonNode p = table.properties();
            String name = p.has("TableName") ? prefix + resolveText(p.get("TableName")) : prefix + table.logicalId();
            boolean provisioned = "PROVISIONED".equals(p.path("BillingMode").asText("PROVISIONED"))
                    && p.has("ProvisionedThroughput");
            var request = CreateTableRequest.builder()
                    .tableName(name)
                    .attributeDefinitions(list(p.path("AttributeDefinitions"), a -> AttributeDefinition.builder()
                            .attributeName(a.path("AttributeName").asText())
                            .attributeType(a.path("AttributeType").asText()).build()))
                    .keySchema(keySchema(p.path("KeySchema")));
            if (provisioned) {
                request.billingMode(BillingMode.PROVISIONED).provisionedThroughput(throughput(p.path("ProvisionedThroughput")));
            } else {
                request.billingMode(BillingMode.PAY_PER_REQUEST);
            }
            if (p.has("GlobalSecondaryIndexes")) {
                request.globalSecondaryIndexes(list(p.get("GlobalSecondaryIndexes"), g -> {
                    var gsi = GlobalSecondaryIndex.builder()
                            .indexName(g.path("IndexName").asText())
                            .keySchema(keySchema(g.path("KeySchema")))
                            .projection(projection(g.path("Projection")));
                    if (provisioned) {
                        gsi.provisionedThroughput(throughput(g.path("ProvisionedThroughput")));
                    }
                    return gsi.build();
                }));
            }
            if (p.has("LocalSecondaryIndexes")) {
                request.localSecondaryIndexes(list(p.get("LocalSecondaryIndexes"), l -> LocalSecondaryIndex.builder()
                        .indexName(l.path("IndexName").asText())
                        .keySchema(keySchema(l.path("KeySchema")))
                        .projection(projection(l.path("Projection"))).build()));
            }
            JsonNode stream = p.path("StreamSpecification");
            if (stream.has("StreamViewType")) {
                request.streamSpecification(s -> s.streamEnabled(true).streamViewType(stream.path("StreamViewType").asText()));
            }
            var created = dynamoDb.createTable(request.build()).tableDescription();
            JsonNode ttl = p.path("TimeToLiveSpecification");
            if (ttl.path("Enabled").asBoolean(false) || "true".equals(ttl.path("Enabled").asText())) {
                dynamoDb.updateTimeToLive(r -> r.tableName(name).timeToLiveSpecification(
                        s -> s.attributeName(ttl.path("AttributeName").asText()).enabled(true)));
            }
            tableNames.put(table.logicalId(), name);
            tableArns.put(table.logicalId(), created.tableArn());
            if (created.latestStreamArn() != null) {
                streamArns.put(table.logicalId(), created.latestStreamArn());
            }
        }
    }

    private void createQueues(SqsClient sqs) {
        // Dead-letter queues first: a redrive policy names its DLQ by ARN.
        var queues = new ArrayList<>(template.resourcesOfType(SamTemplate.QUEUE));
        queues.sort((a, b) -> Boolean.compare(a.properties().has("RedrivePolicy"), b.properties().has("RedrivePolicy")));
        for (var queue : queues) {
            JsonNode p = queue.properties();
            boolean fifo = p.path("FifoQueue").asBoolean(false) || "true".equals(p.path("FifoQueue").asText());
            String name = p.has("QueueName") ? prefix + resolveText(p.get("QueueName"))
                    : prefix + queue.logicalId() + (fifo ? ".fifo" : "");
            var attributes = new HashMap<QueueAttributeName, String>();
            copy(p, "VisibilityTimeout", attributes, QueueAttributeName.VISIBILITY_TIMEOUT);
            copy(p, "MessageRetentionPeriod", attributes, QueueAttributeName.MESSAGE_RETENTION_PERIOD);
            copy(p, "DelaySeconds", attributes, QueueAttributeName.DELAY_SECONDS);
            copy(p, "ReceiveMessageWaitTimeSeconds", attributes, QueueAttributeName.RECEIVE_MESSAGE_WAIT_TIME_SECONDS);
            copy(p, "MaximumMessageSize", attributes, QueueAttributeName.MAXIMUM_MESSAGE_SIZE);
            if (fifo) {
                attributes.put(QueueAttributeName.FIFO_QUEUE, "true");
                copy(p, "ContentBasedDeduplication", attributes, QueueAttributeName.CONTENT_BASED_DEDUPLICATION);
            }
            if (p.has("RedrivePolicy")) {
                JsonNode redrive = p.get("RedrivePolicy");
                var policy = new LinkedHashMap<String, String>();
                policy.put("deadLetterTargetArn", resolveText(redrive.get("deadLetterTargetArn")));
                policy.put("maxReceiveCount", resolveText(redrive.get("maxReceiveCount")));
                attributes.put(QueueAttributeName.REDRIVE_POLICY, json(policy));
            }
            String url = sqs.createQueue(r -> r.queueName(name).attributes(attributes)).queueUrl();
            String arn = sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                    .attributes().get(QueueAttributeName.QUEUE_ARN);
            queueUrls.put(queue.logicalId(), url);
            queueArns.put(queue.logicalId(), arn);
        }
    }

    /**
     * Buckets with versioning as the template asks. Encryption, public access, ownership, Object Lock
     * and lifecycle rules are AWS's to enforce and are not emulated; a bucket the template names
     * ({@code BucketName}) gets the prefix too, so tests sharing one server do not collide.
     */
    private void createBuckets(S3Client s3) {
        for (var bucket : template.resourcesOfType(SamTemplate.BUCKET)) {
            JsonNode p = bucket.properties();
            String name = (prefix + (p.has("BucketName") ? resolveText(p.get("BucketName")) : bucket.logicalId()))
                    .toLowerCase(java.util.Locale.ROOT);
            bucketNames.put(bucket.logicalId(), name);
            if (s3 == null) {
                continue;
            }
            s3.createBucket(r -> r.bucket(name));
            if ("Enabled".equals(p.path("VersioningConfiguration").path("Status").asText())) {
                s3.putBucketVersioning(r -> r.bucket(name).versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
            }
        }
    }

    private void copy(JsonNode p, String property, Map<QueueAttributeName, String> to, QueueAttributeName name) {
        if (p.has(property)) {
            to.put(name, resolveText(p.get(property)));
        }
    }

    private static List<KeySchemaElement> keySchema(JsonNode node) {
        return list(node, k -> KeySchemaElement.builder()
                .attributeName(k.path("AttributeName").asText()).keyType(k.path("KeyType").asText()).build());
    }

    private static Projection projection(JsonNode node) {
        var projection = Projection.builder().projectionType(node.path("ProjectionType").asText("ALL"));
        if (node.has("NonKeyAttributes")) {
            projection.nonKeyAttributes(list(node.get("NonKeyAttributes"), JsonNode::asText));
        }
        return projection.build();
    }

    private static ProvisionedThroughput throughput(JsonNode node) {
        return ProvisionedThroughput.builder()
                .readCapacityUnits(node.path("ReadCapacityUnits").asLong(5))
                .writeCapacityUnits(node.path("WriteCapacityUnits").asLong(5)).build();
    }

    private static <T> List<T> list(JsonNode array, java.util.function.Function<JsonNode, T> mapper) {
        var result = new ArrayList<T>();
        array.forEach(n -> result.add(mapper.apply(n)));
        return result;
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    // --- intrinsic functions ---

    /** Resolves a template value to text (numbers and booleans as written). */
    public String resolveText(JsonNode value) {
        JsonNode resolved = resolve(value);
        if (resolved.isContainerNode()) {
            throw new IllegalArgumentException("Expected a scalar, got " + resolved);
        }
        return resolved.asText();
    }

    /** Resolves every intrinsic function in a template value. */
    public JsonNode resolve(JsonNode value) {
        if (value == null || value.isNull()) {
            return com.fasterxml.jackson.databind.node.TextNode.valueOf("");
        }
        if (value.isArray()) {
            var array = JSON.createArrayNode();
            value.forEach(v -> {
                JsonNode r = resolve(v);
                if (!NO_VALUE.equals(r.asText())) {
                    array.add(r);
                }
            });
            return array;
        }
        if (!value.isObject()) {
            return value;
        }
        if (value.size() == 1) {
            String fn = value.fieldNames().next();
            JsonNode arg = value.get(fn);
            switch (fn) {
                case "Ref" -> { return text(ref(arg.asText())); }
                case "Fn::GetAtt" -> {
                    String id = arg.isArray() ? arg.get(0).asText() : arg.asText().substring(0, arg.asText().indexOf('.'));
                    String attr = arg.isArray() ? resolveText(arg.get(1)) : arg.asText().substring(arg.asText().indexOf('.') + 1);
                    return text(getAtt(id, attr));
                }
                case "Fn::Sub" -> { return text(sub(arg)); }
                case "Fn::If" -> { return resolve(condition(arg.get(0).asText()) ? arg.get(1) : arg.get(2)); }
                case "Fn::Equals", "Fn::Not", "Fn::And", "Fn::Or", "Condition" -> {
                    return com.fasterxml.jackson.databind.node.BooleanNode.valueOf(evaluate(value));
                }
                case "Fn::Join" -> {
                    var parts = new ArrayList<String>();
                    resolve(arg.get(1)).forEach(n -> parts.add(n.asText()));
                    return text(String.join(arg.get(0).asText(), parts));
                }
                case "Fn::Select" -> { return resolve(arg.get(1)).get(Integer.parseInt(resolveText(arg.get(0)))); }
                default -> { /* a plain mapping */ }
            }
        }
        var object = JSON.createObjectNode();
        value.properties().forEach(e -> {
            JsonNode r = resolve(e.getValue());
            if (!NO_VALUE.equals(r.asText())) {
                object.set(e.getKey(), r);
            }
        });
        return object;
    }

    private static JsonNode text(String s) {
        return com.fasterxml.jackson.databind.node.TextNode.valueOf(s);
    }

    /** What {@code Ref} gives: parameter value, table name, queue URL, bucket name, pseudo parameter, or the logical id. */
    public String ref(String name) {
        if (parameters.containsKey(name)) {
            return parameters.get(name);
        }
        if (tableNames.containsKey(name)) {
            return tableNames.get(name);
        }
        if (bucketNames.containsKey(name)) {
            return bucketNames.get(name);
        }
        if (queueUrls.containsKey(name)) {
            return queueUrls.get(name);
        }
        return switch (name) {
            case "AWS::Region" -> EmbeddedAws.REGION.id();
            case "AWS::AccountId" -> EmbeddedAws.ACCOUNT_ID;
            case "AWS::URLSuffix" -> "amazonaws.com";
            case "AWS::Partition" -> "aws";
            case "AWS::StackName" -> "kokin-local";
            case "AWS::NoValue" -> NO_VALUE;
            default -> {
                if (!template.resources().containsKey(name)) {
                    throw new IllegalArgumentException("Ref to unknown name " + name);
                }
                yield name; // an API, a function…: its logical id stands for its physical id locally
            }
        };
    }

    public String getAtt(String logicalId, String attribute) {
        if (queueUrls.containsKey(logicalId)) {
            return switch (attribute) {
                case "Arn" -> queueArns.get(logicalId);
                case "QueueUrl" -> queueUrls.get(logicalId);
                case "QueueName" -> queueArns.get(logicalId).substring(queueArns.get(logicalId).lastIndexOf(':') + 1);
                default -> throw new IllegalArgumentException("Unsupported attribute " + logicalId + "." + attribute);
            };
        }
        if (tableNames.containsKey(logicalId)) {
            return switch (attribute) {
                case "Arn" -> tableArns.get(logicalId);
                case "StreamArn" -> require(streamArns, logicalId, "table stream");
                default -> throw new IllegalArgumentException("Unsupported attribute " + logicalId + "." + attribute);
            };
        }
        if (bucketNames.containsKey(logicalId)) {
            String name = bucketNames.get(logicalId);
            return switch (attribute) {
                case "Arn" -> "arn:aws:s3:::" + name;
                case "DomainName" -> name + ".s3.amazonaws.com";
                case "RegionalDomainName" -> name + ".s3." + EmbeddedAws.REGION.id() + ".amazonaws.com";
                default -> throw new IllegalArgumentException("Unsupported attribute " + logicalId + "." + attribute);
            };
        }
        if (!template.resources().containsKey(logicalId)) {
            throw new IllegalArgumentException("Fn::GetAtt on unknown resource " + logicalId);
        }
        return switch (attribute) {
            case "Arn" -> "arn:aws:local:" + EmbeddedAws.REGION.id() + ":" + EmbeddedAws.ACCOUNT_ID + ":" + logicalId;
            default -> logicalId;
        };
    }

    private String sub(JsonNode arg) {
        String pattern = arg.isArray() ? arg.get(0).asText() : arg.asText();
        Map<String, String> vars = new HashMap<>();
        if (arg.isArray() && arg.size() > 1) {
            arg.get(1).properties().forEach(e -> vars.put(e.getKey(), resolveText(e.getValue())));
        }
        Matcher m = SUB_VARIABLE.matcher(pattern);
        var out = new StringBuilder();
        while (m.find()) {
            String name = m.group(2);
            String replacement;
            if (!m.group(1).isEmpty()) {
                replacement = "${" + name + "}"; // ${!Literal}
            } else if (vars.containsKey(name)) {
                replacement = vars.get(name);
            } else if (name.contains(".") && !name.startsWith("AWS::")) {
                replacement = getAtt(name.substring(0, name.indexOf('.')), name.substring(name.indexOf('.') + 1));
            } else {
                replacement = ref(name);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private boolean condition(String name) {
        JsonNode c = template.conditions().get(name);
        if (c == null) {
            throw new IllegalArgumentException("Unknown condition " + name);
        }
        return evaluate(c);
    }

    private boolean evaluate(JsonNode c) {
        if (c.isBoolean()) {
            return c.asBoolean();
        }
        if (c.isTextual()) {
            return Boolean.parseBoolean(c.asText());
        }
        String fn = c.fieldNames().next();
        JsonNode arg = c.get(fn);
        return switch (fn) {
            case "Fn::Equals" -> resolveText(arg.get(0)).equals(resolveText(arg.get(1)));
            case "Fn::Not" -> !evaluate(arg.get(0));
            case "Fn::And" -> {
                boolean all = true;
                for (JsonNode n : arg) {
                    all &= evaluate(n);
                }
                yield all;
            }
            case "Fn::Or" -> {
                boolean any = false;
                for (JsonNode n : arg) {
                    any |= evaluate(n);
                }
                yield any;
            }
            case "Condition" -> condition(arg.asText());
            default -> throw new IllegalArgumentException("Not a condition: " + c);
        };
    }

    private static String require(Map<String, String> map, String logicalId, String what) {
        String v = map.get(logicalId);
        if (v == null) {
            throw new IllegalArgumentException("No " + what + " " + logicalId + " in the template");
        }
        return v;
    }
}
