package jp.kokin.settlement;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;

import jp.kokin.domain.catalog.Catalog;
import jp.kokin.domain.catalog.Treasury;
import jp.kokin.domain.checkout.TestCatalogs;
import jp.kokin.domain.checkout.TestClock;
import jp.kokin.domain.console.InMemoryRunReleases;
import jp.kokin.domain.settlement.DocumentStore;
import jp.kokin.domain.settlement.StoredObject;
import jp.kokin.domain.settlement.treasury.InMemoryPayInStore;
import jp.kokin.domain.settlement.treasury.InMemoryTreasuryReportStore;
import jp.kokin.domain.settlement.treasury.TreasuryReportVersion;
import jp.kokin.local.embedded.HeapWatch;
import jp.kokin.settlement.PayInsWithLines.Line;

/**
 * The report job at scale ({@code bench/treasury-report}; not a test): 外務省's pay-ins of November 2026 and of
 * the 7 late-line days after it, {@code N} entrustments in November spread over its days (and as many a
 * day after it), their {@code lines.json} on disk; then the report job ({@link TreasuryReportJobHandler})
 * issues November's report (v001), and issues it again after the collection officer's name changed (v002:
 * a correction, which reads v001 back). Prints each one's time and peak live heap; run it with the heap of
 * the function ({@code -Xmx3g}) or smaller to see that it fits. Documents are files (no S3 transfer time).
 */
public final class TreasuryReportBench {
    private static final LocalDate NOV_1 = LocalDate.parse("2026-11-01");
    private static final LocalDate NOV_30 = LocalDate.parse("2026-11-30");

    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 20261201L;
        System.out.printf("treasury report bench: %,d entrustments in November, seed %d, max heap %d MiB%n", n, seed,
                Runtime.getRuntime().maxMemory() >> 20);
        Path dir = Files.createTempDirectory("kokin-report-bench");
        try {
            run(n, new Random(seed), dir);
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void run(int n, Random random, Path dir) {
        HeapWatch heap = HeapWatch.install();
        Catalog catalog = TestCatalogs.aTreasuryCatalog().build();
        StoredRuns stored = new StoredRuns(catalog);
        stored.settle(NOV_30.plusDays(TreasuryReports.LATE_LINE_DAYS), Instant.parse("2026-12-07T15:30:00Z"));
        FileDocuments documents = new FileDocuments(dir);
        InMemoryPayInStore payIns = new InMemoryPayInStore();
        PayInsWithLines mofa = new PayInsWithLines(payIns, documents);
        long t0 = System.nanoTime();
        int days = 30 + TreasuryReports.LATE_LINE_DAYS;
        for (int d = 0; d < days; d++) {
            LocalDate day = NOV_1.plusDays(d);
            int count = n / 30 + (d < n % 30 ? 1 : 0);
            Instant start = day.atStartOfDay(java.time.ZoneId.of("Asia/Tokyo")).toInstant();
            List<Line> lines = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                lines.add(new Line("chk_" + day + "_" + i, start.plusMillis(random.nextInt(86_400_000)), 14000));
            }
            lines.sort(java.util.Comparator.comparing(Line::paidAt));
            mofa.payIn(day, 1, lines);
        }
        System.out.printf("wrote %d pay-ins in %.1f s%n", days, (System.nanoTime() - t0) / 1e9);

        InMemoryTreasuryReportStore reports = new InMemoryTreasuryReportStore();
        TestClock clock = new TestClock(Instant.parse("2026-12-08T01:00:00Z"));
        SQSEvent event = new SQSEvent();
        SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
        message.setMessageId("bench");
        message.setBody(new ReportQueue.Request(TestCatalogs.MOFA, NOV_1, NOV_30).toJson());
        event.setRecords(List.of(message));
        Treasury renamed = new Treasury(TestCatalogs.MOFA_TREASURY.ministryCode(), TestCatalogs.MOFA_TREASURY.ministryName(),
                TestCatalogs.MOFA_TREASURY.account(), TestCatalogs.MOFA_TREASURY.officerCode(), "外務省大臣官房会計課長（新任）",
                TestCatalogs.MOFA_TREASURY.payInBusinessDays(), TestCatalogs.MOFA_TREASURY.payInDayOfNextMonth(),
                TestCatalogs.MOFA_TREASURY.payEasyInstitutionNumber(), TestCatalogs.MOFA_TREASURY.reportPeriod());
        Catalog corrected = TestCatalogs.aTreasuryCatalog().withTreasuryOrganization(TestCatalogs.MOFA, "外務省", renamed).build();
        for (Catalog c : List.of(catalog, corrected)) {
            var job = new TreasuryReportJobHandler(new SettlementApiWiring(() -> c, stored.runs, documents, clock,
                    SettlementApiWiring.Limits.DEFAULT, payIns, reports, new InMemoryRunReleases()));
            heap.reset();
            long start = System.nanoTime();
            if (!job.handleRequest(event, null).getBatchItemFailures().isEmpty()) {
                throw new IllegalStateException("the report job failed");
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long peak = heap.peakMiB();
            TreasuryReportVersion v = reports.newest(TestCatalogs.MOFA, NOV_1, NOV_30).orElseThrow();
            System.out.printf("%s (%s) of %,d entrustments: JSON %,d B, CSV %,d B, HTML %,d B, issued in %.2f s, peak live heap %d MiB%n",
                    v.label(), v.corrects() == 0 ? "first" : "correcting " + TreasuryReportVersion.label(v.corrects()), v.count(),
                    v.json().bytes(), v.csv().bytes(), v.html().bytes(), seconds, peak);
            System.out.printf("RESULT version=%s entrustments=%d seconds=%.2f heap_mib=%d%n", v.label(), v.count(), seconds, peak);
            clock.advance(Duration.ofMinutes(1));
        }
    }

    /** Documents as files under {@code dir}, written and read streamed, digested as written. */
    static final class FileDocuments implements DocumentStore {
        private final Path dir;

        FileDocuments(Path dir) {
            this.dir = dir;
        }

        private Path path(String key) {
            return dir.resolve(key.replace('/', '_'));
        }

        @Override
        public StoredObject put(String key, String contentType, Body body) {
            try {
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                try (OutputStream out = new DigestOutputStream(Files.newOutputStream(path(key)), sha)) {
                    body.writeTo(out);
                }
                return new StoredObject(key, HexFormat.of().formatHex(sha.digest()), Files.size(path(key)), contentType);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public Optional<InputStream> open(String key) {
            try {
                return Files.exists(path(key)) ? Optional.of(Files.newInputStream(path(key))) : Optional.empty();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public URI presignedGet(String key, Duration validFor, String downloadName) {
            return path(key).toUri();
        }
    }
}
