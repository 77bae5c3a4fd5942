package jp.kokin.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;

import jp.kokin.adapters.json.Json;

/**
 * Requests to a running local platform as a portal, an operator or a citizen's browser make them:
 * redirects are not followed (a test looks at each {@code 303}), and {@link #send} checks the status.
 */
final class PlatformHttp {
    private final String base;
    private final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** @param base the platform's base URL, e.g. {@code http://127.0.0.1:3000} */
    PlatformHttp(String base) {
        this.base = base;
    }

    HttpClient client() {
        return client;
    }

    /** A JSON POST to a path of the platform, with the API key as a bearer token when {@code key} is not null. */
    HttpRequest post(String path, String key, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (key != null) {
            b.header("authorization", "Bearer " + key);
        }
        return b.build();
    }

    /** A form POST to a path of the platform (a citizen's browser). */
    HttpRequest form(String path, String form) {
        return formAt(base + path, form);
    }

    /** A form POST to any URL (a provider's page). */
    static HttpRequest formAt(String url, String form) {
        return HttpRequest.newBuilder(URI.create(url)).header("content-type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
    }

    /** A GET of a URL, with the API key when {@code key} is not null. */
    static HttpRequest get(String url, String key) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).GET();
        if (key != null) {
            b.header("authorization", "Bearer " + key);
        }
        return b.build();
    }

    /** Sends and checks the status (the failure names the request and the body). */
    HttpResponse<String> send(HttpRequest request, int expectedStatus) throws Exception {
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(expectedStatus, response.statusCode(), request.method() + " " + request.uri() + " → " + response.body());
        return response;
    }

    /**
     * The citizen pays checkout {@code checkoutId} by card: opens the payment page, chooses the card,
     * opens Stripe's page (its simulator) and pays there, stopping at the provider's redirect (not our
     * return page). The webhook, receipt and notifications follow asynchronously.
     */
    void payByCard(String checkoutId) throws Exception {
        send(get(base + "/pay/" + checkoutId, null), 200);
        String providerPage = location(send(form("/pay/" + checkoutId, "method=card"), 303));
        send(get(providerPage, null), 200);
        send(formAt(providerPage, "action=pay"), 303);
    }

    static String location(HttpResponse<String> response) {
        return response.headers().firstValue("location").orElseThrow();
    }

    static JsonNode json(HttpResponse<String> response) {
        return Json.parse(response.body());
    }
}
