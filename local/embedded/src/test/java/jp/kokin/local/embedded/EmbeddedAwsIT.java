package jp.kokin.local.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.IndexStatus;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

class EmbeddedAwsIT {

    static EmbeddedAws aws;
    static Provisioned resources;

    @BeforeAll
    static void start() {
        aws = EmbeddedAws.start();
        System.out.println("EmbeddedAws started in " + aws.startupTime().toMillis() + " ms (S3Proxy "
                + aws.s3StartupTime().toMillis() + " ms, in parallel)");
        long t0 = System.nanoTime();
        resources = aws.provision(SamTemplate.load(SamTemplateTest.REAL_TEMPLATE), Map.of(), "it-");
        System.out.println("Provisioned in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
    }

    @AfterAll
    static void stop() {
        aws.close();
    }

    @Test
    void createsTheTemplatesTablesWithTheirIndexesAndTtl() {
        assertEquals("it-LedgerTable", resources.tableName("LedgerTable"));
        var ledger = aws.dynamoDb().describeTable(r -> r.tableName("it-LedgerTable")).table();
        var indexes = ledger.globalSecondaryIndexes().stream()
                .collect(Collectors.toMap(g -> g.indexName(), g -> g.projection().projectionType()));
        assertEquals(Map.of("AwaitingReceipt", ProjectionType.KEYS_ONLY,
                "PendingPayments", ProjectionType.ALL, "Unsettled", ProjectionType.ALL,
                "PayInsByOrganization", ProjectionType.ALL, "DuePayIns", ProjectionType.ALL,
                "CheckoutsByOrganization", ProjectionType.INCLUDE, "CheckoutsByReference", ProjectionType.KEYS_ONLY), indexes);
        var byOrganization = ledger.globalSecondaryIndexes().stream()
                .filter(g -> g.indexName().equals("CheckoutsByOrganization")).findFirst().orElseThrow();
        assertTrue(byOrganization.projection().nonKeyAttributes().containsAll(List.of("status", "consoleAmount", "consoleMethod")));
        // the checkout history's source: the template's StreamSpecification
        assertEquals("NEW_AND_OLD_IMAGES", ledger.streamSpecification().streamViewTypeAsString());
        assertTrue(resources.streamArn("LedgerTable").equals(ledger.latestStreamArn()));
        var due = ledger.globalSecondaryIndexes().stream().filter(g -> g.indexName().equals("DuePayIns")).findFirst().orElseThrow();
        assertEquals(List.of("payinDue", "payinDueDate"), due.keySchema().stream().map(k -> k.attributeName()).toList());
        var unsettled = ledger.globalSecondaryIndexes().stream().filter(g -> g.indexName().equals("Unsettled")).findFirst().orElseThrow();
        assertEquals(List.of("settleShard", "paidAt"), unsettled.keySchema().stream().map(k -> k.attributeName()).toList());
        ledger.globalSecondaryIndexes().forEach(g -> assertEquals(IndexStatus.ACTIVE, g.indexStatus()));
        assertEquals(List.of("pk", "sk"), ledger.keySchema().stream().map(k -> k.attributeName()).toList());
        var ttl = aws.dynamoDb().describeTimeToLive(r -> r.tableName("it-LedgerTable")).timeToLiveDescription();
        assertEquals(TimeToLiveStatus.ENABLED, ttl.timeToLiveStatus());
        assertEquals("ttl", ttl.attributeName());
        assertEquals("it-CatalogTable", aws.dynamoDb().describeTable(r -> r.tableName("it-CatalogTable")).table().tableName());
    }

    @Test
    void createsQueuesWithRedriveToTheirDeadLetterQueues() {
        var attributes = aws.sqs().getQueueAttributes(r -> r.queueUrl(resources.queueUrl("PortalNotificationQueue"))
                .attributeNames(QueueAttributeName.ALL)).attributes();
        assertEquals("360", attributes.get(QueueAttributeName.VISIBILITY_TIMEOUT));
        String redrive = attributes.get(QueueAttributeName.REDRIVE_POLICY);
        assertTrue(redrive.contains(resources.queueArn("PortalNotificationDeadLetterQueue")), redrive);
        assertTrue(redrive.replace(" ", "").matches(".*\"maxReceiveCount\":\"?10\"?.*"), redrive);
        assertTrue(resources.queueUrl("ReceiptQueue").startsWith(aws.sqsEndpoint().toString()), "queue URLs use the counting endpoint");
    }

    @Test
    void resolvesTheFunctionsEnvironment() {
        var env = resources.environmentOf("ProviderEventFunction");
        assertEquals("it-CatalogTable", env.get("CATALOG_TABLE"));
        assertEquals(resources.queueUrl("ReceiptQueue"), env.get("RECEIPT_QUEUE_URL"));
        assertEquals("", env.get("PUBLIC_BASE_URL"));
        assertEquals("INFO", env.get("LOG_LEVEL"));
        assertEquals("false", resources.environmentOf("SandboxProviderFunction").get("SANDBOX_ENABLED"));
        assertEquals("it-ReceiptQueue", resources.getAtt("ReceiptQueue", "QueueName"));
    }

    @Test
    void createsTheTemplatesBucketsWithVersioningAndHandsTheirNamesToTheFunctions() {
        String bucket = resources.bucket("SettlementBucket");
        assertEquals("it-settlementbucket", bucket, "lower case, as S3 requires");
        aws.s3().headBucket(r -> r.bucket(bucket));
        assertEquals(BucketVersioningStatus.ENABLED, aws.s3().getBucketVersioning(r -> r.bucket(bucket)).status());
        assertEquals(bucket, resources.environmentOf("SettlementFunction").get("SETTLEMENT_BUCKET"));
        assertEquals(bucket, resources.environmentOf("SettlementApiFunction").get("SETTLEMENT_BUCKET"));
        assertEquals("arn:aws:s3:::" + bucket, resources.getAtt("SettlementBucket", "Arn"));
        assertEquals(aws.s3Endpoint().toString(), aws.awsEnv().get("AWS_ENDPOINT_URL_S3"));
    }

    @Test
    void theEmbeddedS3TakesTheSdksDefaultChecksumsAndSignatures() {
        // the SDK's defaults: a CRC32 trailer on uploads (aws-chunked, signed chunks over plain HTTP),
        // checksum mode on downloads
        String bucket = resources.bucket("SettlementBucket");
        aws.s3().putObject(r -> r.bucket(bucket).key("defaults/probe.txt"), RequestBody.fromString("公金".repeat(10_000)));
        String read = aws.s3().getObjectAsBytes(r -> r.bucket(bucket).key("defaults/probe.txt")).asUtf8String();
        assertEquals("公金".repeat(10_000), read);
        var unsigned = S3Client.builder().endpointOverride(aws.s3Endpoint()).region(EmbeddedAws.REGION).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("someone", "else")))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        try (unsigned) {
            var e = assertThrows(S3Exception.class, () -> unsigned.getObjectAsBytes(r -> r.bucket(bucket).key("defaults/probe.txt")));
            assertEquals(403, e.statusCode(), "signatures are checked");
        }
    }

    @Test
    void aReceiptMessageReceivedFiveTimesMovesToTheDeadLetterQueue() {
        String queue = resources.queueUrl("ReceiptQueue");
        String dlq = resources.queueUrl("ReceiptDeadLetterQueue");
        aws.sqs().sendMessage(r -> r.queueUrl(queue).messageBody("{\"checkoutId\":\"chk_poison\"}"));

        int receives = 0;
        Instant deadline = Instant.now().plusSeconds(20);
        while (Instant.now().isBefore(deadline)) {
            var messages = aws.sqs().receiveMessage(r -> r.queueUrl(queue).visibilityTimeout(0).waitTimeSeconds(0)).messages();
            if (messages.isEmpty() && dlqHas(dlq)) {
                break;
            }
            receives += messages.size();
        }
        assertEquals(5, receives);
        var dead = aws.sqs().receiveMessage(r -> r.queueUrl(dlq).waitTimeSeconds(1)).messages();
        assertEquals("{\"checkoutId\":\"chk_poison\"}", dead.getFirst().body());
    }

    private static boolean dlqHas(String dlq) {
        var attrs = aws.sqs().getQueueAttributes(r -> r.queueUrl(dlq)
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).attributes();
        return !"0".equals(attrs.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
    }

    @Test
    void countsOperationsOfFunctionsAndOfTheRunnerApart() {
        try (SqsClient runnerSqs = SqsClient.builder().endpointOverride(aws.sqsEndpoint())
                .region(EmbeddedAws.REGION)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(o -> o.putHeader(RequestCounts.CALLER_HEADER, RequestCounts.RUNNER))
                .build()) {
            String queue = resources.queueUrl("PortalNotificationDeadLetterQueue");
            var before = aws.counts();
            aws.dynamoDb().putItem(r -> r.tableName("it-CatalogTable").item(Map.of("pk", AttributeValue.fromS("ORG#1"))));
            aws.dynamoDb().getItem(r -> r.tableName("it-CatalogTable").key(Map.of("pk", AttributeValue.fromS("ORG#1"))));
            aws.sqs().sendMessage(r -> r.queueUrl(queue).messageBody("x"));
            runnerSqs.receiveMessage(r -> r.queueUrl(queue).waitTimeSeconds(0));
            var after = aws.counts();

            assertEquals(1, after.functions("DynamoDB_20120810.PutItem") - before.functions("DynamoDB_20120810.PutItem"));
            assertEquals(1, after.functions("DynamoDB_20120810.GetItem") - before.functions("DynamoDB_20120810.GetItem"));
            assertEquals(1, after.functions("AmazonSQS.SendMessage") - before.functions("AmazonSQS.SendMessage"));
            assertEquals(1, after.runner("AmazonSQS.ReceiveMessage") - before.runner("AmazonSQS.ReceiveMessage"));
            assertEquals(before.functions("AmazonSQS.ReceiveMessage"), after.functions("AmazonSQS.ReceiveMessage"));
        }
    }

    /**
     * DynamoDB Local computes ConsumedCapacity by DynamoDB's documented rules (1 KB write units, 4 KB
     * read units, half for an eventually consistent read, an index written when its entry changes);
     * the counting layer records it for every data request and callers that did not ask never see it.
     */
    @Test
    void recordsTheCapacityUnitsOfEachRequestPerTableAndIndexWithoutShowingThemToCallersWhoDidNotAsk() {
        aws.resetCounts();
        // item size = attribute names + values in UTF-8: pk 2 + 9, sk 2 + 8, doc 3 + n
        var exactlyOneKb = aws.dynamoDb().putItem(r -> r.tableName("it-LedgerTable").item(Map.of(
                "pk", AttributeValue.fromS("CHK#cap-1"), "sk", AttributeValue.fromS("CHECKOUT"),
                "doc", AttributeValue.fromS("x".repeat(1024 - 24)))));
        aws.dynamoDb().putItem(r -> r.tableName("it-LedgerTable").item(Map.of(
                "pk", AttributeValue.fromS("CHK#cap-2"), "sk", AttributeValue.fromS("CHECKOUT"),
                "doc", AttributeValue.fromS("x".repeat(1025 - 24)))));
        aws.dynamoDb().putItem(r -> r.tableName("it-LedgerTable").item(Map.of(
                "pk", AttributeValue.fromS("CHK#cap-3"), "sk", AttributeValue.fromS("CHECKOUT"),
                "paidAt", AttributeValue.fromS("2026-12-01T00:00:00Z"),
                "awaitingReceipt", AttributeValue.fromS("Y"), "settleShard", AttributeValue.fromS("07"))));
        var strong = aws.dynamoDb().getItem(r -> r.tableName("it-LedgerTable").consistentRead(true)
                .key(Map.of("pk", AttributeValue.fromS("CHK#cap-2"), "sk", AttributeValue.fromS("CHECKOUT"))));
        var asked = aws.dynamoDb().getItem(r -> r.tableName("it-LedgerTable")
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
                .key(Map.of("pk", AttributeValue.fromS("CHK#cap-2"), "sk", AttributeValue.fromS("CHECKOUT"))));

        assertNull(exactlyOneKb.consumedCapacity(), "hidden from a caller that did not ask");
        assertNull(strong.consumedCapacity());
        assertEquals(1001, strong.item().get("doc").s().length(), "the answer itself is untouched");
        assertEquals(0.5, asked.consumedCapacity().capacityUnits(), "shown to a caller that asked");
        var report = aws.capacity();
        System.out.print(report.format());
        assertEquals(1 + 2 + 1, writeUnits(report, "it-LedgerTable", null, "PutItem"));
        assertEquals(1, writeUnits(report, "it-LedgerTable", "AwaitingReceipt", "PutItem"));
        assertEquals(1, writeUnits(report, "it-LedgerTable", "Unsettled", "PutItem"));
        assertEquals(0, writeUnits(report, "it-LedgerTable", "PendingPayments", "PutItem"), "not in that sparse index");
        var reads = use(report, "it-LedgerTable", null, "GetItem");
        assertEquals(2, reads.requests());
        assertEquals(1 + 0.5, reads.readUnits());
        assertEquals(3, use(report, "it-LedgerTable", null, "PutItem").requests());
        assertTrue(report.calls().stream().anyMatch(c -> c.items().equals("CHK#cap-1 CHECKOUT (1024 B)")
                && c.units().equals("it-LedgerTable 1.0 WCU")), "sized by DynamoDB's rule: " + report.calls());
    }

    @Test
    void countsARefusedConditionalWriteWithoutUnits() {
        aws.resetCounts();
        var item = Map.of("pk", AttributeValue.fromS("CHK#cap-refused"), "sk", AttributeValue.fromS("CHECKOUT"));
        aws.dynamoDb().putItem(r -> r.tableName("it-LedgerTable").item(item).conditionExpression("attribute_not_exists(pk)"));
        assertThrows(ConditionalCheckFailedException.class, () -> aws.dynamoDb().putItem(r -> r.tableName("it-LedgerTable")
                .item(item).conditionExpression("attribute_not_exists(pk)")));

        var puts = use(aws.capacity(), "it-LedgerTable", null, "PutItem");
        assertEquals(2, puts.requests());
        assertEquals(1, puts.refused());
        assertEquals(1, puts.writeUnits());
    }

    @Test
    void weighsSqsRequestsPerQueueInBilled64KbChunks() {
        aws.resetCounts();
        String queue = resources.queueUrl("PortalNotificationDeadLetterQueue");
        aws.sqs().sendMessage(r -> r.queueUrl(queue).messageBody("small"));
        aws.sqs().sendMessage(r -> r.queueUrl(queue).messageBody("x".repeat(CapacityReport.SQS_CHUNK_BYTES + 1)));

        var sends = aws.capacity().functionsSqs().stream()
                .filter(u -> u.queue().equals("it-PortalNotificationDeadLetterQueue") && u.operation().equals("SendMessage"))
                .findFirst().orElseThrow();
        assertEquals(2, sends.requests());
        assertEquals(1 + 2, sends.billedRequests());
        assertTrue(sends.largestPayloadBytes() > CapacityReport.SQS_CHUNK_BYTES);
    }

    private static CapacityReport.TableUse use(CapacityReport report, String table, String index, String operation) {
        return report.functionsDynamoDb().stream()
                .filter(u -> u.table().equals(table) && java.util.Objects.equals(u.index(), index) && u.operation().equals(operation))
                .findFirst().orElse(new CapacityReport.TableUse(CapacityReport.FUNCTIONS, table, index, operation, 0, 0, 0, 0));
    }

    private static double writeUnits(CapacityReport report, String table, String index, String operation) {
        return use(report, table, index, operation).writeUnits();
    }

    @Test
    void listensOnLoopbackOnly() throws Exception {
        for (URI endpoint : List.of(aws.dynamoDbEndpoint(), aws.sqsEndpoint(), aws.s3Endpoint())) {
            assertEquals("127.0.0.1", endpoint.getHost());
            var nonLoopback = nonLoopbackAddress();
            if (nonLoopback != null) {
                try (var socket = new java.net.Socket()) {
                    socket.connect(new java.net.InetSocketAddress(nonLoopback, endpoint.getPort()), 500);
                    throw new AssertionError("reachable on " + nonLoopback + ":" + endpoint.getPort());
                } catch (java.io.IOException expected) {
                    // refused: not bound there
                }
            }
        }
    }

    private static InetAddress nonLoopbackAddress() throws Exception {
        for (var nic : java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
            for (var address : java.util.Collections.list(nic.getInetAddresses())) {
                if (!address.isLoopbackAddress() && address instanceof java.net.Inet4Address) {
                    return address;
                }
            }
        }
        return null;
    }

    @Test
    void resetClearsTheCounts() {
        aws.dynamoDb().listTables();
        aws.resetCounts();
        assertEquals(Set.of(), aws.counts().functions().keySet());
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("Timed out waiting for " + what);
            }
            Thread.onSpinWait();
        }
    }
}
