package jp.kokin.adapters.provider.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jp.kokin.domain.provider.Callbacks;
import jp.kokin.domain.catalog.Catalog;
import jp.kokin.domain.catalog.FeeLine;
import jp.kokin.domain.catalog.Language;
import jp.kokin.domain.catalog.LocalizedText;
import jp.kokin.domain.catalog.Procedure;
import jp.kokin.domain.catalog.ProviderSettings;
import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.checkout.CheckoutItem;
import jp.kokin.domain.checkout.CheckoutIds;
import jp.kokin.domain.checkout.PaymentMethod;

/** Builders shared by the sandbox tests. */
final class SandboxFixtures {
    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    static final Instant NOW = Instant.parse("2025-04-01T01:00:00Z");

    private SandboxFixtures() {}

    static Catalog catalogWithSandbox(String baseUrl, String... secrets) {
        return new Catalog(Map.of(), Map.of(), Map.of(),
                Map.of("sandbox", new ProviderSettings("sandbox", List.of(secrets), baseUrl)), null);
    }

    /** A checkout for four 住民票の写し at 300 yen: 1,200 yen. */
    static Checkout checkout() {
        Procedure juminhyo = new Procedure("juminhyo", new LocalizedText("住民票の写し", "Certificate of residence"),
                List.of(new FeeLine("131016", 300)));
        return Checkout.create(CheckoutIds.newCheckoutId(), "131016", "portal-a", "APP-1",
                List.of(CheckoutItem.price(juminhyo, 4)), "https://portal.example.jp/done", Language.JA,
                List.of(), Duration.ofMinutes(30), Map.of(), NOW);
    }

    static SandboxToken token() {
        return token(CheckoutIds.newCheckoutId());
    }

    /** A token whose ids come from {@code random}, so that a test can be repeated from its seed. */
    static SandboxToken token(java.util.Random random) {
        String alphabet = "abcdefghijklmnopqrstuvwxyz234567";
        StringBuilder id = new StringBuilder("chk_");
        for (int i = 0; i < 26; i++) {
            id.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return token(id.toString());
    }

    private static SandboxToken token(String checkoutId) {
        String paymentId = CheckoutIds.paymentId(checkoutId, 1);
        return new SandboxToken(paymentId, checkoutId, 1200, PaymentMethod.PAYPAY,
                Callbacks.forAttempt("https://kokin.example.jp", checkoutId, paymentId, "sandbox").returnUrl());
    }
}
