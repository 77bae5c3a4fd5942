package jp.kokin.adapters.provider;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;

import jp.kokin.adapters.http.OutgoingCall;
import jp.kokin.adapters.json.Json;

/**
 * Resolves a provider setting that may be a secret reference:
 * <ul>
 *   <li>{@code secretsmanager:{secret-id}} — the secret's string; {@code secretsmanager:{secret-id}#{key}} —
 *       one key of a JSON secret ({@code #stripe.secretKey}: a key of a nested object);</li>
 *   <li>{@code ssm:{parameter-name}} — a (SecureString) parameter, decrypted;</li>
 *   <li>anything else is the value itself (local runs and tests).</li>
 * </ul>
 * In Lambda, references are read through the AWS Parameters and Secrets Lambda Extension
 * ({@code http://localhost:2773}, authenticated with the function's session token), so no extra
 * SDK client is in the function; values are kept {@code SECRETS_CACHE_SECONDS} (default 300), so a
 * rotated secret is picked up within that time. {@code SECRETS_ENDPOINT} overrides the address.
 */
public final class SecretResolver {

    public static final String SECRETS_MANAGER = "secretsmanager:";
    public static final String SSM = "ssm:";

    /** A reference that could not be resolved (no extension, no permission, no such key). */
    public static final class SecretException extends RuntimeException {
        public SecretException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final URI endpoint;
    private final String sessionToken;
    private final Duration cacheTtl;
    private final Clock clock;
    private final HttpClient http;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(String value, Instant fetchedAt) {}

    public SecretResolver(URI endpoint, String sessionToken, Duration cacheTtl, Clock clock, HttpClient http) {
        this.endpoint = endpoint;
        this.sessionToken = sessionToken == null ? "" : sessionToken;
        this.cacheTtl = cacheTtl;
        this.clock = clock;
        this.http = http;
    }

    /** Only inline values: any reference is an error (tests, local runs). */
    public static SecretResolver inlineOnly(Clock clock) {
        return new SecretResolver(null, "", Duration.ZERO, clock, null);
    }

    public static SecretResolver fromEnv(Map<String, String> env, Clock clock, HttpClient http) {
        String explicit = env.get("SECRETS_ENDPOINT");
        String port = env.getOrDefault("PARAMETERS_SECRETS_EXTENSION_HTTP_PORT", "2773");
        URI endpoint = URI.create(explicit != null && !explicit.isBlank() ? explicit : "http://localhost:" + port);
        long seconds = Long.parseLong(env.getOrDefault("SECRETS_CACHE_SECONDS", "300"));
        return new SecretResolver(endpoint, env.get("AWS_SESSION_TOKEN"), Duration.ofSeconds(seconds), clock, http);
    }

    public static boolean isReference(String value) {
        return value != null && (value.startsWith(SECRETS_MANAGER) || value.startsWith(SSM));
    }

    /** The value itself, or what the reference names. */
    public String resolve(String value) {
        if (!isReference(value)) {
            return value;
        }
        Cached cached = cache.get(value);
        Instant now = clock.instant();
        if (cached != null && now.isBefore(cached.fetchedAt().plus(cacheTtl))) {
            return cached.value();
        }
        String resolved = fetch(value);
        cache.put(value, new Cached(resolved, now));
        return resolved;
    }

    private String fetch(String reference) {
        if (endpoint == null || http == null) {
            throw new SecretException("secret references are not available here: " + reference, null);
        }
        try {
            if (reference.startsWith(SSM)) {
                String name = reference.substring(SSM.length());
                JsonNode body = get("/systemsmanager/parameters/get?withDecryption=true&name=" + encode(name));
                return text(body.path("Parameter").path("Value"), reference);
            }
            String rest = reference.substring(SECRETS_MANAGER.length());
            int hash = rest.indexOf('#');
            String id = hash < 0 ? rest : rest.substring(0, hash);
            JsonNode body = get("/secretsmanager/get?secretId=" + encode(id));
            String secret = text(body.path("SecretString"), reference);
            if (hash < 0) {
                return secret;
            }
            JsonNode node = Json.parse(secret);
            for (String key : rest.substring(hash + 1).split("\\.")) {
                node = node.path(key);
            }
            return text(node, reference);
        } catch (IOException | Json.InvalidJsonException e) {
            // Never the exception's message nor the exception itself as the cause: a parser quotes
            // what it could not read, which may be the secret. The reference and the class only.
            throw new SecretException("could not read " + reference + " (" + e.getClass().getSimpleName() + ")", null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SecretException("interrupted while reading " + reference, e);
        }
    }

    /** One call to the secrets extension, body included. */
    static final Duration DEADLINE = Duration.ofSeconds(3);
    /** Secrets Manager's own limit is 64 KB a secret; the extension's answer adds a little. */
    static final int MAX_ANSWER_BYTES = 80 * 1024;

    private JsonNode get(String pathAndQuery) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(endpoint.resolve(pathAndQuery))
                .timeout(DEADLINE)
                .header("X-Aws-Parameters-Secrets-Token", sessionToken)
                .GET().build();
        OutgoingCall.Answer response = OutgoingCall.sendWhole(http, request, DEADLINE, MAX_ANSWER_BYTES);
        if (response.status() != 200) {
            throw new IOException("the secrets extension answered " + response.status());
        }
        return Json.parse(response.body());
    }

    private static String text(JsonNode node, String reference) {
        if (node == null || !node.isTextual()) {
            throw new SecretException(reference + " is not a string secret", null);
        }
        return node.asText();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
