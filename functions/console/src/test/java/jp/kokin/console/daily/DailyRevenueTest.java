package jp.kokin.console.daily;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.checkout.PaymentMethod;
import jp.kokin.domain.checkout.TestCatalogs;
import jp.kokin.domain.checkout.TestCheckouts;
import jp.kokin.domain.refund.Refund;
import jp.kokin.domain.refund.RefundLine;
import jp.kokin.domain.refund.RefundReason;
import jp.kokin.domain.refund.RefundStatus;

/** 収入日計表: what a day's rows add up to. */
class DailyRevenueTest {
    /** 2026-11-30 10:00 JST. */
    static final Instant MONDAY = Instant.parse("2026-11-30T01:00:00Z");
    /** 2026-12-01 00:30 JST: the next JST day although still 11-30 in UTC. */
    static final Instant TUESDAY_JUST_AFTER_MIDNIGHT = Instant.parse("2026-11-30T15:30:00Z");

    static Checkout paid(String org, String procedure, int quantity, Instant createdAt, Instant paidAt, PaymentMethod method) {
        Checkout created = TestCheckouts.aCheckout().forOrganization(org).withItem(procedure, quantity).createdAt(createdAt).build();
        return TestCheckouts.succeed(TestCheckouts.start(created, method, createdAt), 1, paidAt);
    }

    static Checkout refunded(Checkout c, long amount, RefundStatus status) {
        var line = new RefundLine(0, 0, c.items().getFirst().procedureCode(), c.items().getFirst().lines().getFirst().creditor(), amount);
        Refund r = Refund.requested("ref_" + c.id().substring(4) + "_1", c.winningPayment().orElseThrow().id(), amount,
                RefundReason.values()[0], List.of(line), null, "地方自治法", null, "usr_0000000000000001", c.paidAt()).withStatus(status);
        return c.withRefund(r);
    }

    private final DailyRevenue revenue = new DailyRevenue(TestCatalogs.aTreasuryCatalog().build());

    @Test
    void net_is_gross_less_the_refunds_that_return_money_on_the_payments_own_day() {
        Checkout a = paid(TestCatalogs.CHIYODA, TestCatalogs.JUMINHYO, 2, MONDAY, MONDAY, PaymentMethod.PAYPAY); // 600
        Checkout b = refunded(paid(TestCatalogs.CHIYODA, TestCatalogs.JUMINHYO, 1, MONDAY, MONDAY.plusSeconds(60), PaymentMethod.PAYPAY),
                300, RefundStatus.SUCCEEDED);
        Checkout c = refunded(paid(TestCatalogs.CHIYODA, TestCatalogs.JUMINHYO, 1, MONDAY, MONDAY.plusSeconds(120), PaymentMethod.PAYPAY),
                300, RefundStatus.REQUESTED); // not approved: returns nothing yet
        revenue.add(a);
        revenue.add(b);
        revenue.add(c);

        List<DailyRevenue.Row> rows = revenue.rows();
        assertEquals(1, rows.size(), rows.toString());
        DailyRevenue.Row row = rows.getFirst();
        assertEquals(LocalDate.parse("2026-11-30"), row.key().day());
        assertEquals("131016", row.key().creditor());
        assertEquals(DailyRevenue.Kind.PROCEDURE, row.key().kind());
        assertEquals("paypay", row.key().method());
        assertEquals(3, row.count());
        assertEquals(1_200, row.gross());
        assertEquals(300, row.refunds());
        assertEquals(900, row.net());
        assertEquals(row.gross() - row.refunds(), row.net());
    }

    @Test
    void a_national_fee_line_is_counted_under_its_revenue_item_and_the_local_line_under_its_procedure() {
        revenue.add(paid(TestCatalogs.TOKYO, TestCatalogs.PASSPORT, 1, MONDAY, MONDAY, PaymentMethod.CARD));

        List<DailyRevenue.Row> rows = revenue.rows();
        assertEquals(2, rows.size(), rows.toString());
        DailyRevenue.Row tokyo = rows.stream().filter(r -> r.key().creditor().equals(TestCatalogs.TOKYO)).findFirst().orElseThrow();
        DailyRevenue.Row mofa = rows.stream().filter(r -> r.key().creditor().equals(TestCatalogs.MOFA)).findFirst().orElseThrow();
        assertEquals(DailyRevenue.Kind.PROCEDURE, tokyo.key().kind());
        assertEquals(2_000, tokyo.gross());
        assertEquals(DailyRevenue.Kind.REVENUE_ITEM, mofa.key().kind());
        assertEquals(TestCatalogs.PASSPORT_REVENUE.code(), mofa.key().itemCode());
        assertEquals(14_000, mofa.gross());
    }

    @Test
    void days_are_jst_days_and_methods_are_separate_rows() {
        revenue.add(paid(TestCatalogs.CHIYODA, TestCatalogs.JUMINHYO, 1, MONDAY, MONDAY, PaymentMethod.PAYPAY));
        revenue.add(paid(TestCatalogs.CHIYODA, TestCatalogs.JUMINHYO, 1, MONDAY, TUESDAY_JUST_AFTER_MIDNIGHT, PaymentMethod.PAYPAY));
        revenue.add(paid(TestCatalogs.CHIYODA, TestCatalogs.JUMINHYO, 1, MONDAY, MONDAY, PaymentMethod.CARD));

        var days = revenue.days(LocalDate.parse("2026-11-29"), LocalDate.parse("2026-12-01"));
        assertEquals(List.of(0L, 600L, 300L), days.stream().map(DailyRevenue.DayTotal::gross).toList());
        assertEquals(List.of(0L, 2L, 1L), days.stream().map(DailyRevenue.DayTotal::count).toList());
        assertEquals(3, revenue.rows().size());
    }

    @Test
    void an_unpaid_checkout_adds_nothing() {
        revenue.add(TestCheckouts.aCheckout().createdAt(MONDAY).build());

        assertTrue(revenue.rows().isEmpty());
        assertFalse(revenue.days(LocalDate.parse("2026-11-30"), LocalDate.parse("2026-11-30")).getFirst().gross() > 0);
    }
}
