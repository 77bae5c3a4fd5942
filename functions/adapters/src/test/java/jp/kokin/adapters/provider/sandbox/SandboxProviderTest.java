package jp.kokin.adapters.provider.sandbox;

import static jp.kokin.adapters.provider.sandbox.SandboxFixtures.NOW;
import static jp.kokin.adapters.provider.sandbox.SandboxFixtures.SECRET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import jp.kokin.domain.provider.Callbacks;
import jp.kokin.adapters.provider.ProviderContext;
import jp.kokin.adapters.provider.SecretResolver;
import jp.kokin.domain.catalog.ProviderSettings;
import jp.kokin.domain.checkout.Change;
import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.checkout.Payment;
import jp.kokin.domain.checkout.PaymentMethod;
import jp.kokin.domain.provider.InboundProviderEvent;
import jp.kokin.domain.provider.ProviderEvent;
import jp.kokin.domain.provider.ProviderEventException;
import jp.kokin.domain.provider.ProviderException;
import jp.kokin.domain.provider.ProviderSession;
import jp.kokin.domain.provider.ProviderStatus;

class SandboxProviderTest {

    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final ProviderContext CONTEXT = new ProviderContext(CLOCK, null, SecretResolver.inlineOnly(CLOCK),
            ProviderContext.DEFAULT_TIMEOUT);

    private final Checkout checkout = SandboxFixtures.checkout();
    private final Payment payment = ((Change.Changed) checkout.startPayment(PaymentMethod.DPAY, "sandbox", NOW)).payment();

    private static SandboxProvider sandbox(String baseUrl, String... secrets) {
        return new SandboxProvider(new ProviderSettings("sandbox", List.of(secrets), baseUrl), CONTEXT);
    }

    private static String url(ProviderSession session) {
        return ((ProviderSession.Redirect.Get) session.redirect()).url();
    }

    @Test
    void start_signs_the_attempt_into_its_id_and_redirects_to_the_sandbox_page() throws Exception {
        var provider = sandbox("https://sandbox.example.jp/", SECRET);

        ProviderSession session = provider.start(checkout, payment,
                Callbacks.forAttempt("https://kokin.example.jp/", checkout.id(), payment.id(), payment.provider()));

        assertEquals("https://sandbox.example.jp/sandbox/checkout/" + session.providerPaymentId(), url(session));
        SandboxToken token = SandboxToken.decode(session.providerPaymentId(), List.of(SECRET)).orElseThrow();
        assertEquals(payment.id(), token.merchantPaymentId());
        assertEquals(checkout.id(), token.checkoutId());
        assertEquals(1200, token.amount());
        assertEquals(PaymentMethod.DPAY, token.method());
        assertEquals("https://kokin.example.jp/pay/" + checkout.id() + "/return?payment=" + payment.id(), token.returnUrl());
    }

    @Test
    void without_a_sandbox_base_url_the_page_is_on_our_own_host() throws Exception {
        var session = sandbox("", SECRET).start(checkout, payment,
                Callbacks.forAttempt("http://127.0.0.1:3000", checkout.id(), payment.id(), payment.provider()));

        assertTrue(url(session).startsWith("http://127.0.0.1:3000/sandbox/checkout/sbx_"), url(session));
    }

    @Test
    void signs_with_the_current_secret_first_in_the_list() throws Exception {
        String previous = jp.kokin.domain.webhook.StandardWebhook.newSecret();

        String id = sandbox("", SECRET, previous).start(checkout, payment,
                Callbacks.forAttempt("https://k.example", checkout.id(), payment.id(), payment.provider())).providerPaymentId();

        assertTrue(SandboxToken.decode(id, List.of(SECRET)).isPresent());
        assertTrue(SandboxToken.decode(id, List.of(previous)).isEmpty());
    }

    @Test
    void an_unresolvable_secret_reference_is_a_provider_error() {
        var provider = sandbox("", "secretsmanager:kokin/providers#sandbox");
        assertThrows(ProviderException.class, () -> provider.start(checkout, payment,
                Callbacks.forAttempt("https://k.example", checkout.id(), payment.id(), payment.provider())));
    }

    @Test
    void can_always_cancel_and_never_knows_more_than_pending() {
        var provider = sandbox("", SECRET);
        assertTrue(provider.cancel(payment));
        assertEquals("sandbox", provider.name());
        assertInstanceOf(ProviderStatus.Pending.class, provider.query(checkout, payment));
    }

    @Test
    void a_signed_notification_is_a_report_and_a_forged_one_is_refused() throws Exception {
        var provider = sandbox("", SECRET);
        var n = new SandboxEvent("sbx_x", payment.id(), SandboxEvent.Type.SUCCEEDED, 1200, "JPY",
                PaymentMethod.DPAY, NOW);
        var signed = SandboxEvents.sign(n, SECRET, SandboxEvents.newWebhookId(), NOW);

        var report = assertInstanceOf(ProviderEvent.Report.class,
                provider.verify(new InboundProviderEvent(signed.headers(), signed.body(), "", NOW)));
        assertEquals(payment.id(), report.paymentId());
        assertEquals(new ProviderStatus.Succeeded(1200, NOW), report.status());

        var forged = SandboxEvents.sign(n, jp.kokin.domain.webhook.StandardWebhook.newSecret(), "evt_1", NOW);
        var e = assertThrows(ProviderEventException.class,
                () -> provider.verify(new InboundProviderEvent(forged.headers(), forged.body(), "", NOW)));
        assertEquals(ProviderEventException.Kind.UNAUTHENTICATED, e.kind());
        var stale = assertThrows(ProviderEventException.class, () -> provider.verify(
                new InboundProviderEvent(signed.headers(), signed.body(), "", NOW.plusSeconds(600))));
        assertEquals(ProviderEventException.Kind.UNAUTHENTICATED, stale.kind());
    }

    @Test
    void callbacks_point_at_our_return_page_and_the_accounts_webhook() {
        var callbacks = Callbacks.forAttempt("https://k.example/", checkout.id(), payment.id(), payment.provider());
        assertEquals("https://k.example/webhooks/sandbox", callbacks.notificationUrl());
    }
}
