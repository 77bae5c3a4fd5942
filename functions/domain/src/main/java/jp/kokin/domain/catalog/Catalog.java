package jp.kokin.domain.catalog;

import java.util.Map;
import java.util.Optional;

/** Everything configured by the catalog file: bodies, procedures, keys, portals, providers. */
public record Catalog(Map<String, Organization> organizations, Map<String, Portal> portals,
                      Map<String, ApiKey> apiKeysByHash, Map<String, ProviderSettings> providers,
                      SettlementSettings settlement) {
    public Catalog {
        organizations = Map.copyOf(organizations);
        portals = Map.copyOf(portals);
        apiKeysByHash = Map.copyOf(apiKeysByHash);
        providers = Map.copyOf(providers);
    }

    public Optional<Organization> organization(String code) {
        return Optional.ofNullable(organizations.get(code));
    }

    public Optional<Portal> portal(String id) {
        return Optional.ofNullable(portals.get(id));
    }

    public Optional<ApiKey> apiKeyByHash(String hash) {
        return Optional.ofNullable(apiKeysByHash.get(hash));
    }

    public Optional<ProviderSettings> provider(String name) {
        return Optional.ofNullable(providers.get(name));
    }
}
