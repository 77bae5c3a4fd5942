package jp.kokin.settlement.run;

import static jp.kokin.settlement.run.RunFixture.DAY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import jp.kokin.adapters.json.Json;
import jp.kokin.domain.catalog.Catalog;
import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.checkout.TestCatalogs;
import jp.kokin.domain.checkout.TestCheckouts;
import jp.kokin.domain.format.JapaneseDates;
import jp.kokin.domain.format.zengin.Transfer;
import jp.kokin.domain.format.zengin.TransferFile;
import jp.kokin.domain.format.zengin.ZenginReader;
import jp.kokin.domain.refund.Refund;
import jp.kokin.domain.refund.RefundStatus;
import jp.kokin.domain.settlement.RefundTransfers;
import jp.kokin.domain.settlement.RepaymentRequest;
import jp.kokin.domain.settlement.RunStatement;
import jp.kokin.domain.settlement.SettlementRun;

/** Refunds in settlement runs, over the in-memory ledger, run store and document store. */
class RefundsInSettlementTest {
    private static final long SEED = 20261201L;
    private static final LocalDate NEXT_DAY = DAY.plusDays(1);
    private final RunFixture f = new RunFixture(SEED);

    private static Instant jst(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(JapaneseDates.JST).toInstant();
    }

    private SettlementRunner runner(Catalog catalog) {
        return new SettlementRunner(f.store, f.documents, () -> catalog, f.clock, f.claimerIds(),
                SettlementRunner.Limits.defaults());
    }

    private SettlementRunner.Outcome settle(LocalDate date, Catalog catalog) {
        return runner(catalog).settle(date, f.clock.instant().plus(Duration.ofMinutes(15)));
    }

    private Checkout juminhyo(Instant paidAt) {
        return f.paid(paidAt, TestCheckouts.aCheckout().withId(f.checkoutId()).withItem(TestCatalogs.JUMINHYO, 1)
                .createdAt(paidAt.minusSeconds(300)));
    }

    private Checkout passport(Instant paidAt) {
        return f.paid(paidAt, TestCheckouts.aCheckout().withId(f.checkoutId()).forOrganization(TestCatalogs.TOKYO)
                .withItem(TestCatalogs.PASSPORT, 1).createdAt(paidAt.minusSeconds(300)));
    }

    /** Changes the stored checkout as another writer (the refund flow) would. */
    private Checkout change(Checkout c, java.util.function.UnaryOperator<Checkout> how) {
        Checkout stored = f.checkouts.stored(c.id());
        return f.checkouts.update(how.apply(stored)).orElseThrow();
    }

    private RunStatement statement(SettlementRun run, String creditor) {
        return f.store.statement(run.id(), creditor).orElseThrow(() -> new AssertionError("no statement of " + creditor));
    }

    private Map<String, Long> transfers(SettlementRun run) {
        TransferFile file = ZenginReader.read(f.documents.bytes(run.transferFile().key()).orElseThrow());
        return file.transfers().stream().collect(Collectors.toMap(Transfer::accountNumber, Transfer::amount, Long::sum));
    }

