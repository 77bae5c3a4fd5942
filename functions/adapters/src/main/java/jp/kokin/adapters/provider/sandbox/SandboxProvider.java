package jp.kokin.adapters.provider.sandbox;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.Supplier;

import jp.kokin.domain.catalog.Catalog;
import jp.kokin.domain.catalog.ProviderSettings;
import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.checkout.Payment;
import jp.kokin.domain.provider.PaymentProvider;

/**
 * The demo provider: simulates every method (PayPay, d払い, au PAY, card) without any network
 * call. The attempt lives in its provider payment id (a {@link SandboxToken} signed with the
 * sandbox's current webhook secret); the citizen is sent to the sandbox's page, which posts a
 * signed notification to {@code /webhooks/sandbox} and sends the citizen back to our return page.
 *
 * <p>The return page's address depends on the request when {@code PUBLIC_BASE_URL} is empty, so
 * the provider is built with the base URL of the request being served; it holds no other state
 * and costs nothing to build per request.
 */
public final class SandboxProvider implements PaymentProvider {

    public static final String NAME = "sandbox";

    private final Supplier<Catalog> catalog;
    private final String kokinBaseUrl;

    /**
     * @param kokinBaseUrl our public base URL (no trailing slash), e.g. {@code https://pay.example.jp};
     *                     the sandbox sends the citizen back to {@code {kokinBaseUrl}/pay/{checkout}/return}
     */
    public SandboxProvider(Supplier<Catalog> catalog, String kokinBaseUrl) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.kokinBaseUrl = stripTrailingSlash(Objects.requireNonNull(kokinBaseUrl, "kokinBaseUrl"));
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * Ignores the portal's {@code returnUrl}: the citizen first comes back to our return page,
     * which shows the outcome and links on to the portal.
     */
    @Override
    public ProviderSession start(Checkout checkout, Payment payment, String returnUrl) throws ProviderException {
        ProviderSettings settings = catalog.get().provider(NAME).orElseThrow(() ->
                new ProviderException("the sandbox provider is not configured in the catalog", null));
        SandboxToken token = new SandboxToken(payment.id(), checkout.id(), payment.amount(), payment.method(),
                ourReturnUrl(kokinBaseUrl, checkout.id(), payment.id()));
        String providerPaymentId = token.encode(settings.webhookSecrets().getFirst());
        String sandboxBaseUrl = settings.baseUrl().isBlank() ? kokinBaseUrl : stripTrailingSlash(settings.baseUrl());
        return new ProviderSession(providerPaymentId, sandboxBaseUrl + "/sandbox/checkout/" + providerPaymentId);
    }

    /** The sandbox can always cancel; should the citizen pay anyway, the domain records a late success. */
    @Override
    public boolean cancel(Payment payment) {
        return true;
    }

    /** Our return page for one attempt: {@code {base}/pay/{checkoutId}/return?payment={paymentId}}. */
    public static String ourReturnUrl(String kokinBaseUrl, String checkoutId, String paymentId) {
        return stripTrailingSlash(kokinBaseUrl) + "/pay/" + checkoutId + "/return?payment="
                + URLEncoder.encode(paymentId, StandardCharsets.UTF_8);
    }

    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
