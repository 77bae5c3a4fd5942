package jp.kokin.adapters.provider.stripe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import jp.kokin.adapters.provider.ProviderRegistry;
import jp.kokin.domain.catalog.ProviderSettings;

/** Settings are checked when the catalog is loaded. */
class StripeFactoryTest {

    private static List<String> problems(Object... kv) {
        Map<String, Object> config = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            config.put((String) kv[i], kv[i + 1]);
        }
        return ProviderRegistry.validate(new ProviderSettings("cards", "stripe", config));
    }

    @Test
    void a_key_and_a_signing_secret_are_enough() {
        assertEquals(List.of(), problems("secretKey", "sk_live_51AbC", "webhookSecret", "whsec_abc"));
        assertEquals(List.of(), problems("secretKey", "secretsmanager:kokin/stripe#secretKey",
                "webhookSecret", List.of("ssm:/kokin/stripe/whsec", "whsec_previous"), "baseUrl", "https://api.stripe.com/",
                "toleranceSeconds", "120", "timeoutMillis", "4000"));
        assertEquals(List.of(), problems("secretKey", "sk_test_1", "webhookSecret", "whsec_1", "baseUrl",
                "http://127.0.0.1:3000/_sim/stripe"));
    }

    @Test
    void each_problem_names_its_setting() {
        assertEquals(List.of("providers.cards.secretKey: required (sk_live_…, sk_test_… or a secretsmanager:/ssm: reference)",
                "providers.cards.webhookSecret: required (the endpoint's signing secret whsec_…, or a list: current first)"),
                problems());
        List<String> bad = problems("secretKey", "pk_live_123", "webhookSecret", List.of("whsec_ok", "not-a-secret"),
                "baseUrl", "http://api.stripe.com", "toleranceSeconds", "-5", "timeoutMillis", "soon", "apiVersion", "latest");
        assertEquals(6, bad.size(), bad.toString());
        assertTrue(bad.get(0).startsWith("providers.cards.baseUrl: "));
        assertTrue(bad.get(1).startsWith("providers.cards.secretKey: "));
        assertTrue(bad.get(2).startsWith("providers.cards.webhookSecret: "));
        assertTrue(bad.get(3).startsWith("providers.cards.toleranceSeconds: "));
        assertTrue(bad.get(4).startsWith("providers.cards.timeoutMillis: "));
        assertTrue(bad.get(5).startsWith("providers.cards.apiVersion: "));
    }
}
