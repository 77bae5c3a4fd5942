package jp.kokin.domain.calendar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * Every day from {@link BankCalendar#FIRST_YEAR} to {@link #LAST_CHECKED_YEAR} against the holidays
 * of the independent holiday_jp project (vendored in {@code src/test/resources/holiday_jp}, see its
 * README): the same dates are holidays of the 祝日法, both ways. The names are not compared: the
 * two lists word some differently (holiday_jp says "休日" for a 国民の休日, "文化の日 振替休日" for a
 * 振替休日, "体育の日（スポーツの日）" for 2019's 体育の日, "休日（祝日扱い）" for the 2019 enthronement days).
 */
class HolidayJpCrossCheckTest {

    /** The last year holiday_jp lists (past the published equinoxes it uses a formula too). */
    private static final int LAST_CHECKED_YEAR = 2050;
    private static final Pattern ENTRY = Pattern.compile("^(\\d{4}-\\d{2}-\\d{2}):$");
    private static final Pattern DATE = Pattern.compile("^  date: (\\d{4}-\\d{2}-\\d{2})$");
    private static final Pattern NAME = Pattern.compile("^  name: (.+)$");

    /** Known differences, date → why. None so far. */
    private static final Map<LocalDate, String> KNOWN_DIFFERENCES = Map.of();

    private final BankCalendar calendar = BankCalendar.japan();

    @Test
    void everyDayFromTheFirstYearTo2050IsAHolidayForUsExactlyWhenHolidayJpListsIt() throws IOException {
        Map<LocalDate, String> theirs = holidayJp();
        List<String> differences = new ArrayList<>();
        int days = 0;
        for (LocalDate day = LocalDate.of(BankCalendar.FIRST_YEAR, 1, 1);
                day.getYear() <= LAST_CHECKED_YEAR; day = day.plusDays(1), days++) {
            boolean ours = calendar.nationalHoliday(day).isPresent();
            boolean listed = theirs.containsKey(day);
            if (ours != listed && !KNOWN_DIFFERENCES.containsKey(day)) {
                differences.add(day + " " + day.getDayOfWeek() + ": ours " + calendar.nationalHoliday(day)
                        + ", holiday_jp " + theirs.get(day));
            }
        }
        assertEquals(List.of(), differences, "holidays that differ from holiday_jp's over " + days + " days");
    }

    @Test
    void theVendoredListCoversTheCheckedYears() throws IOException {
        Map<LocalDate, String> theirs = holidayJp();
        long inRange = theirs.keySet().stream()
                .filter(d -> d.getYear() >= BankCalendar.FIRST_YEAR && d.getYear() <= LAST_CHECKED_YEAR).count();
        assertTrue(theirs.keySet().stream().anyMatch(d -> d.getYear() == LAST_CHECKED_YEAR), "holiday_jp reaches 2050");
        // 16 to 21 holidays a year (2019 had 22 with the enthronement days): a parse that lost entries shows here.
        assertTrue(inRange > 16L * (LAST_CHECKED_YEAR - BankCalendar.FIRST_YEAR + 1), "only " + inRange + " parsed");
        assertEquals("元日", theirs.get(LocalDate.of(2026, 1, 1)));
    }

    /** The file's entries: lines {@code YYYY-MM-DD:} then {@code   date:}, {@code   name:} and others. */
    static Map<LocalDate, String> holidayJp() throws IOException {
        Map<LocalDate, String> holidays = new TreeMap<>();
        try (InputStream in = Objects.requireNonNull(
                HolidayJpCrossCheckTest.class.getResourceAsStream("/holiday_jp/holidays.yml"), "holidays.yml");
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            LocalDate key = null;
            String line;
            while ((line = reader.readLine()) != null) {
                Matcher entry = ENTRY.matcher(line);
                Matcher date = DATE.matcher(line);
                Matcher name = NAME.matcher(line);
                if (entry.matches()) {
                    key = LocalDate.parse(entry.group(1));
                } else if (date.matches()) {
                    assertEquals(key, LocalDate.parse(date.group(1)), "an entry's date is its key");
                } else if (name.matches()) {
                    holidays.put(Objects.requireNonNull(key, "a name before any date"), name.group(1));
                }
            }
        }
        return holidays;
    }
}
