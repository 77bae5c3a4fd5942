package jp.kokin.domain.checkout;

import java.time.Instant;
import java.util.Objects;

/**
 * One attempt to pay a checkout at a provider. {@code duplicatePayment}: it succeeded after
 * another payment had already paid the checkout, so the money is to be refunded.
 * {@code lastAskedAt}: when we last asked the provider about it (null: never), so that
 * unauthenticated triggers (the return page, an unsigned hint) cannot make us ask more often than
 * {@link ConfirmPayment#QUERY_INTERVAL}; 30 bytes or so in the stored item.
 */
public record Payment(String id, PaymentMethod method, String provider, String providerPaymentId,
                      PaymentStatus status, long amount, Instant createdAt, Instant completedAt,
                      boolean duplicatePayment, Instant lastAskedAt) {

    public Payment(String id, PaymentMethod method, String provider, String providerPaymentId,
                   PaymentStatus status, long amount, Instant createdAt, Instant completedAt,
                   boolean duplicatePayment) {
        this(id, method, provider, providerPaymentId, status, amount, createdAt, completedAt, duplicatePayment, null);
    }

    public Payment {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    Payment with(PaymentStatus newStatus, Instant completed, boolean duplicate) {
        return new Payment(id, method, provider, providerPaymentId, newStatus, amount, createdAt, completed, duplicate,
                lastAskedAt);
    }

    public Payment withProviderPaymentId(String providerId) {
        return new Payment(id, method, provider, providerId, status, amount, createdAt, completedAt, duplicatePayment,
                lastAskedAt);
    }

    public Payment askedAt(Instant at) {
        return new Payment(id, method, provider, providerPaymentId, status, amount, createdAt, completedAt, duplicatePayment, at);
    }
}
