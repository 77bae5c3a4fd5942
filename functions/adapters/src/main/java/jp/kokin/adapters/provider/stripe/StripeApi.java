package jp.kokin.adapters.provider.stripe;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;

import jp.kokin.adapters.http.OutgoingCall;
import jp.kokin.adapters.json.Json;
import jp.kokin.adapters.provider.ProviderContext;
import jp.kokin.domain.provider.ProviderException;

/**
 * Stripe's HTTP API, the little of it Kokin uses (docs.stripe.com/api): requests are
 * {@code application/x-www-form-urlencoded} with nested parameters in bracket notation
 * ({@code line_items[0][price_data][currency]=jpy}), authenticated with
 * {@code Authorization: Bearer <secret key>}, versioned by {@code Stripe-Version}, and POSTs
 * carry an {@code Idempotency-Key} (Stripe replays the first answer to the same key and
 * parameters for at least 24 hours). Answers are JSON: the object, or
 * {@code {"error":{"type","code","message","param"}}} with a 4xx status.
 */
final class StripeApi {

    /** An answer with its HTTP status: 2xx carries the object, 4xx Stripe's error. */
    record Answer(int status, JsonNode body) {
        boolean ok() {
            return status >= 200 && status < 300;
        }

        /** Stripe's explanation of a 4xx, for logs and exceptions (never contains the key). */
        String errorMessage() {
            JsonNode error = body.path("error");
            String type = error.path("type").asText("");
            String message = error.path("message").asText("");
            return "Stripe answered " + status + (type.isEmpty() ? "" : " " + type) + (message.isEmpty() ? "" : ": " + message);
        }
    }

    /** Form parameters in the order they are sent. */
    static final class Form {
        private final List<Map.Entry<String, String>> fields = new ArrayList<>();

        Form add(String key, Object value) {
            if (value != null) {
                fields.add(Map.entry(key, value.toString()));
            }
            return this;
        }

        List<Map.Entry<String, String>> fields() {
            return List.copyOf(fields);
        }

        String encode() {
            StringBuilder sb = new StringBuilder();
            for (Map.Entry<String, String> f : fields) {
                if (!sb.isEmpty()) {
                    sb.append('&');
                }
                sb.append(URLEncoder.encode(f.getKey(), StandardCharsets.UTF_8)).append('=')
                        .append(URLEncoder.encode(f.getValue(), StandardCharsets.UTF_8));
            }
            return sb.toString();
        }
    }

    private final HttpClient http;
    private final String baseUrl;
    private final String apiVersion;
    private final Duration timeout;
    private final Supplier<String> secretKey;

    StripeApi(HttpClient http, String baseUrl, String apiVersion, Duration timeout, Supplier<String> secretKey) {
        this.http = http;
        this.baseUrl = baseUrl;
        this.apiVersion = apiVersion;
        this.timeout = timeout;
        this.secretKey = secretKey;
    }

    Answer post(String path, Form form, String idempotencyKey) throws ProviderException {
        HttpRequest.Builder b = request(path)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form.encode(), StandardCharsets.UTF_8));
        if (idempotencyKey != null) {
            b.header("Idempotency-Key", idempotencyKey);
        }
        return send(b, "POST " + path);
    }

    Answer get(String pathAndQuery) throws ProviderException {
        return send(request(pathAndQuery).GET(), "GET " + pathAndQuery);
    }

    private HttpRequest.Builder request(String pathAndQuery) throws ProviderException {
        String key;
        try {
            key = secretKey.get();
        } catch (RuntimeException e) { // SecretResolver.SecretException: the reference could not be read
            throw new ProviderException("the Stripe secret key could not be read: " + e.getMessage(), e);
        }
        return HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery))
                .timeout(timeout)
                .header("Authorization", "Bearer " + key)
                .header("Stripe-Version", apiVersion)
                .header("Accept", "application/json");
    }

    private Answer send(HttpRequest.Builder request, String what) throws ProviderException {
        OutgoingCall.Answer response;
        try {
            response = OutgoingCall.sendWhole(http, request.build(), timeout, ProviderContext.MAX_ANSWER_BYTES);
        } catch (HttpTimeoutException e) {
            throw new ProviderException("Stripe did not answer " + what + " within " + timeout.toMillis() + " ms", e);
        } catch (IOException e) {
            throw new ProviderException("Stripe could not be reached for " + what + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException("interrupted while calling Stripe for " + what, e);
        }
        int status = response.status();
        if (status >= 500 || status == 429 || status == 409) {
            // 5xx and rate limits: the outcome is unknown; 409: the same idempotency key is still in flight
            throw new ProviderException("Stripe answered " + status + " to " + what);
        }
        JsonNode body;
        try {
            body = Json.parse(response.body());
        } catch (Json.InvalidJsonException e) {
            throw new ProviderException("Stripe's answer to " + what + " (" + status + ") is not JSON: " + e.getMessage(), e);
        }
        if (!body.isObject()) {
            throw new ProviderException("Stripe's answer to " + what + " (" + status + ") is not a JSON object");
        }
        if (status < 200 || status >= 300 && status < 400) {
            throw new ProviderException("Stripe answered " + status + " to " + what);
        }
        return new Answer(status, body);
    }
}
