package jp.kokin.domain.refund;

import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

import jp.kokin.domain.checkout.Change;
import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.checkout.CheckoutIds;
import jp.kokin.domain.checkout.CheckoutItem;
import jp.kokin.domain.checkout.CheckoutLimits;
import jp.kokin.domain.checkout.CheckoutStatus;
import jp.kokin.domain.checkout.FieldError;
import jp.kokin.domain.checkout.Payment;
import jp.kokin.domain.checkout.PaymentStatus;
import jp.kokin.domain.checkout.Rejection;
import jp.kokin.domain.statemachine.Transition;

/**
 * The rules of refunds, as operations on one checkout (each a {@link Change} stored by one
 * optimistic write, so two requests that read the same version cannot both be stored).
 *
 * <p><b>The guard.</b> For the payment refunded, the refunds that hold money ({@link
 * RefundStatus#holdsMoney()}: all but rejected and failed) never add up to more than the payment;
 * and per fee line {@code (item, line)} they never add up to more than the line (every succeeded
 * payment, a duplicate too, paid the whole checkout, so each payment's lines are the checkout's).
 *
 * <p><b>Lines.</b> A request may name its lines; otherwise a refund of everything that remains
 * takes every line's remainder, and a smaller one is spread over the lines in proportion to what
 * remains of each, rounded down, the yen left over going one each to the largest remainders (ties:
 * the earlier line).
 */
public final class RefundRules {
    private RefundRules() {}

    /** Yen of {@code payment} that may still be refunded: its amount less the refunds holding part of it. */
    public static long refundable(Checkout checkout, Payment payment) {
        return payment.status() == PaymentStatus.SUCCEEDED ? payment.amount() - checkout.refundHeld(payment.id()) : 0;
    }

    /** What remains refundable of each fee line of {@code paymentId}: {@code [item][line]} yen. */
    public static long[][] remainingByLine(Checkout checkout, String paymentId) {
        List<CheckoutItem> items = checkout.items();
        long[][] remaining = new long[items.size()][];
        for (int i = 0; i < items.size(); i++) {
            remaining[i] = items.get(i).lines().stream().mapToLong(l -> l.amount()).toArray();
        }
        for (Refund r : checkout.refunds()) {
            if (r.paymentId().equals(paymentId) && r.status().holdsMoney()) {
                for (RefundLine l : r.lines()) {
                    remaining[l.item()][l.line()] -= l.amount();
                }
            }
        }
        return remaining;
    }

    /**
     * {@code amount} spread over the lines' remainders {@code remaining} ({@code amount} at most
     * their sum): everything that remains when it is all of it; otherwise in proportion, rounded
     * down, then one yen each to the largest remainders of the division, ties to the earlier line.
     */
    public static List<RefundLine> allocate(List<CheckoutItem> items, long[][] remaining, long amount) {
        long total = 0;
        List<int[]> order = new ArrayList<>();
        for (int i = 0; i < remaining.length; i++) {
            for (int l = 0; l < remaining[i].length; l++) {
                total = Math.addExact(total, remaining[i][l]);
                order.add(new int[] {i, l});
            }
        }
        if (amount <= 0 || amount > total) {
            throw new IllegalArgumentException(amount + " yen cannot be allocated over " + total + " yen remaining");
        }
        long[] shares = new long[order.size()];
        BigInteger[] fractions = new BigInteger[order.size()];
        long given = 0;
        BigInteger big = BigInteger.valueOf(amount);
        BigInteger whole = BigInteger.valueOf(total);
        for (int k = 0; k < order.size(); k++) {
            BigInteger[] qr = big.multiply(BigInteger.valueOf(remaining[order.get(k)[0]][order.get(k)[1]]))
                    .divideAndRemainder(whole);
            shares[k] = qr[0].longValueExact();
            fractions[k] = qr[1];
            given += shares[k];
        }
        List<Integer> byRemainder = new ArrayList<>();
        for (int k = 0; k < order.size(); k++) {
            byRemainder.add(k);
        }
        byRemainder.sort(Comparator.comparing((Integer k) -> fractions[k]).reversed().thenComparing(k -> k));
        for (int n = 0; given < amount; n++) {
            shares[byRemainder.get(n)]++;
            given++;
        }
        List<RefundLine> lines = new ArrayList<>();
        for (int k = 0; k < order.size(); k++) {
            if (shares[k] > 0) {
                lines.add(line(items, order.get(k)[0], order.get(k)[1], shares[k]));
            }
        }
        return lines;
    }

