package jp.kokin.domain.refund;

import java.util.Locale;
import java.util.Optional;

/**
 * Why public money goes back. A mistaken or duplicate payment (過誤納) must always be returned;
 * anything else is a discretionary return that names its legal basis (the ordinance clause).
 */
public enum RefundReason {
    /** The same checkout was paid twice: the later payment is returned. */
    DUPLICATE,
    /** More was paid than was due. */
    OVERPAID,
    /** Someone other than the liable person paid. */
    WRONG_PAYER,
    /** The service paid for was not rendered (the application was withdrawn or refused). */
    NOT_RENDERED,
    /** A special reason the ordinance allows; needs {@code legalBasis}. */
    DISCRETIONARY;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<RefundReason> fromWire(String s) {
        for (RefundReason r : values()) {
            if (r.wire().equals(s)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    /** A discretionary refund must name the clause that allows it. */
    public boolean needsLegalBasis() {
        return this == DISCRETIONARY;
    }
}
