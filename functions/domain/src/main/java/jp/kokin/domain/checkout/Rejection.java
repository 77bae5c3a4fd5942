package jp.kokin.domain.checkout;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A request the domain refuses, with a stable code; the edge maps codes to HTTP statuses once.
 * The code is one of {@link Code}, a closed enum: callers switch on {@link #kind()} and the
 * compiler checks that the edge maps every one of them.
 */
public record Rejection(Code kind, String detail, List<FieldError> errors, Map<String, Long> amounts) {
    public Rejection {
        java.util.Objects.requireNonNull(kind, "kind");
        errors = List.copyOf(errors);
        amounts = Map.copyOf(amounts);
    }

    public Rejection(Code kind, String detail, List<FieldError> errors) {
        this(kind, detail, errors, Map.of());
    }

    public Rejection(Code kind, String detail) {
        this(kind, detail, List.of());
    }

    /**
     * A refusal that states amounts the client needs (yen; each becomes a member of the problem
     * answer, e.g. {@code refundableAmount} with {@link Code#REFUND_EXCEEDS_REFUNDABLE}).
     */
    public static Rejection withAmounts(Code kind, String detail, Map<String, Long> amounts) {
        return new Rejection(kind, detail, List.of(), amounts);
    }

    /** The stable code as written in problem answers and logs, e.g. {@code checkout_not_cancelable}; branch on {@link #kind()}. */
    public String code() {
        return kind.wire();
    }

    /** Every code the domain refuses with. The wire form (the JSON {@code code}) is the lower-case name. */
    public enum Code {
        INVALID_REQUEST,
        INVALID_ORGANIZATION_CODE,
        FORBIDDEN,
        NOT_FOUND,
        UNKNOWN_PAYMENT,
        INVALID_SIGNATURE,
        IDEMPOTENCY_KEY_REUSED,
        CHECKOUT_NOT_CANCELABLE,
        CHECKOUT_NOT_PAYABLE,
        TOO_MANY_ATTEMPTS,
        INVALID_TRANSITION,
        CONFLICT,
        NOT_PAID,
        UNKNOWN_ORGANIZATION,
        UNKNOWN_PROCEDURE,
        METHOD_NOT_OFFERED,
        AMOUNT_MISMATCH,
        RECEIPT_MISSING,
        PROVIDER_UNAVAILABLE,
        PROVIDER_NOT_CONFIGURED,
        /** The provider was asked about the payment less than {@link ConfirmPayment#QUERY_INTERVAL} ago. */
        ASKED_RECENTLY,
        CONTENTION,
        /** A refund of a checkout that is not paid. */
        CHECKOUT_NOT_PAID,
        /** The refund would take back more than was paid (per payment or per fee line); states {@code refundableAmount}. */
        REFUND_EXCEEDS_REFUNDABLE,
        /** Four eyes: the principal that requested a refund may not approve or reject it. */
        SAME_PRINCIPAL,
        /** The checkout already holds {@link CheckoutLimits#MAX_REFUNDS} refunds. */
        TOO_MANY_REFUNDS,
        /** A refund touching a national (treasury) line without the ministry's repayment decision ({@code decisionReference}). */
        DECISION_REFERENCE_REQUIRED,
        /** A pay-in confirmed before its payment was recorded. */
        PAYIN_NOT_PAID,
        /** A pay-in's payment recorded again with other details than the recorded ones. */
        PAYIN_ALREADY_PAID,
        /** A settlement run's transfer file asked for before a second principal approved the run's release. */
        RUN_NOT_RELEASED,
        /** A settlement run's release approved before anyone prepared it. */
        RUN_NOT_PREPARED;

        private static final Map<String, Code> BY_WIRE = Arrays.stream(values())
                .collect(Collectors.toUnmodifiableMap(Code::wire, Function.identity()));

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<Code> fromWire(String wire) {
            return Optional.ofNullable(wire == null ? null : BY_WIRE.get(wire));
        }
    }
}
