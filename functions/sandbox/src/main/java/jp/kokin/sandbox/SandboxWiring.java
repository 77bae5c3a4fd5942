package jp.kokin.sandbox;

import java.net.http.HttpClient;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

import jp.kokin.adapters.aws.ClientFactory;
import jp.kokin.adapters.catalog.CatalogRepository;
import jp.kokin.adapters.http.LazyHttpClient;
import jp.kokin.adapters.log.Log;
import jp.kokin.adapters.provider.ProviderRegistry.Sandbox;
import jp.kokin.domain.catalog.Catalog;

/**
 * What {@code SandboxProviderFunction} needs, built once per cold start.
 *
 * @param enabled       {@code SANDBOX_ENABLED=true}; otherwise every page is 404
 * @param publicBaseUrl our public base URL, where {@code /webhooks/sandbox} is; may be empty
 * @param http          posts the sandbox's webhooks ({@link SandboxProviderHandler#defaultHttpClient()})
 */
public record SandboxWiring(Supplier<Catalog> catalog, boolean enabled, String publicBaseUrl, HttpClient http,
                            Clock clock) {

    public SandboxWiring {
        Objects.requireNonNull(catalog, "catalog");
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(clock, "clock");
        publicBaseUrl = publicBaseUrl == null ? "" : publicBaseUrl.strip();
    }

    /** DynamoDB (the catalog) from {@code env}, and only when the sandbox is enabled: a disabled one needs no AWS. */
    public static SandboxWiring fromEnv(Map<String, String> env) {
        Log.configure(env);
        boolean enabled = Sandbox.fromEnv(env) == Sandbox.ENABLED;
        Supplier<Catalog> catalog = enabled ? CatalogRepository.fromEnv(ClientFactory.dynamoDb(env), env) : () -> {
            throw new IllegalStateException("the sandbox provider is disabled");
        };
        // the client posts the sandbox's events: built at first use unless init runs ahead (SnapStart, provisioned)
        HttpClient http = LazyHttpClient.forInit(env, SandboxProviderHandler::defaultHttpClient);
        return new SandboxWiring(catalog, enabled, env.getOrDefault("PUBLIC_BASE_URL", ""), http, Clock.systemUTC());
    }
}
