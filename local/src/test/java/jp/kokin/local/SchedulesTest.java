package jp.kokin.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SchedulesTest {

    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

    @Test
    void dailyCronFiresAtTheNextHalfPastMidnightInTokyo() {
        var cron = Schedules.Cron.parse("cron(30 0 * * ? *)");
        assertEquals(ZonedDateTime.of(2026, 4, 2, 0, 30, 0, 0, TOKYO),
                cron.next(ZonedDateTime.of(2026, 4, 1, 0, 30, 0, 0, TOKYO)));
        assertEquals(ZonedDateTime.of(2026, 4, 1, 0, 30, 0, 0, TOKYO),
                cron.next(ZonedDateTime.of(2026, 3, 31, 23, 59, 59, 0, TOKYO)));
    }

    @Test
    void stepsAndLists() {
        assertEquals(ZonedDateTime.of(2026, 4, 1, 10, 15, 0, 0, TOKYO),
                Schedules.Cron.parse("cron(*/15 * * * ? *)").next(ZonedDateTime.of(2026, 4, 1, 10, 0, 0, 0, TOKYO)));
        assertEquals(ZonedDateTime.of(2026, 4, 1, 12, 5, 0, 0, TOKYO),
                Schedules.Cron.parse("cron(5 9,12 * * ? *)").next(ZonedDateTime.of(2026, 4, 1, 9, 5, 0, 0, TOKYO)));
    }

    @Test
    void rangesAndSteppedRanges() {
        var hourly = Schedules.Cron.parse("cron(15 3-23 * * ? *)"); // the settlement watch
        assertEquals(ZonedDateTime.of(2026, 4, 1, 3, 15, 0, 0, TOKYO),
                hourly.next(ZonedDateTime.of(2026, 4, 1, 0, 30, 0, 0, TOKYO)), "not between 00:15 and 02:15");
        assertEquals(ZonedDateTime.of(2026, 4, 2, 3, 15, 0, 0, TOKYO),
                hourly.next(ZonedDateTime.of(2026, 4, 1, 23, 15, 0, 0, TOKYO)));
        assertEquals(ZonedDateTime.of(2026, 4, 1, 10, 40, 0, 0, TOKYO),
                Schedules.Cron.parse("cron(10-50/15 * * * ? *)").next(ZonedDateTime.of(2026, 4, 1, 10, 30, 0, 0, TOKYO)));
        assertThrows(IllegalArgumentException.class, () -> Schedules.Cron.parse("cron(0 23-3 * * ? *)"));
    }

    @Test
    void everyScheduleOfTheTemplateCanBeEmulated() throws Exception {
        var expressions = java.nio.file.Files.readAllLines(java.nio.file.Path.of("../template.yaml")).stream()
                .map(String::strip).filter(l -> l.startsWith("ScheduleExpression: cron("))
                .map(l -> l.substring("ScheduleExpression: ".length())).toList();
        assertEquals(true, expressions.size() >= 4, expressions.toString());
        expressions.forEach(Schedules.Cron::parse);
    }

    @Test
    void refusesWhatItCannotEmulate() {
        assertThrows(IllegalArgumentException.class, () -> Schedules.Cron.parse("cron(0 0 1 * ? *)"));
    }

    @Test
    void rates() {
        var m = Pattern.compile("rate\\((\\d+)\\s+(minute|minutes|hour|hours|day|days)\\)").matcher("rate(1 minute)");
        m.matches();
        assertEquals(Duration.ofMinutes(1), Schedules.rateOf(m));
    }
}
