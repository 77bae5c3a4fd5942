package jp.kokin.domain.provider;

/** The provider could not be reached, answered 5xx or something unreadable: the outcome is unknown. */
public final class ProviderException extends Exception {
    public ProviderException(String message, Throwable cause) {
        super(message, cause);
    }

    public ProviderException(String message) {
        super(message);
    }
}
