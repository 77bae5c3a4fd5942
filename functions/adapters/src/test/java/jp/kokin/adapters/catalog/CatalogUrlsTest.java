package jp.kokin.adapters.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.node.ObjectNode;

import jp.kokin.adapters.json.Json;
import jp.kokin.adapters.testing.TestCatalog;

/**
 * Every URL of the catalog under the one set of rules ({@code PublicUrl}): a portal's
 * {@code notificationUrl} and {@code returnUrlPrefixes}, and every provider type's {@code baseUrl}.
 */
class CatalogUrlsTest {

    private static ObjectNode catalog(String notificationUrl) {
        return (ObjectNode) Json.parse(TestCatalog.json(notificationUrl));
    }

    private static List<String> problems(ObjectNode root) {
        var e = assertThrows(CatalogCodec.InvalidCatalogException.class, () -> CatalogCodec.parse(root));
        return e.problems();
    }

    /** Settings each type accepts, but for the base URL. */
    private static final Map<String, String> PROVIDERS = Map.of(
            "sandbox", "{\"webhookSecret\": \"whsec_FSIvPElWY3B9ipeksb7L2OXy/wwZJjNATVpndIGOm6g=\"}",
            "paypay", "{\"apiKey\": \"k\", \"apiSecret\": \"s\", \"merchantId\": \"1\"}",
            "sbps", "{\"merchantId\": \"30132\", \"serviceId\": \"101\", \"hashKey\": \"0123456789abcdef0123456789abcdef01234567\"}",
            "stripe", "{\"secretKey\": \"sk_test_abc\", \"webhookSecret\": \"whsec_abcdef\"}");

    private static ObjectNode withProvider(String type, String baseUrl) {
        ObjectNode root = catalog("https://portal.example.jp/n");
        ObjectNode settings = (ObjectNode) Json.parse(PROVIDERS.get(type));
        settings.put("baseUrl", baseUrl);
        root.putObject("providers").set(type, settings);
        root.remove("methods");
        return root;
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://portal.example.jp/n", "https://169.254.169.254/latest/meta-data/", "https://10.1.2.3/n",
            "https://[fd00:ec2::254]/n", "https://100.64.0.1/n", "https://192.168.0.10/n", "ftp://portal.example.jp/n",
            "https://user:pw@portal.example.jp/n"})
    void a_notification_url_that_is_not_public_https_is_refused_with_its_path(String url) {
        List<String> problems = problems(catalog(url));
        assertTrue(problems.getFirst().startsWith("portals[0].notificationUrl: "), problems.toString());
        assertEquals(1, problems.stream().filter(p -> p.contains("notificationUrl")).count(), problems.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://portal.example.jp/n", "http://127.0.0.1:3000/_local/portal/notifications",
            "https://127.0.0.1/n", "http://localhost:8080/n", "http://[::1]/n"})
    void https_and_loopback_notification_urls_are_accepted(String url) {
        CatalogCodec.parse(catalog(url));
    }

    @Test
    void a_return_url_prefix_over_plain_http_to_a_public_host_is_refused() {
        ObjectNode root = catalog("https://portal.example.jp/n");
        ((ObjectNode) root.withArray("portals").get(0)).putArray("returnUrlPrefixes").add("http://portal.example.jp/");
        List<String> problems = problems(root);
        assertTrue(problems.getFirst().startsWith("portals[0].returnUrlPrefixes: must be https"), problems.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"sandbox", "paypay", "sbps", "stripe"})
    void a_plain_http_provider_base_url_is_refused_by_every_type_alike(String type) {
        assertEquals(List.of("providers." + type + ".baseUrl: must be https (http only to a loopback host, for local development): "
                + "http://example.com"), problems(withProvider(type, "http://example.com")));
        assertEquals(List.of("providers." + type + ".baseUrl: must not point at a private, link-local, metadata or reserved address: "
                + "https://169.254.169.254"), problems(withProvider(type, "https://169.254.169.254")));
        assertTrue(problems(withProvider(type, "${LOCAL_BASE_URL}/_sim/" + type)).getFirst()
                .startsWith("providers." + type + ".baseUrl: "), "an unfilled placeholder is no URL");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sandbox", "paypay", "sbps", "stripe"})
    void https_and_loopback_provider_base_urls_are_accepted_by_every_type(String type) {
        CatalogCodec.parse(withProvider(type, "https://api.example.jp"));
        CatalogCodec.parse(withProvider(type, "http://127.0.0.1:3000/_sim/" + type));
    }

    @Test
    void a_procedure_name_of_100_characters_is_accepted_and_101_refused() {
        ObjectNode root = catalog("https://portal.example.jp/n");
        ObjectNode name = (ObjectNode) root.withArray("organizations").get(0).withArray("procedures").get(0).get("name");
        name.put("ja", "名".repeat(100));
        CatalogCodec.parse(root);
        name.put("ja", "名".repeat(101));
        assertTrue(problems(root).getFirst().startsWith("organizations[0].procedures[0].name: at most 100"), problems(root).toString());
    }

    @Test
    void a_procedure_with_5_fee_lines_is_accepted_and_one_with_6_refused() {
        for (int lines : new int[] {5, 6}) {
            ObjectNode root = catalog("https://portal.example.jp/n");
            var fees = ((ObjectNode) root.withArray("organizations").get(0).withArray("procedures").get(0)).putArray("fees");
            for (int i = 0; i < lines; i++) {
                fees.addObject().put("creditor", "13101" + i).put("amount", 100); // unknown creditors are reported apart
            }
            boolean refused = problems(root).stream().anyMatch(p -> p.equals("organizations[0].procedures[0].fees: at most 5 fee lines"));
            assertEquals(lines > 5, refused, lines + " lines: " + problems(root));
        }
    }
}
