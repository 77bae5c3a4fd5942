package jp.kokin.domain.settlement;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A document of a settlement run stored in the object store (Amazon S3): where it is, what it
 * weighs and its SHA-256, which a reader checks before it trusts the bytes.
 *
 * @param sha256 lower-case hex, 64 characters
 * @param contentType the media type it is served with
 */
public record StoredObject(String key, String sha256, long bytes, String contentType) {
    private static final Pattern HEX_256 = Pattern.compile("[0-9a-f]{64}");
    /** Keys are ours (ASCII, no spaces); S3 takes up to 1,024 bytes. */
    public static final int MAX_KEY = 512;

    public StoredObject {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(contentType, "contentType");
        if (key.isEmpty() || key.length() > MAX_KEY) {
            throw new IllegalArgumentException("object key must be 1.." + MAX_KEY + " characters: " + key);
        }
        if (!HEX_256.matcher(sha256).matches()) {
            throw new IllegalArgumentException("sha256 must be 64 lower-case hex digits: " + sha256);
        }
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes must not be negative: " + bytes);
        }
    }
}
