package jp.kokin.domain.provider;

import java.time.Instant;

/** What a provider says became of an attempt. */
public sealed interface ProviderStatus {

    /** Paid: {@code amount} yen as the provider reports it (compared with ours before believing). */
    record Succeeded(long amount, Instant at) implements ProviderStatus {}

    /** Declined or failed at the provider. */
    record Failed(String reason) implements ProviderStatus {}

    /** Canceled at the provider (by us or the citizen). */
    record Canceled() implements ProviderStatus {}

    /** The provider's page or code expired unpaid. */
    record Expired() implements ProviderStatus {}

    /** Not finished yet (the citizen may still pay). */
    record Pending() implements ProviderStatus {}
}
