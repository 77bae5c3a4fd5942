package jp.kokin.domain.settlement;

import java.util.Objects;

/**
 * The count and amount of one procedure (手続) in a creditor's statement.
 *
 * @param procedureName display name; {@code null} is kept as empty
 */
public record ProcedureTotal(String procedureCode, String procedureName, long count, long amount) {

    public ProcedureTotal {
        Objects.requireNonNull(procedureCode, "procedureCode");
        procedureName = procedureName == null ? "" : procedureName;
        if (count < 0) {
            throw new IllegalArgumentException("count of procedure " + procedureCode + " must not be negative: " + count);
        }
        if (amount < 0) {
            throw new IllegalArgumentException("amount of procedure " + procedureCode + " must not be negative: " + amount);
        }
    }
}
