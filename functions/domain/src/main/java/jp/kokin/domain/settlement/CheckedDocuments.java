package jp.kokin.domain.settlement;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Reads a stored document and checks it against the size and SHA-256 recorded with it before a byte
 * is trusted: what the settlement API and the console serve.
 */
public final class CheckedDocuments {
    private CheckedDocuments() {}

    /** What a read found. */
    public sealed interface Read {
        /** The object as recorded. */
        record Intact(byte[] bytes) implements Read {}

        /**
         * Missing ({@code actualBytes} -1), or of another size or digest: never served.
         *
         * @param actualSha256 {@code null} when missing
         */
        record Corrupt(String reason, long actualBytes, String actualSha256) implements Read {}
    }

    /**
     * The object's bytes, read at most one byte past its recorded size (a grown object costs no memory).
     *
     * @throws IllegalStateException when the recorded size is over {@code max}
     */
    public static Read read(DocumentStore store, StoredObject object, long max) {
        if (object.bytes() > max || object.bytes() > Integer.MAX_VALUE - 1) {
            throw new IllegalStateException("document " + object.key() + " is too large to read: " + object.bytes());
        }
        Optional<InputStream> opened = store.open(object.key());
        if (opened.isEmpty()) {
            return new Read.Corrupt("missing", -1, null);
        }
        byte[] bytes;
        try (InputStream in = opened.get()) {
            bytes = in.readNBytes((int) object.bytes() + 1);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + object.key(), e);
        }
        String sha = sha256Hex(bytes);
        if (bytes.length != object.bytes() || !sha.equals(object.sha256())) {
            return new Read.Corrupt("sha256 mismatch", bytes.length, sha);
        }
        return new Read.Intact(bytes);
    }

    public static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
