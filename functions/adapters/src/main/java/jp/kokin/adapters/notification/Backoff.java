package jp.kokin.adapters.notification;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * How long a failed notification waits before the next attempt: after attempt n (1-based, the
 * message's receive count) the n-th step of 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h
 * (the last step repeats), each with ±10 % jitter so that a portal coming back is not hit by
 * every queued message at once.
 *
 * <p>The wait is applied as the message's SQS visibility timeout, which can reach at most
 * 12 hours counted from the receive; the cap is {@link #MAX}, 12 h less a margin for the time
 * spent on the attempt itself. The 14, 20 and 24 h steps therefore become about 12 h, and with
 * the queue's 10 receives before the dead-letter queue the attempts span about 2¼ days (5 s +
 * 5 min + 30 min + 2 h + 5 h + 10 h + 3 × 12 h ≈ 53.6 h before the 10th attempt) instead of the
 * 3 days of the full schedule. Stretching further would need a delayed re-send carrying its
 * own attempt count, since every receive also counts towards the dead-letter limit; the
 * dead-letter queue keeps what is left for 14 days, for an operator to redrive.
 */
public final class Backoff {

    public static final List<Duration> SCHEDULE = List.of(
            Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofMinutes(30), Duration.ofHours(2),
            Duration.ofHours(5), Duration.ofHours(10), Duration.ofHours(14), Duration.ofHours(20), Duration.ofHours(24));

    /** SQS's maximum visibility timeout (12 h from the receive) less 5 minutes for the attempt. */
    public static final Duration MAX = Duration.ofHours(12).minusMinutes(5);

    public static final double JITTER = 0.10;

    private final RandomGenerator random;

    public Backoff(RandomGenerator random) {
        this.random = Objects.requireNonNull(random, "random");
    }

    /** The wait after failed attempt {@code attempt} (1 = the first delivery), in whole seconds, ≥ 1 s. */
    public Duration after(int attempt) {
        Duration step = SCHEDULE.get(Math.clamp(attempt - 1, 0, SCHEDULE.size() - 1));
        double factor = 1 - JITTER + 2 * JITTER * random.nextDouble();
        long seconds = Math.round(step.toSeconds() * factor);
        return Duration.ofSeconds(Math.clamp(seconds, 1, MAX.toSeconds()));
    }
}