    @Test
    void aRefundBeforeSettlementLeavesTheLineNetAndIsListedAsCancelledAfterCollection() {
        Checkout partly = passport(jst("2026-11-26T10:00"));
        change(partly, c -> Refunds.succeeded(c, jst("2026-11-26T12:00"), Refunds.whole(c, 0, 1))); // 東京都's 2,000
        Checkout wholly = juminhyo(jst("2026-11-26T11:00"));
        change(wholly, c -> Refunds.succeeded(c, jst("2026-11-26T13:00"), Refunds.whole(c, 0, 0)));
        Checkout kept = juminhyo(jst("2026-11-26T14:00"));

        settle(DAY, f.catalog);

        SettlementRun run = f.runs(DAY).getFirst();
        assertEquals(3, run.count(), "a fully refunded line is still claimed (net 0)");
        assertEquals(14_000 + 300, run.amount(), "the run settles what stays");
        RunStatement tokyo = statement(run, TestCatalogs.TOKYO);
        assertEquals(0, tokyo.amount());
        assertEquals(2_000, tokyo.refunded());
        assertEquals(2_000, tokyo.gross());
        RunStatement chiyoda = statement(run, TestCatalogs.CHIYODA);
        assertEquals(2, chiyoda.count());
        assertEquals(300, chiyoda.amount());
        assertEquals(300, chiyoda.refunded());
        assertEquals(14_000, statement(run, TestCatalogs.MOFA).amount());
        assertEquals(Map.of("4567890", 14_000L, "1234567", 300L), transfers(run),
                "the transfer file pays net: 東京都 has nothing left to transfer");

        String csv = f.documents.text(chiyoda.csv().key()).orElseThrow();
        assertTrue(csv.contains("収納後取消額（円）,300\r\n"), csv);
        assertTrue(csv.contains(wholly.id() + "," + TestCheckouts.paymentId(wholly, 1) + ",0,"), "net 0: " + csv);
        assertTrue(csv.contains(",300,300,収納後取消\r\n"), "gross, refunded and the mark: " + csv);
        assertTrue(csv.contains(kept.id() + "," + TestCheckouts.paymentId(kept, 1) + ",300,"), csv);
        String html = f.documents.text(chiyoda.html().key()).orElseThrow();
        assertTrue(html.contains("<td>収納後取消</td>"), html);
        JsonNode json = Json.parse(f.documents.bytes(chiyoda.json().key()).orElseThrow());
        assertEquals(600, json.get("grossAmount").asLong());
        assertEquals(300, json.get("refundedAmount").asLong());
        JsonNode cancelled = json.get("payments").findParents("cancelledAfterCollection").getFirst();
        assertEquals(wholly.id(), cancelled.get("checkoutId").asText());
        assertEquals(0, cancelled.get("amount").asLong());
        assertEquals(300, cancelled.get("grossAmount").asLong());

        for (Checkout c : List.of(partly, wholly)) {
            Refund r = f.checkouts.stored(c.id()).refunds().getFirst();
            assertEquals(run.id().toString(), r.settlementRunId(), "claimed in the same write as the line");
            assertTrue(f.checkouts.stored(c.id()).refundsAwaitingSettlement().isEmpty());
        }
        f.clock.advance(Duration.ofHours(1));
        assertTrue(settle(DAY, f.catalog).completed().isEmpty(), "nothing is left for a second run");
    }

    @Test
    void aRefundAfterSettlementIsTheNextRunsRepaymentRequestOnce() {
        Checkout paid = juminhyo(jst("2026-11-26T10:00"));
        change(paid, c -> Refunds.withReceipt(c, "R2026-131016-000042", jst("2026-11-26T10:01")));
        settle(DAY, f.catalog);
        SettlementRun first = f.runs(DAY).getFirst();
        change(paid, c -> Refunds.succeeded(c, jst("2026-11-27T09:00"), Refunds.whole(c, 0, 0)));
        assertTrue(f.checkouts.stored(paid.id()).hasSettlementWork(), "back on the work list for its refund");

        f.clock.set(jst("2026-11-28T00:30"));
        SettlementRunner.Outcome outcome = settle(NEXT_DAY, f.catalog);

        assertEquals(1, outcome.completed().size());
        SettlementRun second = outcome.completed().getFirst();
        assertEquals(0, second.count(), "no line: the first run settled it");
        RepaymentRequest request = f.store.repaymentRequest(second.id(), TestCatalogs.CHIYODA).orElseThrow();
        assertEquals(300, request.amount());
        assertEquals(1, request.count());
        JsonNode doc = Json.parse(f.documents.bytes(request.json().key()).orElseThrow());
        JsonNode item = doc.get("items").get(0);
        assertEquals("R2026-131016-000042", item.get("receiptNumber").asText());
        assertEquals(TestCatalogs.JUMINHYO, item.get("procedureCode").asText());
        assertEquals(2026, item.get("fiscalYear").asInt());
        assertEquals(300, item.get("amount").asLong());
        assertTrue(f.documents.text(request.csv().key()).orElseThrow().contains("返還請求書"));
        assertTrue(f.documents.text(request.html().key()).orElseThrow().contains("R2026-131016-000042"));
        Refund refund = f.checkouts.stored(paid.id()).refunds().getFirst();
        assertEquals(second.id().toString(), refund.settlementRunId());
        assertEquals(first.id().toString(), f.checkouts.stored(paid.id()).settlementRunId(), "the line stays in the first run");
        assertTrue(f.store.repaymentRequest(first.id(), TestCatalogs.CHIYODA).isEmpty());

        f.clock.advance(Duration.ofHours(1));
        assertTrue(settle(NEXT_DAY, f.catalog).completed().isEmpty(), "the refund is requested back once");
    }

