package jp.kokin.domain.checkout;

/** What can happen to a checkout. */
public enum CheckoutEvent {
    /** The citizen chose a method and an attempt went to the provider. */
    PAYMENT_STARTED,
    /** An attempt failed or was canceled and no other attempt is still pending. */
    LAST_ATTEMPT_ENDED,
    /** A provider reported a successful payment of the right amount. */
    PAYMENT_SUCCEEDED,
    /** The portal canceled the checkout. */
    CANCEL_REQUESTED,
    /** The checkout's expiry time passed. */
    EXPIRY_PASSED
}
