package jp.kokin.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import jp.kokin.adapters.aws.ClientFactory;
import jp.kokin.adapters.catalog.CatalogCodec;
import jp.kokin.adapters.catalog.CatalogLoader;

/**
 * Loads a catalog file into a deployed catalog table, with the SDK's standard configuration
 * (region, credentials, endpoint):
 * {@code java -cp local/target/kokin-local.jar jp.kokin.local.LoadCatalog --table NAME --file catalog.json}.
 * The file is validated whole first; on any problem nothing is written and every problem is listed.
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
        try (var dynamoDb = ClientFactory.dynamoDb(System.getenv())) {
            new CatalogLoader(dynamoDb, table).load(Files.readAllBytes(file));
            System.out.println("catalog " + file + " loaded into " + table);
        } catch (CatalogCodec.InvalidCatalogException e) {
            System.err.println("the catalog was not loaded; fix these and try again:");
            e.problems().forEach(p -> System.err.println("  " + p));
            System.exit(2);
        }
    }

    private static void usage(String problem) {
        System.err.println(problem);
        System.err.println("usage: java -cp local/target/kokin-local.jar jp.kokin.local.LoadCatalog --table NAME --file catalog.json");
        System.exit(64);
    }
}
