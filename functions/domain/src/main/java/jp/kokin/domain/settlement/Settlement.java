package jp.kokin.domain.settlement;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/** The settlement of one business date (JST): one statement per creditor. */
public record Settlement(LocalDate businessDate, List<CreditorStatement> statements) {

    public Settlement {
        Objects.requireNonNull(businessDate, "businessDate");
        statements = List.copyOf(statements);
    }

    /** Total yen over all creditors. */
    public long totalAmount() {
        long total = 0;
        for (CreditorStatement s : statements) {
            total = Math.addExact(total, s.amount());
        }
        return total;
    }
}
