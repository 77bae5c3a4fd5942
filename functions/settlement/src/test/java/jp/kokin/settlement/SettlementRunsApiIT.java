package jp.kokin.settlement;

import static jp.kokin.adapters.testing.TestCatalog.OPERATOR_KEY;
import static jp.kokin.adapters.testing.TestCatalog.SCOPED_OPERATOR_KEY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;

import jp.kokin.adapters.json.Json;
import jp.kokin.adapters.testing.Checkouts;
import jp.kokin.adapters.testing.HttpEvents;
import jp.kokin.adapters.testing.TestAws;
import jp.kokin.domain.catalog.FeeLine;
import jp.kokin.domain.checkout.Checkout;

/**
 * {@code SettlementApiFunction} through its real wiring on DynamoDB Local: the provisional view of a
 * date read from the 16 shards of the {@code Unsettled} index.
 */
class SettlementRunsApiIT {
    private static final LocalDate DAY = LocalDate.of(2026, 11, 26);

    private TestAws aws;
    private SettlementApiHandler api;

    @BeforeEach
    void platform() {
        aws = TestAws.create();
        api = new SettlementApiHandler(SettlementApiWiring.fromEnv(aws.env("SettlementApiFunction")));
    }

    private Checkout pay(Checkouts checkout, Instant paidAt) {
        Checkout c = checkout.paidAt(paidAt).build();
        aws.ledger().create(c, null);
        return c;
    }

    private JsonNode day(String key, LocalDate date) {
        APIGatewayV2HTTPResponse r = api.handleRequest(HttpEvents.route("GET /v1/settlements").bearer(key)
                .query("date", date.toString()).build(), null);
        assertEquals(200, r.getStatusCode(), r.getBody());
        return Json.parse(r.getBody());
    }

    private static Map<String, Long> amounts(JsonNode day) {
        Map<String, Long> amounts = new TreeMap<>();
        day.path("statements").forEach(s -> amounts.put(s.path("creditorCode").asText(), s.path("amount").asLong()));
        return amounts;
    }

    @Test
    void before_any_run_a_date_shows_every_unsettled_line_paid_by_its_end_from_all_shards() {
        List<String> chiyoda = new ArrayList<>();
        for (int i = 0; i < 40; i++) { // enough checkouts to land in most of the 16 shards
            chiyoda.add(pay(Checkouts.aCheckout(), Instant.parse("2026-11-26T01:00:00Z").plusSeconds(i)).id());
        }
        Checkout late = pay(Checkouts.aCheckout(), Instant.parse("2026-11-24T01:00:00Z"));
        pay(Checkouts.aCheckout().forOrganization("130001")
                .withProcedure("passport-10y", new FeeLine("MOFA", 14000), new FeeLine("130001", 2000)),
                Instant.parse("2026-11-26T14:59:59Z"));
        pay(Checkouts.aCheckout(), Instant.parse("2026-11-26T15:00:00Z")); // 00:00 JST on the 27th
        pay(Checkouts.aCheckout(), Instant.parse("2026-11-26T15:00:00.5Z"));

        JsonNode all = day(OPERATOR_KEY, DAY);
        JsonNode scoped = day(SCOPED_OPERATOR_KEY, DAY);

        assertTrue(all.path("provisional").asBoolean());
        assertEquals(Map.of("130001", 2_000L, "131016", 41 * 300L, "MOFA", 14_000L), amounts(all));
        JsonNode statement = all.path("statements").get(1);
        assertEquals(1, statement.path("carriedOver").asLong());
        List<String> listed = new ArrayList<>();
        statement.path("payments").forEach(p -> listed.add(p.path("checkoutId").asText()));
        assertEquals(late.id(), listed.getFirst(), "oldest first: the carried-over line");
        assertEquals(41, listed.size());
        assertTrue(listed.containsAll(chiyoda));
        assertEquals(Map.of("131016", 41 * 300L), amounts(scoped));
    }
}
