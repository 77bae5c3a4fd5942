package jp.kokin.domain.checkout;

/** What a provider (or the citizen starting another attempt) can report about one payment attempt. */
public enum PaymentEvent {
    SUCCEEDED, FAILED, CANCELED,
    /** The provider's page or code expired unpaid (or we decided it had, and canceled it there). */
    EXPIRED
}
