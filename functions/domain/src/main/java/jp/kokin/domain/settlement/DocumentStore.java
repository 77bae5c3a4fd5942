package jp.kokin.domain.settlement;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * Where settlement documents live (Amazon S3; in tests and locally an S3-compatible server started
 * in-process). Objects are written once per key with bytes determined by the stored run, so a
 * roll-forward that writes a key again writes the same bytes.
 */
public interface DocumentStore {

    /** Writes the body of an object. */
    @FunctionalInterface
    interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Stores what {@code body} writes under {@code key}, streamed (the store never holds the whole
     * object in memory; large objects go up in parts), and returns its size and SHA-256.
     */
    StoredObject put(String key, String contentType, Body body);

    /** Opens a stored object; empty when there is none. The caller closes the stream. */
    Optional<InputStream> open(String key);

    /**
     * A URL that GETs the object without credentials until {@code validFor} has passed, with
     * {@code downloadName} as its attachment name (or inline when {@code null}).
     */
    URI presignedGet(String key, Duration validFor, String downloadName);
}
