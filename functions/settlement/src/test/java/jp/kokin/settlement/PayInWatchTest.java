package jp.kokin.settlement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.MonthDay;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import jp.kokin.adapters.json.Json;
import jp.kokin.adapters.testing.Logs;
import jp.kokin.domain.catalog.Catalog;
import jp.kokin.domain.catalog.TreasurySettings;
import jp.kokin.domain.checkout.TestCatalogs;
import jp.kokin.domain.checkout.TestClock;
import jp.kokin.domain.format.JapaneseDates;
import jp.kokin.domain.settlement.treasury.InMemoryPayInStore;
import jp.kokin.domain.settlement.treasury.PayIn;
import jp.kokin.domain.settlement.treasury.PayInPayment;
import jp.kokin.domain.settlement.treasury.PayInStatus;
import jp.kokin.settlement.run.RunFixture;
import jp.kokin.settlement.run.SettlementRunner;

/**
 * The settlement job's hourly {@code watch} over the national pay-ins still due, with a test clock
 * across bank business days and holidays: due today or on the next business day is
 * {@code treasury.payin_due_soon}, past its due date {@code treasury.payin_overdue}, a closed year's
 * pay-in near the year's cutoff {@code treasury.payin_cutoff}; a paid one is silent. Each kind is an
 * ERROR line per pay-in, a metric and a count in the watch's answer.
 */
class PayInWatchTest {
    private final RunFixture f = new RunFixture(12L);
    private final TestClock clock = f.clock;
    private final InMemoryPayInStore payIns = new InMemoryPayInStore();
    private Catalog catalog = TestCatalogs.aTreasuryCatalog().build();
    private final SettlementJobHandler job = new SettlementJobHandler(new SettlementJobWiring(() -> catalog, f.store,
            f.documents, clock, f.claimerIds(), SettlementRunner.Limits.defaults(), payIns));

    /** {@code time} JST on {@code date}. */
    private void today(LocalDate date, LocalTime time) {
        clock.set(date.atTime(time).atZone(JapaneseDates.JST).toInstant());
    }

    private PayIn due(LocalDate businessDate, int place, LocalDate dueDate) {
        return StoredPayIns.mofa(payIns, f.documents, businessDate, place, dueDate, JapaneseDates.fiscalYear(businessDate), false, 1);
    }

    private void pay(PayIn p) {
        PayIn stored = payIns.find(p.id()).orElseThrow();
        assertTrue(payIns.update(new PayIn(p.id(), p.runId(), p.businessDate(), p.organizationCode(), p.ministryCode(),
                p.ministryName(), p.account(), p.officerCode(), p.officerName(), p.fiscalYear(), p.revenueItem(), p.amount(),
                p.count(), p.dueDate(), p.closedYear(), PayInStatus.PAID, p.createdAt(),
                new PayInPayment(p.dueDate(), "日本銀行本店", "R-1"), null, stored.audit(), p.documents(), stored.version() + 1)));
    }

    private Logs.Captured<JsonNode> watch() throws Exception {
        return Logs.capture(() -> {
            var out = new ByteArrayOutputStream();
            job.handleRequest(new ByteArrayInputStream("{\"action\":\"watch\"}".getBytes(StandardCharsets.UTF_8)), out, null);
            return Json.parse(out.toString(StandardCharsets.UTF_8));
        });
    }

    private static long metric(Logs.Captured<JsonNode> watched, String name) {
        List<JsonNode> lines = watched.lines().stream().filter(l -> l.has("_aws") && name.equals(
                l.path("_aws").path("CloudWatchMetrics").get(0).path("Metrics").get(0).path("Name").asText())).toList();
        assertEquals(1, lines.size(), name + " once per watch");
        assertEquals("Kokin", lines.getFirst().path("_aws").path("CloudWatchMetrics").get(0).path("Namespace").asText());
        return lines.getFirst().path(name).asLong(-1);
    }

    private static List<String> ids(List<JsonNode> lines) {
        return lines.stream().map(l -> l.path("payinId").asText()).toList();
    }

    @Test
    void aPayInDueTomorrowIsDueSoonAndOnceItsDayHasPassedOverdueUntilPaid() throws Exception {
        // Thursday Dec 3, 2026: the next bank business day is Friday Dec 4.
        PayIn p = due(LocalDate.of(2026, 11, 27), 1, LocalDate.of(2026, 12, 4));
        PayIn later = due(LocalDate.of(2026, 11, 30), 1, LocalDate.of(2026, 12, 7));
        today(LocalDate.of(2026, 12, 3), LocalTime.of(10, 0));

        var watched = watch();
        assertEquals(1, watched.value().path("payinsDueSoon").asLong(-1));
        assertEquals(0, watched.value().path("payinsOverdue").asLong(-1));
        assertEquals(0, watched.value().path("payinsPastCutoff").asLong(-1));
        JsonNode line = watched.event("treasury.payin_due_soon").getFirst();
        assertEquals("ERROR", line.path("level").asText());
        assertEquals(p.id(), line.path("payinId").asText());
        assertEquals("MOFA", line.path("organizationCode").asText());
        assertEquals(14_000, line.path("amount").asLong());
        assertEquals("2026-12-04", line.path("dueDate").asText());
        assertEquals(1, metric(watched, "PayInsDueSoon"));
        assertEquals(0, metric(watched, "PayInsOverdue"));
        assertEquals(0, metric(watched, "PayInsPastCutoff"));

        today(LocalDate.of(2026, 12, 4), LocalTime.of(10, 0)); // Friday: due today, and `later` (Monday) due on the next business day
        watched = watch();
        assertEquals(List.of(p.id(), later.id()), ids(watched.event("treasury.payin_due_soon")));
        assertEquals(2, metric(watched, "PayInsDueSoon"));

        today(LocalDate.of(2026, 12, 5), LocalTime.of(1, 0)); // Saturday, 01:00 JST (inside the night's settlement window)
        watched = watch();
        assertEquals(List.of(p.id()), ids(watched.event("treasury.payin_overdue")));
        assertEquals(List.of(later.id()), ids(watched.event("treasury.payin_due_soon")));
        assertEquals(1, metric(watched, "PayInsOverdue"));

        pay(p);
        pay(later);
        watched = watch();
        assertEquals(0, watched.value().path("payinsOverdue").asLong(-1));
        assertEquals(0, watched.value().path("payinsDueSoon").asLong(-1));
        assertEquals(List.of(), watched.event("treasury.payin_overdue"));
        assertEquals(List.of(), watched.event("treasury.payin_due_soon"));
        assertEquals(0, metric(watched, "PayInsOverdue"));
    }

