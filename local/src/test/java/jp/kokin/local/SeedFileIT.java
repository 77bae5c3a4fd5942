package jp.kokin.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import jp.kokin.adapters.json.Json;

/**
 * {@code local/run --seed FILE}: a seed file may point providers at the runner's simulators with
 * {@code ${LOCAL_BASE_URL}}, as the bundled demo seed does; the runner fills it in every seed it loads.
 */
class SeedFileIT {

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @Test
    void a_seed_file_copied_from_the_demo_seed_points_every_provider_at_the_runners_simulators(@TempDir Path dir)
            throws Exception {
        Path seed = dir.resolve("my-seed.json");
        try (InputStream in = SeedLoader.class.getResourceAsStream(SeedLoader.DEMO_SEED)) {
            Files.write(seed, in.readAllBytes()); // unfilled: ${LOCAL_BASE_URL} in the portal and every provider baseUrl
        }
        assertTrue(Files.readString(seed).contains("\"baseUrl\": \"${LOCAL_BASE_URL}/_sim/sbps\""));

        try (LocalPlatform platform = LocalPlatform.start(LocalOptions.defaults().withPort(0).withoutSchedules()
                .withSeedFile(seed))) {
            String base = platform.baseUrl();
            for (String provider : new String[] {"paypay", "sbps", "stripe"}) {
                assertTrue(platform.simulator(provider).isPresent(), provider + " simulator mounted");
            }
            String id = createCheckout(base);

            HttpResponse<String> paypay = post(base + "/pay/" + id, "method=paypay");
            assertEquals(303, paypay.statusCode(), paypay.body());
            assertTrue(paypay.headers().firstValue("location").orElseThrow().startsWith(base + "/_sim/paypay/"),
                    paypay.headers().toString());

            HttpResponse<String> dpay = post(base + "/pay/" + id, "method=dpay");
            assertEquals(200, dpay.statusCode(), dpay.body());
            assertTrue(dpay.body().contains("action=\"" + base + "/_sim/sbps/"), "the SBPS form posts to the simulator");
        }
    }

    private String createCheckout(String base) throws IOException, InterruptedException {
        String body = """
                {"organizationCode":"131016","items":[{"procedureCode":"juminhyo","quantity":1}],
                 "reference":"SEED-1","returnUrl":"%s/_local/portal/done"}""".formatted(base);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/checkouts"))
                .header("authorization", "Bearer demo-portal-key").header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, r.statusCode(), r.body());
        JsonNode checkout = Json.parse(r.body());
        return checkout.path("id").asText();
    }

    private HttpResponse<String> post(String url, String form) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("content-type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
