package jp.kokin.settlement;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jp.kokin.adapters.json.Json;
import jp.kokin.adapters.log.Log;
import jp.kokin.domain.calendar.BankCalendar;
import jp.kokin.domain.format.JapaneseDates;
import jp.kokin.domain.settlement.SettlementRun;
import jp.kokin.settlement.run.LatePaymentWatch;
import jp.kokin.settlement.run.PayInWatch;
import jp.kokin.settlement.run.SettlementRunner;

/**
 * {@code SettlementFunction}. Scheduled daily at 00:30 JST ({@code {}}: settles the previous JST
 * date in runs), again at 01:30 and 02:30 JST (finishes a split day, else answers that nothing is
 * left), and hourly {@code {"action":"watch"}} (the late-payment watch and the pay-in watch). An operator may send
 * {@code {"businessDate":"YYYY-MM-DD"}}. A malformed event is the sender's mistake: it is answered
 * with {@code {"error":"bad_event","message"}} and a warning, not an exception and a stack trace.
 */
public final class SettlementJobHandler implements RequestStreamHandler {
    /** The time budget when no Lambda context gives one (tests, local invocations): Lambda's limit. */
    static final Duration BUDGET_WITHOUT_CONTEXT = Duration.ofMinutes(15);

    private final SettlementRunner runner;
    private final LatePaymentWatch watch;
    private final PayInWatch payInWatch;
    private final Clock clock;

    /** Lambda. */
    public SettlementJobHandler() {
        this(SettlementJobWiring.fromEnv(System.getenv()));
    }

    public SettlementJobHandler(SettlementJobWiring wiring) {
        this.runner = new SettlementRunner(wiring.runs(), wiring.documents(), wiring.catalog(), wiring.clock(),
                wiring.claimerIds(), wiring.limits());
        this.watch = new LatePaymentWatch(wiring.runs(), wiring.clock());
        this.payInWatch = new PayInWatch(wiring.payIns(), wiring.catalog(), wiring.clock(), BankCalendar.japan());
        this.clock = wiring.clock();
    }

    /** What the event asks. */
    sealed interface Job {
        record Settle(LocalDate businessDate) implements Job {}

        record Watch() implements Job {}

        record Bad(String message) implements Job {}
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        Job job = parse(input.readAllBytes());
        ObjectNode answer = switch (job) {
            case Job.Settle s -> {
                SettlementRunner.Outcome outcome = runner.settle(s.businessDate(), deadline(context));
                warnWhenTheCalendarRunsOut(outcome);
                yield settled(outcome);
            }
            case Job.Watch w -> watched(watch.watch(), payInWatch.watch());
            case Job.Bad b -> {
                Log.warn("settlement.bad_event", "reason", b.message());
                ObjectNode error = Json.object();
                error.put("error", "bad_event");
                error.put("message", b.message());
                yield error;
            }
        };
        output.write(Json.write(answer).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The bank calendar is certain only as far as the 官報 has published the equinox days: from
     * {@link BankCalendar#WARNING_DAYS} days before that, and for any transfer date past it, every
     * run says so (WARN {@code settlement.calendar_uncertain}), months before an answer could be wrong.
     */
    private void warnWhenTheCalendarRunsOut(SettlementRunner.Outcome outcome) {
        LocalDate today = JapaneseDates.businessDate(clock.instant());
        LocalDate transfer = outcome.last().map(SettlementRun::transferDate).orElse(today);
        BankCalendar.japan().warning(today, transfer).ifPresent(message ->
                Log.warn("settlement.calendar_uncertain", "message", message, "certainThrough",
                        BankCalendar.japan().certainThrough(), "transferDate", transfer));
    }

    private Instant deadline(Context context) {
        long millis = context == null ? BUDGET_WITHOUT_CONTEXT.toMillis() : context.getRemainingTimeInMillis();
        return clock.instant().plusMillis(millis);
    }

    private static ObjectNode settled(SettlementRunner.Outcome o) {
        ObjectNode a = Json.object();
        a.put("businessDate", o.businessDate().toString());
        a.put("runId", o.last().map(r -> r.id().toString()).orElse(null));
        ArrayNode runs = a.putArray("runs");
        long payments = 0;
        long amount = 0;
        long carriedOver = 0;
        for (SettlementRun r : o.completed()) {
            runs.add(r.id().toString());
            payments += r.count();
            amount += r.amount();
            carriedOver += r.carriedOver();
        }
        a.put("payments", payments);
        a.put("creditors", o.creditors());
        a.put("amount", amount);
        a.put("carriedOver", carriedOver);
        a.put("transferDate", o.last().map(r -> r.transferDate().toString()).orElse(null));
        a.put("more", o.more());
        a.put("message", o.message());
        Log.info("settlement.settled", "businessDate", o.businessDate(), "runs", o.completed().size(),
                "payments", payments, "amount", amount, "more", o.more());
        return a;
    }

    private static ObjectNode watched(LatePaymentWatch.Outcome o, PayInWatch.Outcome payIns) {
        ObjectNode a = Json.object();
        a.put("action", "watch");
        a.put("settledThrough", o.settledThrough().map(LocalDate::toString).orElse(null));
        a.put("latePayments", o.late());
        a.put("payinsDueSoon", payIns.dueSoon());
        a.put("payinsOverdue", payIns.overdue());
        a.put("payinsPastCutoff", payIns.pastCutoff());
        return a;
    }

    private Job parse(byte[] event) {
        String text = new String(event, StandardCharsets.UTF_8).trim();
        if (text.isEmpty()) {
            return new Job.Settle(previousBusinessDate());
        }
        JsonNode node;
        try {
            node = Json.parse(text);
        } catch (Json.InvalidJsonException e) {
            return new Job.Bad("the event is not JSON");
        }
        if (!node.isObject()) {
            return new Job.Bad("the event must be a JSON object");
        }
        JsonNode action = node.get("action");
        if (action != null && !action.isNull()) {
            if ("watch".equals(action.asText())) {
                return new Job.Watch();
            }
            if (!"settle".equals(action.asText())) {
                return new Job.Bad("action must be \"settle\" or \"watch\", got '" + action.asText() + "'");
            }
        }
        JsonNode date = node.get("businessDate");
        if (date == null || date.isNull()) {
            return new Job.Settle(previousBusinessDate());
        }
        LocalDate businessDate;
        try {
            businessDate = LocalDate.parse(date.asText());
        } catch (DateTimeParseException e) {
            return new Job.Bad("businessDate must be YYYY-MM-DD, got '" + date.asText() + "'");
        }
        LocalDate today = JapaneseDates.businessDate(clock.instant());
        if (businessDate.isAfter(today)) {
            // A day that has not begun: settling it would mark every later payment of the days up to it late.
            return new Job.Bad("businessDate " + businessDate + " is after today (" + today + " in JST)");
        }
        if (businessDate.equals(today)) {
            // Allowed (an operator's or a demo's choice), but said: what is paid later today is carried
            // over to the next run, and the watch reports it late until then.
            Log.warn("settlement.day_not_ended", "businessDate", businessDate);
        }
        if (businessDate.getYear() < BankCalendar.FIRST_YEAR) {
            return new Job.Bad("businessDate " + businessDate + " is before the bank calendar's first year, " + BankCalendar.FIRST_YEAR);
        }
        return new Job.Settle(businessDate);
    }

    /** The business date the daily run settles: yesterday in JST. */
    private LocalDate previousBusinessDate() {
        return JapaneseDates.businessDate(clock.instant()).minusDays(1);
    }
}
