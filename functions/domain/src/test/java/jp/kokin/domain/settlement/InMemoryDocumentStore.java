package jp.kokin.domain.settlement;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** A {@link DocumentStore} in memory, for unit tests; counts writes per key. */
public final class InMemoryDocumentStore implements DocumentStore {
    private final Map<String, byte[]> objects = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> writes = new ConcurrentHashMap<>();

    @Override
    public StoredObject put(String key, String contentType, Body body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            body.writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] bytes = out.toByteArray();
        objects.put(key, bytes);
        writes.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        return new StoredObject(key, sha256(bytes), bytes.length, contentType);
    }

    @Override
    public Optional<InputStream> open(String key) {
        byte[] bytes = objects.get(key);
        return bytes == null ? Optional.empty() : Optional.of(new ByteArrayInputStream(bytes));
    }

    @Override
    public URI presignedGet(String key, Duration validFor, String downloadName) {
        return URI.create("https://documents.invalid/" + key + "?expires=" + validFor.toSeconds());
    }

    public Optional<byte[]> bytes(String key) {
        return Optional.ofNullable(objects.get(key)).map(byte[]::clone);
    }

    public Optional<String> text(String key) {
        return bytes(key).map(b -> new String(b, StandardCharsets.UTF_8));
    }

    public int writes(String key) {
        AtomicInteger n = writes.get(key);
        return n == null ? 0 : n.get();
    }

    public java.util.Set<String> keys() {
        return java.util.Set.copyOf(objects.keySet());
    }

    /** Replaces an object's bytes behind the store's back (to test that readers check SHA-256). */
    public void tamper(String key, byte[] bytes) {
        objects.put(key, bytes.clone());
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
