package jp.kokin.domain.catalog;

import java.util.List;
import java.util.Objects;

/**
 * One payment provider's settings: the webhook secrets (current first, then previous ones for
 * rotation) and, for providers with hosted pages, the base URL (empty: same host as the API).
 */
public record ProviderSettings(String name, List<String> webhookSecrets, String baseUrl) {
    public ProviderSettings {
        Objects.requireNonNull(name, "name");
        webhookSecrets = List.copyOf(webhookSecrets);
        if (webhookSecrets.isEmpty()) {
            throw new IllegalArgumentException("provider " + name + " needs a webhook secret");
        }
        baseUrl = baseUrl == null ? "" : baseUrl;
    }
}
