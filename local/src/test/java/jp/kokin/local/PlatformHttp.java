package jp.kokin.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    /**
     * Two people release the settlement run {@code runId} of {@code date} through the API and the day's
     * transfer file is downloaded: refused before (403), prepared by {@code preparer}, refused to the
     * same key ({@code same_principal}), approved by {@code approver}; answers the download (200).
     */
    HttpResponse<byte[]> releaseAndDownloadTransferFile(String date, String runId, String preparer, String approver)
            throws Exception {
        String file = base + "/v1/settlements/" + date + "/transfer-file";
        assertEquals(403, client.send(get(file, preparer), HttpResponse.BodyHandlers.ofByteArray()).statusCode(),
                "not released yet");
        json(send(post("/v1/settlement-runs/" + runId + "/prepare", preparer, "{}"), 200));
        assertTrue(send(post("/v1/settlement-runs/" + runId + "/approve", preparer, "{}"), 403).body().contains("same_principal"));
        JsonNode release = json(send(post("/v1/settlement-runs/" + runId + "/approve", approver, "{}"), 200)).get("release");
        assertTrue(release.hasNonNull("approvedAt"), release.toString());
        HttpResponse<byte[]> download = client.send(get(file, preparer), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, download.statusCode());
        return download;
    }

    static String location(HttpResponse<String> response) {
        return response.headers().firstValue("location").orElseThrow();
    }

    static JsonNode json(HttpResponse<String> response) {
        return Json.parse(response.body());
    }
}
