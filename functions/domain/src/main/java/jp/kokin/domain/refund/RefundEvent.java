package jp.kokin.domain.refund;

/** What can happen to a refund. */
public enum RefundEvent {
    /** A second person (never the requester) approved it, or the catalog lets it skip approval. */
    APPROVED,
    /** A second person refused it. */
    REJECTED,
    /** Stored as sent to the provider, just before the call (the call may then time out: still submitted). */
    SUBMITTED,
    /** The provider says the money went back. */
    PROVIDER_SUCCEEDED,
    /** The provider says it failed (and will not succeed under this refund). */
    PROVIDER_FAILED,
    /** The provider cannot refund this payment (window passed, card closed, partial refunds unsupported). */
    PROVIDER_CANNOT_REFUND,
    /** A settlement run that paid it by bank transfer (総合振込) was released. */
    TRANSFER_PAID
}
