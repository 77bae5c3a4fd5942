package jp.kokin.adapters.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import jp.kokin.adapters.json.Json;
import jp.kokin.adapters.testing.TestCatalog;
import jp.kokin.domain.Hashes;
import jp.kokin.domain.catalog.Catalog;

/** API keys in a catalog: a clear key carries at least 32 random bytes; a keyHash is kept as it is. */
class CatalogApiKeysTest {

    private static ObjectNode catalogWithOperatorKey(String field, String value) {
        ObjectNode root = (ObjectNode) Json.parse(TestCatalog.json("https://portal.example.jp/n"));
        ObjectNode operator = (ObjectNode) root.get("apiKeys").get(2);
        operator.remove("key");
        operator.put(field, value);
        return root;
    }

    private static List<String> problemsWithKey(String key) {
        return assertThrows(CatalogCodec.InvalidCatalogException.class,
                () -> CatalogCodec.parse(catalogWithOperatorKey("key", key))).problems();
    }

    @Test
    void a_clear_key_of_43_base64url_characters_is_accepted_and_one_of_42_is_refused() {
        String k43 = "Abcdefghijklmnopqrstuvwxyz0123456789-_ABCDE";
        assertEquals(43, k43.length());
        Catalog catalog = CatalogCodec.parse(catalogWithOperatorKey("key", k43));
        assertTrue(catalog.apiKeyByHash(Hashes.sha256Hex(k43)).isPresent());

        assertEquals(List.of("apiKeys[2].key: 43 to 256 base64url characters (at least 32 random bytes), e.g. "
                + "openssl rand -base64 32 | tr '+/' '-_' | tr -d '='"), problemsWithKey(k43.substring(1)));
    }

    @Test
    void a_clear_key_is_base64url_and_at_most_256_characters() {
        String k256 = "a".repeat(256);
        assertTrue(CatalogCodec.parse(catalogWithOperatorKey("key", k256)).apiKeyByHash(Hashes.sha256Hex(k256)).isPresent());
        assertEquals(1, problemsWithKey(k256 + "a").size());
        assertEquals(1, problemsWithKey("Abcdefghijklmnopqrstuvwxyz0123456789+/ABCDE=").size(), "base64, not base64url");
        assertEquals(1, problemsWithKey("Abcdefghijklmnopqrstuvwxyz0123456789 ABCDEF").size());
    }

    @Test
    void the_short_demo_keys_are_refused() {
        assertEquals(1, problemsWithKey("demo-operator-key").size());
    }

    @Test
    void a_key_hash_is_still_accepted_whatever_key_it_came_from() {
        String hash = Hashes.sha256Hex("a-key-kept-out-of-files");
        Catalog catalog = CatalogCodec.parse(catalogWithOperatorKey("keyHash", hash));
        assertTrue(catalog.apiKeyByHash(hash).isPresent());
    }
}
