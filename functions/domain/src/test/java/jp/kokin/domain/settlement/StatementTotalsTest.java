package jp.kokin.domain.settlement;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

class StatementTotalsTest {
    private static final LocalDate DAY = LocalDate.of(2026, 11, 26);
    /** 2026-11-26 12:00 JST. */
    private static final Instant NOON = Instant.parse("2026-11-26T03:00:00Z");

    private static SettlementLine line(String id, Instant paidAt, SettlementLine.Share... shares) {
        return new SettlementLine(id, id + "-1", paidAt, List.of(shares));
    }

    @Test
    void a_passport_payment_counts_once_for_each_creditor_and_its_units_per_procedure() {
        StatementTotals totals = new StatementTotals(DAY, code -> "name of " + code);
        totals.add(line("chk_a", NOON,
                new SettlementLine.Share("MOFA", "passport", "旅券", 2, 28000),
                new SettlementLine.Share("130001", "passport", "旅券", 2, 4000)));
        totals.add(line("chk_b", NOON, new SettlementLine.Share("130001", "juminhyo", "住民票", 1, 300)));

        assertEquals(2, totals.count());
        assertEquals(32300, totals.amount());
        var tokyo = totals.creditors().stream().filter(c -> c.code().equals("130001")).findFirst().orElseThrow();
        assertEquals(2, tokyo.count(), "a creditor's count is of payments");
        assertEquals(4300, tokyo.amount());
        assertEquals(List.of(new ProcedureTotal("juminhyo", "住民票", 1, 300), new ProcedureTotal("passport", "旅券", 2, 4000)),
                tokyo.procedures(), "a procedure's count is of units");
        assertEquals("name of 130001", tokyo.name());
        assertEquals(List.of("130001", "MOFA"), totals.creditors().stream().map(StatementTotals.Creditor::code).toList());
    }

    @Test
    void a_line_deemed_paid_before_the_business_date_is_carried_over() {
        StatementTotals totals = new StatementTotals(DAY, code -> code);
        totals.add(line("chk_late", NOON.minusSeconds(86_400), new SettlementLine.Share("131016", "juminhyo", "住民票", 1, 300)));
        // 23:59:59 JST on the day itself is not carried over; 00:00 JST the day after would not be in the run at all
        totals.add(line("chk_today", Instant.parse("2026-11-26T14:59:59Z"), new SettlementLine.Share("131016", "juminhyo", "住民票", 1, 300)));

        assertEquals(1, totals.carriedOver());
        assertEquals(1, totals.creditors().iterator().next().carriedOver());
        assertEquals(2, totals.creditors().iterator().next().count());
    }
}
