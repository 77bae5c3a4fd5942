package jp.kokin.settlement.run;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.TreeMap;

import jp.kokin.adapters.log.Log;
import jp.kokin.domain.catalog.Catalog;
import jp.kokin.domain.catalog.RevenueItem;
import jp.kokin.domain.catalog.Treasury;
import jp.kokin.domain.format.JapaneseDates;
import jp.kokin.domain.settlement.SettlementLine;
import jp.kokin.domain.settlement.treasury.PayInLine;

/**
 * A run's national lines (the shares of treasury creditors) grouped into pay-ins, in the one pass over
 * the run's lines: per group (organization, fiscal year of the deemed date, revenue item) the totals in
 * memory (groups are few), and the lines spilled to temporary files sorted in chunks of
 * {@link #CHUNK_LINES}, merged on reading: {@link #lines()} gives every group's lines, group by group in
 * pay-in order (organization code, fiscal year, revenue item code), each group's in (paidAt, checkoutId)
 * order, as often as asked. Memory: one chunk (≈ {@value #CHUNK_LINES} × 350 B ≈ 3 MB) and a 64 KB buffer
 * per chunk file being merged, whatever the day's size. Disk: ≈ 150 B per national line. The files are
 * deleted on {@link #close()}.
 *
 * <p>The revenue item is the catalog's now, by (the checkout's organization, the procedure, the
 * creditor); a national line without one goes to {@link RevenueItem#UNASSIGNED} (logged once per procedure at ERROR
 * {@code treasury.revenue_item_missing}): never dropped, never transferred.
 */
final class PayInSpill implements AutoCloseable {
    /** The revenue item of a national line whose fee line names none in the current catalog. */
    /** National lines sorted in memory before a chunk is written out. */
    static final int CHUNK_LINES = 8_192;
    private static final int BUFFER_BYTES = 64 * 1024;

    /** A pay-in of the run: organization, fiscal year, revenue item; its totals. */
    static final class Group {
        final String organizationCode;
        final int fiscalYear;
        final RevenueItem revenueItem;
        final Treasury treasury;
        final int ordinal;
        long amount;
        long refunded;
        int count;

        Group(String organizationCode, int fiscalYear, RevenueItem revenueItem, Treasury treasury, int ordinal) {
            this.organizationCode = organizationCode;
            this.fiscalYear = fiscalYear;
            this.revenueItem = revenueItem;
            this.treasury = treasury;
            this.ordinal = ordinal;
        }
    }

    private record Key(String organizationCode, int fiscalYear, String revenueCode) {}

    private static final Comparator<Key> KEY_ORDER = Comparator.comparing(Key::organizationCode)
            .thenComparingInt(Key::fiscalYear).thenComparing(Key::revenueCode);

    /** A national line of a group, with where it came from (share index) to order ties. */
    record Entry(Group group, PayInLine line, int share) {}

    private final Comparator<Entry> order;
    private final Catalog catalog;
    private final Map<String, Optional<Treasury>> treasuries = new HashMap<>();
    private final Map<String, RevenueItem> revenueItems = new HashMap<>();
    private final Map<Key, Group> groups = new TreeMap<>(KEY_ORDER);
    private final List<Group> byOrdinal = new ArrayList<>();
    private final List<Entry> chunk = new ArrayList<>();
    private final List<Path> files = new ArrayList<>();
    private boolean finished;

    PayInSpill(Catalog catalog) {
        this.catalog = catalog;
        Comparator<Group> groupOrder = Comparator.comparing(g -> new Key(g.organizationCode, g.fiscalYear, g.revenueItem.code()), KEY_ORDER);
        this.order = Comparator.comparing(Entry::group, groupOrder)
                .thenComparing(e -> e.line().paidAt())
                .thenComparing(e -> e.line().checkoutId())
                .thenComparingInt(Entry::share);
    }

    /** Whether {@code creditor} is paid into the treasury (the catalog's {@code treasury} block, now). */
    boolean isTreasury(String creditor) {
        return treasuries.computeIfAbsent(creditor, catalog::treasuryOf).isPresent();
    }

    /** Takes the national shares of {@code line} (nothing when it has none). */
    void add(SettlementLine line) {
        if (finished) {
            throw new IllegalStateException("the pay-in spill is finished");
        }
        List<SettlementLine.Share> shares = line.shares();
        for (int i = 0; i < shares.size(); i++) {
            SettlementLine.Share share = shares.get(i);
            if (!isTreasury(share.creditor())) {
                continue;
            }
            int fiscalYear = JapaneseDates.fiscalYear(line.paidAt());
            RevenueItem item = revenueItem(line, share);
            Group g = groups.computeIfAbsent(new Key(share.creditor(), fiscalYear, item.code()), k -> {
                Group created = new Group(k.organizationCode(), k.fiscalYear(), item,
                        treasuries.get(share.creditor()).orElseThrow(), byOrdinal.size());
                byOrdinal.add(created);
                return created;
            });
            g.amount = Math.addExact(g.amount, share.amount());
            g.refunded = Math.addExact(g.refunded, share.refunded());
            g.count++;
            chunk.add(new Entry(g, new PayInLine(line.checkoutId(), line.paymentId(), line.reference(),
                    share.procedureCode(), share.procedureName(), share.quantity(), share.amount(), share.refunded(),
                    line.paidAt()), i));
            if (chunk.size() >= CHUNK_LINES) {
                writeChunk();
            }
        }
    }

