package jp.kokin.domain.notification;

import java.time.Duration;

/**
 * Delivers a notification again later: the queued message that carries it, now in flight and
 * about to be reported as failed, comes back after {@code delay} (the backoff for its attempt)
 * rather than after the queue's own visibility timeout.
 */
@FunctionalInterface
public interface Redelivery {

    /** @param handle the in-flight message's receipt handle */
    void deliverAgainAfter(String handle, Duration delay);
}
