package jp.kokin.local.embedded;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.elasticmq.NodeAddress;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.dynamodb.services.local.server.LocalDynamoDBRequestHandler;
import software.amazon.dynamodb.services.local.server.LocalDynamoDBServerHandler;

/**
 * DynamoDB Local, ElasticMQ and an S3-compatible server (S3Proxy, objects in memory) in this JVM,
 * each on a free port of 127.0.0.1 only. DynamoDB and SQS are behind a counter of the operations
 * they receive and of what they consume ({@link #capacity()}); the endpoints handed out for them
 * are the counting ones. S3 is not counted (nothing here budgets its requests). S3Proxy checks
 * SigV4 signatures, presigned URLs' expiry included, with the fixed local credentials.
 *
 * <pre>{@code
 * try (var aws = EmbeddedAws.start()) {
 *     var resources = aws.provision(SamTemplate.load(Path.of("template.yaml")), Map.of());
 *     var env = resources.environmentOf("ReceiptFunction"); // plus aws.awsEnv()
 * }
 * }</pre>
 */
public final class EmbeddedAws implements AutoCloseable {

    public static final Region REGION = Region.AP_NORTHEAST_1;
    public static final String ACCOUNT_ID = "000000000000";
    static final String ACCESS_KEY = "kokinlocal";
    static final String SECRET_KEY = "kokinlocal";
    private static final String LOOPBACK = "127.0.0.1";
    /** Held so the level sticks (java.util.logging keeps loggers weakly). */
    private static final java.util.logging.Logger SQLITE_LOG = java.util.logging.Logger.getLogger("com.almworks.sqlite4java");

    private final Server dynamoServer;
    private final Server sqsProxy;
    private final SQSRestServer elasticMq;
    private final CountingForwarder forwarder;
    private final RequestCounter counter;
    private final LocalDynamoDBRequestHandler dynamoBackend;
    private final URI dynamoDbEndpoint;
    private final URI sqsEndpoint;
    private final DynamoDbClient dynamoDb;
    private final SqsClient sqs;
    private final S3Proxy s3Server;
    private final URI s3Endpoint;
    private final S3Client s3;
    private final Duration startupTime;
    private final Duration s3StartupTime;

    private EmbeddedAws(Server dynamoServer, Server sqsProxy, SQSRestServer elasticMq, CountingForwarder forwarder,
                        RequestCounter counter, LocalDynamoDBRequestHandler dynamoBackend, S3Proxy s3Server,
                        Duration s3StartupTime, Duration startupTime) {
        this.dynamoServer = dynamoServer;
        this.sqsProxy = sqsProxy;
        this.elasticMq = elasticMq;
        this.forwarder = forwarder;
        this.counter = counter;
        this.dynamoBackend = dynamoBackend;
        this.dynamoDbEndpoint = URI.create("http://" + LOOPBACK + ":" + port(dynamoServer));
        this.sqsEndpoint = URI.create("http://" + LOOPBACK + ":" + port(sqsProxy));
        this.dynamoDb = DynamoDbClient.builder()
                .endpointOverride(dynamoDbEndpoint).region(REGION).credentialsProvider(credentials())
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        this.sqs = SqsClient.builder()
                .endpointOverride(sqsEndpoint).region(REGION).credentialsProvider(credentials())
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        this.s3Server = s3Server;
        this.s3Endpoint = URI.create("http://" + LOOPBACK + ":" + s3Server.getPort());
        this.s3 = S3Client.builder()
                .endpointOverride(s3Endpoint).region(REGION).credentialsProvider(credentials()).forcePathStyle(true)
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        this.startupTime = startupTime;
        this.s3StartupTime = s3StartupTime;
    }

