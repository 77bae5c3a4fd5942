package jp.kokin.local;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jp.kokin.adapters.json.Json;
import jp.kokin.domain.Hashes;

/**
 * The secrets of the bundled demo seed ({@code demo-seed.json}): its API keys, its portal's
 * notification secret, and every provider credential (the sandbox webhook secret and the
 * simulators' keys and secrets). They are public, so they are for the local runner only: the
 * production loader ({@link LoadCatalog}) refuses a catalog that contains any of them, anywhere
 * (an API key's {@code keyHash} included); the runner's {@link SeedLoader} lets the demo API keys,
 * which are shorter than a real key must be, in as their hashes.
 */
final class DemoSecrets {

    /** A provider setting that holds a secret (webhookSecret, apiKey, apiSecret, hashKey, secretKey, queryPassword…). */
    private static final Pattern SECRET_SETTING = Pattern.compile("(?i).*(secret|key|password).*");

    private static final JsonNode DEMO = Json.parse(SeedLoader.demoSeed("http://127.0.0.1"));
    private static final Set<String> API_KEYS = apiKeys(DEMO);
    private static final Set<String> VALUES = values(DEMO);

    private DemoSecrets() {}

    /** The demo seed's clear API keys. */
    static Set<String> apiKeys() {
        return API_KEYS;
    }

    /** Every secret value of the demo seed. */
    static Set<String> values() {
        return VALUES;
    }

    /** Where {@code catalog} holds a demo secret, as "path: reason" lines (never the value itself). */
    static List<String> foundIn(JsonNode catalog) {
        Set<String> hashes = new LinkedHashSet<>();
        API_KEYS.forEach(k -> hashes.add(Hashes.sha256Hex(k)));
        List<String> problems = new ArrayList<>();
        walk(catalog, "", (path, value) -> {
            if (VALUES.contains(value.trim())) {
                problems.add(path + ": is a secret of the public demo seed; generate a new one");
            } else if (hashes.contains(value.trim())) {
                problems.add(path + ": is the hash of a demo seed API key; generate a new key");
            }
        });
        return problems;
    }

    /** {@code seed} with the demo API keys given as their hashes (the runner's seeds only). */
    static byte[] admitDemoKeys(byte[] seed) {
        JsonNode root;
        try {
            root = Json.parse(seed);
        } catch (Json.InvalidJsonException e) {
            return seed; // the loader reports it
        }
        JsonNode keys = root.path("apiKeys");
        boolean changed = false;
        for (JsonNode key : keys) {
            if (key instanceof ObjectNode k && k.path("key").isTextual() && API_KEYS.contains(k.get("key").asText())) {
                k.put("keyHash", Hashes.sha256Hex(k.remove("key").asText()));
                changed = true;
            }
        }
        return changed ? Json.write(root).getBytes(java.nio.charset.StandardCharsets.UTF_8) : seed;
    }

    private static Set<String> apiKeys(JsonNode seed) {
        Set<String> keys = new LinkedHashSet<>();
        seed.path("apiKeys").forEach(k -> {
            if (k.path("key").isTextual()) {
                keys.add(k.get("key").asText());
            }
        });
        return Set.copyOf(keys);
    }

    private static Set<String> values(JsonNode seed) {
        Set<String> values = new LinkedHashSet<>(apiKeys(seed));
        seed.path("portals").forEach(p -> {
            addText(values, p.path("notificationSecret"));
            p.path("previousNotificationSecrets").forEach(s -> addText(values, s));
        });
        Iterator<Map.Entry<String, JsonNode>> providers = seed.path("providers").fields();
        while (providers.hasNext()) {
            walk(providers.next().getValue(), "", (path, value) -> {
                if (SECRET_SETTING.matcher(path).matches()) {
                    values.add(value.trim());
                }
            });
        }
        values.removeIf(String::isBlank);
        return Set.copyOf(values);
    }

    private static void addText(Set<String> values, JsonNode node) {
        if (node.isTextual()) {
            values.add(node.asText().trim());
        }
    }

    private static void walk(JsonNode node, String path, java.util.function.BiConsumer<String, String> text) {
        if (node.isTextual()) {
            text.accept(path, node.asText());
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), path + "[" + i + "]", text);
            }
        } else if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            while (it.hasNext()) {
                var e = it.next();
                walk(e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey(), text);
            }
        }
    }
}
