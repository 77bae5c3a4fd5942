package jp.kokin.adapters.provider;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import jp.kokin.adapters.provider.sandbox.SandboxProvider;
import jp.kokin.domain.catalog.Catalog;
import jp.kokin.domain.catalog.ProviderSettings;
import jp.kokin.domain.checkout.PaymentMethod;
import jp.kokin.domain.provider.PaymentProvider;
import jp.kokin.domain.provider.Providers;

/**
 * The configured provider accounts, built from the catalog by each type's {@link ProviderFactory}.
 * Adapters are kept while their settings are unchanged (a catalog reload with new settings builds
 * a new one), so their HTTP connections and resolved secrets are reused across invocations.
 *
 * <p>An account of type {@code sandbox} exists only where the sandbox is enabled
 * ({@code SANDBOX_ENABLED=true}, template parameter {@code EnableSandboxProvider}): elsewhere the
 * registry refuses it, so a method the catalog maps to a sandbox account is not offered
 * ({@code method_not_offered}), its webhook path answers 404, and its payments cannot be confirmed.
 */
public final class ProviderRegistry implements Providers {

    private static final Map<String, ProviderFactory> FACTORIES = factories(
            SandboxProvider.FACTORY,
            jp.kokin.adapters.provider.paypay.PayPayProvider.FACTORY,
            jp.kokin.adapters.provider.sbps.SbpsProvider.FACTORY,
            jp.kokin.adapters.provider.stripe.StripeProvider.FACTORY);

    /** Whether accounts of type {@code sandbox} may be used (never in production). */
    public enum Sandbox {
        ENABLED, DISABLED;

        /** {@code SANDBOX_ENABLED=true} enables it; anything else, or nothing, disables it. */
        public static Sandbox fromEnv(Map<String, String> env) {
            return "true".equals(env.get("SANDBOX_ENABLED")) ? ENABLED : DISABLED;
        }
    }

    private final Supplier<Catalog> catalog;
    private final ProviderContext context;
    private final Sandbox sandbox;
    private final Map<ProviderSettings, PaymentProvider> built = new ConcurrentHashMap<>();

    public ProviderRegistry(Supplier<Catalog> catalog, ProviderContext context, Sandbox sandbox) {
        this.catalog = catalog;
        this.context = context;
        this.sandbox = sandbox;
    }

    private static Map<String, ProviderFactory> factories(ProviderFactory... all) {
        Map<String, ProviderFactory> map = new LinkedHashMap<>();
        for (ProviderFactory f : all) {
            map.put(f.type(), f);
        }
        return Map.copyOf(map);
    }

    /** The provider types Kokin speaks. */
    public static List<String> types() {
        return List.of("sandbox", "paypay", "sbps", "stripe");
    }

    /** What is wrong with one account's settings (unknown type included); empty when usable. */
    public static List<String> validate(ProviderSettings settings) {
        ProviderFactory factory = FACTORIES.get(settings.type());
        if (factory == null) {
            return List.of("providers." + settings.name() + ".type: unknown provider type '" + settings.type()
                    + "' (one of " + String.join(", ", types()) + ")");
        }
        return new ArrayList<>(factory.validate(settings));
    }

    @Override
    public Optional<PaymentProvider> forMethod(String organizationCode, PaymentMethod method) {
        return catalog.get().providerFor(organizationCode, method).flatMap(this::named);
    }

    @Override
    public Optional<PaymentProvider> named(String name) {
        Optional<ProviderSettings> settings = catalog.get().provider(name);
        if (settings.isEmpty()) {
            return Optional.empty();
        }
        ProviderFactory factory = FACTORIES.get(settings.get().type());
        if (factory == null || (factory == SandboxProvider.FACTORY && sandbox != Sandbox.ENABLED)) {
            return Optional.empty();
        }
        if (built.size() > 64) {
            built.clear(); // settings changed many times in one container: forget the old adapters
        }
        return Optional.of(built.computeIfAbsent(settings.get(), s -> factory.create(s, context)));
    }
}
