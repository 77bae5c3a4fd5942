package jp.kokin.adapters.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jp.kokin.adapters.json.Json;
import jp.kokin.adapters.testing.TestAws;
import jp.kokin.adapters.testing.TestCatalog;
import jp.kokin.domain.Hashes;
import jp.kokin.domain.catalog.Catalog;
import jp.kokin.domain.catalog.Role;

class CatalogLoaderIT {
    private TestAws aws;
    private CatalogLoader loader;

    @BeforeEach
    void setUp() {
        aws = TestAws.create();
        loader = new CatalogLoader(aws.dynamoDb(), aws.catalogTable());
    }

    private Catalog read() {
        return aws.catalog(Clock.systemUTC()).get();
    }

    @Test
    void theLoadedCatalogReadsBackWithApiKeysOnlyAsHashes() {
        Catalog catalog = read();
        assertEquals("外務省", catalog.organization("MOFA").orElseThrow().name());
        assertEquals(16000, catalog.organization("130001").orElseThrow().procedure("passport-10y").orElseThrow().unitAmount());
        assertEquals(Role.OPERATOR, catalog.apiKeyByHash(Hashes.sha256Hex(TestCatalog.OPERATOR_KEY)).orElseThrow().role());
        assertEquals("ｼﾝｼﾞﾕｸｸ", catalog.organization("131041").orElseThrow().bankAccount().holderKana(),
                "kana normalised to the Zengin set at load");
        String everything = aws.dynamoDb().scan(b -> b.tableName(aws.catalogTable())).items().toString();
        assertFalse(everything.contains(TestCatalog.PORTAL_KEY), "a clear API key never reaches the table");
    }

    @Test
    void anInvalidCatalogNamesEveryProblemAndChangesNothing() {
        ObjectNode root = (ObjectNode) Json.parse(TestCatalog.json("https://portal.example.jp/n"));
        ObjectNode first = (ObjectNode) root.get("organizations").get(0);
        first.put("code", "131017");
        first.put("colour", "blue");
        ((ObjectNode) root.get("organizations").get(2).get("procedures").get(0).get("fees").get(0)).put("creditor", "NOPE");
        byte[] bad = Json.write(root).getBytes(StandardCharsets.UTF_8);

        var e = assertThrows(CatalogCodec.InvalidCatalogException.class, () -> loader.load(bad));
        String problems = String.join("\n", e.problems());
        assertTrue(problems.contains("organizations[0].code") && problems.contains("131017"), problems);
        assertTrue(problems.contains("organizations[0].colour: unknown field"), problems);
        assertTrue(problems.contains("creditor NOPE is not an organization"), problems);
        assertTrue(read().organization("131016").isPresent(), "the previous catalog is untouched");
    }

    @Test
    void reloadingWithoutAKeyRevokesIt() {
        ObjectNode root = (ObjectNode) Json.parse(TestCatalog.json("https://portal.example.jp/n"));
        ArrayNode keys = (ArrayNode) root.get("apiKeys");
        keys.remove(1); // the city portal's key
        loader.load(Json.write(root).getBytes(StandardCharsets.UTF_8));
        assertTrue(read().apiKeyByHash(Hashes.sha256Hex(TestCatalog.CITY_KEY)).isEmpty());
        assertTrue(read().apiKeyByHash(Hashes.sha256Hex(TestCatalog.PORTAL_KEY)).isPresent());
    }

    @Test
    void aKeyMayBeGivenAsItsHash() {
        ObjectNode root = (ObjectNode) Json.parse(TestCatalog.json("https://portal.example.jp/n"));
        ObjectNode operator = (ObjectNode) root.get("apiKeys").get(2);
        operator.remove("key");
        operator.put("keyHash", Hashes.sha256Hex("a-key-kept-out-of-files"));
        loader.load(Json.write(root).getBytes(StandardCharsets.UTF_8));
        assertTrue(read().apiKeyByHash(Hashes.sha256Hex("a-key-kept-out-of-files")).isPresent());
    }

    @Test
    void aPortalThatAnsweredGoneHasNotificationsDisabledUntilTheCatalogIsLoadedAgain() {
        CatalogRepository repository = aws.catalog(Clock.systemUTC());
        repository.disableNotifications("myna");
        assertTrue(repository.get().portal("myna").orElseThrow().notificationsDisabled());
        loader.load(TestCatalog.json("https://portal.example.jp/n"));
        assertFalse(repository.get().portal("myna").orElseThrow().notificationsDisabled());
    }

    @Test
    void aReturnUrlPrefixWithoutAPathIsRefusedBecauseItWouldMatchOtherHosts() {
        ObjectNode root = (ObjectNode) Json.parse(TestCatalog.json("https://portal.example.jp/n"));
        ((ArrayNode) root.get("portals").get(0).get("returnUrlPrefixes")).removeAll().add("https://portal.example.jp");
        var e = assertThrows(CatalogCodec.InvalidCatalogException.class,
                () -> loader.load(Json.write(root).getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().contains("portals[0].returnUrlPrefixes: https://portal.example.jp must include a path"),
                e.getMessage());
    }

    @Test
    void aTreasuryCatalogSurvivesTheTableAndAPlainOneLoadedAfterItRestoresTheDefaults() {
        loader.load(TestCatalog.treasuryJson("https://portal.example.jp/n"));
        Catalog stored = read();
        Catalog parsed = CatalogCodec.parse(Json.parse(TestCatalog.treasuryJson("https://portal.example.jp/n")));
        assertEquals(parsed.treasuryOf("MOFA").orElseThrow(), stored.treasuryOf("MOFA").orElseThrow());
        assertEquals(null, stored.organization("MOFA").orElseThrow().bankAccount());
        assertEquals(parsed.revenueItem("130001", "passport-10y", "MOFA"), stored.revenueItem("130001", "passport-10y", "MOFA"));
        assertEquals("Kokin 指定納付受託者（テスト）", stored.treasury().agentName());
        assertEquals(parsed.treasury(), stored.treasury());
        assertTrue(aws.dynamoDb().getItem(b -> b.tableName(aws.catalogTable())
                .key(java.util.Map.of("pk", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("TREASURY"))))
                .hasItem(), "the top-level settings are their own item");

        loader.load(TestCatalog.json("https://portal.example.jp/n"));
        Catalog plain = read();
        assertTrue(plain.treasuryOf("MOFA").isEmpty());
        assertEquals(jp.kokin.domain.catalog.TreasurySettings.DEFAULT, plain.treasury(),
                "a table without the TREASURY item (loaded before national revenue, or without settings) reads the defaults");
    }

    @Test
    void textThatIsNotJsonIsAnInvalidCatalog() {
        var e = assertThrows(CatalogCodec.InvalidCatalogException.class,
                () -> loader.load("{\"organizations\": [".getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
    }
}
