package jp.kokin.adapters.provider;

import java.util.List;

import jp.kokin.domain.catalog.ProviderSettings;
import jp.kokin.domain.provider.PaymentProvider;

/** Builds the adapter for one provider type ({@code ProviderSettings.type()}) from its catalog settings. */
public interface ProviderFactory {

    /** The type this factory builds: {@code sandbox}, {@code paypay}, {@code sbps}, {@code stripe}. */
    String type();

    /**
     * What is wrong with these settings, one message per problem, each starting with the
     * setting's path ({@code providers.{name}.{field}: …}); empty when usable. Called when the
     * catalog is loaded, so a bad file is refused before anything uses it. Secret references are
     * not resolved here.
     */
    List<String> validate(ProviderSettings settings);

    /** The adapter. Secrets are resolved through {@code context.secrets()} when first needed. */
    PaymentProvider create(ProviderSettings settings, ProviderContext context);
}
