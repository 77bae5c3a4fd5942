package jp.kokin.domain.refund;

/** The organizations' refund settings (catalog {@code organizations[].refunds}); {@link RefundPolicy#DEFAULT} for an unknown one. */
@FunctionalInterface
public interface RefundPolicies {
    RefundPolicies DEFAULTS = organizationCode -> RefundPolicy.DEFAULT;

    RefundPolicy of(String organizationCode);
}
