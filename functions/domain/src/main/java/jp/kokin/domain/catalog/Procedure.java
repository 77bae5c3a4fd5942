package jp.kokin.domain.catalog;

import java.util.List;
import java.util.Objects;

/** An administrative procedure with its fee lines (one per creditor), set by ordinance. */
public record Procedure(String code, LocalizedText name, List<FeeLine> fees) {
    /** The longest name in each language (it is copied into every checkout and receipt of the procedure). */
    public static final int MAX_NAME_LENGTH = 100;
    /** Fee lines (creditors) in one procedure: a passport has two. */
    public static final int MAX_FEE_LINES = 5;

    public Procedure {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(name, "name");
        fees = List.copyOf(fees);
        if (fees.isEmpty()) {
            throw new IllegalArgumentException("procedure " + code + " has no fee lines");
        }
    }

    /** The fee for one unit, all lines together. */
    public long unitAmount() {
        return fees.stream().mapToLong(FeeLine::amount).sum();
    }
}
