package jp.kokin.adapters.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class LazyHttpClientTest {
    private final AtomicInteger built = new AtomicInteger();
    private final LazyHttpClient lazy = new LazyHttpClient(() -> {
        built.incrementAndGet();
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).version(HttpClient.Version.HTTP_1_1).build();
    });

    @Test
    void buildsNoClientUntilItIsUsed() {
        assertEquals(0, built.get());
        lazy.close();
        assertTrue(lazy.isTerminated());
        assertEquals(0, built.get(), "closing a client never built builds none");
    }

    @Test
    void buildsTheClientOnceAndAnswersWithItsSettings() {
        assertEquals(Optional.of(Duration.ofSeconds(3)), lazy.connectTimeout());
        assertEquals(HttpClient.Version.HTTP_1_1, lazy.version());
        assertSame(lazy.client(), lazy.client());
        assertEquals(1, built.get());
        lazy.close();
    }
}
