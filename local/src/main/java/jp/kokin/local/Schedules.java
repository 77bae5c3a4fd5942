package jp.kokin.local;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.kokin.local.embedded.SamTemplate;

/**
 * EventBridge Scheduler for ScheduleV2 events: {@code rate(N minute|minutes|hour|hours|day|days)} and
 * {@code cron(minute hour * * ? *)} (minute and hour fields: number, list, {@code *}, {@code * /n}; the
 * others must be wildcards) in the event's time zone. Invokes the stream handler with the Input.
 */
final class Schedules implements AutoCloseable {

    private static final Pattern RATE = Pattern.compile("rate\\((\\d+)\\s+(minute|minutes|hour|hours|day|days)\\)");
    private static final Pattern CRON = Pattern.compile("cron\\((\\S+)\\s+(\\S+)\\s+(\\S+)\\s+(\\S+)\\s+(\\S+)\\s+(\\S+)\\)");

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("schedules").factory());

    void schedule(FunctionRuntime function, SamTemplate.ScheduleEvent event) {
        byte[] input = (event.input() == null ? "{}" : event.input()).getBytes(StandardCharsets.UTF_8);
        Runnable run = () -> {
            try {
                function.invokeStream(input);
            } catch (Exception e) {
                System.err.println("[" + function.name() + "] scheduled invocation failed:");
                e.printStackTrace();
            }
        };
        Matcher rate = RATE.matcher(event.expression().strip());
        if (rate.matches()) {
            Duration every = rateOf(rate);
            executor.scheduleAtFixedRate(run, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
            return;
        }
        Cron cron = Cron.parse(event.expression());
        ZoneId zone = ZoneId.of(event.timezone());
        scheduleNext(cron, zone, run);
    }

    private void scheduleNext(Cron cron, ZoneId zone, Runnable run) {
        ZonedDateTime now = ZonedDateTime.now(zone);
        ZonedDateTime next = cron.next(now);
        executor.schedule(() -> {
            run.run();
            scheduleNext(cron, zone, run);
        }, Duration.between(now, next).toMillis(), TimeUnit.MILLISECONDS);
    }

    static Duration rateOf(Matcher m) {
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "minute", "minutes" -> Duration.ofMinutes(n);
            case "hour", "hours" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    /** The minute and hour fields of an EventBridge cron expression. */
    record Cron(List<Integer> minutes, List<Integer> hours) {

        static Cron parse(String expression) {
            Matcher m = CRON.matcher(expression.strip());
            if (!m.matches()) {
                throw new IllegalArgumentException("Unsupported schedule expression " + expression);
            }
            for (int i = 3; i <= 6; i++) {
                if (!m.group(i).equals("*") && !m.group(i).equals("?")) {
                    throw new IllegalArgumentException("Only minute and hour may be set locally: " + expression);
                }
            }
            return new Cron(values(m.group(1), 60), values(m.group(2), 24));
        }

        private static List<Integer> values(String field, int size) {
            if (field.equals("*")) {
                return java.util.stream.IntStream.range(0, size).boxed().toList();
            }
            if (field.startsWith("*/") || field.startsWith("0/")) {
                int step = Integer.parseInt(field.substring(2));
                return java.util.stream.IntStream.range(0, size).filter(i -> i % step == 0).boxed().toList();
            }
            java.util.SortedSet<Integer> values = new java.util.TreeSet<>();
            for (String part : field.split(",")) {
                // EventBridge: a value, a range a-b, or a range with a step a-b/n
                String[] stepped = part.split("/", 2);
                int step = stepped.length == 2 ? Integer.parseInt(stepped[1]) : 1;
                String[] range = stepped[0].split("-", 2);
                int from = Integer.parseInt(range[0]);
                int to = range.length == 2 ? Integer.parseInt(range[1]) : (stepped.length == 2 ? size - 1 : from);
                if (from < 0 || to >= size || from > to || step < 1) {
                    throw new IllegalArgumentException("Unsupported cron field " + field);
                }
                for (int v = from; v <= to; v += step) {
                    values.add(v);
                }
            }
            return List.copyOf(values);
        }

        /** The first matching minute strictly after {@code from}. */
        ZonedDateTime next(ZonedDateTime from) {
            ZonedDateTime t = from.truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
            for (int i = 0; i < 2 * 24 * 60; i++, t = t.plusMinutes(1)) {
                if (minutes.contains(t.getMinute()) && hours.contains(t.getHour())) {
                    return t;
                }
            }
            throw new IllegalStateException("No next time for " + this);
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
