package jp.kokin.settlement;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;

import jp.kokin.adapters.json.Json;
import jp.kokin.adapters.log.Log;

/**
 * {@code SettlementFunction}, daily at 00:30 JST: settles the previous JST business day, or the
 * day in the event {@code {"businessDate": "YYYY-MM-DD"}}. Answers a summary.
 */
public final class SettlementJobHandler implements RequestStreamHandler {
    private final Settlements settlements;

    /** Lambda. */
    public SettlementJobHandler() {
        this(SettlementJobWiring.fromEnv(System.getenv()));
    }

    public SettlementJobHandler(SettlementJobWiring wiring) {
        this.settlements = new Settlements(wiring.catalog(), wiring.store(), wiring.clock());
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        LocalDate date = businessDate(input.readAllBytes());
        Settlements.Day day = settlements.settle(date);
        var summary = Json.object();
        summary.put("businessDate", date.toString());
        summary.put("creditors", day.settlement().statements().size());
        summary.put("payments", day.settlement().statements().stream().mapToLong(s -> s.payments().size()).sum());
        summary.put("amount", day.settlement().totalAmount());
        summary.put("transferFileBytes", day.transferFile().length);
        summary.put("settledAt", day.settledAt().toString());
        Log.info("settlement.settled", "businessDate", date, "creditors", day.settlement().statements().size(),
                "amount", day.settlement().totalAmount());
        output.write(Json.write(summary).getBytes(StandardCharsets.UTF_8));
    }

    private LocalDate businessDate(byte[] event) {
        String text = new String(event, StandardCharsets.UTF_8).trim();
        if (text.isEmpty()) {
            return settlements.previousBusinessDate();
        }
        JsonNode node = Json.parse(text);
        JsonNode date = node.get("businessDate");
        if (date == null || date.isNull()) {
            return settlements.previousBusinessDate();
        }
        try {
            return LocalDate.parse(date.asText());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("businessDate must be YYYY-MM-DD, got '" + date.asText() + "'");
        }
    }
}
