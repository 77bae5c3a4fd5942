package jp.kokin.adapters.documents;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import jp.kokin.adapters.aws.ClientFactory;
import jp.kokin.adapters.testing.TestAws;
import jp.kokin.domain.settlement.DocumentStore;
import jp.kokin.domain.settlement.StoredObject;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

/** The settlement documents' store on the embedded S3 server (S3Proxy), built as the functions build it. */
class S3DocumentStoreIT {
    private static final long SEED = Long.getLong("documents.seed", 20261201L);
    private static final int CHUNK = 64 * 1024;

    private static TestAws aws;
    private static Map<String, String> env;
    private static S3DocumentStore store;

    @BeforeAll
    static void provision() {
        aws = TestAws.create();
        env = aws.env("SettlementFunction");
        store = S3DocumentStore.fromEnv(env);
        System.out.println("S3DocumentStoreIT seed " + SEED + " (-Ddocuments.seed=… for another)");
    }

    @Test
    void the_settlement_functions_are_given_the_templates_bucket() {
        assertEquals(aws.provisioned().bucket("SettlementBucket"), env.get("SETTLEMENT_BUCKET"));
        assertEquals(env.get("SETTLEMENT_BUCKET"), aws.env("SettlementApiFunction").get("SETTLEMENT_BUCKET"));
        assertEquals(env.get("SETTLEMENT_BUCKET"), store.bucket());
    }

