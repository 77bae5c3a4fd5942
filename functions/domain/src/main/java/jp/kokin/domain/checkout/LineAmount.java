package jp.kokin.domain.checkout;

import java.util.Objects;

/** A creditor's share of one checkout item: unit amount times quantity. */
public record LineAmount(String creditor, long unitAmount, long amount) {
    public LineAmount {
        Objects.requireNonNull(creditor, "creditor");
        if (unitAmount <= 0 || amount <= 0) {
            throw new IllegalArgumentException("line amounts are positive yen");
        }
    }
}
