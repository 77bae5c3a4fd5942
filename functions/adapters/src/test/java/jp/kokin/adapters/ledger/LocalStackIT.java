package jp.kokin.adapters.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.EnabledIfDockerAvailable;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;

import jp.kokin.adapters.aws.ClientFactory;
import jp.kokin.adapters.queue.ReceiptQueue;
import jp.kokin.adapters.testing.Checkouts;
import jp.kokin.adapters.testing.TestAws;
import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.checkout.Result;
import jp.kokin.domain.receipt.ReceiptService;
import jp.kokin.local.embedded.Provisioned;
import jp.kokin.local.embedded.SamTemplate;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The same ledger and queue code against LocalStack, where Docker exists (CI machines without
 * Docker skip this class; DynamoDB Local and ElasticMQ cover the same ground there).
 */
@EnabledIfDockerAvailable
class LocalStackIT {
    private static LocalStackContainer localstack;
    private static DynamoDbClient dynamoDb;
    private static SqsClient sqs;
    private static Provisioned provisioned;

    @BeforeAll
    static void start() {
        localstack = new LocalStackContainer(DockerImageName.parse("localstack/localstack:4.4")).withServices("dynamodb", "sqs");
        localstack.start();
        Map<String, String> env = Map.of("AWS_REGION", localstack.getRegion(), "AWS_ENDPOINT_URL",
                localstack.getEndpoint().toString(), "AWS_ACCESS_KEY_ID", localstack.getAccessKey(),
                "AWS_SECRET_ACCESS_KEY", localstack.getSecretKey());
        dynamoDb = ClientFactory.dynamoDb(env);
        sqs = ClientFactory.sqs(env);
        provisioned = Provisioned.create(SamTemplate.load(TestAws.template()), Map.of(), "ls-", dynamoDb, sqs);
    }

    @AfterAll
    static void stop() {
        if (localstack != null) {
            localstack.stop();
        }
    }

    @Test
    void receiptsAreGaplessAndQueuedOnLocalStack() {
        DynamoLedger ledger = new DynamoLedger(dynamoDb, provisioned.tableName("LedgerTable"));
        Instant paid = Instant.parse("2026-11-26T03:00:00Z");
        List<Checkout> checkouts = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Checkout c = Checkouts.aCheckout().paidAt(paid.plusSeconds(i)).build();
            ledger.create(c, null);
            checkouts.add(c);
        }
        ReceiptService service = new ReceiptService(ledger, jp.kokin.domain.checkout.TestCatalogs::standard, Clock.fixed(paid.plusSeconds(60), ZoneOffset.UTC));
        Set<String> numbers = new TreeSet<>();
        checkouts.parallelStream().forEach(c -> {
            var ok = (Result.Ok<ReceiptService.Issued>) service.issue(c.id());
            synchronized (numbers) {
                numbers.add(ok.value().receipt().number());
            }
        });
        assertEquals(Set.of("131016-2026-0000001", "131016-2026-0000002", "131016-2026-0000003",
                "131016-2026-0000004", "131016-2026-0000005"), numbers);

        String url = provisioned.queueUrl("ReceiptQueue");
        new ReceiptQueue(sqs, url).enqueue(checkouts.getFirst().id());
        var received = sqs.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(5)).messages();
        assertEquals(checkouts.getFirst().id(), ReceiptQueue.checkoutId(received.getFirst().body()));
    }
}
