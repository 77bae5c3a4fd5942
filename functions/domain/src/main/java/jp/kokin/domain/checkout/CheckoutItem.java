package jp.kokin.domain.checkout;

import java.util.List;
import java.util.Objects;

import jp.kokin.domain.catalog.FeeLine;
import jp.kokin.domain.catalog.LocalizedText;
import jp.kokin.domain.catalog.Procedure;

/** One procedure in a checkout, priced from the catalog at creation. */
public record CheckoutItem(String procedureCode, LocalizedText name, int quantity, List<LineAmount> lines,
                           long amount) {
    public static final int MAX_QUANTITY = 99;

    public CheckoutItem {
        Objects.requireNonNull(procedureCode, "procedureCode");
        Objects.requireNonNull(name, "name");
        lines = List.copyOf(lines);
        if (quantity < 1 || quantity > MAX_QUANTITY) {
            throw new IllegalArgumentException("quantity must be 1 to " + MAX_QUANTITY);
        }
        if (amount != lines.stream().mapToLong(LineAmount::amount).sum()) {
            throw new IllegalArgumentException("item amount must be the sum of its lines");
        }
    }

    public static CheckoutItem price(Procedure procedure, int quantity) {
        List<LineAmount> lines = procedure.fees().stream()
                .map((FeeLine fee) -> new LineAmount(fee.creditor(), fee.amount(), Math.multiplyExact(fee.amount(), quantity)))
                .toList();
        long amount = lines.stream().mapToLong(LineAmount::amount).sum();
        return new CheckoutItem(procedure.code(), procedure.name(), quantity, lines, amount);
    }
}
