package jp.kokin.domain.settlement.treasury;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import jp.kokin.domain.catalog.RevenueItem;

/** A pay-in's recorded steps, due → paid → confirmed, as the settlement API and the console record them. */
class PayInStepsTest {
    private static final String ID = "pin_20261130_001_001";
    /** 2026-12-01 10:00 JST. */
    private static final Instant NOW = Instant.parse("2026-12-01T01:00:00Z");
    private static final PayInPayment PAYMENT = new PayInPayment(LocalDate.parse("2026-12-01"), "日本銀行本店", "R-1");

    private final InMemoryPayInStore store = new InMemoryPayInStore();
    private final PayInSteps steps = new PayInSteps(store);

    PayInStepsTest() {
        store.create(new PayIn(ID, "stl_20261130_001", LocalDate.parse("2026-11-30"), "MOFA", "016", "外務省", "一般会計", "0160001",
                "歳入徴収官", 2026, new RevenueItem("016-01-01-01", "旅券法手数料"), 28_000, 2, LocalDate.parse("2026-12-07"), false,
                PayInStatus.DUE, Instant.parse("2026-11-30T16:00:00Z"), null, null, List.of(), Map.of(), 1));
    }

    @Test
    void paid_then_confirmed_each_add_an_audit_entry_by_the_principal_and_a_version() {
        var paid = assertInstanceOf(PayInSteps.Outcome.Recorded.class, steps.paid(ID, p -> true, PAYMENT, "usr_0123456789abcdef", NOW));
        assertEquals(PayInStatus.PAID, paid.payIn().status());
        assertEquals(2, paid.payIn().version());
        assertEquals("paid", paid.payIn().audit().getLast().action());
        assertEquals("usr_0123456789abcdef", paid.payIn().audit().getLast().principal());
        assertEquals("paidOn=2026-12-01; bank=日本銀行本店; reference=R-1", paid.payIn().audit().getLast().detail());

        var confirmed = assertInstanceOf(PayInSteps.Outcome.Recorded.class, steps.confirmed(ID, p -> true, "ok", "key_x", NOW));
        assertEquals(PayInStatus.CONFIRMED, confirmed.payIn().status());
        assertEquals(NOW, confirmed.payIn().confirmedAt());
        assertEquals(3, store.find(ID).orElseThrow().version());
    }

    @Test
    void a_repeat_changes_nothing_and_another_payment_is_refused() {
        steps.paid(ID, p -> true, PAYMENT, "usr_a", NOW);

        assertInstanceOf(PayInSteps.Outcome.Unchanged.class, steps.paid(ID, p -> true, PAYMENT, "usr_b", NOW));
        assertInstanceOf(PayInSteps.Outcome.AlreadyPaid.class,
                steps.paid(ID, p -> true, new PayInPayment(PAYMENT.paidOn(), "other", "R-2"), "usr_b", NOW));
        assertEquals(2, store.find(ID).orElseThrow().version());
    }

    @Test
    void dates_outside_the_business_date_and_today_are_refused() {
        assertInstanceOf(PayInSteps.Outcome.PaidInFuture.class,
                steps.paid(ID, p -> true, new PayInPayment(LocalDate.parse("2026-12-02"), "b", "r"), "usr_a", NOW));
        assertInstanceOf(PayInSteps.Outcome.BeforeBusinessDate.class,
                steps.paid(ID, p -> true, new PayInPayment(LocalDate.parse("2026-11-29"), "b", "r"), "usr_a", NOW));
        assertEquals(PayInStatus.DUE, store.find(ID).orElseThrow().status());
    }

    @Test
    void an_invisible_or_unknown_pay_in_is_not_found_and_a_due_one_is_not_confirmed() {
        assertInstanceOf(PayInSteps.Outcome.NotFound.class, steps.paid(ID, p -> false, PAYMENT, "usr_a", NOW));
        assertInstanceOf(PayInSteps.Outcome.NotFound.class, steps.paid("pin_x", p -> true, PAYMENT, "usr_a", NOW));
        assertInstanceOf(PayInSteps.Outcome.NotPaid.class, steps.confirmed(ID, p -> true, null, "usr_a", NOW));
    }

    @Test
    void a_store_that_always_changes_under_the_step_gives_up_after_the_named_tries() {
        int[] reads = {0};
        PayInStore racing = new PayInStore() {
            public boolean create(PayIn payIn) { return store.create(payIn); }
            public Optional<PayIn> find(String id) { reads[0]++; return store.find(id); }
            public List<PayIn> byBusinessDate(LocalDate d) { return store.byBusinessDate(d); }
            public List<PayIn> due() { return store.due(); }
            public List<PayIn> byOrganization(String o, LocalDate f, LocalDate t) { return store.byOrganization(o, f, t); }
            public boolean update(PayIn updated) { return false; }
        };

        assertInstanceOf(PayInSteps.Outcome.Contention.class, new PayInSteps(racing).paid(ID, p -> true, PAYMENT, "usr_a", NOW));
        assertEquals(PayInSteps.MAX_UPDATE_TRIES, reads[0]);
    }
}