    @Test
    void nettingDeductsFromTheSameCreditorsTransferInTheSameFiscalYearOnly() {
        Catalog netting = Refunds.netting(f.catalog, TestCatalogs.CHIYODA);
        f.clock.set(jst("2026-04-01T00:30"));
        Checkout lastYear = juminhyo(jst("2026-03-31T10:00")); // fiscal year 2025
        settle(LocalDate.parse("2026-03-31"), netting);
        f.clock.set(RunFixture.DAILY_RUN);
        Checkout thisYear = juminhyo(jst("2026-11-26T10:00"));
        Checkout tokyo = passport(jst("2026-11-26T10:30"));
        settle(DAY, netting);
        change(lastYear, c -> Refunds.succeeded(c, jst("2026-11-27T09:00"), Refunds.whole(c, 0, 0)));
        change(thisYear, c -> Refunds.succeeded(c, jst("2026-11-27T09:10"), Refunds.whole(c, 0, 0)));
        change(tokyo, c -> Refunds.succeeded(c, jst("2026-11-27T09:20"), Refunds.whole(c, 0, 1)));
        f.paid(jst("2026-11-27T11:00"), TestCheckouts.aCheckout().withId(f.checkoutId()).withItem(TestCatalogs.KOSEKI, 2)
                .createdAt(jst("2026-11-27T10:55"))); // 千代田区 900, fiscal year 2026: enough to net both refunds

        f.clock.set(jst("2026-11-28T00:30"));
        SettlementRun run = settle(NEXT_DAY, netting).completed().getFirst();

        RunStatement chiyoda = statement(run, TestCatalogs.CHIYODA);
        assertEquals(900, chiyoda.gross());
        assertEquals(300, chiyoda.netted(), "this fiscal year's refund is netted, last year's is not though it would fit");
        assertEquals(600, chiyoda.amount());
        assertEquals(Map.of("1234567", 600L), transfers(run), "the transfer is net");
        RepaymentRequest chiyodaRequest = f.store.repaymentRequest(run.id(), TestCatalogs.CHIYODA).orElseThrow();
        assertEquals(300, chiyodaRequest.amount(), "last fiscal year's refund is never netted: it is requested");
        JsonNode item = Json.parse(f.documents.bytes(chiyodaRequest.json().key()).orElseThrow()).get("items").get(0);
        assertEquals(2025, item.get("fiscalYear").asInt());
        assertEquals(lastYear.id(), item.get("checkoutId").asText());
        assertEquals(2_000, f.store.repaymentRequest(run.id(), TestCatalogs.TOKYO).orElseThrow().amount(),
                "東京都 does not net: its refund is requested, never taken from 千代田区's transfer");
        assertTrue(f.store.statement(run.id(), TestCatalogs.TOKYO).isEmpty());
        String csv = f.documents.text(chiyoda.csv().key()).orElseThrow();
        assertTrue(csv.contains("返還金相殺額（円）,300\r\n") && csv.contains("返還金相殺\r\n") && csv.contains(thisYear.id()), csv);
        assertEquals(run.amount(), f.store.runsOn(NEXT_DAY).getFirst().amount());
        assertEquals(600, run.amount(), "the run's total is what it transfers");
    }

    @Test
    void aBankTransferRefundIsPaidInTheRefundTransferFileAndSucceedsOnce() {
        Checkout paid = juminhyo(jst("2026-11-26T10:00"));
        settle(DAY, f.catalog);
        change(paid, c -> Refunds.bankTransfer(c, jst("2026-11-27T09:00"), Refunds.PAYER, Refunds.whole(c, 0, 0)));

        f.clock.set(jst("2026-11-28T00:30"));
        SettlementRun run = settle(NEXT_DAY, f.catalog).completed().getFirst();

        RefundTransfers file = f.store.refundTransfers(run.id()).orElseThrow();
        assertEquals(1, file.count());
        assertEquals(300, file.amount());
        assertEquals("runs/2026-11-27/" + run.id() + "/refund-transfer-file.txt", file.file().key());
        TransferFile zengin = ZenginReader.read(f.documents.bytes(file.file().key()).orElseThrow());
        Transfer t = zengin.transfers().getFirst();
        assertEquals(List.of("0009", "123", "7654321", "ﾔﾏﾀﾞ ﾀﾛｳ", 300L),
                List.of(t.bankCode(), t.branchCode(), t.accountNumber(), t.recipientName(), t.amount()));
        assertEquals(TestCatalogs.SETTLEMENT.requesterCode(), zengin.header().requesterCode(), "from the platform's account");
        Refund refund = f.checkouts.stored(paid.id()).refunds().getFirst();
        assertEquals(RefundStatus.SUCCEEDED, refund.status(), "succeeded when the run completed");
        assertEquals(run.id().toString(), refund.bankTransfer().transferRunId());
        assertEquals(f.clock.instant(), refund.completedAt());
        assertEquals(300, f.store.repaymentRequest(run.id(), TestCatalogs.CHIYODA).orElseThrow().amount(),
                "the creditor owes it back: its line was settled");
        assertTrue(f.checkouts.stored(paid.id()).refundsAwaitingSettlement().isEmpty());

        f.clock.advance(Duration.ofHours(1));
        assertTrue(settle(NEXT_DAY, f.catalog).completed().isEmpty(), "paid once");
        assertEquals(1, f.documents.writes(file.file().key()));
    }

