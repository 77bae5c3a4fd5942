package jp.kokin.domain.checkout;

/** The outcome of an operation on a checkout. */
public sealed interface Change {

    /** The checkout changed; store {@code checkout}. {@code payment} is the attempt concerned, if any. */
    record Changed(Checkout checkout, Payment payment, boolean becamePaid) implements Change {}

    /** Nothing to store: a repeat, or already in that state. */
    record Unchanged(Checkout checkout) implements Change {}

    /** Not allowed; {@code code} is stable (used in problem responses and logs). */
    record Refused(Rejection.Code code, String detail) implements Change {
        public Refused {
            java.util.Objects.requireNonNull(code, "code");
        }

        /** The refusal as a use case's rejection. */
        public Rejection rejection() {
            return new Rejection(code, detail);
        }
    }
}