    @Test
    void a_stored_document_reads_back_byte_for_byte_with_the_sha256_of_what_was_written() throws Exception {
        byte[] text = "1,kokin,振込データ\r\n".repeat(1000).getBytes(StandardCharsets.UTF_8);

        StoredObject stored = store.put("runs/2026-11-30/stl_20261130_001/statements/131001.csv",
                "text/csv; charset=utf-8", out -> out.write(text));

        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text)), stored.sha256());
        assertEquals(text.length, stored.bytes());
        assertEquals("text/csv; charset=utf-8", stored.contentType());
        try (InputStream in = store.open(stored.key()).orElseThrow()) {
            assertArrayEquals(text, in.readAllBytes());
        }
        var head = aws.embedded().s3().headObject(b -> b.bucket(store.bucket()).key(stored.key()));
        assertEquals("text/csv; charset=utf-8", head.contentType());
        assertEquals(stored.sha256(), head.metadata().get(S3DocumentStore.SHA256_METADATA));
    }

    @Test
    void an_empty_document_is_stored_as_an_empty_object() {
        StoredObject stored = store.put("runs/2026-11-30/stl_20261130_001/empty.txt", "text/plain", out -> { });

        assertEquals(0, stored.bytes());
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", stored.sha256());
        assertEquals(0, readAndDigest(stored.key()).bytes());
    }

    @Test
    void a_document_larger_than_one_put_goes_up_in_parts_and_reads_back_identical_without_being_held_in_memory() {
        long size = 20L * 1024 * 1024 + 12_345; // three 8 MiB parts, the last one short
        Generated generated = new Generated(SEED, size);

        // the body is written 64 KiB at a time from a seeded generator and read back through a
        // digest 64 KiB at a time: no array of the document's size exists on either side
        StoredObject stored = store.put("runs/2026-11-30/stl_20261130_001/statements/large.json", "application/json",
                generated::writeTo);

        assertEquals(generated.sha256(), stored.sha256());
        assertEquals(size, stored.bytes());
        Read read = readAndDigest(stored.key());
        assertEquals(size, read.bytes());
        assertEquals(generated.sha256(), read.sha256());
        String eTag = aws.embedded().s3().headObject(b -> b.bucket(store.bucket()).key(stored.key())).eTag();
        assertTrue(eTag.replace("\"", "").endsWith("-3"), "uploaded in 3 parts: ETag " + eTag);
    }

    @Test
    void a_multipart_upload_that_fails_is_aborted_and_leaves_no_object() {
        var failing = new AtomicInteger();
        S3Client s3 = client(new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                // the network fails while the second part goes up
                if (context.request() instanceof UploadPartRequest part && part.partNumber() == 2) {
                    failing.incrementAndGet();
                    throw new UncheckedIOException(new IOException("connection reset (injected)"));
                }
            }
        });
        var faulty = new S3DocumentStore(s3, ClientFactory.s3Presigner(env), store.bucket());
        String key = "runs/2026-11-30/stl_20261130_002/statements/failed.json";

        assertThrows(RuntimeException.class, () -> faulty.put(key, "application/json",
                new Generated(SEED + 1, 17L * 1024 * 1024)::writeTo));

        assertEquals(1, failing.get());
        assertTrue(store.open(key).isEmpty(), "no object");
        var uploads = aws.embedded().s3().listMultipartUploads(b -> b.bucket(store.bucket())).uploads();
        assertFalse(uploads.stream().anyMatch(u -> u.key().equals(key)), "the upload was aborted: " + uploads);
    }

    @Test
    void bytes_that_change_between_their_digest_and_the_upload_are_refused_by_the_server() {
        // what S3 checks: the x-amz-checksum-sha256 the store sends against the bytes that arrive
        S3Client s3 = client(new ExecutionInterceptor() {
            @Override
            public java.util.Optional<software.amazon.awssdk.core.sync.RequestBody> modifyHttpContent(
                    Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
                byte[] flipped = "{\"amount\":9}".getBytes(StandardCharsets.UTF_8);
                return java.util.Optional.of(software.amazon.awssdk.core.sync.RequestBody.fromBytes(flipped));
            }
        });
        var corrupting = new S3DocumentStore(s3, ClientFactory.s3Presigner(env), store.bucket());
        String key = "runs/2026-11-30/stl_20261130_004/run.json";

        var refused = assertThrows(software.amazon.awssdk.services.s3.model.S3Exception.class, () -> corrupting.put(key,
                "application/json", out -> out.write("{\"amount\":1}".getBytes(StandardCharsets.UTF_8))));

        // 400 BadDigest (the checksum), not 403 (the signature covers the changed bytes: signed after the change)
        assertEquals(400, refused.statusCode(), refused.getMessage());

        assertTrue(store.open(key).isEmpty(), "nothing stored");
    }

    private static S3Client client(ExecutionInterceptor interceptor) {
        return S3Client.builder()
                .endpointOverride(aws.embedded().s3Endpoint())
                .region(software.amazon.awssdk.regions.Region.of(env.get("AWS_REGION")))
                .credentialsProvider(() -> software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(
                        env.get("AWS_ACCESS_KEY_ID"), env.get("AWS_SECRET_ACCESS_KEY")))
                .forcePathStyle(true)
                .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create())
                .requestChecksumCalculation(software.amazon.awssdk.core.checksums.RequestChecksumCalculation.WHEN_REQUIRED)
                .overrideConfiguration(o -> o.addExecutionInterceptor(interceptor))
                .build();
    }

    @Test
    void a_body_that_fails_stores_nothing() {
        String key = "runs/2026-11-30/stl_20261130_003/run.json";

        var e = assertThrows(UncheckedIOException.class, () -> store.put(key, "application/json", out -> {
            out.write('{');
            throw new IOException("the renderer failed");
        }));

        assertEquals("the renderer failed", e.getCause().getMessage());
        assertTrue(store.open(key).isEmpty());
    }

    @Test
    void a_missing_document_is_empty_not_an_error() {
        assertTrue(store.open("runs/2026-11-30/stl_20261130_009/none.txt").isEmpty());
    }

    @Test
    void a_presigned_url_downloads_the_document_as_an_attachment_with_its_japanese_name() throws Exception {
        byte[] bytes = "全銀データ\r\n".getBytes(java.nio.charset.Charset.forName("Shift_JIS"));
        StoredObject stored = store.put("runs/2026-11-30/stl_20261130_001/transfer-file.txt",
                "text/plain; charset=Shift_JIS", out -> out.write(bytes));

        URI url = store.presignedGet(stored.key(), Duration.ofMinutes(5), "振込データ_20261130.txt");
        HttpResponse<byte[]> response = get(url);

        assertEquals(200, response.statusCode(), new String(response.body(), StandardCharsets.UTF_8));
        assertArrayEquals(bytes, response.body());
        String disposition = response.headers().firstValue("Content-Disposition").orElse("");
        assertTrue(disposition.startsWith("attachment; filename=\"______20261130.txt\""), disposition);
        assertTrue(disposition.contains("filename*=UTF-8''%E6%8C%AF%E8%BE%BC%E3%83%87%E3%83%BC%E3%82%BF_20261130.txt"), disposition);
        assertTrue(url.getQuery().contains("X-Amz-Expires=300"), url.toString());
    }

    @Test
    void a_presigned_url_without_a_download_name_serves_the_document_inline() throws Exception {
        StoredObject stored = store.put("runs/2026-11-30/stl_20261130_001/statements/131001.html",
                "text/html; charset=utf-8", out -> out.write("<p>明細</p>".getBytes(StandardCharsets.UTF_8)));

        HttpResponse<byte[]> response = get(store.presignedGet(stored.key(), Duration.ofMinutes(5), null));

        assertEquals(200, response.statusCode());
        assertFalse(response.headers().firstValue("Content-Disposition").orElse("").startsWith("attachment"));
    }

    /**
     * The presigner signs at the current time and takes no clock, so the URL that has run out is
     * signed here with the same signer and credentials an hour ago, valid for five minutes.
     */
    @Test
    void a_presigned_url_stops_working_after_its_validity() throws Exception {
        StoredObject stored = store.put("runs/2026-11-30/stl_20261130_001/run.json", "application/json",
                out -> out.write("{}".getBytes(StandardCharsets.UTF_8)));
        URI current = store.presignedGet(stored.key(), Duration.ofMinutes(5), "run.json");
        URI expired = presignedAt(Instant.now().minus(Duration.ofHours(1)), Duration.ofMinutes(5), stored.key());
        URI stillValid = presignedAt(Instant.now().minus(Duration.ofMinutes(1)), Duration.ofMinutes(5), stored.key());

        assertEquals(200, get(current).statusCode());
        assertEquals(200, get(stillValid).statusCode(), "the hand-signed URL is accepted while valid");
        assertEquals(403, get(expired).statusCode());
    }

    @Test
    void presigned_urls_are_valid_for_at_most_seven_days() {
        assertThrows(IllegalArgumentException.class, () -> store.presignedGet("runs/x", Duration.ofDays(8), null));
        assertThrows(IllegalArgumentException.class, () -> store.presignedGet("runs/x", Duration.ZERO, null));
    }

    @Test
    void a_function_without_the_bucket_setting_refuses_to_start() {
        var without = new HashMap<>(env);
        without.remove("SETTLEMENT_BUCKET");

        var e = assertThrows(IllegalStateException.class, () -> S3DocumentStore.fromEnv(without));
        assertTrue(e.getMessage().contains("SETTLEMENT_BUCKET"), e.getMessage());
        without.put("SETTLEMENT_BUCKET", " ");
        assertThrows(IllegalStateException.class, () -> S3DocumentStore.fromEnv(without));
    }

    // --- helpers ---

    private static HttpResponse<byte[]> get(URI url) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(url).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        }
    }

    /** A query-string SigV4 signature of GET {@code key} made at {@code signedAt}, as the presigner makes it. */
    private static URI presignedAt(Instant signedAt, Duration validFor, String key) {
        var request = SdkHttpRequest.builder().method(SdkHttpMethod.GET)
                .uri(URI.create(aws.embedded().s3Endpoint() + "/" + store.bucket() + "/" + key)).build();
        var signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsCredentialsIdentity.create(env.get("AWS_ACCESS_KEY_ID"), env.get("AWS_SECRET_ACCESS_KEY")))
                .request(request)
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
                .putProperty(AwsV4HttpSigner.REGION_NAME, env.get("AWS_REGION"))
                .putProperty(AwsV4HttpSigner.AUTH_LOCATION, AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING)
                .putProperty(AwsV4HttpSigner.EXPIRATION_DURATION, validFor)
                .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, false)
                .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false)
                .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, false)
                .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(signedAt, ZoneOffset.UTC)));
        return signed.request().getUri();
    }

    private record Read(long bytes, String sha256) {}

    private static Read readAndDigest(String key) {
        try (InputStream in = store.open(key).orElseThrow()) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[CHUNK];
            long total = 0;
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
                total += n;
            }
            return new Read(total, HexFormat.of().formatHex(digest.digest()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code size} pseudo-random bytes from {@code seed}, written in 64 KiB chunks; its SHA-256 computed apart. */
    private record Generated(long seed, long size) implements DocumentStore.Body {
        @Override
        public void writeTo(OutputStream out) throws IOException {
            Random random = new Random(seed);
            byte[] chunk = new byte[CHUNK];
            for (long left = size; left > 0; left -= chunk.length) {
                random.nextBytes(chunk);
                out.write(chunk, 0, (int) Math.min(chunk.length, left));
            }
        }

        String sha256() {
            try {
                MessageDigest digest = MessageDigest.getInstance("SHA-256");
                writeTo(new OutputStream() {
                    @Override
                    public void write(int b) {
                        digest.update((byte) b);
                    }

                    @Override
                    public void write(byte[] b, int off, int len) {
                        digest.update(b, off, len);
                    }
                });
                return HexFormat.of().formatHex(digest.digest());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
