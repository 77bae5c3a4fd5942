package jp.kokin.domain.refund;

import java.time.Instant;

/** What a provider answered about a refund (when it answered: no answer is a {@code ProviderException}). */
public sealed interface RefundResult {

    /** The money went back. */
    record Succeeded(String providerRefundId, Instant at) implements RefundResult {}

    /** Accepted, not final yet: ask again later (the janitor does). */
    record Pending(String providerRefundId) implements RefundResult {}

    /** Refused or failed for good under this refund. */
    record Failed(String reason) implements RefundResult {}

    /** The provider cannot refund this payment at all: pay it by bank transfer instead. */
    record CannotRefund(String reason) implements RefundResult {}

    /** Asked about a refund it never received (our request was lost): send it again, under the same id. */
    record NotFound() implements RefundResult {}
}
