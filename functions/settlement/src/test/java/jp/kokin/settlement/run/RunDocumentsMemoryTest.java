package jp.kokin.settlement.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** The documents pass streams: a run's lines are never held, whatever their number. */
class RunDocumentsMemoryTest {
    /** Lines whose objects alone (~300 bytes each as SettlementLine, strings and shares) would take ~30 MB. */
    private static final int LINES = 100_000;
    /** Far less heap than the lines would take; enough for the code, buffers and four creditors' totals. */
    private static final String HEAP = "-Xmx16m";

    @Test
    void a_run_of_100000_lines_finishes_in_a_16_mb_heap() throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(List.of(java.toString(), HEAP, "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), StreamedRunCheck.class.getName(), Integer.toString(LINES)))
                .redirectErrorStream(true).start();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "the check finished");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        // Lines n % 3 == 0: 300 yen (千代田区), 1: 600 yen (新宿区), 2: 16,000 yen (MOFA and 東京都).
        long amount = 0;
        for (int n = 0; n < LINES; n++) {
            amount += n % 3 == 0 ? 300 : n % 3 == 1 ? 600 : 16_000;
        }
        assertTrue(out.contains("count=" + LINES + " amount=" + amount + " creditors=4"), out);
    }

    /** A national line in every third payment: 33,333 pay-in lines sorted and streamed in the same heap. */
    @Test
    void a_run_of_100000_lines_with_33333_national_lines_makes_its_pay_in_in_a_16_mb_heap() throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(List.of(java.toString(), HEAP, "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), StreamedRunCheck.class.getName(), Integer.toString(LINES),
                "treasury"))
                .redirectErrorStream(true).start();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "the check finished");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        long amount = 0;
        int national = 0;
        for (int n = 0; n < LINES; n++) {
            amount += n % 3 == 0 ? 300 : n % 3 == 1 ? 600 : 16_000;
            national += n % 3 == 2 ? 1 : 0;
        }
        // 外務省 has no statement: three creditors; the run's amount still counts every yen it took.
        assertTrue(out.contains("count=" + LINES + " amount=" + amount + " creditors=3"), out);
        assertTrue(out.contains("payin=pin_20261126_001_001 amount=" + 14_000L * national + " count=" + national
                + " revenueItem=" + jp.kokin.domain.checkout.TestCatalogs.PASSPORT_REVENUE.code()), out);
    }

    /** The same check must be able to fail: holding the lines in that heap runs out of memory. */
    @Test
    void holding_the_lines_in_that_heap_would_run_out_of_memory() throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(List.of(java.toString(), HEAP, "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), HoldingLines.class.getName(), Integer.toString(LINES)))
                .redirectErrorStream(true).start();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES));
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(out.contains("OutOfMemoryError"), out);
    }

    /** Collects the generated lines in a list, as a documents pass that held them would. */
    public static final class HoldingLines {
        public static void main(String[] args) {
            List<jp.kokin.domain.settlement.SettlementLine> held = new java.util.ArrayList<>();
            new StreamedRunCheck.GeneratedLines(Integer.parseInt(args[0])).forEachLine(null, held::add);
            System.out.println("held " + held.size());
        }
    }
}
