package jp.kokin.settlement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;

import jp.kokin.adapters.json.Json;
import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.checkout.TestCatalogs;
import jp.kokin.domain.checkout.TestCheckouts;
import jp.kokin.domain.checkout.TestClock;
import jp.kokin.domain.format.zengin.ZenginReader;

/** {@code SettlementFunction} over an in-memory ledger and the standard test catalog. */
class SettlementJobHandlerTest {
    /** 2026-11-26 in JST, the day the test checkouts are created and paid. */
    private static final LocalDate DAY = LocalDate.parse("2026-11-26");
    /** 00:30 JST on the 27th: the daily run. */
    private static final Instant DAILY_RUN = Instant.parse("2026-11-26T15:30:00Z");

    private final InMemorySettlementStore store = new InMemorySettlementStore();
    private final TestClock clock = new TestClock(DAILY_RUN);
    private final SettlementJobHandler job = new SettlementJobHandler(
            new SettlementJobWiring(TestCatalogs::standard, store, clock));

    private void paid(Checkout created, Duration afterCreation) {
        store.put(TestCheckouts.paid(created, created.createdAt().plus(afterCreation)));
    }

    /** 300 yen to 千代田区, 450 yen to 千代田区, and a passport: 14,000 yen to MOFA and 2,000 yen to 東京都. */
    private void paymentsOfTheDay() {
        paid(TestCheckouts.aCheckout().withItem(TestCatalogs.JUMINHYO, 1).build(), Duration.ofMinutes(5));
        paid(TestCheckouts.aCheckout().withItem(TestCatalogs.KOSEKI, 1).build(), Duration.ofMinutes(6));
        paid(TestCheckouts.aCheckout().forOrganization(TestCatalogs.TOKYO).withItem(TestCatalogs.PASSPORT, 1).build(),
                Duration.ofMinutes(7));
        store.put(TestCheckouts.created()); // never paid
    }

    private JsonNode run(String event) throws IOException {
        var out = new ByteArrayOutputStream();
        job.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, null);
        return Json.parse(out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void the_job_settles_the_day_it_is_given_and_answers_a_summary() throws IOException {
        paymentsOfTheDay();

        JsonNode summary = run("{\"businessDate\":\"2026-11-26\"}");

        assertEquals("2026-11-26", summary.path("businessDate").asText());
        assertEquals(3, summary.path("creditors").asInt(), "千代田区, 東京都 and MOFA");
        assertEquals(4, summary.path("payments").asLong(), "per creditor: the passport is in MOFA's and 東京都's statements");
        assertEquals(16_750, summary.path("amount").asLong());
        assertEquals(DAILY_RUN.toString(), summary.path("settledAt").asText());
        byte[] file = store.stored(DAY).orElseThrow().transferFile();
        assertEquals(file.length, summary.path("transferFileBytes").asInt());
        assertEquals(3, ZenginReader.read(file).transfers().size(), "one transfer per creditor");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{}", "{\"businessDate\":null}", "  \n"})
    void without_a_date_the_job_settles_yesterday_in_japan(String event) throws IOException {
        paymentsOfTheDay();

        JsonNode summary = run(event);

        assertEquals(DAY.toString(), summary.path("businessDate").asText(), "00:30 JST on the 27th settles the 26th");
        assertEquals(16_750, summary.path("amount").asLong());
        assertTrue(store.stored(DAY).isPresent());
    }

    @Test
    void a_day_without_payments_is_settled_with_no_transfer_file() throws IOException {
        paymentsOfTheDay();

        JsonNode summary = run("{\"businessDate\":\"2026-11-24\"}");

        assertEquals(0, summary.path("creditors").asInt());
        assertEquals(0, summary.path("amount").asLong());
        assertEquals(0, summary.path("transferFileBytes").asInt());
        assertEquals(0, store.stored(LocalDate.parse("2026-11-24")).orElseThrow().transferFile().length);
    }

    @Test
    void running_again_replaces_the_days_settlement_with_the_same_document() throws IOException {
        paymentsOfTheDay();
        run("{\"businessDate\":\"2026-11-26\"}");
        String document = store.stored(DAY).orElseThrow().document();
        clock.advance(Duration.ofHours(1));

        JsonNode again = run("{\"businessDate\":\"2026-11-26\"}");

        assertEquals(document, store.stored(DAY).orElseThrow().document());
        assertEquals(DAILY_RUN.plus(Duration.ofHours(1)).toString(), again.path("settledAt").asText());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"businessDate\":\"2026-13-01\"}", "{\"businessDate\":\"yesterday\"}"})
    void a_date_that_is_not_a_date_fails_the_run_and_stores_nothing(String event) {
        paymentsOfTheDay();

        assertThrows(IllegalArgumentException.class, () -> run(event));

        assertTrue(store.stored(DAY).isEmpty());
    }
}
