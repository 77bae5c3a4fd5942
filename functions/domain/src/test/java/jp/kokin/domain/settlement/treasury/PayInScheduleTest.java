package jp.kokin.domain.settlement.treasury;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.time.MonthDay;

import org.junit.jupiter.api.Test;

import jp.kokin.domain.catalog.ReportPeriod;
import jp.kokin.domain.catalog.Treasury;
import jp.kokin.domain.catalog.TreasurySettings;

/** Pay-in due dates over the bank calendar (vectors checked by hand against the 2026–2027 holidays). */
class PayInScheduleTest {
    private static final TreasurySettings SETTINGS = TreasurySettings.DEFAULT;

    private static Treasury businessDays(int n) {
        return new Treasury("016", "外務省", "一般会計", "0160001", "歳入徴収官", n, null, null, ReportPeriod.MONTHLY);
    }

    private static Treasury dayOfNextMonth(int d) {
        return new Treasury("016", "外務省", "一般会計", "0160001", "歳入徴収官", null, d, null, ReportPeriod.MONTHLY);
    }

    private static LocalDate due(Treasury t, String businessDate) {
        LocalDate date = LocalDate.parse(businessDate);
        return PayInSchedule.dueDate(t, SETTINGS, date, jp.kokin.domain.format.JapaneseDates.fiscalYear(date));
    }

    @Test
    void fiveBusinessDaysFromThe30thOfAprilSkipGoldenWeek() {
        // May 1 (Fri) is 1; May 2–6 are the weekend, 憲法記念日 (Sun), みどりの日, こどもの日 and 振替休日 (Wed 6th);
        // May 7 (Thu) 2, May 8 (Fri) 3, May 11 (Mon) 4, May 12 (Tue) 5.
        assertEquals(LocalDate.parse("2026-05-12"), due(businessDays(5), "2026-04-30"));
    }

    @Test
    void oneBusinessDayFromThe30thOfDecemberIsTheFirstBusinessDayOfJanuary() {
        assertEquals(LocalDate.parse("2027-01-04"), due(businessDays(1), "2026-12-30"));
    }

    @Test
    void zeroBusinessDaysIsTheBusinessDateItselfOrTheNextBusinessDay() {
        assertEquals(LocalDate.parse("2026-11-26"), due(businessDays(0), "2026-11-26"));
        assertEquals(LocalDate.parse("2026-11-30"), due(businessDays(0), "2026-11-28"), "a Saturday: the Monday");
    }

    @Test
    void dayThirtyOneOfFebruaryIsItsLastDayOrTheBusinessDayBefore() {
        assertEquals(LocalDate.parse("2026-02-27"), due(dayOfNextMonth(31), "2026-01-15"), "Feb 28 2026 is a Saturday");
        assertEquals(LocalDate.parse("2027-02-26"), due(dayOfNextMonth(31), "2027-01-31"), "Feb 28 2027 is a Sunday");
        assertEquals(LocalDate.parse("2028-02-29"), due(dayOfNextMonth(31), "2028-01-04"), "a leap year's 29th, a Tuesday");
    }

    @Test
    void aDueDayOnAHolidayMovesBackNeverLater() {
        assertEquals(LocalDate.parse("2026-11-02"), due(dayOfNextMonth(3), "2026-10-20"), "Nov 3 is 文化の日");
        assertEquals(LocalDate.parse("2026-12-10"), due(dayOfNextMonth(10), "2026-11-30"), "a business day stays");
    }

    @Test
    void aClosedYearIsCappedAtTheLastBusinessDayOnOrBeforeItsCutoff() {
        LocalDate april2 = LocalDate.parse("2026-04-02");
        assertTrue(PayInSchedule.closedYear(2025, april2), "a March line settled on April 2");
        assertFalse(PayInSchedule.closedYear(2026, april2));
        assertFalse(PayInSchedule.closedYear(2025, LocalDate.parse("2026-03-31")));
        // May 31 2026 is a Sunday: the cap is Friday May 29.
        LocalDate due = PayInSchedule.dueDate(dayOfNextMonth(31), SETTINGS, april2, 2025);
        assertEquals(LocalDate.parse("2026-05-29"), due, "May 31 moved back is also the cap");
        assertEquals(LocalDate.parse("2026-04-09"), PayInSchedule.dueDate(businessDays(5), SETTINGS, april2, 2025),
                "under the cap: as computed");
        assertEquals(LocalDate.parse("2026-05-29"),
                PayInSchedule.dueDate(businessDays(5), SETTINGS, LocalDate.parse("2026-05-27"), 2025),
                "June 3 would be past the cutoff");
        assertEquals(LocalDate.parse("2026-06-03"),
                PayInSchedule.dueDate(businessDays(5), SETTINGS, LocalDate.parse("2026-05-27"), 2026),
                "the current year is not capped");
        TreasurySettings june = new TreasurySettings("agent", MonthDay.of(6, 30), 5);
        assertEquals(LocalDate.parse("2026-06-03"),
                PayInSchedule.dueDate(businessDays(5), june, LocalDate.parse("2026-05-27"), 2025), "the cutoff is configured");
    }
}
