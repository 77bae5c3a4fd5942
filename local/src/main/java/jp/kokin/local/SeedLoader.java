package jp.kokin.local;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import jp.kokin.adapters.catalog.CatalogLoader;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Loads a catalog seed (the demo seed or a file) with the platform's own {@link CatalogLoader}. */
final class SeedLoader {

    static final String DEMO_SEED = "/demo-seed.json";
    static final String BASE_URL_PLACEHOLDER = "${LOCAL_BASE_URL}";

    private SeedLoader() {}

    /** The bundled demo seed with its {@code ${LOCAL_BASE_URL}} placeholders filled in. */
    static byte[] demoSeed(String baseUrl) {
        try (InputStream in = SeedLoader.class.getResourceAsStream(DEMO_SEED)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + DEMO_SEED);
            }
            return fill(in.readAllBytes(), baseUrl);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A seed file with its {@code ${LOCAL_BASE_URL}} placeholders filled in, as the demo seed's are. */
    static byte[] file(java.nio.file.Path path, String baseUrl) {
        try {
            return fill(Files.readAllBytes(path), baseUrl);
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read seed " + path + ": " + e.getMessage(), e);
        }
    }

    /** Every seed the runner loads goes through here: {@code ${LOCAL_BASE_URL}} becomes the runner's base URL. */
    static byte[] fill(byte[] seed, String baseUrl) {
        return new String(seed, StandardCharsets.UTF_8).replace(BASE_URL_PLACEHOLDER, baseUrl).getBytes(StandardCharsets.UTF_8);
    }

    /** Loads a seed of the local runner: its demo API keys (too short for production) are let in as their hashes. */
    static void load(DynamoDbClient dynamoDb, String catalogTable, byte[] seed) {
        new CatalogLoader(dynamoDb, catalogTable).load(DemoSecrets.admitDemoKeys(seed));
    }
}
