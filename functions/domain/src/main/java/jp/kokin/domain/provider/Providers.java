package jp.kokin.domain.provider;

import java.util.Optional;

import jp.kokin.domain.checkout.PaymentMethod;

/** Which provider account serves a method for an organization, and the accounts by name. */
public interface Providers {

    /** The account serving {@code method} for {@code organizationCode}; empty when none is configured. */
    Optional<PaymentProvider> forMethod(String organizationCode, PaymentMethod method);

    /** The account named {@code name} (the one recorded on a payment); empty when no longer configured. */
    Optional<PaymentProvider> named(String name);
}
