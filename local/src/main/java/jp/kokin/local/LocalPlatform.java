package jp.kokin.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import jp.kokin.local.embedded.EmbeddedAws;
import jp.kokin.local.embedded.Provisioned;
import jp.kokin.local.embedded.RequestCounts;
import jp.kokin.local.embedded.SamTemplate;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The whole platform on one machine: embedded DynamoDB and SQS provisioned from the SAM template, the
 * template's HTTP routes on {@code 127.0.0.1:{port}} (API Gateway HTTP API, payload format 2.0), SQS
 * event source mappings, schedules, and the {@code /_local/*} tools. Embeddable for end-to-end tests.
 */
public final class LocalPlatform implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NOT_FOUND = "{\"message\":\"Not Found\"}";
    private static final String INTERNAL_ERROR = "{\"message\":\"Internal Server Error\"}";

    private final HttpServer server;
    private final ExecutorService requestThreads;
    private final String baseUrl;
    private final PortalMock portal = new PortalMock();
    private final DevIdentityProvider devIdentityProvider;
    private final List<SqsPoller> pollers = new ArrayList<>();
    private final List<StreamPoller> streamPollers = new ArrayList<>();
    private volatile boolean ready;
    private EmbeddedAws aws;
    private SqsClient runnerSqs;
    private Provisioned provisioned;
    private Router router;
    private Map<String, FunctionRuntime> functions = Map.of();
    private Map<String, String> apiOfRoute = Map.of();
    private Schedules schedules;
    private Map<String, jp.kokin.simulators.Simulator> simulators = Map.of();
    private Duration startupTime;

    private LocalPlatform(int port) throws IOException {
        // Listen first (answering 503 until ready): the port is part of every function's environment.
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 256);
        requestThreads = Executors.newFixedThreadPool(32, Thread.ofPlatform().daemon().name("http-", 0).factory());
        server.setExecutor(requestThreads);
        server.createContext("/", this::handle);
        baseUrl = "http://127.0.0.1:" + server.getAddress().getPort();
        devIdentityProvider = new DevIdentityProvider(baseUrl, java.time.Clock.systemUTC());
        server.createContext(DevIdentityProvider.MOUNT, devIdentityProvider);
        server.start();
    }

    /** Starts everything; returns once {@code GET /_local/health} answers 200. */
    public static LocalPlatform start(LocalOptions options) {
        long started = System.nanoTime();
        LocalPlatform platform;
        try {
            platform = new LocalPlatform(options.port());
        } catch (IOException e) {
            throw new IllegalStateException("Cannot listen on 127.0.0.1:" + options.port() + ": " + e.getMessage(), e);
        }
        try {
            platform.boot(options);
            platform.aws.resetCounts(); // provisioning and seeding are set-up, not the functions' traffic
            platform.startupTime = Duration.ofNanos(System.nanoTime() - started);
            platform.ready = true;
            return platform;
        } catch (RuntimeException e) {
            platform.close();
            throw e;
        }
    }

    private void boot(LocalOptions options) {
        Path templatePath = options.resolveTemplate();
        var template = SamTemplate.load(templatePath);
        aws = EmbeddedAws.start();
        log("DynamoDB Local %s, ElasticMQ %s, S3Proxy %s (%d ms)", aws.dynamoDbEndpoint(), aws.sqsEndpoint(),
                aws.s3Endpoint(), aws.startupTime().toMillis());
        provisioned = aws.provision(template, options.parameters());
        log("provisioned %s: tables %s, queues %s, buckets %s", templatePath, provisioned.tableNames().keySet(),
                provisioned.queueUrls().keySet(), provisioned.bucketNames().values());
        runnerSqs = SqsClient.builder()
                .endpointOverride(aws.sqsEndpoint())
                .region(EmbeddedAws.REGION)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("runner", "runner")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(o -> o.putHeader(RequestCounts.CALLER_HEADER, RequestCounts.RUNNER))
                .build();

        var runtimes = new LinkedHashMap<String, FunctionRuntime>();
        for (var f : template.functions().values()) {
            var env = new LinkedHashMap<>(provisioned.environmentOf(f.logicalId()));
            env.putAll(aws.awsEnv());
            env.put("PUBLIC_BASE_URL", baseUrl);
            env.put("SANDBOX_ENABLED", "true");
            env.put("ALLOW_LOOPBACK_URLS", "true"); // the mock portal (/_local/portal/notifications) is on loopback
            if (f.logicalId().equals("ConsoleFunction")) {
                env.putAll(devIdentityProvider.consoleEnv()); // staff sign in at the development provider (/_oidc)
            }
            var runtime = new FunctionRuntime(f, env, Thread.currentThread().getContextClassLoader() != null
                    ? Thread.currentThread().getContextClassLoader() : LocalPlatform.class.getClassLoader());
            if (!runtime.handlerPresent()) {
                log("WARNING: %s: handler %s not on the classpath; its routes will answer 500", f.logicalId(), f.handlerClass());
            }
            runtimes.put(f.logicalId(), runtime);
        }
        functions = Map.copyOf(runtimes);
        router = Router.of(template);
        var apis = new LinkedHashMap<String, String>();
        template.functions().values().forEach(f -> f.httpApiEvents().forEach(e ->
                apis.put(f.logicalId() + " " + e.method() + " " + e.path(), e.apiId())));
        apiOfRoute = Map.copyOf(apis);

        switch (options.seed()) {
            case DEMO -> seed(SeedLoader.demoSeed(baseUrl), "demo seed");
            case FILE -> seed(SeedLoader.file(options.seedFile(), baseUrl), options.seedFile().toString());
            case NONE -> { }
        }

        for (var f : template.functions().values()) {
            for (var e : f.sqsEvents()) {
                var poller = new SqsPoller(functions.get(f.logicalId()), e, provisioned.queueUrl(e.queueLogicalId()), runnerSqs);
                pollers.add(poller);
                poller.start();
            }
        }
        // DynamoDB stream event sources (the checkout history): the stream of the table the event names
        var streams = software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient.builder()
                .endpointOverride(aws.dynamoDbEndpoint())
                .region(EmbeddedAws.REGION)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("runner", "runner")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(o -> o.putHeader(RequestCounts.CALLER_HEADER, RequestCounts.RUNNER))
                .build();
        for (var f : template.functions().values()) {
            template.resources().get(f.logicalId()).properties().path("Events").forEach(e -> {
                if ("DynamoDB".equals(e.path("Type").asText())) {
                    String table = e.path("Properties").path("Stream").path("Fn::GetAtt").path(0).asText();
                    var poller = new StreamPoller(functions.get(f.logicalId()), e.path("Properties"),
                            provisioned.streamArn(table), streams);
                    streamPollers.add(poller);
                    poller.start();
                }
            });
        }
        if (options.schedules()) {
            schedules = new Schedules();
            template.functions().values().forEach(f -> f.scheduleEvents().forEach(e -> {
                schedules.schedule(functions.get(f.logicalId()), e);
                log("schedule %s: %s %s", f.logicalId(), e.expression(), e.timezone());
            }));
        }
    }

    private void seed(byte[] seed, String what) {
        if (!provisioned.tableNames().containsKey("CatalogTable")) {
            throw new IllegalStateException("The template has no CatalogTable to seed");
        }
        SeedLoader.load(aws.dynamoDb(), provisioned.tableName("CatalogTable"), seed);
        log("catalog loaded from %s", what);
        simulators = Simulators.fromSeed(seed, baseUrl, java.time.Clock.systemUTC());
        simulators.forEach((name, simulator) -> {
            server.createContext(Simulators.MOUNT + name, simulator);
            log("provider simulator %s at %s%s%s", name, baseUrl, Simulators.MOUNT, name);
        });
    }

    /** The provider simulator serving provider account {@code name}, if the seed points it at one. */
    public java.util.Optional<jp.kokin.simulators.Simulator> simulator(String name) {
        return java.util.Optional.ofNullable(simulators.get(name));
    }

    /** {@code http://127.0.0.1:{port}}. */
    public String baseUrl() {
        return baseUrl;
    }

    /** The development OpenID Connect provider the console signs in with ({@code /_oidc}). */
    public DevIdentityProvider devIdentityProvider() {
        return devIdentityProvider;
    }

    public EmbeddedAws embeddedAws() {
        return aws;
    }

    public Provisioned provisioned() {
        return provisioned;
    }

    /** From the start call to ready. */
    public Duration startupTime() {
        return startupTime;
    }

    /**
     * Per function (logical id), how long its handler ran at each invocation since the last
     * {@link #clearInvocationDurations()}: on this machine, in this JVM, so only a guide to Lambda's.
     */
    public Map<String, List<Duration>> invocationDurations() {
        var durations = new LinkedHashMap<String, List<Duration>>();
        functions.forEach((id, f) -> {
            if (!f.durations().isEmpty()) {
                durations.put(id, f.durations());
            }
        });
        return durations;
    }

    public void clearInvocationDurations() {
        functions.values().forEach(FunctionRuntime::clearDurations);
    }

    /** Notifications received by the mock portal so far, oldest first. */
    public List<PortalMock.Notification> portalNotifications() {
        return portal.all();
    }

    @Override
    public void close() {
        ready = false;
        server.stop(0);
        pollers.forEach(SqsPoller::stop);
        streamPollers.forEach(StreamPoller::stop);
        if (schedules != null) {
            schedules.close();
        }
        requestThreads.shutdownNow();
        simulators.values().forEach(jp.kokin.simulators.Simulator::close);
        if (runnerSqs != null) {
            runnerSqs.close();
        }
        if (aws != null) {
            aws.close();
        }
    }

    // --- HTTP ---

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getRawPath();
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            if (!ready) {
                send(exchange, 503, "application/json", "{\"status\":\"starting\"}");
                return;
            }
            if (path.startsWith("/_local/")) {
                local(exchange, method, path, body);
            } else {
                function(exchange, method, path, body);
            }
        } catch (RuntimeException e) {
            System.err.println("Local runner error on " + exchange.getRequestURI() + ":");
            e.printStackTrace();
        }
    }

    private void local(HttpExchange exchange, String method, String path, byte[] body) throws IOException {
        switch (method + " " + path) {
            case "GET /_local/health" -> send(exchange, 200, "application/json", "{\"status\":\"ok\"}");
            case "GET /_local/requests" -> send(exchange, 200, "application/json", json(aws.counts().asSortedMap()));
            case "POST /_local/requests/reset" -> {
                aws.resetCounts();
                send(exchange, 204, null, "");
            }
            case "POST /_local/portal/notifications" -> {
                var h = exchange.getRequestHeaders();
                portal.receive(h.getFirst("webhook-id"), h.getFirst("webhook-timestamp"), h.getFirst("webhook-signature"),
                        new String(body, StandardCharsets.UTF_8));
                send(exchange, 204, null, "");
            }
            case "GET /_local/portal/notifications" -> send(exchange, 200, "application/json", json(portal.all()));
            case "DELETE /_local/portal/notifications" -> {
                portal.clear();
                send(exchange, 204, null, "");
            }
            case "GET /_local/portal/return" -> send(exchange, 200, "text/html; charset=utf-8", returnPage(exchange.getRequestURI()));
            default -> {
                if (method.equals("POST") && path.startsWith("/_local/invoke/")) {
                    invoke(exchange, path.substring("/_local/invoke/".length()), body);
                } else {
                    send(exchange, 404, "application/json", NOT_FOUND);
                }
            }
        }
    }

    private void invoke(HttpExchange exchange, String functionId, byte[] event) throws IOException {
        FunctionRuntime function = functions.get(functionId);
        if (function == null) {
            send(exchange, 404, "application/json", json(Map.of("message", "No function " + functionId + " in the template")));
            return;
        }
        try {
            byte[] result = function.invokeJson(event.length == 0 ? "{}".getBytes(StandardCharsets.UTF_8) : event);
            sendBytes(exchange, 200, "application/json", result);
        } catch (Exception e) {
            System.err.println("[" + functionId + "] invocation failed:");
            e.printStackTrace();
            var error = new LinkedHashMap<String, String>();
            error.put("errorMessage", String.valueOf(e.getMessage()));
            error.put("errorType", e.getClass().getName());
            send(exchange, 502, "application/json", json(error));
        }
    }

    private void function(HttpExchange exchange, String method, String path, byte[] body) throws IOException {
        var match = router.match(method, path);
        if (match.isEmpty()) {
            send(exchange, 404, "application/json", NOT_FOUND);
            return;
        }
        Route route = match.get().route();
        FunctionRuntime function = functions.get(route.functionId());
        var request = new HttpEvents.IncomingRequest(method, path, exchange.getRequestURI().getRawQuery(),
                exchange.getRequestHeaders(), body, exchange.getRemoteAddress().getAddress().getHostAddress(),
                exchange.getProtocol());
        APIGatewayV2HTTPEvent event = HttpEvents.toEvent(request, route,
                apiOfRoute.getOrDefault(route.functionId() + " " + route.method() + " " + route.path(), SamTemplate.IMPLICIT_HTTP_API),
                match.get().pathParameters(), Instant.now());
        HttpEvents.OutgoingResponse response;
        try {
            response = HttpEvents.fromResponse((APIGatewayV2HTTPResponse) function.invoke(event));
        } catch (Exception | LinkageError e) {
            System.err.println("[" + route.functionId() + "] " + route.routeKey() + " failed:");
            e.printStackTrace();
            send(exchange, 500, "application/json", INTERNAL_ERROR);
            return;
        }
        response.headers().forEach((name, values) -> values.forEach(v -> exchange.getResponseHeaders().add(name, v)));
        sendBytes(exchange, response.status(), null, response.body());
    }

    private static String returnPage(URI uri) {
        String query = uri.getQuery() == null ? "" : uri.getQuery();
        return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Portal</title></head><body>"
                + "<h1>Back at the portal</h1><p>Query: <code>" + escape(query) + "</code></p></body></html>";
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        sendBytes(exchange, status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void sendBytes(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        if (contentType != null) {
            exchange.getResponseHeaders().set("Content-Type", contentType);
        }
        boolean noBody = body.length == 0 || status == 204 || status == 304 || exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, noBody ? -1 : body.length);
        if (!noBody) {
            exchange.getResponseBody().write(body);
        }
    }

    static void log(String format, Object... args) {
        System.err.println("kokin-local: " + String.format(format, args));
    }
}
