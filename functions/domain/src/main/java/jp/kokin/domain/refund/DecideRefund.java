package jp.kokin.domain.refund;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

import jp.kokin.domain.catalog.ApiKey;
import jp.kokin.domain.catalog.Role;
import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.checkout.CheckoutIds;
import jp.kokin.domain.checkout.CheckoutLimits;
import jp.kokin.domain.checkout.CheckoutRepository;
import jp.kokin.domain.checkout.CheckoutWriter;
import jp.kokin.domain.checkout.FieldError;
import jp.kokin.domain.checkout.Rejection;
import jp.kokin.domain.checkout.Result;

/**
 * Four eyes: an operator key approves or rejects a requested refund, never the key that requested
 * it. Portal keys may not decide ({@code forbidden}); a refund the key may not see is {@code
 * not_found}. Approving stores {@code approved}, then hands the refund to {@link AfterApproval}
 * (which sends it to the provider); a repeated approval of a refund still {@code approved} does too.
 */
public final class DecideRefund {
    private final FindRefunds find;
    private final CheckoutRepository checkouts;
    private final CheckoutWriter writer;
    private final AfterApproval afterApproval;
    private final Clock clock;

    public DecideRefund(CheckoutRepository checkouts, AfterApproval afterApproval, Clock clock) {
        this.find = new FindRefunds(checkouts);
        this.checkouts = checkouts;
        this.writer = new CheckoutWriter(checkouts);
        this.afterApproval = afterApproval;
        this.clock = clock;
    }

    /** The refund as it stands afterwards, and its checkout as the decision stored it (unchanged after a repeat). */
    public record Decided(Refund refund, Checkout checkout) {}

    /** {@code note}: optional, at most {@link CheckoutLimits#MAX_REFUND_NOTE} characters. */
    public Result<Decided> approve(ApiKey caller, String refundId, String note) {
        return decide(caller, refundId, RefundEvent.APPROVED, note, false);
    }

    /** {@code reason}: required, at most {@link CheckoutLimits#MAX_REFUND_NOTE} characters. */
    public Result<Decided> reject(ApiKey caller, String refundId, String reason) {
        return decide(caller, refundId, RefundEvent.REJECTED, reason, true);
    }

    /**
     * A member of staff in the console approves (recorded as {@code principal}, {@code usr_…});
     * {@code mayDecide} says whether they may decide refunds of the checkout's organization (else
     * {@code not_found}). Four eyes as for keys: never the principal that requested it.
     */
    public Result<Decided> approveByStaff(String principal, Predicate<Checkout> mayDecide, String refundId, String note) {
        return decide(principal, staffFind(mayDecide, refundId), refundId, RefundEvent.APPROVED, note, false);
    }

    /** A member of staff rejects ({@code reason} required); see {@link #approveByStaff}. */
    public Result<Decided> rejectByStaff(String principal, Predicate<Checkout> mayDecide, String refundId, String reason) {
        return decide(principal, staffFind(mayDecide, refundId), refundId, RefundEvent.REJECTED, reason, true);
    }

    private Supplier<Optional<FindRefunds.Found>> staffFind(Predicate<Checkout> mayDecide, String refundId) {
        return () -> CheckoutIds.checkoutOfRefund(refundId).flatMap(checkouts::find).filter(mayDecide)
                .flatMap(c -> c.refund(refundId).map(r -> new FindRefunds.Found(r, c)));
    }

    private Result<Decided> decide(ApiKey caller, String refundId, RefundEvent decision, String note, boolean noteRequired) {
        if (caller.role() != Role.OPERATOR) {
            return Result.err(Rejection.Code.FORBIDDEN, "only operator keys approve or reject refunds");
        }
        return decide(Principals.of(caller), () -> find.byId(caller, refundId), refundId, decision, note, noteRequired);
    }

    private Result<Decided> decide(String by, Supplier<Optional<FindRefunds.Found>> findRefund, String refundId,
                                   RefundEvent decision, String note, boolean noteRequired) {
        String field = noteRequired ? "reason" : "note";
        if (note == null ? noteRequired : note.isBlank() || note.length() > CheckoutLimits.MAX_REFUND_NOTE
                || CheckoutLimits.hasControlCharacter(note, true)) {
            return new Result.Err<>(new Rejection(Rejection.Code.INVALID_REQUEST, "the request has invalid fields",
                    List.of(new FieldError(field, note == null ? "required" : "invalid_value",
                            field + " is 1 to " + CheckoutLimits.MAX_REFUND_NOTE + " characters without control characters"))));
        }
        Optional<FindRefunds.Found> found = findRefund.get();
        if (found.isEmpty()) {
            return Result.err(Rejection.Code.NOT_FOUND, "no such refund");
        }
        return switch (writer.write(found.get().checkout(),
                c -> RefundRules.decide(c, refundId, decision, by, note, clock.instant()))) {
            case CheckoutWriter.Written.Stored stored -> decided(stored.checkout(), refundId);
            case CheckoutWriter.Written.Unchanged unchanged -> decided(unchanged.checkout(), refundId);
            case CheckoutWriter.Written.Refused refused -> new Result.Err<>(refused.rejection());
            case CheckoutWriter.Written.Missing missing -> Result.err(Rejection.Code.NOT_FOUND, "no such refund");
            case CheckoutWriter.Written.KeptChanging k ->
                    Result.err(Rejection.Code.CONTENTION, "the checkout kept changing; try again");
        };
    }

    private Result<Decided> decided(Checkout checkout, String refundId) {
        Refund refund = checkout.refund(refundId).orElseThrow();
        if (refund.status() == RefundStatus.APPROVED) {
            refund = afterApproval.approved(checkout, refundId);
        }
        return Result.ok(new Decided(refund, checkout));
    }
}
