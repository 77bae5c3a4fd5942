package jp.kokin.domain.provider;

/**
 * Our URLs for one attempt: our public base URL, where the provider sends the citizen back
 * (paid or not; our return page asks the ledger, never trusts the redirect), where a citizen who
 * gives up goes, and where the provider posts its notifications ({@code /webhooks/{provider}}).
 */
public record Callbacks(String baseUrl, String returnUrl, String cancelUrl, String notificationUrl) {}
