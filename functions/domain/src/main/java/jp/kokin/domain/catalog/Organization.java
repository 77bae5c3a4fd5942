package jp.kokin.domain.catalog;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import jp.kokin.domain.checkout.PaymentMethod;
import jp.kokin.domain.format.OrganizationCode;
import jp.kokin.domain.refund.RefundPolicy;

/** A government body: it owns procedures and is a creditor in settlement. {@code refunds}: its refund settings. */
public record Organization(OrganizationCode code, String name, BankAccount bankAccount,
                           Map<String, Procedure> procedures, Map<PaymentMethod, String> methods, RefundPolicy refunds) {
    public Organization {
        refunds = refunds == null ? RefundPolicy.DEFAULT : refunds;
        methods = Map.copyOf(methods);
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(bankAccount, "bankAccount");
        procedures = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(procedures));
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
