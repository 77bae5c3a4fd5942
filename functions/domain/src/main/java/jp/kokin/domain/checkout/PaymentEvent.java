package jp.kokin.domain.checkout;

/** What a provider (or the citizen starting another attempt) can report about one payment attempt. */
public enum PaymentEvent {
    SUCCEEDED, FAILED, CANCELED
}
