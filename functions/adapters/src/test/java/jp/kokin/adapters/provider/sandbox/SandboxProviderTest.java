package jp.kokin.adapters.provider.sandbox;

import static jp.kokin.adapters.provider.sandbox.SandboxFixtures.NOW;
import static jp.kokin.adapters.provider.sandbox.SandboxFixtures.SECRET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import jp.kokin.domain.catalog.Catalog;
import jp.kokin.domain.checkout.Change;
import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.checkout.Payment;
import jp.kokin.domain.checkout.PaymentMethod;
import jp.kokin.domain.provider.PaymentProvider;

class SandboxProviderTest {

    private final Checkout checkout = SandboxFixtures.checkout();
    private final Payment payment = ((Change.Changed) checkout.startPayment(PaymentMethod.DPAY, "sandbox", NOW)).payment();

    @Test
    void start_signs_the_attempt_into_its_id_and_redirects_to_the_sandbox_page() throws Exception {
        var provider = new SandboxProvider(() -> SandboxFixtures.catalogWithSandbox("https://sandbox.example.jp/", SECRET),
                "https://kokin.example.jp/");

        PaymentProvider.ProviderSession session = provider.start(checkout, payment, checkout.returnUrl());

        assertEquals("https://sandbox.example.jp/sandbox/checkout/" + session.providerPaymentId(), session.redirectUrl());
        SandboxToken token = SandboxToken.decode(session.providerPaymentId(), List.of(SECRET)).orElseThrow();
        assertEquals(payment.id(), token.merchantPaymentId());
        assertEquals(checkout.id(), token.checkoutId());
        assertEquals(1200, token.amount());
        assertEquals(PaymentMethod.DPAY, token.method());
        assertEquals("https://kokin.example.jp/pay/" + checkout.id() + "/return?payment=" + payment.id(), token.returnUrl());
    }

    @Test
    void without_a_sandbox_base_url_the_page_is_on_our_own_host() throws Exception {
        var provider = new SandboxProvider(() -> SandboxFixtures.catalogWithSandbox("", SECRET), "http://127.0.0.1:3000");

        var session = provider.start(checkout, payment, checkout.returnUrl());

        assertTrue(session.redirectUrl().startsWith("http://127.0.0.1:3000/sandbox/checkout/sbx_"), session.redirectUrl());
    }

    @Test
    void signs_with_the_current_secret_first_in_the_list() throws Exception {
        String previous = jp.kokin.domain.webhook.StandardWebhook.newSecret();
        var provider = new SandboxProvider(() -> SandboxFixtures.catalogWithSandbox("", SECRET, previous), "https://k.example");

        String id = provider.start(checkout, payment, checkout.returnUrl()).providerPaymentId();

        assertTrue(SandboxToken.decode(id, List.of(SECRET)).isPresent());
        assertTrue(SandboxToken.decode(id, List.of(previous)).isEmpty());
    }

    @Test
    void an_unconfigured_sandbox_is_a_provider_error() {
        var provider = new SandboxProvider(() -> new Catalog(Map.of(), Map.of(), Map.of(), Map.of(), null), "https://k.example");
        assertThrows(PaymentProvider.ProviderException.class, () -> provider.start(checkout, payment, checkout.returnUrl()));
    }

    @Test
    void can_always_cancel() {
        var provider = new SandboxProvider(() -> SandboxFixtures.catalogWithSandbox("", SECRET), "https://k.example");
        assertTrue(provider.cancel(payment));
        assertEquals("sandbox", provider.name());
    }
}
