package jp.kokin.domain.provider;

import java.time.Instant;

/** A verified notification. */
public sealed interface Notification {

    /** Believable (signed): what became of our payment {@code paymentId}. */
    record Report(String paymentId, ProviderStatus status, Instant occurredAt) implements Notification {}

    /** Not signed: something may have happened to {@code paymentId}; ask the provider ({@link PaymentProvider#query}). */
    record Hint(String paymentId) implements Notification {}

    /** Verified but about nothing we track (another event type, another merchant's object). */
    record Ignored(String why) implements Notification {}
}