    private static RefundLine line(List<CheckoutItem> items, int item, int line, long amount) {
        CheckoutItem ci = items.get(item);
        return new RefundLine(item, line, ci.procedureCode(), ci.lines().get(line).creditor(), amount);
    }

    /** {@link #request(Checkout, NewRefund, String, RefundPolicy, Predicate, Instant)} with no treasury creditor. */
    public static Change request(Checkout checkout, NewRefund request, String requestedBy, RefundPolicy policy,
                                 Instant now) {
        return request(checkout, request, requestedBy, policy, creditor -> false, now);
    }

    /**
     * Adds a refund as asked by {@code requestedBy} at {@code now}: {@code requested}, or {@code
     * approved} by the catalog policy when {@code skipsApproval} (see {@link #skipsApproval}).
     * Refused when the checkout is not paid, holds {@link CheckoutLimits#MAX_REFUNDS} refunds, the
     * payment is not one of its payments, or the guard would be broken; and, when any of its lines
     * (named or allocated) is a line of a creditor paid into the national treasury ({@code
     * treasuryCreditor}: the catalog's {@code treasuryOf(creditor)} is present), without the
     * ministry's repayment decision ({@link NewRefund#decisionReference()}): {@code
     * decision_reference_required}. National revenue is given back only on the ministry's decision
     * (過誤納金の還付), and the refund's record names it.
     */
    public static Change request(Checkout checkout, NewRefund request, String requestedBy, RefundPolicy policy,
                                 Predicate<String> treasuryCreditor, Instant now) {
        if (checkout.status() != CheckoutStatus.PAID) {
            return new Change.Refused(Rejection.Code.CHECKOUT_NOT_PAID, "the checkout is " + checkout.statusAt(now).wire());
        }
        if (checkout.refunds().size() >= CheckoutLimits.MAX_REFUNDS) {
            return new Change.Refused(Rejection.Code.TOO_MANY_REFUNDS,
                    "the checkout already has " + CheckoutLimits.MAX_REFUNDS + " refunds");
        }
        Optional<Payment> found = request.paymentId() == null ? checkout.winningPayment() : checkout.payment(request.paymentId());
        if (found.isEmpty()) {
            return new Change.Refused(Rejection.Code.INVALID_REQUEST, "the request has invalid fields",
                    List.of(new FieldError("paymentId", "unknown_payment", "no such payment in this checkout")), Map.of());
        }
        Payment payment = found.get();
        long refundable = refundable(checkout, payment);
        if (request.amount() > refundable) {
            return new Change.Refused(Rejection.Code.REFUND_EXCEEDS_REFUNDABLE, payment.status() != PaymentStatus.SUCCEEDED
                    ? "payment " + payment.id() + " is " + payment.status().wire() + ": only succeeded payments are refunded"
                    : request.amount() + " yen exceeds the " + refundable + " yen that may still be refunded of " + payment.id(),
                    List.of(), Map.of("refundableAmount", refundable));
        }
        long[][] remaining = remainingByLine(checkout, payment.id());
        List<RefundLine> lines;
        if (request.lines().isEmpty()) {
            lines = allocate(checkout.items(), remaining, request.amount());
        } else {
            lines = new ArrayList<>();
            for (int k = 0; k < request.lines().size(); k++) {
                NewRefund.LineShare share = request.lines().get(k);
                if (share.item() >= remaining.length || share.line() >= remaining[share.item()].length) {
                    return new Change.Refused(Rejection.Code.INVALID_REQUEST, "the request has invalid fields",
                            List.of(new FieldError("lines[" + k + "]", "unknown_line", "the checkout has no item "
                                    + share.item() + " with fee line " + share.line())), Map.of());
                }
                long left = remaining[share.item()][share.line()];
                if (share.amount() > left) {
                    return new Change.Refused(Rejection.Code.REFUND_EXCEEDS_REFUNDABLE, share.amount()
                            + " yen exceeds the " + left + " yen that may still be refunded of item " + share.item()
                            + ", fee line " + share.line(), List.of(),
                            Map.of("refundableAmount", left, "item", (long) share.item(), "line", (long) share.line()));
                }
                lines.add(line(checkout.items(), share.item(), share.line(), share.amount()));
            }
            lines.sort(Comparator.comparingInt(RefundLine::item).thenComparingInt(RefundLine::line));
        }
        if (request.decisionReference() == null || request.decisionReference().isBlank()) {
            Optional<RefundLine> national = lines.stream().filter(l -> treasuryCreditor.test(l.creditor())).findFirst();
            if (national.isPresent()) {
                return new Change.Refused(Rejection.Code.DECISION_REFERENCE_REQUIRED, "item " + national.get().item()
                        + ", fee line " + national.get().line() + " is national revenue of " + national.get().creditor()
                        + ": a refund of it names the ministry's repayment decision (decisionReference)",
                        List.of(new FieldError("decisionReference", "required",
                                "a refund of national revenue names the ministry's repayment decision")), Map.of());
            }
        }
        Refund refund = Refund.requested(CheckoutIds.refundId(checkout.id(), checkout.refunds().size() + 1), payment.id(),
                request.amount(), request.reason(), lines, request.note(), request.legalBasis(), request.decisionReference(),
                requestedBy, now);
        if (skipsApproval(policy, request.reason(), payment)) {
            refund = decided(refund, RefundEvent.APPROVED, Principals.CATALOG_POLICY, null, now);
        }
        return new Change.Changed(checkout.withRefund(refund), null, false);
    }