    private RevenueItem revenueItem(SettlementLine line, SettlementLine.Share share) {
        String key = line.organizationCode() + "\u0000" + share.procedureCode() + "\u0000" + share.creditor();
        return revenueItems.computeIfAbsent(key, k -> catalog.revenueItem(line.organizationCode(), share.procedureCode(),
                share.creditor()).orElseGet(() -> {
                    Log.error("treasury.revenue_item_missing", null, "organizationCode", line.organizationCode(),
                            "procedureCode", share.procedureCode(), "creditor", share.creditor(),
                            "checkoutId", line.checkoutId());
                    return RevenueItem.UNASSIGNED;
                }));
    }

    private void writeChunk() {
        chunk.sort(order);
        try {
            Path file = Files.createTempFile("kokin-payins-", ".spill");
            files.add(file);
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), BUFFER_BYTES))) {
                for (Entry e : chunk) {
                    write(out, e);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        chunk.clear();
    }

    private static void write(DataOutputStream out, Entry e) throws IOException {
        PayInLine l = e.line();
        out.writeInt(e.group().ordinal);
        out.writeInt(e.share());
        out.writeUTF(l.checkoutId());
        out.writeUTF(l.paymentId());
        out.writeUTF(l.reference());
        out.writeUTF(l.procedureCode());
        out.writeUTF(l.procedureName());
        out.writeInt(l.quantity());
        out.writeLong(l.amount());
        out.writeLong(l.refunded());
        out.writeLong(l.paidAt().getEpochSecond());
        out.writeInt(l.paidAt().getNano());
    }

    private Entry read(DataInputStream in) throws IOException {
        Group g = byOrdinal.get(in.readInt());
        int share = in.readInt();
        PayInLine l = new PayInLine(in.readUTF(), in.readUTF(), in.readUTF(), in.readUTF(), in.readUTF(), in.readInt(),
                in.readLong(), in.readLong(), Instant.ofEpochSecond(in.readLong(), in.readInt()));
        return new Entry(g, l, share);
    }

    /** Ends the adding; the last chunk stays in memory, sorted. */
    void finish() {
        chunk.sort(order);
        finished = true;
    }

    /** The pay-ins' groups in pay-in order (their place, from 1, is their index + 1). */
    List<Group> groups() {
        return List.copyOf(groups.values());
    }

    /** Every national line, group by group in pay-in order, each group's lines in (paidAt, checkoutId) order. */
    Iterator<Entry> lines() {
        if (!finished) {
            throw new IllegalStateException("finish the pay-in spill before reading it");
        }
        List<Cursor> cursors = new ArrayList<>();
        try {
            for (Path file : files) {
                cursors.add(new FileCursor(new DataInputStream(new BufferedInputStream(Files.newInputStream(file), BUFFER_BYTES))));
            }
        } catch (IOException e) {
            cursors.forEach(Cursor::close);
            throw new UncheckedIOException(e);
        }
        cursors.add(new ListCursor(chunk.iterator()));
        PriorityQueue<Cursor> heads = new PriorityQueue<>(Comparator.comparing(Cursor::head, order));
        for (Cursor c : cursors) {
            if (c.advance()) {
                heads.add(c);
            } else {
                c.close();
            }
        }
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return !heads.isEmpty();
            }

            @Override
            public Entry next() {
                Cursor c = heads.poll();
                if (c == null) {
                    throw new NoSuchElementException();
                }
                Entry e = c.head();
                if (c.advance()) {
                    heads.add(c);
                } else {
                    c.close();
                }
                return e;
            }
        };
    }

    /** The lines of {@code group} from {@code merged}, which must be positioned at that group's first line (or past it). */
    static Iterator<PayInLine> linesOf(Group group, PeekingIterator merged) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return merged.hasNext() && merged.peek().group() == group;
            }

            @Override
            public PayInLine next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return merged.next().line();
            }
        };
    }

    /** An iterator over {@link #lines()} that shows its next entry. */
    static final class PeekingIterator implements Iterator<Entry> {
        private final Iterator<Entry> inner;
        private Entry next;

        PeekingIterator(Iterator<Entry> inner) {
            this.inner = inner;
        }

        Entry peek() {
            if (next == null && inner.hasNext()) {
                next = inner.next();
            }
            return next;
        }

        @Override
        public boolean hasNext() {
            return peek() != null;
        }

        @Override
        public Entry next() {
            Entry e = peek();
            if (e == null) {
                throw new NoSuchElementException();
            }
            next = null;
            return e;
        }
    }

    private interface Cursor {
        Entry head();

        boolean advance();

        void close();
    }

    private static final class ListCursor implements Cursor {
        private final Iterator<Entry> it;
        private Entry head;

        ListCursor(Iterator<Entry> it) {
            this.it = it;
        }

        public Entry head() {
            return head;
        }

        public boolean advance() {
            head = it.hasNext() ? it.next() : null;
            return head != null;
        }

        public void close() {
        }
    }

    private final class FileCursor implements Cursor {
        private final DataInputStream in;
        private Entry head;

        FileCursor(DataInputStream in) {
            this.in = in;
        }

        public Entry head() {
            return head;
        }

        public boolean advance() {
            try {
                head = read(in);
                return true;
            } catch (EOFException end) {
                head = null;
                return false;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public void close() {
            try {
                in.close();
            } catch (IOException e) {
                // a read-only temporary file: nothing to lose
            }
        }
    }

    @Override
    public void close() {
        chunk.clear();
        for (Path file : files) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
