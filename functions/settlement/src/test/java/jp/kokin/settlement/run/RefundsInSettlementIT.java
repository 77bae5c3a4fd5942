package jp.kokin.settlement.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import jp.kokin.adapters.documents.S3DocumentStore;
import jp.kokin.adapters.json.Json;
import jp.kokin.adapters.ledger.DynamoSettlementRuns;
import jp.kokin.adapters.testing.Checkouts;
import jp.kokin.adapters.testing.TestAws;
import jp.kokin.domain.catalog.Catalog;
import jp.kokin.domain.catalog.FeeLine;
import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.checkout.TestClock;
import jp.kokin.domain.format.JapaneseDates;
import jp.kokin.domain.format.zengin.Transfer;
import jp.kokin.domain.format.zengin.TransferFile;
import jp.kokin.domain.format.zengin.ZenginReader;
import jp.kokin.domain.refund.Refund;
import jp.kokin.domain.refund.RefundStatus;
import jp.kokin.domain.settlement.DocumentStore;
import jp.kokin.domain.settlement.RefundTransfers;
import jp.kokin.domain.settlement.RepaymentRequest;
import jp.kokin.domain.settlement.RunStatement;
import jp.kokin.domain.settlement.SettlementRun;
import jp.kokin.domain.settlement.SettlementRunStore;
import jp.kokin.domain.settlement.StoredObject;

/**
 * Refunds in settlement runs on DynamoDB Local and the embedded S3 server: a refund before settlement
 * takes its part out of the line and shows as 収納後取消 in that run's statement; a refund after
 * settlement is the next run's repayment request (or, netting, comes off the next transfer in the same
 * fiscal year); a bank-transfer refund is paid in the run's refund transfer file and succeeds once.
 */
class RefundsInSettlementIT {
    private static final LocalDate DAY = LocalDate.parse("2026-11-26");
    private static final LocalDate NEXT_DAY = DAY.plusDays(1);
    private static final String CHIYODA = "131016";
    private static final String TOKYO = "130001";
    private static final long SEED = 11L;

    private TestAws aws;
    private SettlementRunStore runs;
    private DocumentStore documents;
    private final TestClock clock = new TestClock(Instant.parse("2026-11-26T15:30:00Z"));
    private final Random random = new Random(SEED);

    @BeforeEach
    void embeddedServices() {
        System.out.println("RefundsInSettlementIT seed " + SEED);
        aws = TestAws.create();
        runs = new DynamoSettlementRuns(aws.dynamoDb(), aws.ledgerTable());
        documents = S3DocumentStore.fromEnv(aws.env("SettlementFunction"));
    }

    private static Instant jst(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(JapaneseDates.JST).toInstant();
    }

    private Checkout store(Checkouts b) {
        Checkout c = b.build();
        aws.ledger().create(c, null);
        return c;
    }

    /** A change by another writer (the refund flow), through the version lock. */
    private void change(Checkout c, UnaryOperator<Checkout> how) {
        Checkout stored = aws.ledger().find(c.id()).orElseThrow();
        assertTrue(aws.ledger().update(how.apply(stored)).isPresent());
    }

    private Checkout stored(Checkout c) {
        return aws.ledger().find(c.id()).orElseThrow();
    }

    private SettlementRunner.Outcome settle(LocalDate date, boolean netting) {
        Catalog catalog = aws.catalog(clock).get();
        Catalog used = netting ? Refunds.netting(catalog, CHIYODA) : catalog;
        return new SettlementRunner(runs, documents, () -> used, clock,
                () -> String.format("%012x", random.nextLong() & 0xffff_ffff_ffffL), SettlementRunner.Limits.defaults())
                .settle(date, clock.instant().plus(Duration.ofMinutes(15)));
    }

    private byte[] bytes(StoredObject o) throws IOException {
        try (InputStream in = documents.open(o.key()).orElseThrow()) {
            return in.readAllBytes();
        }
    }

    private String text(StoredObject o) throws IOException {
        return new String(bytes(o), StandardCharsets.UTF_8);
    }

    @Test
    void aRefundBeforeSettlementLeavesSettlementAndIsCancelledAfterCollectionInThatRunsStatement() throws IOException {
        Checkout passport = store(Checkouts.aCheckout().forOrganization(TOKYO).paidAt(jst("2026-11-26T10:00"))
                .withProcedure("passport-10y", new FeeLine("MOFA", 14000), new FeeLine(TOKYO, 2000)));
        change(passport, c -> Refunds.succeeded(c, jst("2026-11-26T12:00"), Refunds.part(c, 0, 1, 500)));
        store(Checkouts.aCheckout().paidAt(jst("2026-11-26T11:00")));

        SettlementRun run = settle(DAY, false).completed().getFirst();

        RunStatement tokyo = runs.statement(run.id(), TOKYO).orElseThrow();
        assertEquals(List.of(2_000L, 500L, 1_500L), List.of(tokyo.gross(), tokyo.refunded(), tokyo.amount()));
        String csv = text(tokyo.csv());
        assertTrue(csv.contains(",1500,") && csv.contains(",2000,500,収納後取消\r\n"), csv);
        assertEquals(14_000 + 1_500 + 300, run.amount());
        TransferFile file = ZenginReader.read(bytes(run.transferFile()));
        assertEquals(run.amount(), file.transfers().stream().mapToLong(Transfer::amount).sum(), "the transfer file pays net");
        assertEquals(run.id().toString(), stored(passport).refunds().getFirst().settlementRunId());
    }

