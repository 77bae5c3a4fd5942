package jp.kokin.local;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import jp.kokin.adapters.catalog.CatalogCodec;
import jp.kokin.adapters.json.Json;
import jp.kokin.domain.Hashes;

/**
 * The production loader refuses the public demo seed's secrets wherever they appear; the local
 * runner's loader takes them.
 */
class LoadCatalogTest {

    private static byte[] demoSeed() {
        return SeedLoader.demoSeed("https://pay.example.jp");
    }

    /** The demo seed with every secret replaced by a fresh one of the same shape (and real-length API keys). */
    private static String withFreshSecrets(long seed) {
        System.out.println("LoadCatalogTest fresh secrets seed: " + seed);
        Random random = new Random(seed);
        String text = new String(demoSeed(), StandardCharsets.UTF_8);
        for (String secret : DemoSecrets.values()) {
            String fresh;
            if (DemoSecrets.apiKeys().contains(secret)) {
                fresh = randomOf("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", 43, random);
            } else {
                StringBuilder b = new StringBuilder();
                var kept = java.util.regex.Pattern.compile("^(whsec_|sk_test_)").matcher(secret);
                int prefix = kept.find() ? kept.end() : 0;
                b.append(secret, 0, prefix);
                for (char c : secret.substring(prefix).toCharArray()) {
                    b.append(Character.isDigit(c) ? randomOf("0123456789", 1, random)
                            : Character.isLowerCase(c) ? randomOf("abcdef", 1, random)
                            : Character.isUpperCase(c) ? randomOf("ABCDEF", 1, random) : String.valueOf(c));
                }
                fresh = b.toString();
            }
            text = text.replace("\"" + secret + "\"", "\"" + fresh + "\"");
        }
        return text;
    }

    private static String randomOf(String alphabet, int length, Random random) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < length; i++) {
            b.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    private static List<String> problems(byte[] catalog) {
        return assertThrows(CatalogCodec.InvalidCatalogException.class, () -> LoadCatalog.check(catalog)).problems();
    }

    @Test
    void the_production_loader_refuses_the_demo_seed_naming_every_demo_secret_but_never_its_value() {
        List<String> problems = problems(demoSeed());
        String all = String.join("\n", problems);
        for (String path : List.of("apiKeys[0].key", "apiKeys[1].key", "apiKeys[2].key", "portals[0].notificationSecret",
                "providers.sandbox.webhookSecret", "providers.paypay.apiKey", "providers.paypay.apiSecret",
                "providers.sbps.hashKey", "providers.stripe.secretKey", "providers.stripe.webhookSecret")) {
            assertTrue(all.contains(path + ": is a secret of the public demo seed"), path + " in\n" + all);
        }
        for (String secret : DemoSecrets.values()) {
            assertFalse(all.contains(secret), "a problem shows the secret itself");
        }
    }

    @Test
    void the_demo_secrets_are_every_secret_of_the_demo_seed() {
        assertEquals(Set.of("demo-portal-key", "demo-operator-key", "demo-approver-key"), DemoSecrets.apiKeys());
        assertEquals(10, DemoSecrets.values().size(), DemoSecrets.values().size() + " secrets");
        assertFalse(DemoSecrets.values().contains("30132"), "a merchant id is not a secret");
    }

    @Test
    void the_same_catalog_with_fresh_secrets_is_accepted() {
        byte[] fresh = withFreshSecrets(20261130L).getBytes(StandardCharsets.UTF_8);
        assertDoesNotThrow(() -> LoadCatalog.check(fresh));
    }

    @Test
    void a_demo_secret_is_refused_wherever_it_is_put_and_a_demo_key_as_its_hash_too() {
        String sandboxDemoSecret = Json.parse(demoSeed()).path("providers").path("sandbox").path("webhookSecret").asText();
        ObjectNode root = (ObjectNode) Json.parse(withFreshSecrets(20261201L));
        ((ObjectNode) root.path("providers").path("stripe")).put("webhookSecret", sandboxDemoSecret);
        ObjectNode operator = (ObjectNode) root.path("apiKeys").get(1);
        operator.remove("key");
        operator.put("keyHash", Hashes.sha256Hex("demo-operator-key"));

        List<String> problems = problems(Json.write(root).getBytes(StandardCharsets.UTF_8));

        assertTrue(problems.contains("providers.stripe.webhookSecret: is a secret of the public demo seed; generate a new one"),
                problems.toString());
        assertTrue(problems.contains("apiKeys[1].keyHash: is the hash of a demo seed API key; generate a new key"),
                problems.toString());
    }

    @Test
    void the_production_loader_refuses_loopback_urls_naming_each_path() {
        // in AWS, 127.0.0.1:9001 is the Lambda Runtime API and localhost:2773 the secrets extension
        ObjectNode root = (ObjectNode) Json.parse(withFreshSecrets(20261202L));
        ObjectNode myna = (ObjectNode) root.path("portals").get(0);
        myna.put("notificationUrl", "http://127.0.0.1:9001/2018-06-01/runtime/invocation/next");
        myna.putArray("returnUrlPrefixes").add("https://portal.example.jp/").add("http://[::1]:8080/back/");
        ((ObjectNode) root.path("providers").path("paypay")).put("baseUrl", "http://localhost:2773/paypay");
        ((ObjectNode) root.path("providers").path("stripe")).put("baseUrl", "https://LocalHost/stripe");
        ((ObjectNode) root.path("providers").path("sbps")).put("queryBaseUrl", "http://127.1.2.3/sbps");

        List<String> problems = problems(Json.write(root).getBytes(StandardCharsets.UTF_8));

        String all = String.join("\n", problems);
        for (String path : List.of("portals[0].notificationUrl", "portals[0].returnUrlPrefixes[1]",
                "providers.paypay.baseUrl", "providers.stripe.baseUrl", "providers.sbps.queryBaseUrl")) {
            assertTrue(all.contains(path + ": names a loopback host"), path + " in\n" + all);
        }
        assertFalse(all.contains("returnUrlPrefixes[0]"), all);
        assertFalse(all.contains("9001"), "a problem names the place, not the URL");
    }

    @Test
    void the_local_runner_takes_the_demo_keys_as_their_hashes() {
        var root = Json.parse(DemoSecrets.admitDemoKeys(demoSeed()));
        assertEquals(Hashes.sha256Hex("demo-portal-key"), root.path("apiKeys").get(0).path("keyHash").asText());
        assertFalse(root.path("apiKeys").get(0).has("key"));
        assertDoesNotThrow(() -> CatalogCodec.parse(root));
    }
}
