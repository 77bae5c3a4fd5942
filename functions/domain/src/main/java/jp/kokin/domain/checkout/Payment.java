package jp.kokin.domain.checkout;

import java.time.Instant;
import java.util.Objects;

/**
 * One attempt to pay a checkout at a provider. {@code duplicatePayment}: it succeeded after
 * another payment had already paid the checkout, so the money is to be refunded.
 */
public record Payment(String id, PaymentMethod method, String provider, String providerPaymentId,
                      PaymentStatus status, long amount, Instant createdAt, Instant completedAt,
                      boolean duplicatePayment) {
    public Payment {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    Payment with(PaymentStatus newStatus, Instant completed, boolean duplicate) {
        return new Payment(id, method, provider, providerPaymentId, newStatus, amount, createdAt, completed, duplicate);
    }

    public Payment withProviderPaymentId(String providerId) {
        return new Payment(id, method, provider, providerId, status, amount, createdAt, completedAt, duplicatePayment);
    }
}
