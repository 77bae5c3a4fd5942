package jp.kokin.domain.format;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Dates as Japanese public money counts them: business dates in JST, fiscal years from April to
 * March, and dates in the Japanese calendar (和暦) for documents.
 */
public final class JapaneseDates {

    /** Japan Standard Time, UTC+9 all year. */
    public static final ZoneId JST = ZoneId.of("Asia/Tokyo");

    private record Era(String name, LocalDate start) {
    }

    /** Newest first. Meiji starts where Japan adopted the Gregorian calendar (明治6年1月1日). */
    private static final List<Era> ERAS = List.of(
            new Era("令和", LocalDate.of(2019, 5, 1)),
            new Era("平成", LocalDate.of(1989, 1, 8)),
            new Era("昭和", LocalDate.of(1926, 12, 25)),
            new Era("大正", LocalDate.of(1912, 7, 30)),
            new Era("明治", LocalDate.of(1868, 1, 25)));

    private static final LocalDate GREGORIAN_IN_JAPAN = LocalDate.of(1873, 1, 1);

    private JapaneseDates() {
    }

    /** The JST calendar date of an instant: the business date, and the legal payment date of a payment. */
    public static LocalDate businessDate(Instant instant) {
        return LocalDate.ofInstant(instant, JST);
    }

    /** The fiscal year (年度) of a date: April 1 to March 31, named by the year it starts in. */
    public static int fiscalYear(LocalDate date) {
        return date.getMonthValue() >= 4 ? date.getYear() : date.getYear() - 1;
    }

    /** The fiscal year of an instant, by its JST date. */
    public static int fiscalYear(Instant instant) {
        return fiscalYear(businessDate(instant));
    }

    /**
     * The date in the Japanese calendar: {@code 令和8年11月26日}; the first year of an era is written
     * 元年 ({@code 令和元年5月1日}).
     *
     * @throws FormatException for dates before 1873, when Japan used the lunisolar calendar
     */
    public static String eraDate(LocalDate date) {
        if (date.isBefore(GREGORIAN_IN_JAPAN)) {
            throw new FormatException(date + " is before 1873-01-01, when Japan adopted the Gregorian calendar");
        }
        for (Era era : ERAS) {
            if (!date.isBefore(era.start())) {
                int year = date.getYear() - era.start().getYear() + 1;
                return era.name() + (year == 1 ? "元" : Integer.toString(year)) + "年"
                        + date.getMonthValue() + "月" + date.getDayOfMonth() + "日";
            }
        }
        throw new IllegalStateException("unreachable: every date from 1873 has an era");
    }

    /** The ISO date, {@code 2026-11-26}. */
    public static String isoDate(LocalDate date) {
        return DateTimeFormatter.ISO_LOCAL_DATE.format(date);
    }
}