    @Test
    void theNextBusinessDaySkipsTheYearEndAndHolidays() throws Exception {
        // Wednesday Dec 30, 2026: banks close Dec 31 to Jan 3; the next business day is Monday Jan 4, 2027.
        PayIn afterNewYear = due(LocalDate.of(2026, 12, 22), 1, LocalDate.of(2027, 1, 4));
        PayIn tuesday = due(LocalDate.of(2026, 12, 22), 2, LocalDate.of(2027, 1, 5));
        today(LocalDate.of(2026, 12, 30), LocalTime.of(15, 0));
        var watched = watch();
        assertEquals(List.of(afterNewYear.id()), ids(watched.event("treasury.payin_due_soon")));

        // Friday Jan 8, 2027: Monday Jan 11 is 成人の日, so Tuesday Jan 12 is the next business day.
        PayIn afterHoliday = due(LocalDate.of(2027, 1, 5), 1, LocalDate.of(2027, 1, 12));
        pay(afterNewYear);
        pay(tuesday);
        today(LocalDate.of(2027, 1, 8), LocalTime.of(9, 0));
        watched = watch();
        assertEquals(List.of(afterHoliday.id()), ids(watched.event("treasury.payin_due_soon")));
        assertEquals(List.of(), watched.event("treasury.payin_overdue"));
    }

    @Test
    void aClosedYearsPayInIsAnErrorFromTheWarningDaysBeforeTheCutoff() throws Exception {
        // FY2025's cutoff: May 31, 2026 (a Sunday). 5 bank business days before it: Monday May 25.
        PayIn closed = StoredPayIns.mofa(payIns, f.documents, LocalDate.of(2026, 5, 20), 1, LocalDate.of(2026, 5, 29), 2025, true, 1);
        due(LocalDate.of(2026, 5, 20), 2, LocalDate.of(2026, 5, 29)); // FY2026: no cutoff
        today(LocalDate.of(2026, 5, 22), LocalTime.of(23, 0));
        var watched = watch();
        assertEquals(0, watched.value().path("payinsPastCutoff").asLong(-1));
        assertEquals(0, metric(watched, "PayInsPastCutoff"));

        today(LocalDate.of(2026, 5, 25), LocalTime.of(0, 30));
        watched = watch();
        assertEquals(1, watched.value().path("payinsPastCutoff").asLong(-1));
        JsonNode line = watched.event("treasury.payin_cutoff").getFirst();
        assertEquals("ERROR", line.path("level").asText());
        assertEquals(closed.id(), line.path("payinId").asText());
        assertEquals("MOFA", line.path("organizationCode").asText());
        assertEquals(14_000, line.path("amount").asLong());
        assertEquals("2026-05-29", line.path("dueDate").asText());
        assertEquals("2026-05-31", line.path("cutoff").asText());
        assertEquals(1, metric(watched, "PayInsPastCutoff"));

        today(LocalDate.of(2026, 6, 2), LocalTime.of(10, 0)); // past the cutoff and its due date: both
        watched = watch();
        assertEquals(List.of(closed.id()), ids(watched.event("treasury.payin_cutoff")));
        assertEquals(2, watched.value().path("payinsOverdue").asLong(-1));

        pay(closed);
        watched = watch();
        assertEquals(0, watched.value().path("payinsPastCutoff").asLong(-1));
    }

    @Test
    void theCatalogsCutoffSettingsMoveTheWarning() throws Exception {
        catalog = TestCatalogs.aTreasuryCatalog().withTreasurySettings(new TreasurySettings("Kokin", MonthDay.of(7, 31), 0)).build();
        StoredPayIns.mofa(payIns, f.documents, LocalDate.of(2026, 5, 20), 1, LocalDate.of(2026, 8, 31), 2025, true, 1);
        today(LocalDate.of(2026, 7, 30), LocalTime.of(10, 0));
        assertEquals(0, watch().value().path("payinsPastCutoff").asLong(-1));
        today(LocalDate.of(2026, 7, 31), LocalTime.of(10, 0));
        assertEquals(1, watch().value().path("payinsPastCutoff").asLong(-1));
    }

    @Test
    void withNoPayInsTheWatchAnswersZeros() throws Exception {
        var watched = watch();
        assertEquals(0, watched.value().path("payinsDueSoon").asLong(-1));
        assertEquals(0, watched.value().path("payinsOverdue").asLong(-1));
        assertEquals(0, watched.value().path("payinsPastCutoff").asLong(-1));
        assertEquals(0, watched.value().path("latePayments").asLong(-1));
    }
}
