package jp.kokin.local;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;

/**
 * Waiting on a condition of the running platform (a notification delivered, a queue drained): polls
 * every 100 ms until the probe gives a value, and fails naming what it waited for. The only clock
 * it reads is the deadline's: the platform works asynchronously, in real time.
 */
final class Waits {
    /** How long end-to-end tests wait for the platform by default. */
    static final Duration DEFAULT = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(100);

    private Waits() {}

    /** Polls until {@code probe} gives a value (not null), for at most {@link #DEFAULT}. */
    static <T> T waitFor(String what, Callable<T> probe) throws Exception {
        return waitFor(what, DEFAULT, probe);
    }

    /** Polls until {@code probe} gives a value (not null), for at most {@code limit}. */
    static <T> T waitFor(String what, Duration limit, Callable<T> probe) throws Exception {
        Instant deadline = Instant.now().plus(limit);
        while (Instant.now().isBefore(deadline)) {
            T value = probe.call();
            if (value != null) {
                return value;
            }
            LockSupport.parkNanos(POLL.toNanos());
        }
        throw new AssertionError("timed out waiting for " + what);
    }
}
