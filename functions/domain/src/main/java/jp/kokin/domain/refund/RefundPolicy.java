package jp.kokin.domain.refund;

/**
 * An organization's refund settings (catalog {@code organizations[].refunds}). Both off by default.
 *
 * @param duplicateWithoutApproval a {@code duplicate} refund skips the second person's approval
 * @param netAfterSettlement a refund made after its line was settled is deducted from the same
 *     creditor's next transfer in the same fiscal year, instead of a repayment request (返還請求)
 */
public record RefundPolicy(boolean duplicateWithoutApproval, boolean netAfterSettlement) {
    public static final RefundPolicy DEFAULT = new RefundPolicy(false, false);
}
