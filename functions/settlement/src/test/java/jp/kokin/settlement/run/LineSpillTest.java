package jp.kokin.settlement.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.junit.jupiter.api.Test;

import jp.kokin.domain.settlement.SettlementLine;
import jp.kokin.domain.settlement.SettlementPayment;

class LineSpillTest {
    private static final Instant T = Instant.parse("2026-11-26T01:00:00Z");

    private static SettlementLine line(int n, String... creditors) {
        List<SettlementLine.Share> shares = new ArrayList<>();
        for (String c : creditors) {
            shares.add(new SettlementLine.Share(c, "p", "手続", 1, 100 + n));
        }
        return new SettlementLine(String.format("chk_%026d", n), String.format("pay_%026d_1", n), T.plusMillis(n), shares);
    }

    @Test
    void each_creditor_reads_back_its_part_of_every_line_in_the_order_added_across_segments() {
        int creditors = 1_800;
        int lines = 60_000;
        try (LineSpill spill = LineSpill.create()) {
            for (int n = 0; n < lines; n++) {
                String a = "C" + (n % creditors);
                String b = "C" + ((n * 7 + 3) % creditors);
                spill.add(a.equals(b) ? line(n, a) : line(n, a, b));
            }
            spill.finish();
            assertTrue(spill.bytes() > (long) lines * 50, "the payments went to disk: " + spill.bytes());
            long total = 0;
            for (int c = 0; c < creditors; c++) {
                int previous = -1;
                for (Iterator<SettlementPayment> it = spill.payments("C" + c); it.hasNext(); ) {
                    SettlementPayment p = it.next();
                    int n = Integer.parseInt(p.checkoutId().substring(4));
                    assertTrue(n > previous, "in order");
                    previous = n;
                    assertEquals(100 + n, p.amount());
                    assertEquals(T.plusMillis(n), p.paidAt());
                    assertEquals(String.format("pay_%026d_1", n), p.paymentId());
                    total++;
                }
            }
            long expected = 0;
            for (int n = 0; n < lines; n++) {
                expected += ("C" + (n % creditors)).equals("C" + ((n * 7 + 3) % creditors)) ? 1 : 2;
            }
            assertEquals(expected, total);
        }
    }

    @Test
    void shares_of_one_creditor_in_one_line_are_one_payment_of_their_sum() {
        try (LineSpill spill = LineSpill.create()) {
            spill.add(line(1, "A", "A", "B"));
            spill.finish();
            Iterator<SettlementPayment> a = spill.payments("A");
            assertEquals(202, a.next().amount());
            assertFalse(a.hasNext());
            assertFalse(spill.payments("nobody").hasNext());
        }
    }
}
