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

    /** Nothing now: the refund stays {@code approved}, and the janitor submits it ({@link ReconcileRefunds}). */
    AfterApproval STAY_APPROVED = (checkout, refundId) -> checkout.refund(refundId).orElseThrow();

    /**
     * Submits it at once: stored {@code submitted}, sent, and the provider's answer recorded; an unknown
     * outcome (timeout, 5xx) leaves it {@code submitted} for the janitor, which is not an error here.
     * An exception after the approval was stored is handed to {@code failed} (to be logged) and the
     * refund is answered as approved; the janitor sends it (or finds it sent) within minutes.
     */
    static AfterApproval submitting(SubmitRefund submit, java.util.function.BiConsumer<String, RuntimeException> failed) {
        return (checkout, refundId) -> {
            try {
                SubmitRefund.Submission done = submit.submit(checkout, refundId);
                return done.refund() != null ? done.refund() : checkout.refund(refundId).orElseThrow();
            } catch (RuntimeException e) {
                // the approval is stored: a defect or an outage after it (an adapter, DynamoDB while
                // numbering) is the janitor's to finish, never a 500 that makes the client retry a
                // decision that is already taken
                failed.accept(refundId, e);
                return checkout.refund(refundId).orElseThrow();
            }
        };
    }
}
