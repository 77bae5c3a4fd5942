package jp.kokin.adapters.provider.stripe;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
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

/** Builders shared by the Stripe tests. */
final class StripeFixtures {
    static final String KEY = "sk_test_51KokinTestKey0123456789";
    static final String WHSEC = "whsec_kokin_current";
    static final String PREVIOUS_WHSEC = "whsec_kokin_previous";
    static final Instant NOW = Instant.parse("2025-04-01T01:00:00Z");

    private StripeFixtures() {}

    /** A clock the test moves forward. */
    static final class TestClock extends Clock {
        private volatile Instant now;

        TestClock(Instant start) {
            now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    /** Four 住民票の写し at 300 yen and one 印鑑登録証明書 at 300 yen: 1,500 yen. */
    static Checkout checkout(Language language, Duration expiresIn) {
        Procedure juminhyo = new Procedure("juminhyo", new LocalizedText("住民票の写し", "Certificate of residence"),
                List.of(new FeeLine("131016", 300)));
        Procedure inkan = new Procedure("inkan", new LocalizedText("印鑑登録証明書", "Seal registration certificate"),
                List.of(new FeeLine("131016", 300)));
        return Checkout.create(CheckoutIds.newCheckoutId(), "131016", "portal-a", "APP-1",
                List.of(CheckoutItem.price(juminhyo, 4), CheckoutItem.price(inkan, 1)), "https://portal.example.jp/done",
                language, List.of(), expiresIn, Map.of(), NOW);
    }

    static Payment payment(Checkout checkout, Instant at) {
        return ((Change.Changed) checkout.startPayment(PaymentMethod.CARD, "stripe", at)).payment();
    }

    static Callbacks callbacks(Checkout checkout, Payment payment) {
        String back = "https://kokin.example.jp/pay/" + checkout.id() + "/return?payment=" + payment.id();
        return new Callbacks("https://kokin.example.jp", back, back, "https://kokin.example.jp/webhooks/stripe");
    }

    static ProviderSettings settings(String baseUrl, Object... more) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("baseUrl", baseUrl);
        config.put("secretKey", KEY);
        config.put("webhookSecret", List.of(WHSEC, PREVIOUS_WHSEC));
        for (int i = 0; i < more.length; i += 2) {
            config.put((String) more[i], more[i + 1]);
        }
        return new ProviderSettings("stripe", "stripe", config);
    }

    static ProviderContext context(Clock clock) {
        return new ProviderContext(clock, ProviderContext.httpClient(Duration.ofSeconds(2)), SecretResolver.inlineOnly(clock),
                Duration.ofSeconds(2));
    }
}
