package jp.kokin.adapters.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

/**
 * Secret references read through the Parameters and Secrets Lambda Extension's HTTP interface
 * (here a stand-in speaking its documented paths, headers and JSON).
 */
class SecretResolverTest {

    private HttpServer extension;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private volatile String secretString = "{\"stripe\":{\"secretKey\":\"sk_test_1\"},\"hashKey\":\"abc\"}";

    @BeforeEach
    void start() throws IOException {
        extension = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        extension.createContext("/", exchange -> {
            String token = exchange.getRequestHeaders().getFirst("X-Aws-Parameters-Secrets-Token");
            requests.add(exchange.getRequestURI().toString());
            String body;
            int status = 200;
            if (!"session-token".equals(token)) {
                status = 401;
                body = "{}";
            } else if (exchange.getRequestURI().getPath().equals("/secretsmanager/get")) {
                body = "{\"Name\":\"kokin/providers\",\"SecretString\":" + com.fasterxml.jackson.databind.node.TextNode.valueOf(secretString) + "}";
            } else if (exchange.getRequestURI().getPath().equals("/systemsmanager/parameters/get")) {
                body = "{\"Parameter\":{\"Name\":\"/kokin/paypay/apiSecret\",\"Type\":\"SecureString\",\"Value\":\"pp-secret\"}}";
            } else {
                status = 404;
                body = "{}";
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        extension.start();
    }

    @AfterEach
    void stop() {
        extension.stop(0);
    }

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T00:00:00Z"));

    private SecretResolver resolver(String token) {
        return new SecretResolver(URI.create("http://127.0.0.1:" + extension.getAddress().getPort()), token,
                Duration.ofMinutes(5), clock, ProviderContext.httpClient(Duration.ofSeconds(2)));
    }

    @Test
    void inlineValuesAreThemselvesAndNeedNoExtension() {
        assertEquals("whsec_abc", SecretResolver.inlineOnly(clock).resolve("whsec_abc"));
        assertThrows(SecretResolver.SecretException.class,
                () -> SecretResolver.inlineOnly(clock).resolve("ssm:/kokin/x"));
    }

    @Test
    void aSecretsManagerReferenceReadsOneKeyOfTheJsonSecretAndTheWholeStringWithoutAKey() {
        var resolver = resolver("session-token");
        assertEquals("sk_test_1", resolver.resolve("secretsmanager:kokin/providers#stripe.secretKey"));
        assertEquals("abc", resolver.resolve("secretsmanager:kokin/providers#hashKey"));
        assertEquals(secretString, resolver.resolve("secretsmanager:kokin/providers"));
        assertEquals("/secretsmanager/get?secretId=kokin%2Fproviders", requests.getFirst());
    }

    @Test
    void anSsmReferenceIsDecrypted() {
        assertEquals("pp-secret", resolver("session-token").resolve("ssm:/kokin/paypay/apiSecret"));
        assertEquals("/systemsmanager/parameters/get?withDecryption=true&name=%2Fkokin%2Fpaypay%2FapiSecret", requests.getFirst());
    }

    @Test
    void valuesAreCachedAndARotatedSecretIsPickedUpAfterTheCacheTime() {
        var resolver = resolver("session-token");
        assertEquals("abc", resolver.resolve("secretsmanager:kokin/providers#hashKey"));
        secretString = "{\"hashKey\":\"rotated\"}";
        assertEquals("abc", resolver.resolve("secretsmanager:kokin/providers#hashKey"));
        assertEquals(1, requests.size());

        clock.advance(Duration.ofMinutes(5));
        assertEquals("rotated", resolver.resolve("secretsmanager:kokin/providers#hashKey"));
    }

    @Test
    void aRefusalOrAMissingKeyIsAnErrorNeverAnEmptySecret() {
        assertThrows(SecretResolver.SecretException.class,
                () -> resolver("wrong-token").resolve("secretsmanager:kokin/providers#hashKey"));
        assertThrows(SecretResolver.SecretException.class,
                () -> resolver("session-token").resolve("secretsmanager:kokin/providers#nope"));
    }

    @Test
    void a_secret_that_is_not_json_never_reaches_the_error_or_the_log() {
        String value = "tOpS3cretValue-not-json";
        secretString = value;
        String reference = "secretsmanager:kokin/providers#hashKey";
        SecretResolver.SecretException e = assertThrows(SecretResolver.SecretException.class,
                () -> resolver("session-token").resolve(reference));

        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        java.io.PrintStream stdout = System.out;
        System.setOut(new java.io.PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            jp.kokin.adapters.log.Log.error("janitor.query_failed", e, "reference", reference);
            jp.kokin.adapters.log.Log.error("janitor.query_failed", new RuntimeException("wrapped", e));
        } finally {
            System.setOut(stdout);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        java.io.StringWriter trace = new java.io.StringWriter();
        e.printStackTrace(new java.io.PrintWriter(trace));

        org.junit.jupiter.api.Assertions.assertTrue(log.contains(reference), log);
        org.junit.jupiter.api.Assertions.assertFalse(log.contains("tOpS3cret"), log);
        org.junit.jupiter.api.Assertions.assertFalse(trace.toString().contains("tOpS3cret"), trace.toString());
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains(reference), e.getMessage());
    }

    private static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void anAnswerOfTheExtensionLongerThanTheLimitIsRefusedUnread() {
        secretString = "x".repeat(SecretResolver.MAX_ANSWER_BYTES);

        assertThrows(SecretResolver.SecretException.class,
                () -> resolver("session-token").resolve("secretsmanager:kokin/big"));
    }

    @Test
    void theLargestSecretSecretsManagerHoldsIsRead() {
        secretString = "x".repeat(64 * 1024);

        assertEquals(64 * 1024, resolver("session-token").resolve("secretsmanager:kokin/big").length());
    }
}
