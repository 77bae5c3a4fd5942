package jp.kokin.domain.refund;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import jp.kokin.domain.checkout.CheckoutLimits;
import jp.kokin.domain.checkout.FieldError;

/**
 * A refund as a portal or an operator asks for it ({@code POST /v1/checkouts/{id}/refunds}).
 *
 * @param paymentId the payment to refund; null: the one that paid the checkout
 * @param lines     the fee lines to take it from; empty: allocated ({@link RefundRules#allocate})
 */
public record NewRefund(long amount, RefundReason reason, String paymentId, String note, String legalBasis,
                        String decisionReference, List<LineShare> lines) {

    /** Fee lines one refund may name: every fee line of the largest checkout. */
    public static final int MAX_LINES = CheckoutLimits.MAX_ITEMS * CheckoutLimits.MAX_FEE_LINES;
    /** A payment id is {@code pay_}, 26 characters and the attempt number: anything longer names none. */
    public static final int MAX_PAYMENT_ID = 40;

    /** Part of fee line {@code line} (0-based) of item {@code item} (0-based, in the checkout's order). */
    public record LineShare(int item, int line, long amount) {}

    public NewRefund {
        Objects.requireNonNull(reason, "reason");
        lines = List.copyOf(lines);
    }

    /** What is wrong with it before any checkout is read (the rules that need the checkout: {@link RefundRules}). */
    public List<FieldError> validate() {
        List<FieldError> errors = new ArrayList<>();
        if (amount <= 0) {
            errors.add(new FieldError("amount", "out_of_range", "amount is a whole number of yen above 0"));
        }
        if (paymentId != null && (paymentId.isEmpty() || paymentId.length() > MAX_PAYMENT_ID)) {
            errors.add(new FieldError("paymentId", "invalid_value", "paymentId names one of the checkout's payments"));
        }
        text(errors, "note", note, CheckoutLimits.MAX_REFUND_NOTE, true);
        text(errors, "legalBasis", legalBasis, CheckoutLimits.MAX_LEGAL_BASIS, false);
        text(errors, "decisionReference", decisionReference, CheckoutLimits.MAX_DECISION_REFERENCE, false);
        if (reason.needsLegalBasis() && (legalBasis == null || legalBasis.isBlank())) {
            errors.add(new FieldError("legalBasis", "required",
                    "a discretionary refund names its legal basis (the ordinance clause)"));
        }
        if (lines.size() > MAX_LINES) {
            errors.add(new FieldError("lines", "too_many", "at most " + MAX_LINES + " lines"));
            return errors;
        }
        Set<List<Integer>> seen = new HashSet<>();
        long sum = 0;
        for (int i = 0; i < lines.size(); i++) {
            LineShare l = lines.get(i);
            String path = "lines[" + i + "]";
            if (l.item() < 0 || l.line() < 0) {
                errors.add(new FieldError(path, "out_of_range", "item and line are 0-based indexes"));
            }
            if (l.amount() <= 0) {
                errors.add(new FieldError(path + ".amount", "out_of_range", "a line's amount is a whole number of yen above 0"));
            }
            if (!seen.add(List.of(l.item(), l.line()))) {
                errors.add(new FieldError(path, "duplicate", "each fee line at most once"));
            }
            sum = sum + Math.max(0, l.amount()) < 0 ? Long.MAX_VALUE : sum + Math.max(0, l.amount());
        }
        if (!lines.isEmpty() && sum != amount) {
            errors.add(new FieldError("lines", "sum_mismatch", "the lines' amounts add up to " + sum + ", not amount " + amount));
        }
        return errors;
    }

    private static void text(List<FieldError> errors, String field, String value, int max, boolean lineBreaks) {
        if (value == null) {
            return;
        }
        if (value.isBlank() || value.length() > max) {
            errors.add(new FieldError(field, "invalid_length", field + " is 1 to " + max + " characters"));
        } else if (CheckoutLimits.hasControlCharacter(value, lineBreaks)) {
            errors.add(new FieldError(field, "invalid_value", field + " may not hold control characters"));
        }
    }
}
