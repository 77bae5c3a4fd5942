package jp.kokin.domain.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.chrono.JapaneseDate;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JapaneseDatesTest {

    @Test
    void jstIsNineHoursAheadOfUtcAllYear() {
        assertEquals(ZoneOffset.ofHours(9), JapaneseDates.JST.getRules().getOffset(Instant.parse("2026-01-15T00:00:00Z")));
        assertEquals(ZoneOffset.ofHours(9), JapaneseDates.JST.getRules().getOffset(Instant.parse("2026-07-15T00:00:00Z")));
    }

    @Test
    void theBusinessDateChangesAtMidnightJstWhichIs15UtcTheDayBefore() {
        assertEquals(LocalDate.of(2026, 3, 31), JapaneseDates.businessDate(Instant.parse("2026-03-31T14:59:59Z")));
        assertEquals(LocalDate.of(2026, 4, 1), JapaneseDates.businessDate(Instant.parse("2026-03-31T15:00:00Z")));
    }

    @ParameterizedTest(name = "{0} is in FY{1}")
    @CsvSource({
            "2027-03-31, 2026",
            "2026-04-01, 2026",
            "2026-03-31, 2025",
            "2026-01-01, 2025",
            "2026-12-31, 2026",
            "2019-04-30, 2019",
            "2020-02-29, 2019"})
    void theFiscalYearRunsFromAprilToMarch(LocalDate date, int fiscalYear) {
        assertEquals(fiscalYear, JapaneseDates.fiscalYear(date));
    }

    @Test
    void theFiscalYearOfAnInstantIsTakenInJst() {
        Instant lastSecondOfFy2025 = LocalDateTime.of(2026, 3, 31, 23, 59, 59).atZone(JapaneseDates.JST).toInstant();
        Instant firstSecondOfFy2026 = LocalDateTime.of(2026, 4, 1, 0, 0).atZone(JapaneseDates.JST).toInstant();
        assertEquals(2025, JapaneseDates.fiscalYear(lastSecondOfFy2025));
        assertEquals(2026, JapaneseDates.fiscalYear(firstSecondOfFy2026));
        // The same instants in UTC: both on March 31 there, but on different fiscal years in Japan.
        assertEquals(Instant.parse("2026-03-31T14:59:59Z"), lastSecondOfFy2025);
        assertEquals(Instant.parse("2026-03-31T15:00:00Z"), firstSecondOfFy2026);
        assertEquals(2025, JapaneseDates.fiscalYear(Instant.parse("2026-03-31T14:59:59Z")));
        assertEquals(2026, JapaneseDates.fiscalYear(Instant.parse("2026-03-31T15:00:00Z")));
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
            "2026-11-26, 令和8年11月26日",
            "2019-05-01, 令和元年5月1日",
            "2019-12-31, 令和元年12月31日",
            "2020-01-01, 令和2年1月1日",
            "2019-04-30, 平成31年4月30日",
            "1989-01-08, 平成元年1月8日",
            "1989-01-07, 昭和64年1月7日",
            "1926-12-25, 昭和元年12月25日",
            "1926-12-24, 大正15年12月24日",
            "1912-07-30, 大正元年7月30日",
            "1912-07-29, 明治45年7月29日",
            "1873-01-01, 明治6年1月1日"})
    void eraDatesFollowTheJapaneseCalendarWithGannenForTheFirstYear(LocalDate date, String expected) {
        assertEquals(expected, JapaneseDates.eraDate(date));
    }

    @Test
    void eraDatesAgreeWithTheJdkJapaneseChronologyFromMeiji6On() {
        DateTimeFormatter jdk = DateTimeFormatter.ofPattern("Gy年M月d日", Locale.JAPAN);
        for (LocalDate d = LocalDate.of(1873, 1, 1); d.isBefore(LocalDate.of(2040, 1, 1)); d = d.plusDays(17)) {
            String expected = jdk.format(JapaneseDate.from(d)).replaceFirst("^(\\D+)1年", "$1元年");
            assertEquals(expected, JapaneseDates.eraDate(d), d.toString());
        }
    }

    @Test
    void datesBeforeTheGregorianCalendarInJapanHaveNoEraDate() {
        assertThrows(FormatException.class, () -> JapaneseDates.eraDate(LocalDate.of(1872, 12, 31)));
    }

    @Test
    void isoDatesAreYearMonthDay() {
        assertEquals("2026-04-01", JapaneseDates.isoDate(LocalDate.of(2026, 4, 1)));
    }
}
