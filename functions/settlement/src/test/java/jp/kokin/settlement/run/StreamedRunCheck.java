package jp.kokin.settlement.run;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.checkout.TestCatalogs;
import jp.kokin.domain.settlement.DocumentStore;
import jp.kokin.domain.settlement.RunStatement;
import jp.kokin.domain.settlement.SettlementLine;
import jp.kokin.domain.settlement.SettlementRun;
import jp.kokin.domain.settlement.SettlementRunId;
import jp.kokin.domain.settlement.SettlementRunStore;
import jp.kokin.domain.settlement.StoredObject;
import jp.kokin.domain.settlement.treasury.InMemoryPayInStore;
import jp.kokin.domain.settlement.treasury.PayIn;

/**
 * Finishes a sealed run of {@code args[0]} generated lines (four creditors) whose documents are
 * digested and dropped, and prints the run's count: run in a JVM with a heap far smaller than the
 * lines would take, it shows that the documents pass holds no list of lines. With {@code args[1]}
 * {@code treasury} the catalog pays 外務省 into the treasury: its lines become one pay-in (printed too).
 */
public final class StreamedRunCheck {
    static final LocalDate DAY = LocalDate.parse("2026-11-26");
    static final Instant PAID = Instant.parse("2026-11-26T01:00:00Z");

    public static void main(String[] args) {
        int lines = Integer.parseInt(args[0]);
        SettlementRun sealed = SettlementRun.open(new SettlementRunId(DAY, 1), PAID, SettlementRunner.cutoff(DAY), DAY.plusDays(1))
                .inState(jp.kokin.domain.settlement.RunState.SEALED);
        GeneratedLines store = new GeneratedLines(lines);
        boolean treasury = args.length > 1 && args[1].equals("treasury");
        InMemoryPayInStore payIns = new InMemoryPayInStore();
        SettlementRun done = new RunDocuments(store, new Digesting(), payIns, Clock.systemUTC())
                .finish(sealed, treasury ? TestCatalogs.aTreasuryCatalog().build() : TestCatalogs.standard()).orElseThrow();
        System.out.println("count=" + done.count() + " amount=" + done.amount() + " creditors=" + done.creditors());
        for (PayIn p : payIns.byBusinessDate(DAY)) {
            System.out.println("payin=" + p.id() + " amount=" + p.amount() + " count=" + p.count()
                    + " revenueItem=" + p.revenueItem().code() + " linesBytes=" + p.documents().get("lines.json").bytes());
        }
    }

    /** Lines made up as they are read: nothing is stored. */
    static final class GeneratedLines implements SettlementRunStore {
        private final int lines;

        GeneratedLines(int lines) {
            this.lines = lines;
        }

        @Override
        public void forEachLine(SettlementRunId runId, Consumer<SettlementLine> each) {
            for (int n = 0; n < lines; n++) {
                List<SettlementLine.Share> shares = switch (n % 3) {
                    case 0 -> List.of(new SettlementLine.Share(TestCatalogs.CHIYODA, "juminhyo", "住民票の写し", 1, 300));
                    case 1 -> List.of(new SettlementLine.Share(TestCatalogs.SHINJUKU, "juminhyo", "住民票の写し", 2, 600));
                    default -> List.of(new SettlementLine.Share(TestCatalogs.MOFA, "passport-10y", "一般旅券", 1, 14_000),
                            new SettlementLine.Share(TestCatalogs.TOKYO, "passport-10y", "一般旅券", 1, 2_000));
                };
                each.accept(new SettlementLine(String.format("chk_%026d", n), String.format("pay_%026d_1", n),
                        PAID.plusMillis(n), shares, n % 3 == 2 ? TestCatalogs.TOKYO : TestCatalogs.CHIYODA,
                        String.format("REF-%08d", n)));
            }
        }

        @Override
        public void putStatements(List<RunStatement> statements) {
        }

        @Override
        public SettlementRun complete(SettlementRun completed) {
            return completed;
        }

        @Override
        public int shards() {
            return 16;
        }

        @Override
        public UnsettledPage unsettled(int shard, Instant paidBefore, String cursor, int limit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<Checkout> checkout(String checkoutId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<SettlementRun> openRun() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<SettlementRun> createRun(SettlementRun run) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int nextSequence(LocalDate businessDate) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ClaimOutcome claim(SettlementRun run, String batchId, List<Checkout> checkouts) {
            throw new UnsupportedOperationException();
        }

        @Override
        public SettlementRun seal(SettlementRunId runId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void abandon(SettlementRunId runId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<SettlementRun> runsOn(LocalDate businessDate) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<SettlementRun> run(SettlementRunId runId) {
            return Optional.empty(); // the documents pass asks whether another invocation completed it meanwhile
        }

        @Override
        public void forEachStatement(SettlementRunId runId, Consumer<RunStatement> each) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<RunStatement> statement(SettlementRunId runId, String creditorCode) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<LocalDate> latestSettledDate() {
            throw new UnsupportedOperationException();
        }
    }

    /** Digests each object and drops its bytes. */
    static final class Digesting implements DocumentStore {
        @Override
        public StoredObject put(String key, String contentType, Body body) {
            try {
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                long[] n = {0};
                OutputStream sink = new OutputStream() {
                    @Override
                    public void write(int b) {
                        n[0]++;
                    }

                    @Override
                    public void write(byte[] b, int off, int len) {
                        n[0] += len;
                    }
                };
                try (DigestOutputStream out = new DigestOutputStream(sink, sha)) {
                    body.writeTo(out);
                }
                return new StoredObject(key, HexFormat.of().formatHex(sha.digest()), n[0], contentType);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public Optional<InputStream> open(String key) {
            return Optional.empty();
        }

        @Override
        public URI presignedGet(String key, Duration validFor, String downloadName) {
            throw new UnsupportedOperationException();
        }
    }
}
