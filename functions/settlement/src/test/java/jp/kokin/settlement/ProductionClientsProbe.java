package jp.kokin.settlement;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import jp.kokin.adapters.aws.ClientFactory;
import jp.kokin.adapters.documents.S3DocumentStore;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Run by {@link ProductionClientsIT} in a JVM whose class path is the settlement jar: builds the
 * clients as Lambda would (a region, no endpoint override, credentials from the process
 * environment) and makes one call of each kind. Reaching the network (an answer, a refusal, or an
 * unknown host where there is no network) is success; a class the jar left out ends the JVM with
 * an error.
 */
public final class ProductionClientsProbe {
    private ProductionClientsProbe() {}

    public static void main(String[] args) {
        Map<String, String> env = Map.of("AWS_REGION", "ap-northeast-1", "SETTLEMENT_BUCKET", "kokin-probe-bucket");
        call("dynamodb", () -> ClientFactory.dynamoDb(env).getItem(b -> b.tableName("kokin-probe")
                .key(Map.of("pk", AttributeValue.fromS("probe")))));
        S3DocumentStore documents = S3DocumentStore.fromEnv(env);
        call("s3 put", () -> documents.put("runs/2026-11-30/stl_20261130_001/run.json", "application/json",
                out -> out.write("{}".getBytes(StandardCharsets.UTF_8))));
        call("s3 open", () -> documents.open("runs/2026-11-30/stl_20261130_001/run.json"));
        System.out.println("presigned: " + documents.presignedGet("runs/2026-11-30/stl_20261130_001/transfer-file.txt",
                Duration.ofMinutes(5), "振込データ.txt"));
    }

    private static void call(String client, Runnable call) {
        try {
            call.run();
            System.out.println(client + ": answered");
        } catch (SdkException e) {
            System.out.println(client + ": reached the network (" + e.getClass().getSimpleName() + ")");
        }
    }
}
