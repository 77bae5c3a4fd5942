package jp.kokin.adapters.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import jp.kokin.adapters.catalog.CatalogLoader;
import jp.kokin.adapters.catalog.CatalogRepository;
import jp.kokin.adapters.ledger.DynamoLedger;
import jp.kokin.local.embedded.EmbeddedAws;
import jp.kokin.local.embedded.Provisioned;
import jp.kokin.local.embedded.SamTemplate;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Real DynamoDB Local and ElasticMQ for integration tests: started once per JVM; each
 * {@link #create} provisions the tables and queues of {@code template.yaml} under a fresh prefix
 * (tests do not see each other's data) and loads the test catalog.
 */
public final class TestAws {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static EmbeddedAws aws;

    private final Provisioned provisioned;
    private final String publicBaseUrl;

    private TestAws(Provisioned provisioned, String publicBaseUrl) {
        this.provisioned = provisioned;
        this.publicBaseUrl = publicBaseUrl;
    }

    public static synchronized EmbeddedAws embedded() {
        if (aws == null) {
            aws = EmbeddedAws.start();
            Runtime.getRuntime().addShutdownHook(new Thread(aws::close));
        }
        return aws;
    }

    /** Fresh tables and queues with the test catalog; the portal "myna" notifies {@code notificationUrl}. */
    public static TestAws create(String notificationUrl) {
        EmbeddedAws embedded = embedded();
        String prefix = "t" + COUNTER.incrementAndGet() + "-";
        Provisioned provisioned = embedded.provision(SamTemplate.load(template()), Map.of(), prefix);
        TestAws test = new TestAws(provisioned, "https://pay.example.jp");
        new CatalogLoader(embedded.dynamoDb(), provisioned.tableName("CatalogTable")).load(TestCatalog.json(notificationUrl));
        return test;
    }

    public static TestAws create() {
        return create("https://portal.example.jp/notify");
    }

    /** {@code template.yaml} at the top of the repository, found from the working directory. */
    public static Path template() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve("template.yaml");
            if (Files.exists(candidate)) {
                return candidate;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("template.yaml not found above " + Path.of("").toAbsolutePath());
    }

    public DynamoDbClient dynamoDb() {
        return embedded().dynamoDb();
    }

    public SqsClient sqs() {
        return embedded().sqs();
    }

    public Provisioned provisioned() {
        return provisioned;
    }

    /** What a function of the template gets as its environment here. */
    public Map<String, String> env(String functionLogicalId) {
        Map<String, String> env = new HashMap<>(provisioned.environmentOf(functionLogicalId));
        env.putAll(embedded().awsEnv());
        env.put("PUBLIC_BASE_URL", publicBaseUrl);
        env.put("SANDBOX_ENABLED", "true");
        env.put("CATALOG_CACHE_SECONDS", "0");
        return env;
    }

    public String publicBaseUrl() {
        return publicBaseUrl;
    }

    public String ledgerTable() {
        return provisioned.tableName("LedgerTable");
    }

    public String catalogTable() {
        return provisioned.tableName("CatalogTable");
    }

    public String queueUrl(String logicalId) {
        return provisioned.queueUrl(logicalId);
    }

    public DynamoLedger ledger() {
        return new DynamoLedger(dynamoDb(), ledgerTable());
    }

    public CatalogRepository catalog(Clock clock) {
        return new CatalogRepository(dynamoDb(), catalogTable(), Duration.ZERO, clock);
    }

    /** The provider accounts of the test catalog, read at {@code clock}, inline secrets only, short timeouts. */
    public jp.kokin.adapters.provider.ProviderRegistry providers(Clock clock) {
        return new jp.kokin.adapters.provider.ProviderRegistry(catalog(clock),
                new jp.kokin.adapters.provider.ProviderContext(clock,
                        jp.kokin.adapters.provider.ProviderContext.httpClient(Duration.ofSeconds(2)),
                        jp.kokin.adapters.provider.SecretResolver.inlineOnly(clock), Duration.ofSeconds(2)),
                jp.kokin.adapters.provider.ProviderRegistry.Sandbox.ENABLED);
    }

    public jp.kokin.adapters.queue.ReceiptQueue receiptQueue() {
        return new jp.kokin.adapters.queue.ReceiptQueue(sqs(), queueUrl("ReceiptQueue"));
    }
}
