package jp.kokin.domain.checkout;

/** The outcome of an operation on a checkout. */
public sealed interface Change {

    /** The checkout changed; store {@code checkout}. {@code payment} is the attempt concerned, if any. */
    record Changed(Checkout checkout, Payment payment, boolean becamePaid) implements Change {}

    /** Nothing to store: a repeat, or already in that state. */
    record Unchanged(Checkout checkout) implements Change {}

    /**
     * Not allowed; {@code code} is stable (used in problem responses and logs). {@code errors} and
     * {@code amounts} are what the client needs to correct it (field errors; amounts such as
     * {@code refundableAmount}), empty for most refusals.
     */
    record Refused(Rejection.Code code, String detail, java.util.List<FieldError> errors,
                   java.util.Map<String, Long> amounts) implements Change {
        public Refused {
            java.util.Objects.requireNonNull(code, "code");
            errors = java.util.List.copyOf(errors);
            amounts = java.util.Map.copyOf(amounts);
        }

        public Refused(Rejection.Code code, String detail) {
            this(code, detail, java.util.List.of(), java.util.Map.of());
        }

        /** The refusal of a use case's rejection, as it stands. */
        public static Refused of(Rejection rejection) {
            return new Refused(rejection.kind(), rejection.detail(), rejection.errors(), rejection.amounts());
        }

        /** The refusal as a use case's rejection. */
        public Rejection rejection() {
            return new Rejection(code, detail, errors, amounts);
        }
    }
}
