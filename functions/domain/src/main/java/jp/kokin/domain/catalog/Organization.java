package jp.kokin.domain.catalog;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import jp.kokin.domain.checkout.PaymentMethod;
import jp.kokin.domain.format.OrganizationCode;
import jp.kokin.domain.refund.RefundPolicy;

/**
 * A government body: it owns procedures and is a creditor in settlement. {@code refunds}: its refund
 * settings. {@code treasury}: for a national body paid into the treasury (国庫金), how; then its lines
 * become pay-ins, never transfer lines, and {@code bankAccount} may be null. Without it the body is
 * paid by bank transfer to {@code bankAccount} (required).
 */
public record Organization(OrganizationCode code, String name, BankAccount bankAccount,
                           Map<String, Procedure> procedures, Map<PaymentMethod, String> methods, RefundPolicy refunds,
                           Treasury treasury) {
    public Organization {
        refunds = refunds == null ? RefundPolicy.DEFAULT : refunds;
        methods = Map.copyOf(methods);
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(name, "name");
        if (treasury == null) {
            Objects.requireNonNull(bankAccount, "bankAccount");
        } else if (!(code instanceof OrganizationCode.National)) {
            throw new IllegalArgumentException("only a national organization has a treasury block: " + code);
        }
        procedures = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(procedures));
    }

    /** An organization paid by bank transfer. */
    public Organization(OrganizationCode code, String name, BankAccount bankAccount, Map<String, Procedure> procedures,
                        Map<PaymentMethod, String> methods, RefundPolicy refunds) {
        this(code, name, bankAccount, procedures, methods, refunds, null);
    }

    /** Whether its lines are paid into the national treasury (pay-ins) rather than by transfer. */
    public boolean paidIntoTreasury() {
        return treasury != null;
    }

    /** An organization with the default refund settings. */
    public Organization(OrganizationCode code, String name, BankAccount bankAccount, Map<String, Procedure> procedures,
                        Map<PaymentMethod, String> methods) {
        this(code, name, bankAccount, procedures, methods, RefundPolicy.DEFAULT);
    }

    /** An organization that uses the catalog-wide provider for every method. */
    public Organization(OrganizationCode code, String name, BankAccount bankAccount, Map<String, Procedure> procedures) {
        this(code, name, bankAccount, procedures, Map.of());
    }

    public Optional<Procedure> procedure(String procedureCode) {
        return Optional.ofNullable(procedures.get(procedureCode));
    }
}
