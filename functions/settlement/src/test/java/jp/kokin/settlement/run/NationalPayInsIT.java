package jp.kokin.settlement.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import jp.kokin.adapters.documents.S3DocumentStore;
import jp.kokin.adapters.json.Json;
import jp.kokin.adapters.ledger.DynamoPayIns;
import jp.kokin.adapters.ledger.DynamoSettlementRuns;
import jp.kokin.adapters.testing.Checkouts;
import jp.kokin.adapters.testing.TestAws;
import jp.kokin.domain.catalog.Catalog;
import jp.kokin.domain.catalog.FeeLine;
import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.checkout.TestCatalogs;
import jp.kokin.domain.checkout.TestClock;
import jp.kokin.domain.format.JapaneseDates;
import jp.kokin.domain.format.zengin.Transfer;
import jp.kokin.domain.format.zengin.ZenginReader;
import jp.kokin.domain.settlement.DocumentStore;
import jp.kokin.domain.settlement.SettlementRun;
import jp.kokin.domain.settlement.SettlementRunStore;
import jp.kokin.domain.settlement.StoredObject;
import jp.kokin.domain.settlement.treasury.PayIn;
import jp.kokin.domain.settlement.treasury.PayInPayment;
import jp.kokin.domain.settlement.treasury.PayInStatus;

/**
 * National pay-ins on DynamoDB Local ({@link DynamoPayIns}, the ledger table of {@code template.yaml}
 * with its two pay-in indexes) and the embedded S3 server: a passport day's 外務省 lines become pay-ins
 * per fiscal year, their documents are in the settlement bucket, and the Zengin file pays 東京都 only.
 */
class NationalPayInsIT {
    private static final LocalDate APRIL_1 = LocalDate.parse("2026-04-01");
    private static final long SEED = 12L;
    private static final Catalog TREASURY = TestCatalogs.aTreasuryCatalog().build();

    private TestAws aws;
    private SettlementRunStore runs;
    private DocumentStore documents;
    private DynamoPayIns payIns;
    private final TestClock clock = new TestClock(jst("2026-04-02T00:30"));
    private final Random random = new Random(SEED);

    @BeforeEach
    void embeddedServices() {
        System.out.println("NationalPayInsIT seed " + SEED);
        aws = TestAws.create();
        runs = new DynamoSettlementRuns(aws.dynamoDb(), aws.ledgerTable());
        documents = S3DocumentStore.fromEnv(aws.env("SettlementFunction"));
        payIns = new DynamoPayIns(aws.dynamoDb(), aws.ledgerTable());
    }

    private static Instant jst(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(JapaneseDates.JST).toInstant();
    }

    private Checkout passport(Instant paidAt) {
        Checkout c = Checkouts.aCheckout().forOrganization(TestCatalogs.TOKYO).createdAt(paidAt.minusSeconds(300)).paidAt(paidAt)
                .withProcedure(TestCatalogs.PASSPORT, new FeeLine(TestCatalogs.MOFA, 14000), new FeeLine(TestCatalogs.TOKYO, 2000))
                .build();
        aws.ledger().create(c, null);
        return c;
    }

    private SettlementRunner.Outcome settle(LocalDate date) {
        return new SettlementRunner(runs, documents, payIns, () -> TREASURY, clock,
                () -> String.format("%012x", random.nextLong() & 0xffff_ffff_ffffL), SettlementRunner.Limits.defaults())
                .settle(date, clock.instant().plus(Duration.ofMinutes(15)));
    }

    private byte[] bytes(StoredObject o) throws IOException {
        try (InputStream in = documents.open(o.key()).orElseThrow()) {
            return in.readAllBytes();
        }
    }

    @Test
    void aPassportDayAcrossTheFiscalYearEndMakesTwoPayInsStoredWithTheirDocuments() throws IOException {
        passport(jst("2026-03-31T23:59:59"));
        passport(jst("2026-04-01T00:00:00"));
        passport(jst("2026-04-01T15:00:00"));

        SettlementRunner.Outcome outcome = settle(APRIL_1);

        SettlementRun run = outcome.completed().getFirst();
        assertEquals(3 * 16_000, run.amount());
        List<Transfer> transfers = ZenginReader.read(bytes(run.transferFile())).transfers();
        assertEquals(List.of(6_000L), transfers.stream().map(Transfer::amount).toList(), "東京都's 2,000 × 3 only");
        List<PayIn> stored = payIns.byBusinessDate(APRIL_1);
        assertEquals(2, stored.size());
        assertEquals(outcome.payIns(), stored);
        PayIn closed = stored.get(0);
        PayIn current = stored.get(1);
        assertEquals(List.of(2025, 2026), List.of(closed.fiscalYear(), current.fiscalYear()));
        assertEquals(List.of(14_000L, 28_000L), List.of(closed.amount(), current.amount()));
        assertTrue(closed.closedYear());
        assertEquals(LocalDate.parse("2026-04-08"), current.dueDate());
        assertEquals(List.of(closed, current), payIns.due(), "both due, by due date then id");
        assertEquals(List.of(closed, current), payIns.byOrganization(TestCatalogs.MOFA, APRIL_1, APRIL_1));
        assertEquals(closed, payIns.find(closed.id()).orElseThrow(), "the stored pay-in reads back whole");
        for (PayIn p : stored) {
            for (Map.Entry<String, StoredObject> d : p.documents().entrySet()) {
                assertEquals(d.getValue().bytes(), bytes(d.getValue()).length, d.getKey());
            }
        }
        JsonNode lines = Json.parse(bytes(current.documents().get("lines.json")));
        assertEquals(2, lines.get("lines").size());
        assertEquals("APP-" + jst("2026-04-01T00:00:00").minusSeconds(300).toEpochMilli(),
                lines.get("lines").get(0).get("reference").asText(), "the portal reference through the stored batch");
        JsonNode runJson = Json.parse(bytes(run.document()));
        assertEquals(2, runJson.get("payins").size());
    }

    @Test
    void aPaidPayInLeavesTheDueListAndACreateOfTheSameIdKeepsIt() {
        passport(jst("2026-04-01T10:00:00"));
        settle(APRIL_1);
        PayIn due = payIns.byBusinessDate(APRIL_1).getFirst();
        PayIn paid = new PayIn(due.id(), due.runId(), due.businessDate(), due.organizationCode(), due.ministryCode(),
                due.ministryName(), due.account(), due.officerCode(), due.officerName(), due.fiscalYear(), due.revenueItem(),
                due.amount(), due.count(), due.dueDate(), due.closedYear(), PayInStatus.PAID, due.createdAt(),
                new PayInPayment(LocalDate.parse("2026-04-03"), "日本銀行本店", "R-1"), null, due.audit(), due.documents(),
                due.version() + 1);

        assertTrue(payIns.update(paid));
        assertFalse(payIns.update(paid), "a stale version is refused");
        assertFalse(payIns.create(due), "create-if-absent: the paid one is kept");
        assertEquals(PayInStatus.PAID, payIns.find(due.id()).orElseThrow().status());
        assertTrue(payIns.due().isEmpty(), "no longer in the agent's outstanding liability");
    }
}
