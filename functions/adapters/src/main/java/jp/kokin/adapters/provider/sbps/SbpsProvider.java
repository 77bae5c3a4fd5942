package jp.kokin.adapters.provider.sbps;

import java.util.List;

import jp.kokin.adapters.provider.ProviderContext;
import jp.kokin.adapters.provider.ProviderFactory;
import jp.kokin.domain.catalog.ProviderSettings;
import jp.kokin.domain.provider.PaymentProvider;

/** Placeholder: the Sbps adapter is being written. */
public final class SbpsProvider {

    private SbpsProvider() {}

    public static final class Factory implements ProviderFactory {
        @Override
        public String type() {
            return "sbps";
        }

        @Override
        public List<String> validate(ProviderSettings settings) {
            return List.of("providers." + settings.name() + ": the sbps adapter is not available yet");
        }

        @Override
        public PaymentProvider create(ProviderSettings settings, ProviderContext context) {
            throw new IllegalStateException("the sbps adapter is not available yet");
        }
    }
}
