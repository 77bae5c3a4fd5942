package jp.kokin.adapters.notification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.random.RandomGenerator;

import org.junit.jupiter.api.Test;

class BackoffTest {

    /** A generator that always returns the same double, to pin the jitter to its edges. */
    private static RandomGenerator fixed(double value) {
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                throw new UnsupportedOperationException();
            }

            @Override
            public double nextDouble() {
                return value;
            }
        };
    }

    @Test
    void without_jitter_follows_the_schedule_capped_below_the_sqs_maximum() {
        Backoff backoff = new Backoff(fixed(0.5));
        List<Duration> expected = List.of(Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofMinutes(30),
                Duration.ofHours(2), Duration.ofHours(5), Duration.ofHours(10), Backoff.MAX, Backoff.MAX, Backoff.MAX);
        for (int attempt = 1; attempt <= expected.size(); attempt++) {
            assertEquals(expected.get(attempt - 1), backoff.after(attempt), "after attempt " + attempt);
        }
    }

    @Test
    void the_last_step_repeats_and_nonsense_attempt_numbers_are_clamped() {
        Backoff backoff = new Backoff(fixed(0.5));
        assertEquals(Backoff.MAX, backoff.after(10));
        assertEquals(Backoff.MAX, backoff.after(1000));
        assertEquals(Duration.ofSeconds(5), backoff.after(0));
        assertEquals(Duration.ofSeconds(5), backoff.after(-3));
    }

    @Test
    void jitter_stays_within_ten_percent() {
        assertEquals(Duration.ofMinutes(27), new Backoff(fixed(0.0)).after(3));
        assertEquals(Duration.ofMinutes(33), new Backoff(fixed(1.0)).after(3));
        assertEquals(Duration.ofHours(9), new Backoff(fixed(0.0)).after(6));
        assertEquals(Duration.ofHours(11), new Backoff(fixed(1.0)).after(6));
    }

    @Test
    void seeded_jitter_is_reproducible_spread_and_bounded() {
        Backoff a = new Backoff(new Random(42));
        Backoff b = new Backoff(new Random(42));
        long distinct = java.util.stream.IntStream.range(0, 200).mapToObj(i -> a.after(4))
                .peek(d -> assertTrue(d.compareTo(Duration.ofMinutes(108)) >= 0 && d.compareTo(Duration.ofMinutes(132)) <= 0, d.toString()))
                .distinct().count();
        assertTrue(distinct > 50, "jitter spreads retries: " + distinct);
        Backoff c = new Backoff(new Random(7));
        Backoff d = new Backoff(new Random(7));
        for (int attempt = 1; attempt <= 10; attempt++) {
            assertEquals(c.after(attempt), d.after(attempt));
        }
        assertTrue(b.after(1).toSeconds() >= 4 && b.after(1).toSeconds() <= 6);
    }

    @Test
    void never_exceeds_the_sqs_visibility_maximum_of_twelve_hours() {
        Backoff backoff = new Backoff(fixed(1.0));
        for (int attempt = 1; attempt <= 12; attempt++) {
            assertTrue(backoff.after(attempt).compareTo(Duration.ofHours(12)) < 0);
        }
    }
}
