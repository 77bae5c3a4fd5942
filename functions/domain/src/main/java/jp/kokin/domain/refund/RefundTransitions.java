package jp.kokin.domain.refund;

import static jp.kokin.domain.refund.RefundEvent.*;

import jp.kokin.domain.statemachine.TransitionTable;

/**
 * The one table of refund states (drawn in the README). A missing cell is refused; a repeat of what
 * already happened (a provider event delivered twice) is a no-op. Once the provider said the money
 * went back, nothing takes that back. {@code failed} is final too: a provider's failure frees the
 * amount for another refund, and Stripe's order is success then failure (a card's bank returning a
 * refund), so a success reported after a failure is a stale event, refused and logged.
 */
public final class RefundTransitions {

    public static final TransitionTable<RefundStatus, RefundEvent> TABLE =
            TransitionTable.builder(RefundStatus.class, RefundEvent.class)
                    .on(RefundStatus.REQUESTED, APPROVED, RefundStatus.APPROVED)
                    .on(RefundStatus.REQUESTED, REJECTED, RefundStatus.REJECTED)
                    .ignore(RefundStatus.APPROVED, APPROVED)
                    .on(RefundStatus.APPROVED, SUBMITTED, RefundStatus.SUBMITTED)
                    .on(RefundStatus.APPROVED, PROVIDER_SUCCEEDED, RefundStatus.SUCCEEDED)
                    .on(RefundStatus.APPROVED, PROVIDER_FAILED, RefundStatus.FAILED)
                    .on(RefundStatus.APPROVED, PROVIDER_CANNOT_REFUND, RefundStatus.BANK_TRANSFER_REQUIRED)
                    .ignore(RefundStatus.SUBMITTED, SUBMITTED)
                    .on(RefundStatus.SUBMITTED, PROVIDER_SUCCEEDED, RefundStatus.SUCCEEDED)
                    .on(RefundStatus.SUBMITTED, PROVIDER_FAILED, RefundStatus.FAILED)
                    .on(RefundStatus.SUBMITTED, PROVIDER_CANNOT_REFUND, RefundStatus.BANK_TRANSFER_REQUIRED)
                    .ignore(RefundStatus.SUCCEEDED, PROVIDER_SUCCEEDED)
                    .ignore(RefundStatus.SUCCEEDED, TRANSFER_PAID)
                    .ignore(RefundStatus.FAILED, PROVIDER_FAILED)
                    .ignore(RefundStatus.REJECTED, REJECTED)
                    .ignore(RefundStatus.BANK_TRANSFER_REQUIRED, PROVIDER_CANNOT_REFUND)
                    .on(RefundStatus.BANK_TRANSFER_REQUIRED, TRANSFER_PAID, RefundStatus.SUCCEEDED)
                    .build();

    private RefundTransitions() {}
}
