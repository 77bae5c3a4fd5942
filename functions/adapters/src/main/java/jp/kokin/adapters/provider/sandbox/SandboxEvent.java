package jp.kokin.adapters.provider.sandbox;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import jp.kokin.domain.checkout.PaymentMethod;

/**
 * What the sandbox provider reports about one payment: the body of {@code POST /webhooks/sandbox}.
 *
 * @param providerPaymentId the sandbox's id ({@code sbx_…})
 * @param merchantPaymentId our payment id ({@code pay_…})
 * @param amount            yen
 */
public record SandboxEvent(String providerPaymentId, String merchantPaymentId, Type type, long amount,
                                  String currency, PaymentMethod method, Instant occurredAt) {

    public static final String JPY = "JPY";

    public enum Type {
        SUCCEEDED("payment.succeeded"), FAILED("payment.failed");

        private final String wire;

        Type(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }

        public static Optional<Type> fromWire(String s) {
            for (Type t : values()) {
                if (t.wire.equals(s)) {
                    return Optional.of(t);
                }
            }
            return Optional.empty();
        }
    }

    public SandboxEvent {
        Objects.requireNonNull(providerPaymentId, "providerPaymentId");
        Objects.requireNonNull(merchantPaymentId, "merchantPaymentId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(occurredAt, "occurredAt");
        if (amount < 0) {
            throw new IllegalArgumentException("amount must not be negative");
        }
    }

    /** The notification the sandbox sends when the citizen pays or declines the attempt in {@code token}. */
    public static SandboxEvent of(String providerPaymentId, SandboxToken token, Type type, Instant occurredAt) {
        return new SandboxEvent(providerPaymentId, token.merchantPaymentId(), type, token.amount(), JPY,
                token.method(), occurredAt);
    }
}