    @Test
    void aCrashBeforeTheRefundIsMarkedPaidIsFinishedByTheNextInvocationWithTheSameFile() {
        Checkout paid = juminhyo(jst("2026-11-26T10:00"));
        settle(DAY, f.catalog);
        change(paid, c -> Refunds.bankTransfer(c, jst("2026-11-27T09:00"), Refunds.PAYER, Refunds.whole(c, 0, 0)));
        f.clock.set(jst("2026-11-28T00:30"));
        FailingRunStore crashing = new FailingRunStore(f.store).failAt(FailingRunStore.Step.UPDATE_CHECKOUT, 1);
        SettlementRunner first = new SettlementRunner(crashing, f.documents, () -> f.catalog, f.clock, f.claimerIds(),
                SettlementRunner.Limits.defaults());

        org.junit.jupiter.api.Assertions.assertThrows(FailingRunStore.Crash.class,
                () -> first.settle(NEXT_DAY, f.clock.instant().plus(Duration.ofMinutes(15))));
        assertEquals(RefundStatus.BANK_TRANSFER_REQUIRED, f.checkouts.stored(paid.id()).refunds().getFirst().status(),
                "not succeeded before the run is released");
        assertTrue(f.store.openRun().isPresent(), "the run is left sealed, not complete");
        String key = f.store.openRun().orElseThrow().id().toString();

        f.clock.advance(Duration.ofMinutes(5));
        SettlementRun run = settle(NEXT_DAY, f.catalog).completed().getFirst();

        assertEquals(key, run.id().toString(), "the next invocation rolls the same run forward");
        RefundTransfers file = f.store.refundTransfers(run.id()).orElseThrow();
        assertEquals(2, f.documents.writes(file.file().key()), "written again by the roll-forward");
        assertEquals(file.file().sha256(), jp.kokin.domain.settlement.InMemoryDocumentStore.sha256(
                f.documents.bytes(file.file().key()).orElseThrow()), "the same bytes");
        Refund refund = f.checkouts.stored(paid.id()).refunds().getFirst();
        assertEquals(RefundStatus.SUCCEEDED, refund.status());
        assertEquals(1, f.store.refundTransfers(run.id()).orElseThrow().count());
    }

    @Test
    void aBankTransferRefundBeforeSettlementIsNettedInItsLineAndPaidOnceItsAccountIsGiven() {
        Checkout paid = juminhyo(jst("2026-11-26T10:00"));
        change(paid, c -> Refunds.bankTransfer(c, jst("2026-11-26T12:00"), null, Refunds.whole(c, 0, 0)));
        settle(DAY, f.catalog);
        SettlementRun first = f.runs(DAY).getFirst();
        assertEquals(0, statement(first, TestCatalogs.CHIYODA).amount(), "the line leaves settlement");
        assertTrue(f.store.refundTransfers(first.id()).isEmpty(), "no account yet: nothing to transfer");
        assertNull(first.transferFile());

        change(paid, c -> {
            Refund r = c.refunds().getFirst();
            return c.withRefund(r.withBankTransfer(r.bankTransfer().withAccount(Refunds.PAYER, jst("2026-11-27T08:00"))));
        });
        f.clock.set(jst("2026-11-28T00:30"));
        SettlementRun second = settle(NEXT_DAY, f.catalog).completed().getFirst();

        assertEquals(300, f.store.refundTransfers(second.id()).orElseThrow().amount());
        assertTrue(f.store.repaymentRequest(second.id(), TestCatalogs.CHIYODA).isEmpty(),
                "the creditor was never paid it: nothing to request back");
        assertEquals(RefundStatus.SUCCEEDED, f.checkouts.stored(paid.id()).refunds().getFirst().status());
    }
}
