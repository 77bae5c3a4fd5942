package jp.kokin.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import jp.kokin.adapters.aws.ClientFactory;
import jp.kokin.adapters.catalog.CatalogCodec;
import jp.kokin.adapters.catalog.CatalogLoader;
import jp.kokin.adapters.json.Json;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Loads a catalog file into a deployed catalog table, with the SDK's standard configuration
 * (region, credentials, endpoint):
 * {@code java -cp local/target/kokin-local.jar jp.kokin.local.LoadCatalog --table NAME --file catalog.json}.
 * The file is validated whole first; on any problem nothing is written and every problem is listed.
 * This is the production loader: a catalog that holds any secret of the public demo seed (its API
 * keys, its portal's notification secret, its sandbox and simulator credentials) is refused; the
 * local runner's own seeds go through {@link SeedLoader} instead.
 */
public final class LoadCatalog {
    private LoadCatalog() {}

    public static void main(String[] args) throws IOException {
        String table = null;
        Path file = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--table" -> table = args[i + 1];
                case "--file" -> file = Path.of(args[i + 1]);
                default -> usage("unknown option " + args[i]);
            }
        }
        if (table == null || file == null) {
            usage("both --table and --file are required");
        }
        byte[] catalog = Files.readAllBytes(file);
        try (var dynamoDb = ClientFactory.dynamoDb(System.getenv())) {
            load(dynamoDb, table, catalog);
            System.out.println("catalog " + file + " loaded into " + table);
        } catch (CatalogCodec.InvalidCatalogException e) {
            System.err.println("the catalog was not loaded; fix these and try again:");
            e.problems().forEach(p -> System.err.println("  " + p));
            System.exit(2);
        }
    }

    /** Checks (see {@link #check}) and loads; nothing is written when anything is wrong. */
    static void load(DynamoDbClient dynamoDb, String table, byte[] catalog) {
        check(catalog);
        new CatalogLoader(dynamoDb, table).load(catalog);
    }

    /**
     * Every problem of {@code catalog} as a production catalog: what {@link CatalogCodec} finds,
     * and each place that holds a demo seed secret (named by path, never by value).
     */
    static void check(byte[] catalog) {
        JsonNode root;
        try {
            root = Json.parse(catalog);
        } catch (Json.InvalidJsonException e) {
            throw new CatalogCodec.InvalidCatalogException(List.of(e.getMessage()));
        }
        List<String> problems = new ArrayList<>(DemoSecrets.foundIn(root));
        try {
            CatalogCodec.parse(root);
        } catch (CatalogCodec.InvalidCatalogException e) {
            problems.addAll(e.problems());
        }
        if (!problems.isEmpty()) {
            throw new CatalogCodec.InvalidCatalogException(problems);
        }
    }

    private static void usage(String problem) {
        System.err.println(problem);
        System.err.println("usage: java -cp local/target/kokin-local.jar jp.kokin.local.LoadCatalog --table NAME --file catalog.json");
        System.exit(64);
    }
}
