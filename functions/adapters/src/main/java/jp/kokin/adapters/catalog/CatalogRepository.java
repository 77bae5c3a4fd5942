package jp.kokin.adapters.catalog;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jp.kokin.adapters.json.Json;
import jp.kokin.domain.catalog.Catalog;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

/**
 * The catalog as the functions read it: the whole table in one paginated Scan, kept for
 * {@code cacheTtl} (default 60 s; a revoked key stops working within that time).
 */
public final class CatalogRepository implements Supplier<Catalog> {
    private final DynamoDbClient dynamoDb;
    private final String table;
    private final Duration cacheTtl;
    private final Clock clock;
    private volatile Snapshot snapshot;

    private record Snapshot(Catalog catalog, Instant loadedAt) {}

    public CatalogRepository(DynamoDbClient dynamoDb, String table, Duration cacheTtl, Clock clock) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.cacheTtl = cacheTtl;
        this.clock = clock;
    }

    public static CatalogRepository fromEnv(DynamoDbClient dynamoDb, Map<String, String> env) {
        String table = require(env, "CATALOG_TABLE");
        long seconds = Long.parseLong(env.getOrDefault("CATALOG_CACHE_SECONDS", "60"));
        return new CatalogRepository(dynamoDb, table, Duration.ofSeconds(seconds), Clock.systemUTC());
    }

    static String require(Map<String, String> env, String name) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            throw new IllegalStateException("environment variable " + name + " is not set");
        }
        return v;
    }

    @Override
    public Catalog get() {
        Snapshot current = snapshot;
        Instant now = clock.instant();
        if (current != null && now.isBefore(current.loadedAt().plus(cacheTtl))) {
            return current.catalog();
        }
        synchronized (this) {
            current = snapshot;
            if (current != null && now.isBefore(current.loadedAt().plus(cacheTtl))) {
                return current.catalog();
            }
            Catalog catalog = load();
            snapshot = new Snapshot(catalog, now);
            return catalog;
        }
    }

    /** Stops notifications to a portal whose endpoint answered 410 Gone (until the catalog is loaded again). */
    public void disableNotifications(String portalId) {
        dynamoDb.updateItem(b -> b.tableName(table)
                .key(Map.of("pk", AttributeValue.fromS("PORTAL#" + portalId)))
                .updateExpression("SET notificationsDisabled = :t")
                .conditionExpression("attribute_exists(pk)")
                .expressionAttributeValues(Map.of(":t", AttributeValue.fromBool(true))));
        snapshot = null;
    }

    private Catalog load() {
        ObjectNode root = Json.object();
        var orgs = root.putArray("organizations");
        var portals = root.putArray("portals");
        var keys = root.putArray("apiKeys");
        var providers = root.putObject("providers");
        dynamoDb.scanPaginator(ScanRequest.builder().tableName(table).consistentRead(true).build()).items().forEach(item -> {
            String pk = item.get("pk").s();
            JsonNode doc = Json.parse(item.get("doc").s());
            if (pk.startsWith("ORG#")) {
                orgs.add(doc);
            } else if (pk.startsWith("PORTAL#")) {
                ObjectNode portal = (ObjectNode) doc;
                AttributeValue disabled = item.get("notificationsDisabled");
                if (disabled != null && Boolean.TRUE.equals(disabled.bool())) {
                    portal.put("notificationsDisabled", true);
                }
                portals.add(portal);
            } else if (pk.startsWith("APIKEY#")) {
                keys.add(doc);
            } else if (pk.startsWith("PROVIDER#")) {
                providers.set(pk.substring("PROVIDER#".length()), doc);
            } else if (pk.equals("METHODS")) {
                root.set("methods", doc);
            } else if (pk.equals("SETTLEMENT")) {
                root.set("settlement", doc);
            } else if (pk.equals("TREASURY")) {
                root.set("treasury", doc);
            }
        });
        if (!root.has("settlement")) {
            throw new IllegalStateException("the catalog table " + table + " is empty: load a catalog first");
        }
        return CatalogCodec.parse(root);
    }
}
