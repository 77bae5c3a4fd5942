package jp.kokin.local;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;

import jp.kokin.adapters.aws.ClientFactory;
import jp.kokin.adapters.catalog.CatalogCodec;
import jp.kokin.adapters.catalog.CatalogLoader;
import jp.kokin.adapters.json.Json;
import jp.kokin.domain.format.PublicUrl;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Loads a catalog file into a deployed catalog table, with the SDK's standard configuration
 * (region, credentials, endpoint):
 * {@code java -cp local/target/kokin-local.jar jp.kokin.local.LoadCatalog --table NAME --file catalog.json}.
 * The file is validated whole first; on any problem nothing is written and every problem is listed.
 * This is the production loader: a catalog that holds any secret of the public demo seed (its API
 * keys, its portal's notification secret, its sandbox and simulator credentials) is refused, and
 * so is one whose URLs name a loopback host (see {@link #loopbackUrls}); the local runner's own
 * seeds go through {@link SeedLoader} instead.
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
     * each place that holds a demo seed secret (named by path, never by value), and each URL that
     * names a loopback host.
     */
    static void check(byte[] catalog) {
        JsonNode root;
        try {
            root = Json.parse(catalog);
        } catch (Json.InvalidJsonException e) {
            throw new CatalogCodec.InvalidCatalogException(List.of(e.getMessage()));
        }
        List<String> problems = new ArrayList<>(DemoSecrets.foundIn(root));
        problems.addAll(loopbackUrls(root));
        try {
            CatalogCodec.parse(root);
        } catch (CatalogCodec.InvalidCatalogException e) {
            problems.addAll(e.problems());
        }
        if (!problems.isEmpty()) {
            throw new CatalogCodec.InvalidCatalogException(problems);
        }
    }

    /**
     * Each URL the catalog would have us call or send a citizen to that names a loopback host
     * (127.0.0.0/8, {@code [::1]}, {@code localhost} and its subdomains): a portal's
     * {@code notificationUrl} and {@code returnUrlPrefixes}, a provider's {@code baseUrl} and
     * {@code queryBaseUrl}. The catalog format allows them for the local runner; in AWS, loopback
     * is the function's own Lambda Runtime API (127.0.0.1:9001) and secrets extension
     * (localhost:2773). Named by path only; a URL that does not parse is left to {@link CatalogCodec}.
     */
    static List<String> loopbackUrls(JsonNode root) {
        List<String> problems = new ArrayList<>();
        JsonNode portals = root.path("portals");
        for (int i = 0; i < portals.size(); i++) {
            JsonNode portal = portals.get(i);
            String path = "portals[" + i + "]";
            checkLoopback(portal.path("notificationUrl"), path + ".notificationUrl", problems);
            JsonNode prefixes = portal.path("returnUrlPrefixes");
            for (int j = 0; j < prefixes.size(); j++) {
                checkLoopback(prefixes.get(j), path + ".returnUrlPrefixes[" + j + "]", problems);
            }
        }
        root.path("providers").properties().forEach(provider -> {
            for (String key : List.of("baseUrl", "queryBaseUrl")) {
                checkLoopback(provider.getValue().path(key), "providers." + provider.getKey() + "." + key, problems);
            }
        });
        return problems;
    }

    private static void checkLoopback(JsonNode url, String path, List<String> problems) {
        if (!url.isTextual()) {
            return;
        }
        String host;
        try {
            host = new URI(url.asText().trim()).getHost();
        } catch (URISyntaxException e) {
            return;
        }
        if (host == null) {
            return;
        }
        String name = host.toLowerCase(Locale.ROOT);
        name = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        if (PublicUrl.isLoopbackHost(name) || name.equals("localhost") || name.endsWith(".localhost")) {
            problems.add(path + ": names a loopback host; in AWS that is the function's own runtime, not a portal"
                    + " or provider (loopback URLs are for the local runner only)");
        }
    }

    private static void usage(String problem) {
        System.err.println(problem);
        System.err.println("usage: java -cp local/target/kokin-local.jar jp.kokin.local.LoadCatalog --table NAME --file catalog.json");
        System.exit(64);
    }
}
