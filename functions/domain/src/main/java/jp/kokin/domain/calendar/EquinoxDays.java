package jp.kokin.domain.calendar;

import java.time.LocalDate;
import java.util.Map;

/**
 * 春分日 and 秋分日, the two holidays the law does not fix by date: 国民の祝日に関する法律 names the
 * equinox days, and the 国立天文台 publishes them in its 暦要項, printed in the 官報 on the first
 * working day of February for the following year.
 *
 * <p>{@link #PUBLISHED} is our copy of those publications. Beyond it, {@link #of(int)} computes the
 * days with the usual approximation (valid for 1980–2099), which agrees with every published year
 * here but is not an announcement: the {@link BankCalendar} reports such years as not certain.
 *
 * <p><b>Each February</b>, when the 官報 prints next year's 暦要項, add that year below and move
 * {@link #LAST_PUBLISHED_YEAR} (and the test that pins it).
 */
final class EquinoxDays {
    /** The equinox holidays of one year, and whether they come from the 官報 or from the formula. */
    record Equinoxes(LocalDate vernal, LocalDate autumnal, boolean published) {}

    /** The last year whose equinox days the 官報 has published (2027's were published in February 2026). */
    static final int LAST_PUBLISHED_YEAR = 2027;

    /** The approximation below holds from 1980 to 2099; we refuse to compute past it. */
    static final int FORMULA_LAST_YEAR = 2099;
    private static final int FORMULA_FIRST_YEAR = 1980;

    /** Year → {vernal, autumnal} as published (月, 日). */
    private static final Map<Integer, int[][]> PUBLISHED = Map.ofEntries(
            Map.entry(2019, new int[][] {{3, 21}, {9, 23}}),
            Map.entry(2020, new int[][] {{3, 20}, {9, 22}}),
            Map.entry(2021, new int[][] {{3, 20}, {9, 23}}),
            Map.entry(2022, new int[][] {{3, 21}, {9, 23}}),
            Map.entry(2023, new int[][] {{3, 21}, {9, 23}}),
            Map.entry(2024, new int[][] {{3, 20}, {9, 22}}),
            Map.entry(2025, new int[][] {{3, 20}, {9, 23}}),
            Map.entry(2026, new int[][] {{3, 20}, {9, 23}}),
            Map.entry(2027, new int[][] {{3, 21}, {9, 23}}));

    private EquinoxDays() {}

    static Equinoxes of(int year) {
        int[][] published = PUBLISHED.get(year);
        if (published != null) {
            return new Equinoxes(LocalDate.of(year, published[0][0], published[0][1]),
                    LocalDate.of(year, published[1][0], published[1][1]), true);
        }
        return computed(year);
    }

    /** Only the years we hold a publication for; none missing between the first and the last. */
    static Map<Integer, int[][]> published() {
        return PUBLISHED;
    }

    /**
     * The standard approximation: day = ⌊base + 0.242194 × (year − 1980) − ⌊(year − 1980) / 4⌋⌋, base
     * 20.8431 (March) and 23.2488 (September), in integer millionths so that no rounding creeps in.
     */
    static Equinoxes computed(int year) {
        if (year < FORMULA_FIRST_YEAR || year > FORMULA_LAST_YEAR) {
            throw new IllegalArgumentException("the equinox formula holds from " + FORMULA_FIRST_YEAR + " to "
                    + FORMULA_LAST_YEAR + ", not " + year);
        }
        long n = year - FORMULA_FIRST_YEAR;
        int vernal = (int) ((20_843_100L + 242_194L * n) / 1_000_000L - n / 4);
        int autumnal = (int) ((23_248_800L + 242_194L * n) / 1_000_000L - n / 4);
        return new Equinoxes(LocalDate.of(year, 3, vernal), LocalDate.of(year, 9, autumnal), false);
    }
}
