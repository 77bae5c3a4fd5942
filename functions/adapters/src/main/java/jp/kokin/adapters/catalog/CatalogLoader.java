package jp.kokin.adapters.catalog;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jp.kokin.adapters.json.Json;
import jp.kokin.domain.Hashes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Loads a catalog file into the catalog table, replacing what was there: the file is validated
 * whole first (nothing is written if any part is wrong), then every entity is written as one
 * item, and items no longer in the file (a revoked API key, a removed portal) are deleted.
 * Items: {@code ORG#code} (an organization with its procedures, fee lines and revenue items, and
 * its {@code treasury} block), {@code PORTAL#id}, {@code APIKEY#hash}, {@code PROVIDER#name},
 * {@code METHODS}, {@code SETTLEMENT} and {@code TREASURY} (the top-level treasury settings).
 * Clear API keys are replaced by their SHA-256 before anything is stored.
 */
public final class CatalogLoader {
    private final DynamoDbClient dynamoDb;
    private final String table;

    public CatalogLoader(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    /** Validates and stores; {@link CatalogCodec.InvalidCatalogException} lists every problem. */
    public void load(byte[] catalogJson) {
        JsonNode root;
        try {
            root = Json.parse(catalogJson);
        } catch (Json.InvalidJsonException e) {
            throw new CatalogCodec.InvalidCatalogException(List.of(e.getMessage()));
        }
        CatalogCodec.parse(root);
        Map<String, JsonNode> items = items(root);
        write(items);
        deleteAllExcept(items.keySet());
    }

    static Map<String, JsonNode> items(JsonNode root) {
        Map<String, JsonNode> items = new LinkedHashMap<>();
        root.get("organizations").forEach(o -> items.put("ORG#" + o.get("code").asText(), o));
        root.get("portals").forEach(p -> items.put("PORTAL#" + p.get("id").asText(), p));
        root.get("apiKeys").forEach(k -> {
            ObjectNode stored = k.deepCopy();
            if (stored.has("key")) {
                stored.put("keyHash", Hashes.sha256Hex(stored.remove("key").asText()));
            }
            items.put("APIKEY#" + stored.get("keyHash").asText(), stored);
        });
        JsonNode providers = root.get("providers");
        if (providers != null) {
            providers.fields().forEachRemaining(e -> items.put("PROVIDER#" + e.getKey(), e.getValue()));
        }
        if (root.get("methods") != null) {
            items.put("METHODS", root.get("methods"));
        }
        items.put("SETTLEMENT", root.get("settlement"));
        JsonNode treasury = root.get("treasury");
        if (treasury != null && !treasury.isNull()) {
            items.put("TREASURY", treasury); // absent: the defaults, as for a table loaded before issue 12
        }
        return items;
    }

    private void write(Map<String, JsonNode> items) {
        List<WriteRequest> requests = new ArrayList<>();
        items.forEach((pk, doc) -> requests.add(WriteRequest.builder().putRequest(PutRequest.builder().item(Map.of(
                "pk", AttributeValue.fromS(pk), "doc", AttributeValue.fromS(Json.write(doc)))).build()).build()));
        batch(requests);
    }

    private void deleteAllExcept(Set<String> keep) {
        List<WriteRequest> deletes = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        dynamoDb.scanPaginator(ScanRequest.builder().tableName(table).projectionExpression("pk").consistentRead(true).build())
                .items().forEach(item -> {
                    String pk = item.get("pk").s();
                    if (!keep.contains(pk) && seen.add(pk)) {
                        deletes.add(WriteRequest.builder().deleteRequest(DeleteRequest.builder()
                                .key(Map.of("pk", AttributeValue.fromS(pk))).build()).build());
                    }
                });
        batch(deletes);
    }

    private void batch(List<WriteRequest> requests) {
        for (int from = 0; from < requests.size(); from += 25) {
            Map<String, List<WriteRequest>> pending =
                    Map.of(table, requests.subList(from, Math.min(from + 25, requests.size())));
            for (int attempt = 0; !pending.isEmpty() && !pending.getOrDefault(table, List.of()).isEmpty(); attempt++) {
                if (attempt == 10) {
                    throw new IllegalStateException("DynamoDB kept items unprocessed; load the catalog again");
                }
                Map<String, List<WriteRequest>> request = new LinkedHashMap<>(pending);
                BatchWriteItemResponse response = dynamoDb.batchWriteItem(b -> b.requestItems(request));
                pending = response.unprocessedItems();
            }
        }
    }
}
