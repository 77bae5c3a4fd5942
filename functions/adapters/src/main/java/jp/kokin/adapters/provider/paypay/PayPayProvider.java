package jp.kokin.adapters.provider.paypay;

import java.util.List;

import jp.kokin.adapters.provider.ProviderContext;
import jp.kokin.adapters.provider.ProviderFactory;
import jp.kokin.domain.catalog.ProviderSettings;
import jp.kokin.domain.provider.PaymentProvider;

/** Placeholder: the PayPay adapter is being written. */
public final class PayPayProvider {

    private PayPayProvider() {}

    public static final class Factory implements ProviderFactory {
        @Override
        public String type() {
            return "paypay";
        }

        @Override
        public List<String> validate(ProviderSettings settings) {
            return List.of("providers." + settings.name() + ": the paypay adapter is not available yet");
        }

        @Override
        public PaymentProvider create(ProviderSettings settings, ProviderContext context) {
            throw new IllegalStateException("the paypay adapter is not available yet");
        }
    }
}
