package jp.kokin.domain.catalog;

import java.util.Objects;

/**
 * One line of a procedure's fee: the creditor that receives it and its amount in yen.
 * {@code revenueItem} (歳入科目): required when the creditor has a {@link Treasury} block (the
 * line is paid into the treasury), absent otherwise (the catalog checks both).
 */
public record FeeLine(String creditor, long amount, RevenueItem revenueItem) {
    public FeeLine {
        Objects.requireNonNull(creditor, "creditor");
        if (amount <= 0) {
            throw new IllegalArgumentException("a fee line amount must be a positive number of yen");
        }
    }

    /** A line of a creditor paid by bank transfer. */
    public FeeLine(String creditor, long amount) {
        this(creditor, amount, null);
    }
}