    /**
     * A refund skips the second person only for a {@code duplicate} of a payment the platform itself
     * recorded as a duplicate ({@link Payment#duplicatePayment()}), and only where the organization's
     * catalog says so ({@link RefundPolicy#duplicateWithoutApproval()}): a requester cannot skip four
     * eyes by calling any payment a duplicate.
     */
    public static boolean skipsApproval(RefundPolicy policy, RefundReason reason, Payment payment) {
        return policy.duplicateWithoutApproval() && reason == RefundReason.DUPLICATE && payment.duplicatePayment();
    }

    /**
     * {@code by} approves ({@link RefundEvent#APPROVED}) or rejects ({@link RefundEvent#REJECTED})
     * refund {@code refundId}, with {@code note} (a rejection's reason). Four eyes: the principal that
     * requested it may not ({@code same_principal}); a repeat is a no-op; anything else the table
     * refuses is {@code invalid_transition}.
     */
    public static Change decide(Checkout checkout, String refundId, RefundEvent decision, String by, String note,
                                Instant now) {
        if (decision != RefundEvent.APPROVED && decision != RefundEvent.REJECTED) {
            throw new IllegalArgumentException("a decision approves or rejects: " + decision);
        }
        Optional<Refund> found = checkout.refund(refundId);
        if (found.isEmpty()) {
            return new Change.Refused(Rejection.Code.NOT_FOUND, "no refund " + refundId);
        }
        Refund refund = found.get();
        if (refund.requestedBy().equals(Objects.requireNonNull(by, "by"))) {
            return new Change.Refused(Rejection.Code.SAME_PRINCIPAL, "the key that requested refund " + refundId
                    + " may not " + (decision == RefundEvent.APPROVED ? "approve" : "reject") + " it");
        }
        return switch (RefundTransitions.TABLE.apply(refund.status(), decision)) {
            case Transition.Applied<RefundStatus> a ->
                    new Change.Changed(checkout.withRefund(refund.decided(a.to(), by, now, note)), null, false);
            case Transition.NoOp<RefundStatus> n -> new Change.Unchanged(checkout);
            case Transition.Rejected<RefundStatus> r -> new Change.Refused(Rejection.Code.INVALID_TRANSITION,
                    "refund " + refundId + " is " + refund.status().wire() + " and cannot be "
                            + (decision == RefundEvent.APPROVED ? "approved" : "rejected"));
        };
    }

    private static Refund decided(Refund refund, RefundEvent event, String by, String note, Instant now) {
        if (RefundTransitions.TABLE.apply(refund.status(), event) instanceof Transition.Applied<RefundStatus> a) {
            return refund.decided(a.to(), by, now, note);
        }
        throw new IllegalStateException(refund.status() + " cannot take " + event);
    }
}
