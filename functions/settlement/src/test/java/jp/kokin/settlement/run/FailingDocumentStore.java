package jp.kokin.settlement.run;

import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import jp.kokin.domain.settlement.DocumentStore;
import jp.kokin.domain.settlement.StoredObject;

/** A real document store whose {@code k}-th put crashes before it writes (as a crash there would). */
public final class FailingDocumentStore implements DocumentStore {
    private final DocumentStore real;
    private final int failAt;
    private final AtomicInteger puts = new AtomicInteger();

    public FailingDocumentStore(DocumentStore real, int failAt) {
        this.real = real;
        this.failAt = failAt;
    }

    @Override
    public StoredObject put(String key, String contentType, Body body) {
        int call = puts.incrementAndGet();
        if (call == failAt) {
            throw new FailingRunStore.Crash("put " + key, call);
        }
        return real.put(key, contentType, body);
    }

    @Override
    public Optional<InputStream> open(String key) {
        return real.open(key);
    }

    @Override
    public URI presignedGet(String key, Duration validFor, String downloadName) {
        return real.presignedGet(key, validFor, downloadName);
    }
}
