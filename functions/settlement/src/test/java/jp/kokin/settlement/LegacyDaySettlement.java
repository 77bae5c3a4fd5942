package jp.kokin.settlement;

import java.time.Clock;
import java.time.LocalDate;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jp.kokin.adapters.json.Json;
import jp.kokin.domain.catalog.Catalog;
import jp.kokin.domain.settlement.SettlementStore;

/**
 * The whole-day settlement that {@code SettlementFunction} ran before settlement runs (issue 10), and
 * its old answer: the old API tests settle a day with it until the API reads runs and the lead
 * retires them. Not a behaviour of the job any more.
 */
final class LegacyDaySettlement {
    private LegacyDaySettlement() {
    }

    static JsonNode settle(Supplier<Catalog> catalog, SettlementStore store, Clock clock, LocalDate date) {
        Settlements.Day day = new Settlements(catalog, store, clock).settle(date);
        ObjectNode summary = Json.object();
        summary.put("businessDate", date.toString());
        summary.put("creditors", day.settlement().statements().size());
        summary.put("payments", day.settlement().statements().stream().mapToLong(s -> s.payments().size()).sum());
        summary.put("amount", day.settlement().totalAmount());
        summary.put("transferFileBytes", day.transferFile().length);
        summary.put("settledAt", day.settledAt().toString());
        return summary;
    }
}
