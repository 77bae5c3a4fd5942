package jp.kokin.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import jp.kokin.local.embedded.EmbeddedAws;
import jp.kokin.local.embedded.SamTemplate;
import org.junit.jupiter.api.Test;

class DemoSeedIT {

    @Test
    void theBundledDemoSeedLoadsIntoTheCatalog() {
        byte[] seed = SeedLoader.demoSeed("http://127.0.0.1:3000");
        String text = new String(seed, StandardCharsets.UTF_8);
        assertTrue(text.contains("\"http://127.0.0.1:3000/_local/portal/notifications\"") && !text.contains("${"), text);

        try (var aws = EmbeddedAws.start()) {
            var resources = aws.provision(SamTemplate.load(Path.of("../template.yaml")), Map.of());
            SeedLoader.load(aws.dynamoDb(), resources.tableName("CatalogTable"), seed);
            var items = aws.dynamoDb().scan(r -> r.tableName(resources.tableName("CatalogTable"))).items();
            var keys = items.stream().map(i -> i.get("pk").s()).toList();
            assertTrue(keys.containsAll(java.util.List.of("ORG#131016", "ORG#131041", "ORG#130001", "PORTAL#myna")), keys.toString());
            assertEquals(3, keys.stream().filter(k -> k.startsWith("APIKEY#")).count(), keys.toString()); // portal, operator, approver
        }
    }
}
