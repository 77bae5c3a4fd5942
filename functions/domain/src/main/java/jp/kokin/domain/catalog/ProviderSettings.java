package jp.kokin.domain.catalog;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One configured provider account, as the catalog's {@code providers} section gives it: its
 * name (the key, also the webhook path {@code /webhooks/{name}}), its type (which adapter speaks
 * to it: {@code sandbox}, {@code paypay}, {@code sbps}, {@code stripe}; the name by default) and
 * the adapter's settings. Settings are strings, lists of strings or nested objects; a secret
 * may be given inline or as a reference ({@code secretsmanager:…}, {@code ssm:…}) that the
 * adapters resolve. Lists of secrets are current first, then previous ones (rotation).
 */
public record ProviderSettings(String name, String type, Map<String, Object> config) {

    public ProviderSettings {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        config = Collections.unmodifiableMap(new LinkedHashMap<>(config));
    }

    /** A sandbox account (tests and demos). */
    public ProviderSettings(String name, List<String> webhookSecrets, String baseUrl) {
        this(name, "sandbox", Map.of("webhookSecrets", List.copyOf(webhookSecrets), "baseUrl", baseUrl == null ? "" : baseUrl));
    }

    public Optional<String> string(String key) {
        return config.get(key) instanceof String s && !s.isEmpty() ? Optional.of(s) : Optional.empty();
    }

    /** A string setting, or a list of strings (a single string is a list of one). */
    public List<String> strings(String key) {
        return switch (config.get(key)) {
            case String s when !s.isEmpty() -> List.of(s);
            case List<?> l -> l.stream().filter(String.class::isInstance).map(String.class::cast)
                    .filter(s -> !s.isEmpty()).toList();
            case null, default -> List.of();
        };
    }

    /** A nested object setting, empty when absent. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> object(String key) {
        return config.get(key) instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    /**
     * The webhook secrets, current first: {@code webhookSecret} (a string, or a list of current
     * then previous), then {@code previousWebhookSecrets}, then {@code webhookSecrets}.
     */
    public List<String> webhookSecrets() {
        List<String> all = new java.util.ArrayList<>(strings("webhookSecret"));
        all.addAll(strings("previousWebhookSecrets"));
        all.addAll(strings("webhookSecrets"));
        return List.copyOf(all);
    }

    /** The provider's base URL without a trailing slash; empty when not set. */
    public String baseUrl() {
        String url = string("baseUrl").orElse("");
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
