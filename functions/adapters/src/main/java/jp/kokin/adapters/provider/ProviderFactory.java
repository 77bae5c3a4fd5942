package jp.kokin.adapters.provider;

import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

import jp.kokin.domain.catalog.ProviderSettings;
import jp.kokin.domain.provider.PaymentProvider;

/**
 * How one provider type ({@code ProviderSettings.type()}) is checked and built from its catalog
 * settings. {@code validator} says what is wrong with the settings, one message per problem, each
 * starting with the setting's path ({@code providers.{name}.{field}: …}); it runs when the catalog is
 * loaded, so a bad file is refused before anything uses it, and it resolves no secret reference.
 * {@code constructor} builds the adapter, which resolves secrets through {@code context.secrets()}
 * when it first needs them.
 */
public record ProviderFactory(String type, Function<ProviderSettings, List<String>> validator,
                              BiFunction<ProviderSettings, ProviderContext, PaymentProvider> constructor) {

    public List<String> validate(ProviderSettings settings) {
        return validator.apply(settings);
    }

    public PaymentProvider create(ProviderSettings settings, ProviderContext context) {
        return constructor.apply(settings, context);
    }
}
