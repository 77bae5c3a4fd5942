package jp.kokin.domain.provider;

import jp.kokin.domain.PlatformLinks;

/**
 * Our URLs for one attempt: our public base URL, where the provider sends the citizen back
 * (paid or not; our return page asks the ledger, never trusts the redirect), where a citizen who
 * gives up goes, and where the provider posts its notifications ({@code /webhooks/{provider}}).
 */
public record Callbacks(String baseUrl, String returnUrl, String cancelUrl, String notificationUrl) {

    /**
     * The callbacks of one attempt on our base URL: the return page
     * {@code /pay/{checkoutId}/return?payment={paymentId}} (also where a citizen who gives up lands)
     * and the provider account's webhook {@code /webhooks/{provider}}. Checkout and payment ids are
     * URL-safe by construction ({@code [a-z0-9_]}).
     */
    public static Callbacks forAttempt(String baseUrl, String checkoutId, String paymentId, String provider) {
        PlatformLinks links = new PlatformLinks(baseUrl);
        String back = links.paymentReturn(checkoutId, paymentId);
        return new Callbacks(links.base(), back, back, links.providerEvents(provider));
    }
}
