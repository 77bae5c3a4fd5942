package jp.kokin.domain.catalog;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import jp.kokin.domain.checkout.PaymentMethod;
import jp.kokin.domain.format.OrganizationCode;

/** A government body: it owns procedures and is a creditor in settlement. */
public record Organization(OrganizationCode code, String name, BankAccount bankAccount,
                           Map<String, Procedure> procedures, Map<PaymentMethod, String> methods) {
    public Organization {
        methods = Map.copyOf(methods);
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(bankAccount, "bankAccount");
        procedures = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(procedures));
    }

    /** An organization that uses the catalog-wide provider for every method. */
    public Organization(OrganizationCode code, String name, BankAccount bankAccount, Map<String, Procedure> procedures) {
        this(code, name, bankAccount, procedures, Map.of());
    }

    public Optional<Procedure> procedure(String procedureCode) {
        return Optional.ofNullable(procedures.get(procedureCode));
    }
}
