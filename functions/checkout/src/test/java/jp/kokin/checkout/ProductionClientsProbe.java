package jp.kokin.checkout;

import java.util.Map;

import jp.kokin.adapters.aws.ClientFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Run by {@link ProductionClientsIT} in a JVM whose class path is the deployable jar: builds the
 * DynamoDB and SQS clients as Lambda would (a region, no endpoint override, credentials from the
 * process environment) and makes one call each. Reaching the network (an answer, a refusal, or an
 * unknown host where there is no network) is success; a class the jar left out ends the JVM with
 * an error.
 */
public final class ProductionClientsProbe {
    private ProductionClientsProbe() {}

    public static void main(String[] args) {
        Map<String, String> env = Map.of("AWS_REGION", "ap-northeast-1");
        call("dynamodb", () -> ClientFactory.dynamoDb(env).getItem(b -> b.tableName("kokin-probe")
                .key(Map.of("pk", AttributeValue.fromS("probe")))));
        call("sqs", () -> ClientFactory.sqs(env).sendMessage(b -> b
                .queueUrl("https://sqs.ap-northeast-1.amazonaws.com/000000000000/kokin-probe").messageBody("probe")));
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
