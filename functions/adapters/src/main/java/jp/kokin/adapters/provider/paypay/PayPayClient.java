package jp.kokin.adapters.provider.paypay;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jp.kokin.adapters.http.OutgoingCall;
import jp.kokin.adapters.json.Json;
import jp.kokin.adapters.provider.ProviderContext;
import jp.kokin.domain.provider.ProviderException;

/**
 * A small client for the PayPay Open Payment API: signs each request ({@link OpaAuth}), names the
 * merchant ({@code X-ASSUME-MERCHANT}) and reads the envelope
 * {@code {"resultInfo": {"code", "message", "codeId"}, "data": …}}. What cannot be known is a
 * {@link ProviderException}: no answer in time, a 5xx, a 429 ({@code RATE_LIMIT}), a refusal of
 * our credentials (401/403: nothing we send can succeed until the settings are fixed) or a body
 * without a {@code resultInfo.code}. Any other answer is returned for the caller to read.
 */
final class PayPayClient {

    /** Our API key and the current secret, resolved when a request is signed. */
    record Credentials(String apiKey, String apiSecret) {}

    /** An answer with a readable envelope. */
    record Answer(int status, String code, String codeId, JsonNode data) {
        boolean succeeded() {
            return status >= 200 && status < 300 && "SUCCESS".equals(code);
        }

        /** {@code HTTP 400 DYNAMIC_QR_BAD_REQUEST}: for messages (PayPay's own text is left out). */
        String describe() {
            return "HTTP " + status + " " + code + (codeId == null ? "" : " (" + codeId + ")");
        }
    }

    private final URI baseUrl;
    private final String merchantId;
    private final HttpClient http;
    private final Clock clock;
    private final Duration timeout;
    private final Supplier<Credentials> credentials;

    PayPayClient(String baseUrl, String merchantId, HttpClient http, Clock clock, Duration timeout,
                 Supplier<Credentials> credentials) {
        this.baseUrl = URI.create(baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl);
        this.merchantId = Objects.requireNonNull(merchantId, "merchantId");
        this.http = Objects.requireNonNull(http, "http");
        this.clock = clock;
        this.timeout = timeout;
        this.credentials = credentials;
    }

    /**
     * Sends {@code method path} (an API path such as {@code /v2/codes}, signed as it is: a path
     * prefix in {@code baseUrl} is not part of the MAC) with an optional JSON body.
     */
    Answer send(String method, String path, ObjectNode body) throws ProviderException {
        Credentials c;
        try {
            c = credentials.get();
        } catch (RuntimeException e) {
            throw new ProviderException("the PayPay API key or secret could not be read", e);
        }
        byte[] bytes = body == null ? null : Json.write(body).getBytes(StandardCharsets.UTF_8);
        String authorization = OpaAuth.header(c.apiKey(), c.apiSecret(), method, path, OpaAuth.CONTENT_TYPE, bytes,
                OpaAuth.newNonce(), clock.instant().getEpochSecond());
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(timeout)
                .header("Authorization", authorization)
                .header("X-ASSUME-MERCHANT", merchantId)
                .header("Accept", "application/json");
        if (bytes == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", OpaAuth.CONTENT_TYPE)
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(bytes));
        }
        OutgoingCall.Answer response;
        try {
            response = OutgoingCall.sendWhole(http, request.build(), timeout, ProviderContext.MAX_ANSWER_BYTES);
        } catch (HttpTimeoutException e) {
            throw new ProviderException("PayPay did not answer " + method + " " + path + " within " + timeout.toMillis() + " ms", e);
        } catch (IOException e) {
            throw new ProviderException("PayPay could not be reached for " + method + " " + path + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException("interrupted while calling PayPay", e);
        }
        int status = response.status();
        JsonNode root = readable(response.body());
        JsonNode resultInfo = root.path("resultInfo");
        String code = resultInfo.path("code").isTextual() ? resultInfo.path("code").asText() : null;
        String codeId = resultInfo.path("codeId").isTextual() ? resultInfo.path("codeId").asText() : null;
        if (status >= 500 || status == 429) {
            throw new ProviderException("PayPay answered " + method + " " + path + " with HTTP " + status
                    + (code == null ? "" : " " + code));
        }
        if (status == 401 || status == 403) {
            throw new ProviderException("PayPay refused our credentials (HTTP " + status + (code == null ? "" : " " + code)
                    + "): check apiKey, apiSecret and merchantId");
        }
        if (code == null) {
            throw new ProviderException("PayPay's answer to " + method + " " + path + " (HTTP " + status
                    + ") has no resultInfo.code");
        }
        return new Answer(status, code, codeId, root.path("data"));
    }

    private static JsonNode readable(byte[] body) {
        if (body == null || body.length == 0) {
            return MissingNode.getInstance();
        }
        try {
            return Json.parse(body);
        } catch (Json.InvalidJsonException e) {
            return MissingNode.getInstance();
        }
    }
}
