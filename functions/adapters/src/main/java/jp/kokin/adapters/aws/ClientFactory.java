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
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Builds the AWS clients every function uses, once, at cold start. The HTTP client is set
 * explicitly (the JDK's URL connection: smallest artifact, fastest start). Settings follow the
 * SDK's standard variables, read from the given environment map so that the local runner and
 * tests can hand each function its own: {@code AWS_REGION}, {@code AWS_ENDPOINT_URL},
 * {@code AWS_ENDPOINT_URL_DYNAMODB}, {@code AWS_ENDPOINT_URL_SQS}, {@code AWS_ENDPOINT_URL_S3}; where an endpoint is given
 * (a local service) and {@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY} are in the map,
 * those are used; otherwise the SDK's default provider chain (the Lambda role).
 */
public final class ClientFactory {
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(3);
    /**
     * One S3 attempt carries up to 16 MiB (a single PUT, or an 8 MiB part: see S3DocumentStore):
     * 30 s holds it at 0.6 MB/s, far below what Lambda gets from S3 in its region.
     */
    private static final Duration S3_ATTEMPT_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration S3_CALL_TIMEOUT = Duration.ofSeconds(90);
    /**
     * The settlement job's claims are transactions of up to 3.5 MiB (98 checkouts and their batch);
     * DynamoDB Local, which runs transactions one at a time, takes about 0.7 s for one of 98 and
     * queues the others of the parallel shard readers behind it. A timed-out attempt is retried
     * with the same client request token (the SDK's), so a longer wait changes nothing but the wait.
     */
    private static final Duration BATCH_ATTEMPT_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration BATCH_CALL_TIMEOUT = Duration.ofSeconds(120);

    private ClientFactory() {}

    public static DynamoDbClient dynamoDb(Map<String, String> env) {
        // Endpoints come from the client's endpoint rules. Discovery (off by default, but an
        // environment variable could turn it on) would read the SDK's legacy per-service endpoint
        // metadata, which the function jars do not carry (see the shade filters in the parent pom).
        var builder = DynamoDbClient.builder().httpClient(httpClient()).endpointDiscoveryEnabled(false);
        configure(builder, env, "AWS_ENDPOINT_URL_DYNAMODB", CALL_TIMEOUT, ATTEMPT_TIMEOUT);
        return builder.build();
    }

    /**
     * A DynamoDB client for a batch job (the settlement job), whose requests are large transactions:
     * longer timeouts than the request-path functions' (no user waits on it).
     */
    public static DynamoDbClient dynamoDbForBatches(Map<String, String> env) {
        var builder = DynamoDbClient.builder().httpClient(UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(2)).socketTimeout(BATCH_ATTEMPT_TIMEOUT).build())
                .endpointDiscoveryEnabled(false);
        configure(builder, env, "AWS_ENDPOINT_URL_DYNAMODB", BATCH_CALL_TIMEOUT, BATCH_ATTEMPT_TIMEOUT);
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
        configure(builder, env, "AWS_ENDPOINT_URL_SQS", CALL_TIMEOUT, ATTEMPT_TIMEOUT);
        return builder.build();
    }

    /**
     * The S3 client of the functions that store documents (only their jars carry it). With an
     * endpoint override (a local S3-compatible server) buckets are addressed by path
     * ({@code http://host:port/bucket/key}): a server on 127.0.0.1 has no per-bucket host names.
     * <p>
     * Checksums are computed where they are needed, not on every call: the SDK's default since
     * 2.30 ({@code WHEN_SUPPORTED}) adds a CRC32 to every upload, over HTTPS as an aws-chunked
     * trailer, and asks for and checks checksums on every download. The document store computes
     * each object's SHA-256 itself (it streams the body through a digest before it uploads) and
     * sends it as {@code x-amz-checksum-sha256}, which S3 verifies; a second, SDK-computed CRC32
     * would double the hashing and re-frame the body for nothing. Downloads are checked by their
     * readers against the SHA-256 recorded with the run (DynamoDB), which also covers objects
     * uploaded in parts, whose S3 checksum is a checksum of the parts' checksums that the SDK
     * cannot check. So both settings are {@code WHEN_REQUIRED} (operations that require a checksum,
     * e.g. DeleteObjects, still get one).
     */
    /**
     * Uploads smaller than this go without {@code Expect: 100-continue}: asking first only pays when
     * S3 may refuse a large body before it is sent. With the JDK's {@code HttpURLConnection} a
     * zero-length PUT that waited for the interim answer could fail with "Error writing request
     * body to server" (seen once in CI against the embedded S3 server).
     */
    static final long EXPECT_CONTINUE_MIN_BYTES = 1024 * 1024;

    public static S3Client s3(Map<String, String> env) {
        var builder = S3Client.builder()
                .httpClient(httpClient())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .serviceConfiguration(S3Configuration.builder()
                        .expectContinueThresholdInBytes(EXPECT_CONTINUE_MIN_BYTES).build());
        boolean local = configure(builder, env, "AWS_ENDPOINT_URL_S3", S3_CALL_TIMEOUT, S3_ATTEMPT_TIMEOUT);
        builder.forcePathStyle(local);
        return builder.build();
    }

    /**
     * Presigns as {@link #s3} calls: same region, endpoint, path-style addressing when the endpoint
     * is overridden, and credentials (the URL acts with them until it expires).
     */
    public static S3Presigner s3Presigner(Map<String, String> env) {
        var builder = S3Presigner.builder();
        String region = env.get("AWS_REGION");
        if (region != null && !region.isBlank()) {
            builder.region(Region.of(region));
        }
        String endpoint = firstNonBlank(env.get("AWS_ENDPOINT_URL_S3"), env.get("AWS_ENDPOINT_URL"));
        if (endpoint != null) {
            builder.endpointOverride(URI.create(endpoint))
                    .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build());
            String key = env.get("AWS_ACCESS_KEY_ID");
            String secret = env.get("AWS_SECRET_ACCESS_KEY");
            if (key != null && secret != null) {
                builder.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(key, secret)));
            }
        }
        return builder.build();
    }

    private static SdkHttpClient httpClient() {
        return UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(2))
                .socketTimeout(Duration.ofSeconds(5))
                .build();
    }

    /** Region, endpoint and timeouts; answers whether the endpoint was overridden (a local service). */
    private static boolean configure(AwsClientBuilder<?, ?> builder, Map<String, String> env, String serviceEndpointVariable,
                                     Duration callTimeout, Duration attemptTimeout) {
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
                .apiCallTimeout(callTimeout)
                .apiCallAttemptTimeout(attemptTimeout)
                .build());
        return endpoint != null;
    }

    private static String firstNonBlank(String a, String b) {
        if (a != null && !a.isBlank()) {
            return a;
        }
        return b != null && !b.isBlank() ? b : null;
    }
}