    /** Starts the services (in parallel: ElasticMQ's actor system is the slow part, about a second). */
    public static EmbeddedAws start() {
        long started = System.nanoTime();
        quietenLibraryLogging();
        var counter = new RequestCounter();
        Server sqsProxy = null;
        Server dynamoServer = null;
        // its own thread: on two cores the common pool runs one task at a time, and ElasticMQ's is there
        CompletableFuture<TimedS3> s3 = CompletableFuture.supplyAsync(EmbeddedAws::startS3,
                task -> Thread.ofPlatform().daemon().name("s3proxy-start").start(task));
        try {
            // The proxy's port must be known first: ElasticMQ writes it into every queue URL it hands out.
            var forwarder = new CountingForwarder(counter);
            sqsProxy = jetty("sqs-proxy");
            sqsProxy.setHandler(forwarder);
            sqsProxy.start();
            int proxyPort = port(sqsProxy);
            CompletableFuture<SQSRestServer> elasticMq = CompletableFuture.supplyAsync(() -> startElasticMq(proxyPort));

            var dynamoBackend = new LocalDynamoDBRequestHandler(0, true, null, true, false);
            dynamoServer = jetty("dynamodb");
            // No DynamoDBProxyServer: it binds every interface and sends start-up telemetry.
            dynamoServer.setHandler(new CountingHandler(counter, new LocalDynamoDBServerHandler(dynamoBackend, "*")));
            dynamoServer.start();

            SQSRestServer mq = elasticMq.get(60, TimeUnit.SECONDS);
            int mqPort = mq.waitUntilStarted().localAddress().getPort();
            forwarder.target(URI.create("http://" + LOOPBACK + ":" + mqPort));
            TimedS3 s3Server = s3.get(60, TimeUnit.SECONDS);
            return new EmbeddedAws(dynamoServer, sqsProxy, mq, forwarder, counter, dynamoBackend,
                    s3Server.server(), s3Server.startup(), Duration.ofNanos(System.nanoTime() - started));
        } catch (Exception e) {
            stopQuietly(dynamoServer);
            stopQuietly(sqsProxy);
            s3.thenAccept(t -> stopQuietly(t.server()));
            throw new IllegalStateException("Could not start the embedded AWS services: " + e, e);
        }
    }

    private record TimedS3(S3Proxy server, Duration startup) {}

    /**
     * S3Proxy with its in-memory blob store (objects are gone with the JVM, as DynamoDB Local's
     * tables are) and SigV4 authentication with the local credentials.
     */
    private static TimedS3 startS3() {
        long started = System.nanoTime();
        var server = S3Proxy.builder()
                .blobStore(new TransientNio2BlobStore())
                .endpoint(URI.create("http://" + LOOPBACK + ":0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .stopTimeout(0)
                .build();
        try {
            server.start(); // Jetty's start: returns once the connector listens
        } catch (Exception e) {
            stopQuietly(server);
            throw new IllegalStateException("S3Proxy did not start: " + e, e);
        }
        return new TimedS3(server, Duration.ofNanos(System.nanoTime() - started));
    }

    private static SQSRestServer startElasticMq(int proxyPort) {
        var server = SQSRestServerBuilder
                .withInterface(LOOPBACK)
                .withPort(0)
                .withServerAddress(new NodeAddress("http", LOOPBACK, proxyPort, ""))
                .withAWSRegion(REGION.id())
                .withAWSAccountId(ACCOUNT_ID)
                .start();
        server.waitUntilStarted();
        return server;
    }

    private static Server jetty(String name) {
        var pool = new QueuedThreadPool(64, 2);
        pool.setName(name);
        pool.setDaemon(true);
        var server = new Server(pool);
        var connector = new ServerConnector(server, 1, 1);
        connector.setHost(LOOPBACK);
        connector.setPort(0);
        server.addConnector(connector);
        server.setStopTimeout(0);
        return server;
    }

    private static int port(Server server) {
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    /** DynamoDB Local logs through Log4j 2 and Jetty, ElasticMQ through SLF4J: keep them to warnings. */
    private static void quietenLibraryLogging() {
        SQLITE_LOG.setLevel(java.util.logging.Level.SEVERE); // "SQLite: unknown jar version"

        System.setProperty("log4j2.level", System.getProperty("log4j2.level", "WARN"));
        System.setProperty("log4j2.statusLoggerLevel", System.getProperty("log4j2.statusLoggerLevel", "OFF"));
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel",
                System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"));
    }

    private static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY));
    }

