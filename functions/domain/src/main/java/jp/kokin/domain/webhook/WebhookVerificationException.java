package jp.kokin.domain.webhook;

/**
 * A signed webhook did not verify: a header is missing or malformed, the timestamp is outside
 * the tolerance, or no signature matches. The message says which, and never carries a secret.
 */
public final class WebhookVerificationException extends Exception {
    public WebhookVerificationException(String message) {
        super(message);
    }
}
