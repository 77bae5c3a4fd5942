package jp.kokin.domain.refund;

import java.util.Objects;

/**
 * The part of one fee line a refund takes back: item {@code item} (0-based, in the checkout's
 * order), its fee line {@code line} (0-based), whose creditor and procedure are repeated for readers.
 */
public record RefundLine(int item, int line, String procedureCode, String creditor, long amount) {
    public RefundLine {
        Objects.requireNonNull(procedureCode, "procedureCode");
        Objects.requireNonNull(creditor, "creditor");
        if (item < 0 || line < 0) {
            throw new IllegalArgumentException("item and line are 0-based indexes");
        }
        if (amount <= 0) {
            throw new IllegalArgumentException("a refund line is positive yen");
        }
    }
}
