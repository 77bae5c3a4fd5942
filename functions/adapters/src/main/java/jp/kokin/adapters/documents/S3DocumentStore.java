package jp.kokin.adapters.documents;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import jp.kokin.adapters.aws.ClientFactory;
import jp.kokin.domain.settlement.DocumentStore;
import jp.kokin.domain.settlement.StoredObject;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Settlement documents in Amazon S3 (the bucket {@code SETTLEMENT_BUCKET}; locally the embedded
 * S3-compatible server). {@link #put} never holds an object in memory: the body is written through a
 * SHA-256 digest into a temporary file, then sent from the file in one PutObject (up to
 * {@link #SINGLE_PUT_MAX_BYTES}) or in {@link #PART_BYTES} parts. Every request carries the SHA-256
 * of what it sends ({@code x-amz-checksum-sha256}), which S3 checks before it stores anything, and
 * the object carries the whole body's SHA-256 as metadata ({@code x-amz-meta-sha256}), since the
 * S3 checksum of an object uploaded in parts is a checksum of the parts' checksums.
 */
public final class S3DocumentStore implements DocumentStore {
    public static final String BUCKET_VARIABLE = "SETTLEMENT_BUCKET";
    /** The user metadata that holds the body's SHA-256 (lower-case hex). */
    public static final String SHA256_METADATA = "sha256";

    /**
     * Up to this size, one PutObject: a failed attempt re-sends at most 16 MiB, and one attempt
     * stays well inside the client's attempt timeout (ClientFactory). S3 itself takes 5 GiB.
     */
    public static final long SINGLE_PUT_MAX_BYTES = 16L * 1024 * 1024;
    /** The size of each part of a larger object (S3: at least 5 MiB except the last, at most 10,000 parts). */
    public static final long PART_BYTES = 8L * 1024 * 1024;
    /** S3's limit on the parts of one upload: with {@link #PART_BYTES}, objects up to 78 GiB. */
    static final int MAX_PARTS = 10_000;
    /**
     * The largest object stored. The temporary copy lives in the function's /tmp (Lambda's
     * ephemeral storage, 512 MiB unless the template gives more), which is the practical bound;
     * this one only refuses what S3 could not take in {@link #PART_BYTES} parts.
     */
    public static final long MAX_OBJECT_BYTES = PART_BYTES * MAX_PARTS;
    /** SigV4 presigned URLs are valid for at most 7 days (less: the signing role's session ends sooner). */
    public static final Duration MAX_PRESIGNED_VALIDITY = Duration.ofDays(7);
    /** The copy buffer between the body and the temporary file. */
    private static final int WRITE_BUFFER = 64 * 1024;

    private final S3Client s3;
    private final S3Presigner presigner;
    private final String bucket;

    public S3DocumentStore(S3Client s3, S3Presigner presigner, String bucket) {
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.presigner = Objects.requireNonNull(presigner, "presigner");
        this.bucket = Objects.requireNonNull(bucket, "bucket");
        if (bucket.isBlank()) {
            throw new IllegalArgumentException("bucket must not be blank");
        }
    }

    /**
     * The store of a function: bucket {@code SETTLEMENT_BUCKET} (refused at cold start when unset),
     * client and presigner from {@link ClientFactory#s3} and {@link ClientFactory#s3Presigner}.
     */
    public static S3DocumentStore fromEnv(Map<String, String> env) {
        return fromEnv(env, BUCKET_VARIABLE);
    }

    /** The store of the bucket named by {@code variable} (refused at cold start when unset). */
    public static S3DocumentStore fromEnv(Map<String, String> env, String variable) {
        String bucket = env.get(variable);
        if (bucket == null || bucket.isBlank()) {
            throw new IllegalStateException(variable + " is not set: a documents' bucket");
        }
        return new S3DocumentStore(ClientFactory.s3(env), ClientFactory.s3Presigner(env), bucket);
    }

    public String bucket() {
        return bucket;
    }

    @Override
    public StoredObject put(String key, String contentType, Body body) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(body, "body");
        Path file = null;
        try {
            file = Files.createTempFile("kokin-document-", ".part");
            Spilled spilled = spill(body, file);
            StoredObject stored = new StoredObject(key, spilled.sha256Hex(), spilled.bytes(), contentType);
            if (spilled.bytes() <= SINGLE_PUT_MAX_BYTES) {
                putOnce(stored, spilled, file);
            } else {
                putInParts(stored, spilled, file);
            }
            return stored;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not store " + key, e);
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    // /tmp is emptied with the execution environment; nothing else to do
                }
            }
        }
    }

    private void putOnce(StoredObject stored, Spilled spilled, Path file) {
        s3.putObject(b -> b.bucket(bucket).key(stored.key()).contentType(stored.contentType())
                        .contentLength(stored.bytes())
                        .checksumSHA256(spilled.sha256Base64())
                        .metadata(Map.of(SHA256_METADATA, stored.sha256())),
                RequestBody.fromFile(file));
    }

    private void putInParts(StoredObject stored, Spilled spilled, Path file) {
        String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(stored.key())
                .contentType(stored.contentType())
                .checksumAlgorithm(ChecksumAlgorithm.SHA256)
                .metadata(Map.of(SHA256_METADATA, stored.sha256()))).uploadId();
        try {
            var parts = new ArrayList<CompletedPart>();
            for (int i = 0; i < spilled.partSha256().size(); i++) {
                int number = i + 1;
                long offset = i * PART_BYTES;
                long length = Math.min(PART_BYTES, stored.bytes() - offset);
                String checksum = spilled.partSha256().get(i);
                // each attempt (a retry too) reads the part again from the file
                RequestBody part = RequestBody.fromContentProvider(() -> slice(file, offset, length), length,
                        stored.contentType());
                String eTag = s3.uploadPart(b -> b.bucket(bucket).key(stored.key()).uploadId(uploadId)
                        .partNumber(number).contentLength(length).checksumSHA256(checksum), part).eTag();
                parts.add(CompletedPart.builder().partNumber(number).eTag(eTag).checksumSHA256(checksum).build());
            }
            s3.completeMultipartUpload(b -> b.bucket(bucket).key(stored.key()).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(parts)));
        } catch (RuntimeException e) {
            try {
                s3.abortMultipartUpload(b -> b.bucket(bucket).key(stored.key()).uploadId(uploadId));
            } catch (RuntimeException abort) {
                e.addSuppressed(abort); // the bucket's lifecycle rule removes what is left
            }
            throw e;
        }
    }

    private static InputStream slice(Path file, long offset, long length) {
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
            channel.position(offset);
            return new java.io.FilterInputStream(Channels.newInputStream(channel)) {
                private long left = length;

                @Override
                public int read() throws IOException {
                    if (left <= 0) {
                        return -1;
                    }
                    int b = super.read();
                    if (b >= 0) {
                        left--;
                    }
                    return b;
                }

                @Override
                public int read(byte[] buffer, int off, int len) throws IOException {
                    if (left <= 0) {
                        return -1;
                    }
                    int n = super.read(buffer, off, (int) Math.min(len, left));
                    if (n > 0) {
                        left -= n;
                    }
                    return n;
                }

                @Override
                public long skip(long n) throws IOException {
                    long skipped = super.skip(Math.min(n, left));
                    left -= skipped;
                    return skipped;
                }

                @Override
                public int available() throws IOException {
                    return (int) Math.min(super.available(), left);
                }
            };
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read back " + file, e);
        }
    }

    @Override
    public Optional<InputStream> open(String key) {
        try {
            return Optional.of(s3.getObject(b -> b.bucket(bucket).key(key)));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
    }

    @Override
    public URI presignedGet(String key, Duration validFor, String downloadName) {
        Objects.requireNonNull(key, "key");
        if (validFor.isNegative() || validFor.isZero() || validFor.compareTo(MAX_PRESIGNED_VALIDITY) > 0) {
            throw new IllegalArgumentException("a presigned URL is valid for 1 s to 7 days, not " + validFor);
        }
        var presigned = presigner.presignGetObject(p -> p.signatureDuration(validFor).getObjectRequest(g -> {
            g.bucket(bucket).key(key);
            if (downloadName != null) {
                g.responseContentDisposition(attachment(downloadName));
            }
        }));
        try {
            return presigned.url().toURI();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException("The presigner made an invalid URL", e);
        }
    }

    /**
     * {@code attachment} with the name twice (RFC 6266): an ASCII fallback for old clients and the
     * UTF-8 name (RFC 8187) that browsers use, so Japanese names survive.
     */
    static String attachment(String downloadName) {
        var ascii = new StringBuilder();
        for (char c : downloadName.toCharArray()) {
            ascii.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && c != '/' ? c : '_');
        }
        var encoded = new StringBuilder();
        for (byte b : downloadName.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            boolean attrChar = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$&+-.^_`|~".indexOf(c) >= 0;
            encoded.append(attrChar ? String.valueOf((char) c) : String.format("%%%02X", c));
        }
        return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
    }

    // --- the temporary copy ---

    /** What {@link #spill} wrote: size, SHA-256 of the whole, and of each {@link #PART_BYTES} part. */
    record Spilled(long bytes, byte[] sha256, List<String> partSha256) {
        String sha256Hex() {
            return HexFormat.of().formatHex(sha256);
        }

        String sha256Base64() {
            return Base64.getEncoder().encodeToString(sha256);
        }
    }

    /** Writes the body into {@code file} through the digests; never more than a copy buffer in memory. */
    static Spilled spill(Body body, Path file) throws IOException {
        try (var digesting = new DigestingOutputStream(new BufferedOutputStream(Files.newOutputStream(file), WRITE_BUFFER))) {
            body.writeTo(digesting);
            digesting.flush();
            return digesting.finish();
        }
    }

    /** Counts, digests the whole and digests each part as the bytes go by. */
    private static final class DigestingOutputStream extends FilterOutputStream {
        private final MessageDigest whole = sha256();
        private MessageDigest part = sha256();
        private final List<String> parts = new ArrayList<>();
        private long bytes;
        private long inPart;

        DigestingOutputStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            if (bytes + len > MAX_OBJECT_BYTES) {
                throw new IOException("a document is at most " + MAX_OBJECT_BYTES + " bytes");
            }
            out.write(b, off, len);
            whole.update(b, off, len);
            bytes += len;
            while (len > 0) {
                int n = (int) Math.min(len, PART_BYTES - inPart);
                part.update(b, off, n);
                inPart += n;
                off += n;
                len -= n;
                if (inPart == PART_BYTES) {
                    endPart();
                }
            }
        }

        private void endPart() {
            parts.add(Base64.getEncoder().encodeToString(part.digest()));
            part = sha256();
            inPart = 0;
        }

        Spilled finish() {
            if (inPart > 0) {
                endPart();
            }
            return new Spilled(bytes, whole.digest(), List.copyOf(parts));
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
