package jp.kokin.domain.calendar;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.time.MonthDay;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.Collections;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Japanese bank business days (銀行営業日), the days a 総合振込 can be dated (取組日).
 *
 * <p>A bank is closed (銀行法 §15, 銀行法施行令 §5) on Saturdays, Sundays, the 休日 of the
 * 国民の祝日に関する法律, and from December 31 to January 3. Every other day is a business day.
 * The 休日 of that law are:
 * <ul>
 *   <li>the 国民の祝日 of its §2: fixed dates, the Happy Monday days (成人の日, 海の日, 敬老の日,
 *       スポーツの日) and the equinox days 春分の日 and 秋分の日;</li>
 *   <li>振替休日 (§3-2): a 国民の祝日 on a Sunday makes the nearest following day that is not a
 *       国民の祝日 a holiday;</li>
 *   <li>国民の休日 (§3-3): a day that is not a 国民の祝日 but whose day before and day after are;</li>
 *   <li>and the one-off changes made by other laws: in 2019 the 天皇の即位の日 (May 1) and the
 *       即位礼正殿の儀 (October 22), which made April 30 and May 2 国民の休日; the 天皇誕生日 on
 *       February 23 from 2020 (none in 2019); the Olympic moves of 海の日, スポーツの日 and 山の日 in
 *       2020 and 2021.</li>
 * </ul>
 *
 * <p><b>Why rules and not a list.</b> We compute the holidays from the law rather than vendoring the
 * Cabinet Office's 国民の祝日 CSV: that list reaches only as far as the equinox days published so
 * far (next year), so it would need the same yearly update, while the rules are two dozen lines,
 * tested against an independent list (holiday_jp) for every day from {@link #FIRST_YEAR} to 2050,
 * and still give an answer — flagged as not certain — for a date past the published data. The only
 * input the rules cannot derive is the equinox days: {@link EquinoxDays} holds the days published
 * in the 官報 and, past them, the standard approximation.
 *
 * <p><b>Certainty.</b> {@link #certainThrough()} is the last day of the last year whose equinox days
 * are published. Past it the answers use the formula and may be wrong by a day around an equinox;
 * {@link #warning(LocalDate)} says so loudly, starting {@link #WARNING_DAYS} days ahead. The
 * calendar refuses (with {@link DateOutsideCalendarException}) dates before {@link #FIRST_YEAR}
 * (its one-off holidays are not encoded) and after {@link #LAST_YEAR} (the formula's end). A law
 * that adds or moves a holiday must be encoded here (and shows up in the holiday_jp cross-check).
 *
 * <p>Thread-safe; a year's holidays are computed once, on first use, and kept: computing all 81
 * years up front cost 100–190 ms of a cold start, the first answer now costs about 25 ms (both on a
 * busy 2-core machine), later ones a few microseconds.
 */
public final class BankCalendar {
    /** The first year this calendar answers for (its one-off holidays are encoded from here). */
    public static final int FIRST_YEAR = 2019;
    /** The last year: the equinox approximation holds to 2099. */
    public static final int LAST_YEAR = EquinoxDays.FORMULA_LAST_YEAR;
    /** {@link #warning(LocalDate)} speaks up this many days before {@link #certainThrough()}. */
    public static final int WARNING_DAYS = 180;
    /** The reason given for December 31, January 2 and January 3 (銀行法施行令 §5). */
    public static final String YEAR_END_CLOSING = "年末年始（銀行休業日）";
    public static final String SUBSTITUTE_HOLIDAY = "振替休日";
    public static final String CITIZENS_HOLIDAY = "国民の休日";

    private static final BankCalendar JAPAN = new BankCalendar();

    /** Year → its holidays, computed on first use (a settlement run needs one or two years). */
    private final ConcurrentMap<Integer, NavigableMap<LocalDate, String>> holidaysByYear = new ConcurrentHashMap<>();
    private final LocalDate certainThrough;

    private BankCalendar() {
        this.certainThrough = LocalDate.of(EquinoxDays.LAST_PUBLISHED_YEAR, 12, 31);
    }

    /** Japan's bank calendar. */
    public static BankCalendar japan() {
        return JAPAN;
    }

    /** A date is thrown out when the calendar does not cover it. */
    public static final class DateOutsideCalendarException extends IllegalArgumentException {
        private DateOutsideCalendarException(LocalDate date) {
            super("the bank calendar covers " + FIRST_YEAR + "-01-01 to " + LAST_YEAR + "-12-31, not " + date);
        }
    }

    /** Not a Saturday, a Sunday, a holiday of the 祝日法 nor December 31 to January 3. */
    public boolean isBusinessDay(LocalDate date) {
        return !isWeekend(checked(date)) && holiday(date).isEmpty();
    }

    /**
     * Why a bank is closed on this date apart from the weekend: the name of the 祝日法's holiday
     * (e.g. 春分の日, 振替休日, 国民の休日), or {@link #YEAR_END_CLOSING} for December 31, January 2
     * and 3; empty on other days (a Saturday or a Sunday without a holiday is empty too).
     */
    public Optional<String> holiday(LocalDate date) {
        Optional<String> national = nationalHoliday(date);
        if (national.isPresent()) {
            return national;
        }
        return isYearEndClosing(date) ? Optional.of(YEAR_END_CLOSING) : Optional.empty();
    }

    /** Only the 休日 of the 国民の祝日に関する法律 (what the Cabinet Office and holiday_jp list). */
    public Optional<String> nationalHoliday(LocalDate date) {
        NavigableMap<LocalDate, String> ofYear = holidaysByYear.computeIfAbsent(checked(date).getYear(),
                year -> Collections.unmodifiableNavigableMap(holidaysOf(year)));
        return Optional.ofNullable(ofYear.get(date));
    }

    /** The first bank business day strictly after {@code date}. */
    public LocalDate nextBusinessDay(LocalDate date) {
        LocalDate next = checked(date).plusDays(1);
        while (!isBusinessDay(next)) {
            next = next.plusDays(1);
        }
        return next;
    }

    /**
     * The {@code days}-th bank business day after {@code date}, counted from {@code date} whether
     * or not it is one (Saturday + 1 is the Monday when that is a business day); with 0,
     * {@code date} itself when it is a business day, else the next one. Negative {@code days} are
     * refused.
     */
    public LocalDate addBusinessDays(LocalDate date, int days) {
        if (days < 0) {
            throw new IllegalArgumentException("days must not be negative: " + days);
        }
        if (days == 0) {
            return isBusinessDay(date) ? date : nextBusinessDay(date);
        }
        LocalDate result = date;
        for (int i = 0; i < days; i++) {
            result = nextBusinessDay(result);
        }
        return result;
    }

    /** The last date whose answer rests on published data only (the end of the last 官報 year). */
    public LocalDate certainThrough() {
        return certainThrough;
    }

    /** Whether the answer for this date rests on published data (not on the equinox formula). */
    public boolean isCertain(LocalDate date) {
        return !checked(date).isAfter(certainThrough);
    }

    /**
     * A warning to log loudly when the calendar's certain data ends within {@link #WARNING_DAYS}
     * days of {@code today}, or has already ended; empty otherwise.
     */
    public Optional<String> warning(LocalDate today) {
        long left = ChronoUnit.DAYS.between(today, certainThrough);
        if (left < 0) {
            return Optional.of("bank calendar: published holiday data ended on " + certainThrough + ", "
                    + (-left) + " days ago; transfer dates now rest on the equinox formula and may be wrong: "
                    + UPDATE);
        }
        if (left <= WARNING_DAYS) {
            return Optional.of("bank calendar: published holiday data ends on " + certainThrough + ", in " + left
                    + " days; after it transfer dates rest on the equinox formula: " + UPDATE);
        }
        return Optional.empty();
    }

    /**
     * {@link #warning(LocalDate)}, or, when that is empty but {@code asked} is past
     * {@link #certainThrough()}, a warning that the answer for {@code asked} is not certain.
     */
    public Optional<String> warning(LocalDate today, LocalDate asked) {
        Optional<String> soon = warning(today);
        if (soon.isPresent() || isCertain(asked)) {
            return soon;
        }
        return Optional.of("bank calendar: " + asked + " is past the published holiday data (through "
                + certainThrough + "); its answer rests on the equinox formula: " + UPDATE);
    }

    private static final String UPDATE = "add the equinox days the 官報 publishes each February "
            + "to jp.kokin.domain.calendar.EquinoxDays and release";

    private static LocalDate checked(LocalDate date) {
        if (date.getYear() < FIRST_YEAR || date.getYear() > LAST_YEAR) {
            throw new DateOutsideCalendarException(date);
        }
        return date;
    }

    private static boolean isWeekend(LocalDate date) {
        return date.getDayOfWeek() == DayOfWeek.SATURDAY || date.getDayOfWeek() == DayOfWeek.SUNDAY;
    }

    private static final MonthDay YEAR_END = MonthDay.of(12, 31);
    private static final MonthDay LAST_NEW_YEAR_CLOSING = MonthDay.of(1, 3);

    private static boolean isYearEndClosing(LocalDate date) {
        MonthDay day = MonthDay.from(date);
        return day.equals(YEAR_END) || !day.isAfter(LAST_NEW_YEAR_CLOSING);
    }

    /** The 休日 of the 祝日法 in one year: its 国民の祝日, then 振替休日, then 国民の休日. */
    static NavigableMap<LocalDate, String> holidaysOf(int year) {
        NavigableMap<LocalDate, String> shukujitsu = nationalDays(year);
        NavigableMap<LocalDate, String> all = new TreeMap<>(shukujitsu);
        for (LocalDate day : shukujitsu.keySet()) {
            if (day.getDayOfWeek() == DayOfWeek.SUNDAY) {
                LocalDate substitute = day.plusDays(1);
                while (shukujitsu.containsKey(substitute)) {
                    substitute = substitute.plusDays(1);
                }
                all.put(substitute, SUBSTITUTE_HOLIDAY);
            }
        }
        for (LocalDate day : shukujitsu.keySet()) {
            LocalDate between = day.plusDays(1);
            if (!all.containsKey(between) && shukujitsu.containsKey(between.plusDays(1))) {
                all.put(between, CITIZENS_HOLIDAY);
            }
        }
        return all;
    }

    /** The 国民の祝日 (§2) of one year, with the one-off days of other laws. */
    private static NavigableMap<LocalDate, String> nationalDays(int year) {
        TreeMap<LocalDate, String> days = new TreeMap<>();
        days.put(LocalDate.of(year, 1, 1), "元日");
        days.put(monday(year, Month.JANUARY, 2), "成人の日");
        days.put(LocalDate.of(year, 2, 11), "建国記念の日");
        if (year >= 2020) { // 皇室典範特例法 附則: the Emperor's birthday moved from December 23 (to 2018)
            days.put(LocalDate.of(year, 2, 23), "天皇誕生日");
        }
        EquinoxDays.Equinoxes equinoxes = EquinoxDays.of(year);
        days.put(equinoxes.vernal(), "春分の日");
        days.put(LocalDate.of(year, 4, 29), "昭和の日");
        days.put(LocalDate.of(year, 5, 3), "憲法記念日");
        days.put(LocalDate.of(year, 5, 4), "みどりの日");
        days.put(LocalDate.of(year, 5, 5), "こどもの日");
        // 東京オリンピック・パラリンピック特別措置法 moved three holidays in 2020 and (amended) in 2021.
        days.put(switch (year) {
            case 2020 -> LocalDate.of(2020, 7, 23);
            case 2021 -> LocalDate.of(2021, 7, 22);
            default -> monday(year, Month.JULY, 3);
        }, "海の日");
        days.put(switch (year) {
            case 2020 -> LocalDate.of(2020, 8, 10);
            case 2021 -> LocalDate.of(2021, 8, 8);
            default -> LocalDate.of(year, 8, 11);
        }, "山の日");
        days.put(monday(year, Month.SEPTEMBER, 3), "敬老の日");
        days.put(equinoxes.autumnal(), "秋分の日");
        days.put(switch (year) {
            case 2020 -> LocalDate.of(2020, 7, 24);
            case 2021 -> LocalDate.of(2021, 7, 23);
            default -> monday(year, Month.OCTOBER, 2);
        }, year >= 2020 ? "スポーツの日" : "体育の日");
        days.put(LocalDate.of(year, 11, 3), "文化の日");
        days.put(LocalDate.of(year, 11, 23), "勤労感謝の日");
        if (year == 2019) { // 天皇の即位の日及び即位礼正殿の儀の行われる日を休日とする法律 (平成30年法律第99号)
            days.put(LocalDate.of(2019, 5, 1), "天皇の即位の日");
            days.put(LocalDate.of(2019, 10, 22), "即位礼正殿の儀の行われる日");
        }
        return days;
    }

    private static LocalDate monday(int year, Month month, int ordinal) {
        return LocalDate.of(year, month, 1).with(TemporalAdjusters.dayOfWeekInMonth(ordinal, DayOfWeek.MONDAY));
    }
}
