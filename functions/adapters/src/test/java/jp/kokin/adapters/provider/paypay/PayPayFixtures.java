package jp.kokin.adapters.provider.paypay;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jp.kokin.adapters.provider.ProviderContext;
import jp.kokin.adapters.provider.SecretResolver;
import jp.kokin.domain.catalog.FeeLine;
import jp.kokin.domain.catalog.Language;
import jp.kokin.domain.catalog.LocalizedText;
import jp.kokin.domain.catalog.Procedure;
import jp.kokin.domain.catalog.ProviderSettings;
import jp.kokin.domain.checkout.Change;
import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.checkout.CheckoutIds;
import jp.kokin.domain.checkout.CheckoutItem;
import jp.kokin.domain.checkout.Payment;
import jp.kokin.domain.checkout.PaymentMethod;
import jp.kokin.domain.provider.Callbacks;

/** Builders shared by the PayPay tests. */
final class PayPayFixtures {
    static final String API_KEY = "a_7kQwZr2Lp9_ab12";
    static final String API_SECRET = "Xy9+pQ2vL8mN4rT6sW0zB3cD5fG7hJ1kA2=";
    static final String MERCHANT_ID = "734502134861234567";

    private PayPayFixtures() {}

    /** A checkout for four 住民票の写し at 300 yen (1,200 yen), and an 印鑑登録証明書 when {@code twoItems}. */
    static Checkout checkout(boolean twoItems) {
        Procedure juminhyo = new Procedure("juminhyo", new LocalizedText("住民票の写し", "Certificate of residence"),
                List.of(new FeeLine("131016", 300)));
        Procedure inkan = new Procedure("inkan", new LocalizedText("印鑑登録証明書", "Seal registration certificate"),
                List.of(new FeeLine("131016", 300)));
        List<CheckoutItem> items = twoItems
                ? List.of(CheckoutItem.price(juminhyo, 4), CheckoutItem.price(inkan, 1))
                : List.of(CheckoutItem.price(juminhyo, 4));
        return Checkout.create(CheckoutIds.newCheckoutId(), "131016", "portal-a", "APP-1", items,
                "https://portal.example.jp/done", Language.JA, List.of(), Duration.ofMinutes(30), Map.of(), Instant.now());
    }

    static Payment firstPayment(Checkout checkout) {
        return ((Change.Changed) checkout.startPayment(PaymentMethod.PAYPAY, "paypay", Instant.now())).payment();
    }

    static Callbacks callbacks(Checkout checkout, Payment payment) {
        String back = "https://kokin.example.jp/pay/" + checkout.id() + "/return?payment=" + payment.id();
        return new Callbacks("https://kokin.example.jp", back, back, "https://kokin.example.jp/webhooks/paypay");
    }

    static Map<String, Object> config(String baseUrl) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("baseUrl", baseUrl);
        config.put("apiKey", API_KEY);
        config.put("apiSecret", API_SECRET);
        config.put("merchantId", MERCHANT_ID);
        return config;
    }

    static ProviderSettings settings(Map<String, Object> config) {
        return new ProviderSettings("paypay", "paypay", config);
    }

    static ProviderContext context(Clock clock, Duration timeout) {
        return new ProviderContext(clock, ProviderContext.httpClient(timeout), SecretResolver.inlineOnly(clock), timeout);
    }

    static ProviderContext context() {
        return context(Clock.systemUTC(), Duration.ofSeconds(5));
    }
}
