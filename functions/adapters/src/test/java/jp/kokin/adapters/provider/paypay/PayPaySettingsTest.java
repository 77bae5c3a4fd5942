package jp.kokin.adapters.provider.paypay;

import static jp.kokin.adapters.provider.paypay.PayPayFixtures.config;
import static jp.kokin.adapters.provider.paypay.PayPayFixtures.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import jp.kokin.adapters.provider.ProviderRegistry;
import jp.kokin.domain.catalog.ProviderSettings;

class PayPaySettingsTest {

    private static List<String> problems(Map<String, Object> config) {
        return ProviderRegistry.validate(settings(config));
    }

    @Test
    void a_sandbox_account_with_secret_references_and_an_allow_list_is_usable() {
        Map<String, Object> config = config("https://stg-api.sandbox.paypay.ne.jp");
        config.put("apiKey", "ssm:/kokin/paypay/api-key");
        config.put("apiSecret", List.of("secretsmanager:kokin/paypay#secret", "secretsmanager:kokin/paypay#previous"));
        config.put("allowedSourceIps", List.of("203.0.113.0/24", "2001:db8::/32", "198.51.100.7"));
        config.put("timeoutMillis", "8000");

        assertEquals(List.of(), problems(config));
        PayPaySettings s = PayPaySettings.from(settings(config));
        assertEquals("secretsmanager:kokin/paypay#secret", s.apiSecrets().getFirst());
        assertEquals(Optional.of(Duration.ofSeconds(8)), s.timeout());
    }

    @Test
    void every_missing_setting_is_named() {
        List<String> problems = problems(Map.of());

        assertEquals(4, problems.size(), problems.toString());
        for (String field : List.of("baseUrl", "apiKey", "apiSecret", "merchantId")) {
            assertTrue(problems.stream().anyMatch(p -> p.startsWith("providers.paypay." + field + ": required")),
                    field + " in " + problems);
        }
    }

    @Test
    void the_base_url_is_https_except_for_a_local_simulator() {
        for (String ok : List.of("https://api.paypay.ne.jp", "https://apigw.sandbox.paypay.ne.jp/",
                "http://127.0.0.1:3000/_sim/paypay", "http://localhost:8081")) {
            assertEquals(List.of(), problems(config(ok)), ok);
        }
        for (String bad : List.of("http://api.paypay.ne.jp", "ftp://api.paypay.ne.jp", "api.paypay.ne.jp",
                "https://api.paypay.ne.jp?x=1", "https://user@api.paypay.ne.jp")) {
            List<String> problems = problems(config(bad));
            assertEquals(1, problems.size(), bad + " " + problems);
            assertTrue(problems.getFirst().startsWith("providers.paypay.baseUrl: "), problems.getFirst());
        }
    }

    @Test
    void allow_list_entries_and_timeouts_are_checked() {
        Map<String, Object> config = config("https://api.paypay.ne.jp");
        config.put("allowedSourceIps", List.of("203.0.113.0/24", "paypay.ne.jp"));
        config.put("timeoutMillis", "0");

        assertEquals(List.of(
                "providers.paypay.allowedSourceIps: 'paypay.ne.jp' is not an IPv4/IPv6 address or CIDR block",
                "providers.paypay.timeoutMillis: must be a whole number of milliseconds from 1 to 60000"), problems(config));
        config.put("timeoutMillis", "five seconds");
        config.put("allowedSourceIps", "203.0.113.9");
        assertEquals(List.of("providers.paypay.timeoutMillis: must be a whole number of milliseconds from 1 to 60000"),
                problems(config));
    }

    @Test
    void the_registry_builds_a_paypay_adapter_for_the_type() {
        ProviderSettings s = new ProviderSettings("paypay-tokyo", "paypay", config("https://api.paypay.ne.jp"));

        assertEquals(List.of(), ProviderRegistry.validate(s));
        assertEquals("paypay-tokyo", PayPayProvider.FACTORY.create(s, PayPayFixtures.context()).name());
    }
}
