package jp.kokin.settlement;

import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import jp.kokin.domain.settlement.DocumentStore;
import jp.kokin.domain.settlement.StoredObject;

/**
 * TEMPORARY (issue 10, until {@code S3DocumentStore} lands): a stand-in for the document store in {@link SettlementApiWiring#fromEnv}. Every
 * call fails, so the API answers {@code 500} rather than a wrong answer. Deleted when the real
 * adapters are wired.
 */
final class PendingAdapters {
    private PendingAdapters() {}

    private static IllegalStateException pending() {
        return new IllegalStateException("settlement documents are not wired yet (S3DocumentStore pending)");
    }

    static DocumentStore documents() {
        return new DocumentStore() {
            public StoredObject put(String key, String contentType, Body body) { throw pending(); }
            public Optional<InputStream> open(String key) { throw pending(); }
            public URI presignedGet(String key, Duration validFor, String downloadName) { throw pending(); }
        };
    }
}
