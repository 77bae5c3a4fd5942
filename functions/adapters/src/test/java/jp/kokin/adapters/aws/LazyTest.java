package jp.kokin.adapters.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class LazyTest {

    @Test
    void the_value_is_built_once_however_many_threads_ask_at_the_same_time() throws Exception {
        AtomicInteger builds = new AtomicInteger();
        Lazy<Object> lazy = new Lazy<>(() -> {
            builds.incrementAndGet();
            return new Object();
        });
        CountDownLatch go = new CountDownLatch(1);
        List<Object> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                seen.add(lazy.get());
            }));
        }
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(1, builds.get());
        assertEquals(8, seen.size());
        seen.forEach(v -> assertSame(seen.getFirst(), v));
    }

    @Test
    void if_built_builds_nothing_and_init_ahead_builds_at_once() {
        AtomicInteger builds = new AtomicInteger();
        Lazy<String> lazy = new Lazy<>(() -> "v" + builds.incrementAndGet());
        lazy.ifBuilt(v -> {
            throw new AssertionError("not built yet");
        });
        assertFalse(lazy.built());
        assertEquals(0, builds.get());

        String onDemand = Lazy.atInitOrFirstUse(Map.of(), () -> "built", build -> "wrapped");
        String snapStart = Lazy.atInitOrFirstUse(Map.of("AWS_LAMBDA_INITIALIZATION_TYPE", "snap-start"), () -> "built",
                build -> "wrapped");
        assertEquals("wrapped", onDemand);
        assertEquals("built", snapStart);
        assertTrue(lazy.get().equals("v1") && lazy.built());
    }
}
