package jp.kokin.domain.catalog;

import java.util.Objects;

/** One line of a procedure's fee: the creditor that receives it and its amount in yen. */
public record FeeLine(String creditor, long amount) {
    public FeeLine {
        Objects.requireNonNull(creditor, "creditor");
        if (amount <= 0) {
            throw new IllegalArgumentException("a fee line amount must be a positive number of yen");
        }
    }
}
