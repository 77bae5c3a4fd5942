package jp.kokin.adapters.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import org.junit.jupiter.api.Test;

import jp.kokin.adapters.catalog.CatalogCodec;
import jp.kokin.adapters.json.Json;
import jp.kokin.adapters.testing.TestCatalog;
import jp.kokin.domain.catalog.Catalog;
import jp.kokin.domain.checkout.PaymentMethod;

/** Which accounts the registry hands out: a sandbox account only where the sandbox is enabled. */
class ProviderRegistryTest {

    private final Clock clock = Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC);
    private final ProviderContext context = new ProviderContext(clock, ProviderContext.httpClient(Duration.ofSeconds(1)),
            SecretResolver.inlineOnly(clock), Duration.ofSeconds(1));
    /** The test catalog: one account, {@code sandbox}, serving every method (no methods section). */
    private final Catalog catalog = CatalogCodec.parse(Json.parse(TestCatalog.json("https://portal.example.jp/notify")));

    @Test
    void a_sandbox_account_is_refused_unless_the_sandbox_is_enabled() {
        var disabled = new ProviderRegistry(() -> catalog, context, ProviderRegistry.Sandbox.DISABLED);
        assertTrue(disabled.named("sandbox").isEmpty(), "the webhook path /webhooks/sandbox finds no provider");
        for (PaymentMethod method : PaymentMethod.values()) {
            assertTrue(disabled.forMethod("131016", method).isEmpty(), method + " is not offered");
        }

        var enabled = new ProviderRegistry(() -> catalog, context, ProviderRegistry.Sandbox.ENABLED);
        assertEquals("sandbox", enabled.named("sandbox").orElseThrow().name());
        assertEquals("sandbox", enabled.forMethod("131016", PaymentMethod.CARD).orElseThrow().name());
    }

    @Test
    void only_sandbox_enabled_true_enables_it() {
        assertEquals(ProviderRegistry.Sandbox.ENABLED, ProviderRegistry.Sandbox.fromEnv(Map.of("SANDBOX_ENABLED", "true")));
        assertEquals(ProviderRegistry.Sandbox.DISABLED, ProviderRegistry.Sandbox.fromEnv(Map.of("SANDBOX_ENABLED", "false")));
        assertEquals(ProviderRegistry.Sandbox.DISABLED, ProviderRegistry.Sandbox.fromEnv(Map.of("SANDBOX_ENABLED", "TRUE ")));
        assertEquals(ProviderRegistry.Sandbox.DISABLED, ProviderRegistry.Sandbox.fromEnv(Map.of()));
    }
}
