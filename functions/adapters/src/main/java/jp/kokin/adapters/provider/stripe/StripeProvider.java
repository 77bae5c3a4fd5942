package jp.kokin.adapters.provider.stripe;

import java.util.List;

import jp.kokin.adapters.provider.ProviderContext;
import jp.kokin.adapters.provider.ProviderFactory;
import jp.kokin.domain.catalog.ProviderSettings;
import jp.kokin.domain.provider.PaymentProvider;

/** Placeholder: the Stripe adapter is being written. */
public final class StripeProvider {

    private StripeProvider() {}

    public static final class Factory implements ProviderFactory {
        @Override
        public String type() {
            return "stripe";
        }

        @Override
        public List<String> validate(ProviderSettings settings) {
            return List.of("providers." + settings.name() + ": the stripe adapter is not available yet");
        }

        @Override
        public PaymentProvider create(ProviderSettings settings, ProviderContext context) {
            throw new IllegalStateException("the stripe adapter is not available yet");
        }
    }
}
