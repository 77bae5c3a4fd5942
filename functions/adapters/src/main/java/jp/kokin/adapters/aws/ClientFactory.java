package jp.kokin.adapters.aws;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Builds the AWS clients every function uses, once, at cold start. The HTTP client is set
 * explicitly (the JDK's URL connection: smallest artifact, fastest start). Settings follow the
 * SDK's standard variables, read from the given environment map so that the local runner and
 * tests can hand each function its own: {@code AWS_REGION}, {@code AWS_ENDPOINT_URL},
 * {@code AWS_ENDPOINT_URL_DYNAMODB}, {@code AWS_ENDPOINT_URL_SQS}; where an endpoint is given
 * (a local service) and {@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY} are in the map,
 * those are used; otherwise the SDK's default provider chain (the Lambda role).
 */
public final class ClientFactory {
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(3);

    private ClientFactory() {}

    public static DynamoDbClient dynamoDb(Map<String, String> env) {
        // Endpoints come from the client's endpoint rules. Discovery (off by default, but an
        // environment variable could turn it on) would read the SDK's legacy per-service endpoint
        // metadata, which the function jars do not carry (see the shade filters in the parent pom).
        var builder = DynamoDbClient.builder().httpClient(httpClient()).endpointDiscoveryEnabled(false);
        configure(builder, env, "AWS_ENDPOINT_URL_DYNAMODB");
        return builder.build();
    }

    /**
     * Built at first use when init is on the user's clock (on demand: many first requests queue
     * nothing), at once when init runs ahead ({@link Priming#initRunsAhead}: SnapStart, provisioned
     * concurrency).
     */
    public static SqsClient sqs(Map<String, String> env) {
        // The choice lives in LazySqsClient: verifying it here would load SqsClient in every
        // function, and the jars of those that queue nothing do not carry it.
        return LazySqsClient.forInit(env);
    }

    static SqsClient buildSqs(Map<String, String> env) {
        var builder = SqsClient.builder().httpClient(httpClient());
        configure(builder, env, "AWS_ENDPOINT_URL_SQS");
        return builder.build();
    }

    private static SdkHttpClient httpClient() {
        return UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(2))
                .socketTimeout(Duration.ofSeconds(5))
                .build();
    }

    private static void configure(AwsClientBuilder<?, ?> builder, Map<String, String> env, String serviceEndpointVariable) {
        String region = env.get("AWS_REGION");
        if (region != null && !region.isBlank()) {
            builder.region(Region.of(region));
        }
        String endpoint = firstNonBlank(env.get(serviceEndpointVariable), env.get("AWS_ENDPOINT_URL"));
        if (endpoint != null) {
            builder.endpointOverride(URI.create(endpoint));
            String key = env.get("AWS_ACCESS_KEY_ID");
            String secret = env.get("AWS_SECRET_ACCESS_KEY");
            if (key != null && secret != null) {
                builder.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(key, secret)));
            }
        }
        builder.overrideConfiguration(ClientOverrideConfiguration.builder()
                .apiCallTimeout(CALL_TIMEOUT)
                .apiCallAttemptTimeout(ATTEMPT_TIMEOUT)
                .build());
    }

    private static String firstNonBlank(String a, String b) {
        if (a != null && !a.isBlank()) {
            return a;
        }
        return b != null && !b.isBlank() ? b : null;
    }
}
