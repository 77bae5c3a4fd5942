package jp.kokin.domain.refund;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import jp.kokin.domain.checkout.CheckoutLimits;

/**
 * One refund of (part of) one payment, stored inside its checkout (so that the guard "never more
 * than was paid" is one optimistic write of one item, however many requests arrive at once).
 * Immutable; {@link jp.kokin.domain.checkout.Checkout} applies changes through {@link RefundTransitions}.
 *
 * @param id              {@code rfd_{checkoutToken}_{n}}: names its checkout, like payment ids
 * @param paymentId       the payment it returns money of
 * @param lines           the fee lines it takes back; their amounts add up to {@code amount}
 * @param requestedBy     the principal that asked ({@link Principals}); never the one that decides
 * @param decidedBy       who approved or rejected it ({@link Principals#CATALOG_POLICY} when the catalog let it skip approval)
 * @param decisionNote    the rejection's reason
 * @param providerRefundId the provider's id for it, once known
 * @param lastAskedAt     when we last asked the provider about it (the janitor's pace)
 * @param noticeNumber    its refund notice (返金通知) number, once it succeeded: a gapless series per organization and fiscal year
 * @param settlementRunId the settlement run that accounted for it after its line was settled
 *                        (repayment request or netting), or that paid it by bank transfer
 * @param notifiedStatus  the last status the portal was notified of (null: none yet)
 * @param bankTransfer    set once the provider could not refund
 */