    /** The counting DynamoDB endpoint, {@code http://127.0.0.1:<port>}. */
    public URI dynamoDbEndpoint() {
        return dynamoDbEndpoint;
    }

    /** The counting SQS endpoint, {@code http://127.0.0.1:<port>}; queue URLs point here too. */
    public URI sqsEndpoint() {
        return sqsEndpoint;
    }

    /** A client for the embedded DynamoDB (URL-connection HTTP client, ap-northeast-1, dummy credentials). */
    public DynamoDbClient dynamoDb() {
        return dynamoDb;
    }

    /** A client for the embedded SQS. */
    public SqsClient sqs() {
        return sqs;
    }

    /** The S3 endpoint, {@code http://127.0.0.1:<port>}; buckets by path ({@code /<bucket>/<key>}). */
    public URI s3Endpoint() {
        return s3Endpoint;
    }

    /** A client for the embedded S3 (path-style addressing). */
    public S3Client s3() {
        return s3;
    }

    /** The AWS settings a handler needs to reach the embedded services. */
    public Map<String, String> awsEnv() {
        var env = new LinkedHashMap<String, String>();
        env.put("AWS_REGION", REGION.id());
        env.put("AWS_ENDPOINT_URL_DYNAMODB", dynamoDbEndpoint.toString());
        env.put("AWS_ENDPOINT_URL_SQS", sqsEndpoint.toString());
        env.put("AWS_ENDPOINT_URL_S3", s3Endpoint.toString());
        env.put("AWS_ACCESS_KEY_ID", ACCESS_KEY);
        env.put("AWS_SECRET_ACCESS_KEY", SECRET_KEY);
        return Map.copyOf(env);
    }

    /** A snapshot of the operations received so far, functions' and runner's apart. */
    public RequestCounts counts() {
        return counter.snapshot();
    }

    /**
     * A snapshot of what the requests so far consumed: DynamoDB capacity units per table, index and
     * operation (as DynamoDB Local computes them, asked for on every data request and hidden from
     * callers that did not ask), SQS requests per queue as billed. Cleared by {@link #resetCounts()}.
     */
    public CapacityReport capacity() {
        return counter.capacity().snapshot();
    }

    /** Clears the counts and the capacity report. */
    public void resetCounts() {
        counter.reset();
    }

    /** How long {@link #start()} took. */
    public Duration startupTime() {
        return startupTime;
    }

    /** How long S3Proxy took to start (in parallel with the others: part of {@link #startupTime()}). */
    public Duration s3StartupTime() {
        return s3StartupTime;
    }

    /** Creates the template's tables, queues and buckets, named by their logical ids. */
    public Provisioned provision(SamTemplate template, Map<String, String> parameterOverrides) {
        return provision(template, parameterOverrides, "");
    }

    /** Same, with physical names {@code prefix + logicalId} so several tests can share one instance. */
    public Provisioned provision(SamTemplate template, Map<String, String> parameterOverrides, String prefix) {
        return Provisioned.create(template, parameterOverrides, prefix, dynamoDb, sqs, s3);
    }

    @Override
    public void close() {
        dynamoDb.close();
        sqs.close();
        s3.close();
        stopQuietly(s3Server);
        stopQuietly(sqsProxy);
        forwarder.close();
        try {
            elasticMq.stopAndWait();
        } catch (RuntimeException e) {
            System.err.println("ElasticMQ did not stop cleanly: " + e);
        }
        stopQuietly(dynamoServer);
        dynamoBackend.shutdown();
    }

    private static void stopQuietly(S3Proxy server) {
        if (server != null) {
            try {
                server.stop();
            } catch (Exception e) {
                System.err.println("S3Proxy did not stop cleanly: " + e);
            }
        }
    }

    private static void stopQuietly(Server server) {
        if (server != null) {
            try {
                server.stop();
            } catch (Exception e) {
                System.err.println("Jetty did not stop cleanly: " + e);
            }
        }
    }
}