    @Test
    void aRefundAfterSettlementIsTheNextRunsRepaymentRequestOrNettedInTheSameFiscalYear() throws IOException {
        Checkout lastYear = store(Checkouts.aCheckout().createdAt(jst("2026-03-31T09:55")).paidAt(jst("2026-03-31T10:00")));
        clock.set(jst("2026-04-01T00:30"));
        settle(LocalDate.parse("2026-03-31"), true);
        Checkout settled = store(Checkouts.aCheckout().paidAt(jst("2026-11-26T10:00")));
        clock.set(Instant.parse("2026-11-26T15:30:00Z"));
        SettlementRun first = settle(DAY, true).completed().getFirst();
        change(settled, c -> Refunds.withReceipt(Refunds.succeeded(c, jst("2026-11-27T09:00"), Refunds.whole(c, 0, 0)),
                "R-131016-2026-0000001", jst("2026-11-26T10:01")));
        change(lastYear, c -> Refunds.succeeded(c, jst("2026-11-27T09:30"), Refunds.whole(c, 0, 0)));
        store(Checkouts.aCheckout().createdAt(jst("2026-11-27T10:55")).paidAt(jst("2026-11-27T11:00"))
                .withProcedure("koseki", new FeeLine(CHIYODA, 900))); // enough to net both refunds

        clock.set(jst("2026-11-28T00:30"));
        SettlementRun next = settle(NEXT_DAY, true).completed().getFirst();

        RunStatement chiyoda = runs.statement(next.id(), CHIYODA).orElseThrow();
        assertEquals(List.of(900L, 300L, 600L), List.of(chiyoda.gross(), chiyoda.netted(), chiyoda.amount()),
                "this fiscal year's refund comes off the next transfer; last year's would fit but is not netted");
        TransferFile file = ZenginReader.read(bytes(next.transferFile()));
        assertEquals(600, file.transfers().getFirst().amount());
        RepaymentRequest request = runs.repaymentRequest(next.id(), CHIYODA).orElseThrow();
        assertEquals(300, request.amount(), "last fiscal year's refund is requested back, never netted");
        JsonNode item = Json.parse(bytes(request.json())).get("items").get(0);
        assertEquals(List.of(lastYear.id(), "2025"), List.of(item.get("checkoutId").asText(), item.get("fiscalYear").asText()));
        assertTrue(text(chiyoda.html()).contains("返還金相殺"));
        assertEquals(next.id().toString(), stored(settled).refunds().getFirst().settlementRunId());
        assertEquals(first.id().toString(), stored(settled).settlementRunId());

        clock.advance(Duration.ofHours(1));
        assertTrue(settle(NEXT_DAY, true).completed().isEmpty(), "each refund is accounted for once");
        assertTrue(runs.repaymentRequest(first.id(), CHIYODA).isEmpty());
    }

    @Test
    void aBankTransferRefundIsPaidInTheRefundTransferFileAndSucceedsOnce() throws IOException {
        Checkout paid = store(Checkouts.aCheckout().paidAt(jst("2026-11-26T10:00")));
        settle(DAY, false);
        change(paid, c -> Refunds.bankTransfer(c, jst("2026-11-27T09:00"), Refunds.PAYER, Refunds.whole(c, 0, 0)));

        clock.set(jst("2026-11-28T00:30"));
        SettlementRun run = settle(NEXT_DAY, false).completed().getFirst();

        RefundTransfers transfers = runs.refundTransfers(run.id()).orElseThrow();
        TransferFile file = ZenginReader.read(bytes(transfers.file()));
        assertEquals(1, file.transfers().size());
        assertEquals(List.of("7654321", 300L), List.of(file.transfers().getFirst().accountNumber(), file.transfers().getFirst().amount()));
        Refund refund = stored(paid).refunds().getFirst();
        assertEquals(RefundStatus.SUCCEEDED, refund.status());
        assertEquals(run.id().toString(), refund.bankTransfer().transferRunId());
        assertEquals(clock.instant(), refund.completedAt());
        JsonNode runDocument = Json.parse(bytes(run.document()));
        assertEquals(300, runDocument.get("refundTransferFile").get("amount").asLong());
        assertEquals(300, runDocument.get("repaymentRequests").get(0).get("amount").asLong());

        clock.advance(Duration.ofHours(1));
        assertTrue(settle(NEXT_DAY, false).completed().isEmpty(), "paid once");
        assertEquals(RefundStatus.SUCCEEDED, stored(paid).refunds().getFirst().status());
    }
}
