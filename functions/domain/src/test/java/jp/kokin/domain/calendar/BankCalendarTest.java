package jp.kokin.domain.calendar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class BankCalendarTest {

    private final BankCalendar calendar = BankCalendar.japan();

    @Nested
    class HolidaysOfTheLaw {
        @ParameterizedTest(name = "{0} is {1}")
        @CsvSource({
                "2026-01-01, 元日",
                "2026-01-12, 成人の日",
                "2026-02-11, 建国記念の日",
                "2026-02-23, 天皇誕生日",
                "2026-03-20, 春分の日",
                "2026-04-29, 昭和の日",
                "2026-05-03, 憲法記念日",
                "2026-05-04, みどりの日",
                "2026-05-05, こどもの日",
                "2026-05-06, 振替休日",
                "2026-07-20, 海の日",
                "2026-08-11, 山の日",
                "2026-09-21, 敬老の日",
                "2026-09-22, 国民の休日",
                "2026-09-23, 秋分の日",
                "2026-10-12, スポーツの日",
                "2026-11-03, 文化の日",
                "2026-11-23, 勤労感謝の日",
                "2027-03-21, 春分の日",
                "2027-03-22, 振替休日"})
        void aHolidayOfTheLawIsNamedAndIsNoBusinessDay(LocalDate date, String name) {
            assertEquals(Optional.of(name), calendar.holiday(date));
            assertEquals(Optional.of(name), calendar.nationalHoliday(date));
            assertFalse(calendar.isBusinessDay(date));
        }

        @Test
        void aHolidayOnASundayMovesToTheNextDayThatIsNotAHoliday() {
            // 2026-05-03 憲法記念日 is a Sunday; 05-04 and 05-05 are holidays themselves.
            assertEquals(DayOfWeek.SUNDAY, LocalDate.of(2026, 5, 3).getDayOfWeek());
            assertEquals(Optional.of("振替休日"), calendar.holiday(LocalDate.of(2026, 5, 6)));
            assertTrue(calendar.isBusinessDay(LocalDate.of(2026, 5, 7)));
        }

        @Test
        void aWeekdayBetweenTwoHolidaysIsACitizensHoliday() {
            // 敬老の日 (third Monday) 2026-09-21 and 秋分の日 2026-09-23 enclose Tuesday the 22nd.
            assertEquals(DayOfWeek.TUESDAY, LocalDate.of(2026, 9, 22).getDayOfWeek());
            assertEquals(Optional.of("国民の休日"), calendar.holiday(LocalDate.of(2026, 9, 22)));
        }

        @ParameterizedTest(name = "{0} is {1}")
        @CsvSource({
                "2019-04-30, 国民の休日",
                "2019-05-01, 天皇の即位の日",
                "2019-05-02, 国民の休日",
                "2019-05-06, 振替休日",
                "2019-10-14, 体育の日",
                "2019-10-22, 即位礼正殿の儀の行われる日",
                "2020-07-23, 海の日",
                "2020-07-24, スポーツの日",
                "2020-08-10, 山の日",
                "2021-07-22, 海の日",
                "2021-07-23, スポーツの日",
                "2021-08-08, 山の日",
                "2021-08-09, 振替休日"})
        void theOneOffHolidaysOfPastYearsAreKnown(LocalDate date, String name) {
            assertEquals(Optional.of(name), calendar.holiday(date));
        }

        @ParameterizedTest(name = "{0} is a business day")
        @ValueSource(strings = {"2019-12-23", "2019-02-22", "2020-07-20", "2020-08-11", "2020-10-12", "2021-07-19",
                "2021-08-11", "2021-10-11"})
        void theDaysTheOneOffLawsMovedHolidaysAwayFromAreBusinessDays(LocalDate date) {
            assertTrue(calendar.isBusinessDay(date), date + " " + calendar.holiday(date));
        }

        @Test
        void anOrdinaryWeekdayAndAnOrdinaryWeekendHaveNoHolidayName() {
            assertEquals(Optional.empty(), calendar.holiday(LocalDate.of(2026, 12, 1)));
            assertEquals(Optional.empty(), calendar.holiday(LocalDate.of(2026, 11, 28)));
            assertTrue(calendar.isBusinessDay(LocalDate.of(2026, 12, 1)));
            assertFalse(calendar.isBusinessDay(LocalDate.of(2026, 11, 28)), "a Saturday");
            assertFalse(calendar.isBusinessDay(LocalDate.of(2026, 11, 29)), "a Sunday");
        }
    }

    @Nested
    class YearEndClosing {
        @Test
        void banksCloseFromDecember31ToJanuary3EveryYear() {
            for (int year = BankCalendar.FIRST_YEAR; year < BankCalendar.LAST_YEAR; year++) {
                for (LocalDate day : new LocalDate[] {LocalDate.of(year, 12, 31), LocalDate.of(year + 1, 1, 1),
                        LocalDate.of(year + 1, 1, 2), LocalDate.of(year + 1, 1, 3)}) {
                    assertFalse(calendar.isBusinessDay(day), day.toString());
                    assertTrue(calendar.holiday(day).isPresent(), day.toString());
                }
            }
        }

        @Test
        void theClosingDaysThatAreNoHolidayOfTheLawGiveTheClosingAsTheReason() {
            assertEquals(Optional.of(BankCalendar.YEAR_END_CLOSING), calendar.holiday(LocalDate.of(2026, 12, 31)));
            assertEquals(Optional.of("元日"), calendar.holiday(LocalDate.of(2027, 1, 1)));
            assertEquals(Optional.of(BankCalendar.YEAR_END_CLOSING), calendar.holiday(LocalDate.of(2027, 1, 2)));
            assertEquals(Optional.of(BankCalendar.YEAR_END_CLOSING), calendar.holiday(LocalDate.of(2029, 1, 3)));
            assertEquals(Optional.empty(), calendar.nationalHoliday(LocalDate.of(2026, 12, 31)),
                    "the closing is the bank's, not a national holiday");
        }

        @Test
        void december30AndJanuary4AreBusinessDaysOnWeekdays() {
            assertTrue(calendar.isBusinessDay(LocalDate.of(2026, 12, 30)));
            assertTrue(calendar.isBusinessDay(LocalDate.of(2027, 1, 4)));
        }

        @Test
        void theBusinessDayAfterDecember30IsTheFirstWeekdayFromJanuary4() {
            assertEquals(LocalDate.of(2027, 1, 4), calendar.nextBusinessDay(LocalDate.of(2026, 12, 30)));
            // 2028-01-04 is a Tuesday; 2029-01-04 a Thursday; 2031-01-04 a Saturday, so Monday the 6th.
            assertEquals(LocalDate.of(2028, 1, 4), calendar.nextBusinessDay(LocalDate.of(2027, 12, 30)));
            assertEquals(LocalDate.of(2031, 1, 6), calendar.nextBusinessDay(LocalDate.of(2030, 12, 30)));
        }
    }

    @Nested
    class Counting {
        @ParameterizedTest(name = "{0} + {1} business days = {2}")
        @CsvSource({
                "2026-05-01, 1, 2026-05-07", // 05-02/03 weekend, 05-04..06 holidays
                "2026-05-01, 0, 2026-05-01",
                "2026-05-02, 0, 2026-05-07",
                "2026-05-02, 1, 2026-05-07", // counted from the Saturday: the first business day after it
                "2026-11-28, 1, 2026-11-30",
                "2026-09-18, 1, 2026-09-24", // 09-21 敬老, 09-22 国民の休日, 09-23 秋分
                "2026-12-30, 1, 2027-01-04",
                "2026-12-30, 2, 2027-01-05",
                "2026-12-31, 0, 2027-01-04",
                "2027-03-19, 1, 2027-03-23", // 03-21 春分 on a Sunday, 03-22 振替休日
                "2026-11-27, 3, 2026-12-02"})
        void businessDaysSkipWeekendsHolidaysAndTheYearEnd(LocalDate date, int days, LocalDate expected) {
            assertEquals(expected, calendar.addBusinessDays(date, days));
        }

        @Test
        void theNextBusinessDayIsStrictlyLater() {
            assertEquals(LocalDate.of(2026, 12, 2), calendar.nextBusinessDay(LocalDate.of(2026, 12, 1)));
            assertEquals(LocalDate.of(2026, 5, 7), calendar.nextBusinessDay(LocalDate.of(2026, 5, 1)));
        }

        @Test
        void aNegativeCountIsRefused() {
            assertThrows(IllegalArgumentException.class, () -> calendar.addBusinessDays(LocalDate.of(2026, 12, 1), -1));
        }
    }

    @Nested
    class Coverage {
        @Test
        void datesBeforeTheFirstYearAreRefused() {
            assertThrows(BankCalendar.DateOutsideCalendarException.class,
                    () -> calendar.isBusinessDay(LocalDate.of(2018, 12, 31)));
            assertThrows(BankCalendar.DateOutsideCalendarException.class,
                    () -> calendar.holiday(LocalDate.of(2018, 12, 28)));
            assertTrue(calendar.isBusinessDay(LocalDate.of(2019, 1, 4)));
        }

        @Test
        void datesPastTheEquinoxFormulasRangeAreRefused() {
            assertThrows(BankCalendar.DateOutsideCalendarException.class,
                    () -> calendar.isBusinessDay(LocalDate.of(2100, 1, 4)));
            assertThrows(BankCalendar.DateOutsideCalendarException.class,
                    () -> calendar.nextBusinessDay(LocalDate.of(2099, 12, 30)), "the next one would be in 2100");
            assertEquals(LocalDate.of(2099, 12, 30), calendar.nextBusinessDay(LocalDate.of(2099, 12, 29)));
        }

        @Test
        void theCalendarIsCertainThroughTheLastYearWhoseEquinoxesThe官報Published() {
            assertEquals(LocalDate.of(2027, 12, 31), calendar.certainThrough());
            assertTrue(calendar.isCertain(LocalDate.of(2027, 12, 31)));
            assertFalse(calendar.isCertain(LocalDate.of(2028, 1, 1)));
        }

        @Test
        void thePublishedEquinoxesHaveNoGapAndEndAtTheLastPublishedYear() {
            Map<Integer, int[][]> published = EquinoxDays.published();
            for (int year = BankCalendar.FIRST_YEAR; year <= EquinoxDays.LAST_PUBLISHED_YEAR; year++) {
                assertTrue(published.containsKey(year), "no published equinoxes for " + year);
                assertTrue(EquinoxDays.of(year).published());
            }
            assertEquals(EquinoxDays.LAST_PUBLISHED_YEAR - BankCalendar.FIRST_YEAR + 1, published.size());
            assertFalse(EquinoxDays.of(EquinoxDays.LAST_PUBLISHED_YEAR + 1).published());
        }

        @Test
        void theEquinoxFormulaGivesThePublishedDayForEveryPublishedYear() {
            for (int year : EquinoxDays.published().keySet()) {
                EquinoxDays.Equinoxes published = EquinoxDays.of(year);
                EquinoxDays.Equinoxes computed = EquinoxDays.computed(year);
                assertEquals(published.vernal(), computed.vernal(), "春分 " + year);
                assertEquals(published.autumnal(), computed.autumnal(), "秋分 " + year);
            }
        }

        @ParameterizedTest(name = "{0}: 春分 {1}, 秋分 {2}")
        @CsvSource({
                "2028, 2028-03-20, 2028-09-22",
                "2030, 2030-03-20, 2030-09-23",
                "2032, 2032-03-20, 2032-09-22",
                "2099, 2099-03-20, 2099-09-23"})
        void pastThePublishedYearsTheFormulaGivesTheEquinoxes(int year, LocalDate vernal, LocalDate autumnal) {
            assertEquals(Optional.of("春分の日"), calendar.holiday(vernal));
            assertEquals(Optional.of("秋分の日"), calendar.holiday(autumnal));
            assertFalse(calendar.isCertain(vernal));
        }
    }

    @Nested
    class Warning {
        private final LocalDate certainThrough = calendar.certainThrough();

        @Test
        void thereIsNoWarningWhileTheDataReachesFarEnough() {
            assertEquals(Optional.empty(), calendar.warning(LocalDate.of(2026, 12, 1)));
            assertEquals(Optional.empty(), calendar.warning(certainThrough.minusDays(BankCalendar.WARNING_DAYS + 1)));
        }

        @Test
        void theWarningStartsSoManyDaysBeforeTheDataEnds() {
            Optional<String> warning = calendar.warning(certainThrough.minusDays(BankCalendar.WARNING_DAYS));
            assertTrue(warning.isPresent());
            assertTrue(warning.get().contains("2027-12-31"), warning.get());
            assertTrue(warning.get().contains("in 180 days"), warning.get());
            assertTrue(warning.get().contains("EquinoxDays"), "it says what to update: " + warning.get());
            assertTrue(calendar.warning(certainThrough).isPresent());
        }

        @Test
        void theWarningGoesOnOnceTheDataHasEnded() {
            Optional<String> warning = calendar.warning(certainThrough.plusDays(5));
            assertTrue(warning.isPresent());
            assertTrue(warning.get().contains("5 days ago"), warning.get());
        }

        @Test
        void askingAboutADatePastTheDataWarnsEvenWhenTodayIsFarFromIt() {
            LocalDate today = LocalDate.of(2026, 12, 1);
            assertEquals(Optional.empty(), calendar.warning(today, LocalDate.of(2027, 12, 31)));
            Optional<String> warning = calendar.warning(today, LocalDate.of(2028, 3, 21));
            assertTrue(warning.isPresent());
            assertTrue(warning.get().contains("2028-03-21"), warning.get());
        }
    }
}
