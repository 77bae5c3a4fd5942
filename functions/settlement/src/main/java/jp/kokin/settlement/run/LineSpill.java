package jp.kokin.settlement.run;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;

import jp.kokin.domain.settlement.SettlementLine;
import jp.kokin.domain.settlement.SettlementPayment;

/**
 * A run's payments spilled to one temporary file, grouped by creditor, so that each creditor's
 * statement can be streamed after the one pass over the run's lines without holding the lines.
 *
 * <p>One file for every creditor (a day has ~1,800: one open file each would exhaust Lambda's file
 * descriptors and buffers). Each creditor fills a small buffer; a full buffer is appended to the file
 * as a segment {@code [next segment offset: 8][length: 4][records]}, and the previous segment of that
 * creditor is patched to point at it. Memory: per creditor one buffer of {@link #SEGMENT_BYTES} (and a little)
 * and two offsets, whatever the number of lines. Disk: ~100 bytes per (payment, creditor) — 500,000
 * payments of two creditors each ≈ 90 MB of Lambda's ephemeral storage. The file is deleted on
 * {@link #close()}.
 */
final class LineSpill implements AutoCloseable {
    /** A creditor's buffer is written out when it reaches this size (1,800 creditors ≈ 7.4 MB of buffers). */
    static final int SEGMENT_BYTES = 4096;
    /** A record: two ids (a checkout id is 30 characters, a payment id at most 34) and 28 bytes of numbers. */
    private static final int MAX_RECORD_BYTES = 128;
    private static final int LINK_BYTES = 12;
    private static final long NONE = -1;

    private final Path file;
    private final FileChannel channel;
    private final Map<String, Chain> chains = new HashMap<>();
    private long end;
    private boolean finished;

    private static final class Chain {
        long first = NONE;
        long last = NONE;
        /** Sized so that a full buffer never grows: a record is under {@link #MAX_RECORD_BYTES}. */
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(SEGMENT_BYTES + MAX_RECORD_BYTES);
        DataOutputStream data = new DataOutputStream(buffer);
    }

    private LineSpill(Path file) throws IOException {
        this.file = file;
        this.channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    static LineSpill create() {
        try {
            return new LineSpill(Files.createTempFile("kokin-run-", ".spill"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Spills each creditor's part of {@code line} as one payment of its statement. */
    void add(SettlementLine line) {
        add(line, code -> true);
    }

    /** Spills the part of each creditor {@code stated} accepts (those with a statement) of {@code line}. */
    void add(SettlementLine line, java.util.function.Predicate<String> stated) {
        if (finished) {
            throw new IllegalStateException("the spill is finished");
        }
        Map<String, long[]> shares = new LinkedHashMap<>();
        for (SettlementLine.Share share : line.shares()) {
            if (!stated.test(share.creditor())) {
                continue;
            }
            long[] yen = shares.computeIfAbsent(share.creditor(), k -> new long[2]);
            yen[0] = Math.addExact(yen[0], share.amount());
            yen[1] = Math.addExact(yen[1], share.refunded());
        }
        try {
            for (Map.Entry<String, long[]> e : shares.entrySet()) {
                Chain chain = chains.computeIfAbsent(e.getKey(), k -> new Chain());
                chain.data.writeUTF(line.checkoutId());
                chain.data.writeUTF(line.paymentId());
                chain.data.writeLong(e.getValue()[0]);
                chain.data.writeLong(line.paidAt().getEpochSecond());
                chain.data.writeInt(line.paidAt().getNano());
                chain.data.writeLong(e.getValue()[1]);
                if (chain.buffer.size() >= SEGMENT_BYTES) {
                    append(chain);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes out every buffer; afterwards only {@link #payments} reads. */
    void finish() {
        try {
            for (Chain chain : chains.values()) {
                if (chain.buffer.size() > 0) {
                    append(chain);
                }
                chain.buffer = null;
                chain.data = null;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        finished = true;
    }

    /** The file's size: what the run's payments take on disk. */
    long bytes() {
        return end;
    }

    private void append(Chain chain) throws IOException {
        byte[] records = chain.buffer.toByteArray();
        chain.buffer.reset();
        ByteBuffer segment = ByteBuffer.allocate(LINK_BYTES + records.length);
        segment.putLong(NONE).putInt(records.length).put(records).flip();
        long at = end;
        writeFully(segment, at);
        end += LINK_BYTES + records.length;
        if (chain.last == NONE) {
            chain.first = at;
        } else {
            writeFully(ByteBuffer.allocate(Long.BYTES).putLong(0, at), chain.last);
        }
        chain.last = at;
    }

    private void writeFully(ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            at += channel.write(buffer, at);
        }
    }

    private void readFully(ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, at);
            if (n < 0) {
                throw new IOException("spill file ends early at " + at);
            }
            at += n;
        }
        buffer.flip();
    }

    /** The payments of {@code creditor} in the order they were added, read segment by segment. */
    Iterator<SettlementPayment> payments(String creditor) {
        if (!finished) {
            throw new IllegalStateException("finish the spill before reading it");
        }
        Chain chain = chains.get(creditor);
        long first = chain == null ? NONE : chain.first;
        return new Iterator<>() {
            private long next = first;
            private DataInputStream records;

            @Override
            public boolean hasNext() {
                try {
                    while ((records == null || records.available() == 0) && next != NONE) {
                        ByteBuffer link = ByteBuffer.allocate(LINK_BYTES);
                        readFully(link, next);
                        long following = link.getLong();
                        ByteBuffer body = ByteBuffer.allocate(link.getInt());
                        readFully(body, next + LINK_BYTES);
                        records = new DataInputStream(new ByteArrayInputStream(body.array()));
                        next = following;
                    }
                    return records != null && records.available() > 0;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public SettlementPayment next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                try {
                    String checkoutId = records.readUTF();
                    String paymentId = records.readUTF();
                    long amount = records.readLong();
                    Instant paidAt = Instant.ofEpochSecond(records.readLong(), records.readInt());
                    long refunded = records.readLong();
                    return new SettlementPayment(checkoutId, paymentId, amount, paidAt, refunded);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // the file is deleted below either way
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
