package jp.kokin.domain.catalog;

import java.util.Map;
import java.util.Optional;

import jp.kokin.domain.checkout.PaymentMethod;

/** Everything configured by the catalog file: bodies, procedures, keys, portals, providers. */
public record Catalog(Map<String, Organization> organizations, Map<String, Portal> portals,
                      Map<String, ApiKey> apiKeysByHash, Map<String, ProviderSettings> providers,
                      SettlementSettings settlement, Map<PaymentMethod, String> methods, TreasurySettings treasury) {

    /** The account named {@code sandbox}, which serves every method when no method is mapped. */
    public static final String SANDBOX = "sandbox";

    public Catalog {
        treasury = treasury == null ? TreasurySettings.DEFAULT : treasury;
        methods = Map.copyOf(methods);
        organizations = Map.copyOf(organizations);
        portals = Map.copyOf(portals);
        apiKeysByHash = Map.copyOf(apiKeysByHash);
        providers = Map.copyOf(providers);
    }

    /** A catalog with the default treasury settings. */
    public Catalog(Map<String, Organization> organizations, Map<String, Portal> portals,
                   Map<String, ApiKey> apiKeysByHash, Map<String, ProviderSettings> providers,
                   SettlementSettings settlement, Map<PaymentMethod, String> methods) {
        this(organizations, portals, apiKeysByHash, providers, settlement, methods, null);
    }

    /** A catalog without a {@code methods} section. */
    public Catalog(Map<String, Organization> organizations, Map<String, Portal> portals,
                   Map<String, ApiKey> apiKeysByHash, Map<String, ProviderSettings> providers,
                   SettlementSettings settlement) {
        this(organizations, portals, apiKeysByHash, providers, settlement, Map.of());
    }

    /**
     * The provider account serving {@code method} for an organization: the organization's own
     * {@code methods} entry, else the catalog's, else the sandbox account when there is one (a
     * catalog that configures only the sandbox keeps every method on it).
     */
    public Optional<String> providerFor(String organizationCode, PaymentMethod method) {
        String own = organization(organizationCode).map(o -> o.methods().get(method)).orElse(null);
        if (own != null) {
            return Optional.of(own);
        }
        if (methods.containsKey(method)) {
            return Optional.of(methods.get(method));
        }
        return methods.isEmpty() && providers.containsKey(SANDBOX) ? Optional.of(SANDBOX) : Optional.empty();
    }

    public Optional<Organization> organization(String code) {
        return Optional.ofNullable(organizations.get(code));
    }

    public Optional<Portal> portal(String id) {
        return Optional.ofNullable(portals.get(id));
    }

    public Optional<ApiKey> apiKeyByHash(String hash) {
        return Optional.ofNullable(apiKeysByHash.get(hash));
    }

    public Optional<ProviderSettings> provider(String name) {
        return Optional.ofNullable(providers.get(name));
    }

    /** The treasury block of a creditor paid into the national treasury; empty for any other (or unknown) creditor. */
    public Optional<Treasury> treasuryOf(String creditor) {
        return organization(creditor).map(Organization::treasury);
    }

    /**
     * The revenue item (歳入科目) of {@code creditor}'s fee line in a procedure of {@code organizationCode}
     * (the checkout's organization), as the catalog says now; empty when there is none.
     */
    public Optional<RevenueItem> revenueItem(String organizationCode, String procedureCode, String creditor) {
        return organization(organizationCode).flatMap(o -> o.procedure(procedureCode))
                .flatMap(p -> p.fees().stream().filter(f -> f.creditor().equals(creditor)).findFirst())
                .map(FeeLine::revenueItem);
    }
}
