package jp.kokin.adapters.provider.sandbox;

import java.util.List;
import java.util.Objects;

import jp.kokin.adapters.provider.ProviderContext;
import jp.kokin.adapters.provider.ProviderFactory;
import jp.kokin.domain.PlatformLinks;
import jp.kokin.domain.catalog.ProviderSettings;
import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.checkout.Payment;
import jp.kokin.domain.provider.Callbacks;
import jp.kokin.domain.provider.InboundProviderEvent;
import jp.kokin.domain.provider.ProviderEvent;
import jp.kokin.domain.provider.ProviderEventException;
import jp.kokin.domain.provider.PaymentProvider;
import jp.kokin.domain.provider.ProviderException;
import jp.kokin.domain.provider.ProviderSession;
import jp.kokin.domain.provider.ProviderStatus;
import jp.kokin.domain.refund.Refund;
import jp.kokin.domain.refund.RefundResult;
import jp.kokin.domain.webhook.WebhookVerificationException;

/**
 * The demo provider: simulates every method (PayPay, d払い, au PAY, card) without any network
 * call. The attempt lives in its provider payment id (a {@link SandboxToken} signed with the
 * sandbox's current webhook secret); the citizen is sent to the sandbox's page, which posts a
 * signed notification (Standard Webhooks) to {@code /webhooks/sandbox} and sends the citizen back
 * to our return page. It keeps no state, so it cannot be asked about a payment: a query says
 * pending, and the janitor expires what is still pending after the checkout's expiry.
 *
 * <p><b>Refunds</b> succeed at once by default, also stateless. A marker in the refund's note picks
 * another outcome, so the whole flow can be shown locally ({@link #REFUND_MARKERS}):
 * {@code [sandbox:fail]} fails, {@code [sandbox:cannot]} cannot be refunded (the bank-transfer path),
 * {@code [sandbox:delay]} is pending when sent and succeeded when asked (the janitor asks after a
 * minute), {@code [sandbox:timeout]} gives no answer when sent (the refund stays submitted) and
 * succeeded when asked. Asked about a refund never sent ({@code submittedAt} null), the sandbox
 * answers not found. The sandbox sends no refund events.
 */
public final class SandboxProvider implements PaymentProvider {

    public static final String NAME = "sandbox";

    private final ProviderSettings settings;
    private final ProviderContext context;

    public SandboxProvider(ProviderSettings settings, ProviderContext context) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.context = Objects.requireNonNull(context, "context");
    }

    /** Builds sandbox accounts; settings {@code webhookSecret} or {@code webhookSecrets}, optional {@code baseUrl}. */
    public static final ProviderFactory FACTORY = new ProviderFactory(NAME,
            settings -> settings.webhookSecrets().isEmpty()
                    ? List.of("providers." + settings.name() + ".webhookSecret: required") : List.of(),
            SandboxProvider::new);

    @Override
    public String name() {
        return settings.name();
    }

    private List<String> secrets() {
        return settings.webhookSecrets().stream().map(context.secrets()::resolve).toList();
    }

    /** The sandbox page; its base URL is the sandbox's {@code baseUrl}, else ours. */
    @Override
    public ProviderSession start(Checkout checkout, Payment payment, Callbacks callbacks) throws ProviderException {
        List<String> secrets;
        try {
            secrets = secrets();
        } catch (RuntimeException e) {
            throw new ProviderException("the sandbox's secret could not be read", e);
        }
        SandboxToken token = new SandboxToken(payment.id(), checkout.id(), payment.amount(), payment.method(),
                callbacks.returnUrl());
        String providerPaymentId = token.encode(secrets.getFirst());
        PlatformLinks sandbox = new PlatformLinks(settings.baseUrl().isBlank() ? callbacks.baseUrl() : settings.baseUrl());
        return ProviderSession.redirectTo(providerPaymentId, sandbox.sandboxCheckout(providerPaymentId));
    }

    /** Stateless: the sandbox only ever tells by its notifications. */
    @Override
    public ProviderStatus query(Checkout checkout, Payment payment) {
        return new ProviderStatus.Pending();
    }

    /** The sandbox can always cancel; should the citizen pay anyway, the domain records a late success. */
    @Override
    public boolean cancel(Payment payment) {
        return true;
    }

    /** The markers a refund's note may carry to choose the sandbox's answer. */
    public static final List<String> REFUND_MARKERS = List.of("[sandbox:fail]", "[sandbox:cannot]", "[sandbox:delay]",
            "[sandbox:timeout]");

    @Override
    public RefundResult refund(Checkout checkout, Payment payment, Refund refund) throws ProviderException {
        return switch (marker(refund)) {
            case "[sandbox:fail]" -> new RefundResult.Failed("declined at the sandbox");
            case "[sandbox:cannot]" -> new RefundResult.CannotRefund("the sandbox cannot refund this payment");
            case "[sandbox:delay]" -> new RefundResult.Pending(providerRefundId(refund));
            case "[sandbox:timeout]" -> throw new ProviderException("the sandbox did not answer refund " + refund.id());
            default -> new RefundResult.Succeeded(providerRefundId(refund), context.clock().instant());
        };
    }

    @Override
    public RefundResult queryRefund(Checkout checkout, Payment payment, Refund refund) {
        if (refund.submittedAt() == null) {
            return new RefundResult.NotFound();
        }
        return switch (marker(refund)) {
            case "[sandbox:fail]" -> new RefundResult.Failed("declined at the sandbox");
            case "[sandbox:cannot]" -> new RefundResult.CannotRefund("the sandbox cannot refund this payment");
            default -> new RefundResult.Succeeded(providerRefundId(refund), context.clock().instant());
        };
    }

    private static String marker(Refund refund) {
        String note = refund.note() == null ? "" : refund.note();
        return REFUND_MARKERS.stream().filter(note::contains).findFirst().orElse("");
    }

    private static String providerRefundId(Refund refund) {
        return "sbxr_" + refund.id();
    }

    @Override
    public ProviderEvent verify(InboundProviderEvent inbound) throws ProviderEventException {
        SandboxEvent n;
        try {
            n = SandboxEvents.verifyAndParse(inbound.headers(), inbound.body(), secrets(), inbound.receivedAt());
        } catch (WebhookVerificationException e) {
            throw ProviderEventException.unauthenticated(e.getMessage());
        } catch (InvalidSandboxEventException e) {
            throw ProviderEventException.malformed(e.getMessage());
        }
        ProviderStatus status = n.type() == SandboxEvent.Type.SUCCEEDED
                ? new ProviderStatus.Succeeded(n.amount(), n.occurredAt())
                : new ProviderStatus.Failed("declined at the sandbox");
        return new ProviderEvent.Report(n.merchantPaymentId(), status, n.occurredAt());
    }

}