public record Refund(String id, String paymentId, long amount, RefundReason reason, RefundStatus status,
                     List<RefundLine> lines, String note, String legalBasis, String decisionReference,
                     String requestedBy, Instant createdAt, String decidedBy, Instant decidedAt, String decisionNote,
                     Instant submittedAt, String providerRefundId, Instant lastAskedAt, Instant completedAt,
                     String failureReason, String noticeNumber, String settlementRunId, RefundStatus notifiedStatus,
                     BankTransfer bankTransfer) {

    public Refund {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(paymentId, "paymentId");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(requestedBy, "requestedBy");
        Objects.requireNonNull(createdAt, "createdAt");
        lines = List.copyOf(lines);
        if (amount <= 0) {
            throw new IllegalArgumentException("a refund is positive yen");
        }
        if (amount != lines.stream().mapToLong(RefundLine::amount).sum()) {
            throw new IllegalArgumentException("a refund's amount is the sum of its lines");
        }
        // what a provider sends is bounded before it is stored (the checkout item's size model)
        if (failureReason != null && failureReason.length() > CheckoutLimits.MAX_FAILURE_REASON) {
            failureReason = failureReason.substring(0, CheckoutLimits.MAX_FAILURE_REASON);
        }
        if (providerRefundId != null && (providerRefundId.length() > CheckoutLimits.MAX_PROVIDER_REFUND_ID
                || !CheckoutLimits.isProviderPaymentId(providerRefundId))) {
            providerRefundId = null; // informational only: we ask providers by our own refund id
        }
    }

    /** A new refund, {@code requested}. */
    public static Refund requested(String id, String paymentId, long amount, RefundReason reason, List<RefundLine> lines,
                                   String note, String legalBasis, String decisionReference, String requestedBy,
                                   Instant now) {
        return new Refund(id, paymentId, amount, reason, RefundStatus.REQUESTED, lines, note, legalBasis,
                decisionReference, requestedBy, now, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** Who approved it ({@code null} unless approved, then submitted, and so on). */
    public String approvedBy() {
        return status == RefundStatus.REJECTED || status == RefundStatus.REQUESTED ? null : decidedBy;
    }

    public Refund withStatus(RefundStatus next) {
        return new Refund(id, paymentId, amount, reason, next, lines, note, legalBasis, decisionReference, requestedBy,
                createdAt, decidedBy, decidedAt, decisionNote, submittedAt, providerRefundId, lastAskedAt, completedAt,
                failureReason, noticeNumber, settlementRunId, notifiedStatus, bankTransfer);
    }

    public Refund decided(RefundStatus next, String by, Instant at, String why) {
        return new Refund(id, paymentId, amount, reason, next, lines, note, legalBasis, decisionReference, requestedBy,
                createdAt, by, at, why, submittedAt, providerRefundId, lastAskedAt, completedAt, failureReason, noticeNumber,
                settlementRunId, notifiedStatus, bankTransfer).completedIfFinal(at);
    }

    public Refund submitted(Instant at) {
        return new Refund(id, paymentId, amount, reason, RefundStatus.SUBMITTED, lines, note, legalBasis, decisionReference,
                requestedBy, createdAt, decidedBy, decidedAt, decisionNote, at, providerRefundId, lastAskedAt, completedAt,
                failureReason, noticeNumber, settlementRunId, notifiedStatus, bankTransfer);
    }

    /** The provider's answer applied: {@code next} status, with its id, failure reason and completion time as known. */
    public Refund answered(RefundStatus next, String providerId, String failure, Instant at) {
        return new Refund(id, paymentId, amount, reason, next, lines, note, legalBasis, decisionReference, requestedBy,
                createdAt, decidedBy, decidedAt, decisionNote, submittedAt,
                providerId != null ? providerId : providerRefundId, lastAskedAt, completedAt,
                failure != null ? failure : failureReason, noticeNumber, settlementRunId, notifiedStatus, bankTransfer)
                .completedIfFinal(at);
    }

    public Refund askedAt(Instant at) {
        return new Refund(id, paymentId, amount, reason, status, lines, note, legalBasis, decisionReference, requestedBy,
                createdAt, decidedBy, decidedAt, decisionNote, submittedAt, providerRefundId, at, completedAt,
                failureReason, noticeNumber, settlementRunId, notifiedStatus, bankTransfer);
    }

    public Refund withNoticeNumber(String number) {
        return new Refund(id, paymentId, amount, reason, status, lines, note, legalBasis, decisionReference, requestedBy,
                createdAt, decidedBy, decidedAt, decisionNote, submittedAt, providerRefundId, lastAskedAt, completedAt,
                failureReason, number, settlementRunId, notifiedStatus, bankTransfer);
    }

    public Refund claimedBy(String runId) {
        return new Refund(id, paymentId, amount, reason, status, lines, note, legalBasis, decisionReference, requestedBy,
                createdAt, decidedBy, decidedAt, decisionNote, submittedAt, providerRefundId, lastAskedAt, completedAt,
                failureReason, noticeNumber, runId, notifiedStatus, bankTransfer);
    }

    public Refund notified(RefundStatus which) {
        return new Refund(id, paymentId, amount, reason, status, lines, note, legalBasis, decisionReference, requestedBy,
                createdAt, decidedBy, decidedAt, decisionNote, submittedAt, providerRefundId, lastAskedAt, completedAt,
                failureReason, noticeNumber, settlementRunId, which, bankTransfer);
    }

    public Refund withBankTransfer(BankTransfer transfer) {
        return new Refund(id, paymentId, amount, reason, status, lines, note, legalBasis, decisionReference, requestedBy,
                createdAt, decidedBy, decidedAt, decisionNote, submittedAt, providerRefundId, lastAskedAt, completedAt,
                failureReason, noticeNumber, settlementRunId, notifiedStatus, transfer);
    }

    private Refund completedIfFinal(Instant at) {
        Instant completed = status.isFinal() ? (completedAt != null ? completedAt : at) : null;
        return new Refund(id, paymentId, amount, reason, status, lines, note, legalBasis, decisionReference, requestedBy,
                createdAt, decidedBy, decidedAt, decisionNote, submittedAt, providerRefundId, lastAskedAt, completed,
                failureReason, noticeNumber, settlementRunId, notifiedStatus, bankTransfer);
    }

    /**
     * The citizen's bank-account link lapsed unused: a new one is due (the janitor makes it and tells
     * the portal under a new {@code webhook-id}), so the refund is never stuck waiting for a dead link.
     */
    public boolean bankLinkExpired(Instant now) {
        return status == RefundStatus.BANK_TRANSFER_REQUIRED && bankTransfer != null && !bankTransfer.accountGiven()
                && !now.isBefore(bankTransfer.linkExpiresAt());
    }

    /** A status the portal must hear about and has not yet: succeeded, failed, or bank transfer needed. */
    public boolean notificationDue() {
        boolean notifiable = status == RefundStatus.SUCCEEDED || status == RefundStatus.FAILED
                || status == RefundStatus.BANK_TRANSFER_REQUIRED;
        return notifiable && notifiedStatus != status;
    }
}
