package jp.kokin.local;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Loads a catalog seed with the platform's own {@code jp.kokin.adapters.catalog.CatalogLoader}
 * ({@code new CatalogLoader(DynamoDbClient, String tableName).load(byte[] seedJson)}), found at run
 * time so the runner builds and its tests run whatever state the adapters module is in.
 */
final class SeedLoader {

    static final String LOADER = "jp.kokin.adapters.catalog.CatalogLoader";
    static final String DEMO_SEED = "/demo-seed.json";
    static final String BASE_URL_PLACEHOLDER = "${LOCAL_BASE_URL}";

    private SeedLoader() {}

    /** The bundled demo seed with its {@code ${LOCAL_BASE_URL}} placeholders filled in. */
    static byte[] demoSeed(String baseUrl) {
        try (InputStream in = SeedLoader.class.getResourceAsStream(DEMO_SEED)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + DEMO_SEED);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace(BASE_URL_PLACEHOLDER, baseUrl)
                    .getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] file(java.nio.file.Path path) {
        try {
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read seed " + path + ": " + e.getMessage(), e);
        }
    }

    static void load(DynamoDbClient dynamoDb, String catalogTable, byte[] seed) {
        try {
            Class<?> loader = Class.forName(LOADER);
            Object instance = loader.getConstructor(DynamoDbClient.class, String.class).newInstance(dynamoDb, catalogTable);
            loader.getMethod("load", byte[].class).invoke(instance, (Object) seed);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(LOADER + " is not on the classpath: build functions/adapters first", e);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException("Seed rejected: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(LOADER + " does not have the expected (DynamoDbClient, String) constructor and load(byte[])", e);
        }
    }
}
