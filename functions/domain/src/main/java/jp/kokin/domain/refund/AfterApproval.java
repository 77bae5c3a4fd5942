package jp.kokin.domain.refund;

import jp.kokin.domain.checkout.Checkout;

/**
 * What happens to a refund once it is stored {@code approved} (by a second person, or by the
 * catalog policy): it is sent to its payment's provider ({@code SubmitRefund}). The API answers
 * with the refund as this returns it ({@code submitted} when the provider's answer is unknown).
 */
@FunctionalInterface
public interface AfterApproval {

    /** Sends refund {@code refundId} of {@code checkout} (as stored, the refund {@code approved}) on; the refund afterwards. */
    Refund approved(Checkout checkout, String refundId);

    /** Nothing yet: the refund stays {@code approved} (the janitor submits approved refunds). */
    AfterApproval STAY_APPROVED = (checkout, refundId) -> checkout.refund(refundId).orElseThrow();
}
