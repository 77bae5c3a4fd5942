package jp.kokin.settlement.run;

import static jp.kokin.settlement.run.RunFixture.DAY;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import jp.kokin.adapters.json.Json;
import jp.kokin.adapters.testing.Logs;
import jp.kokin.domain.catalog.Catalog;
import jp.kokin.domain.catalog.FeeLine;
import jp.kokin.domain.catalog.Organization;
import jp.kokin.domain.refund.RefundPolicy;
import jp.kokin.domain.catalog.RevenueItem;
import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.checkout.CheckoutItem;
import jp.kokin.domain.catalog.Language;
import jp.kokin.domain.checkout.TestCatalogs;
import jp.kokin.domain.checkout.TestCheckouts;
import jp.kokin.domain.format.JapaneseDates;
import jp.kokin.domain.format.zengin.Transfer;
import jp.kokin.domain.format.zengin.ZenginReader;
import jp.kokin.domain.refund.Principals;
import jp.kokin.domain.settlement.RepaymentRequest;
import jp.kokin.domain.settlement.SettlementRun;
import jp.kokin.domain.settlement.treasury.InMemoryPayInStore;
import jp.kokin.domain.settlement.treasury.PayIn;
import jp.kokin.domain.settlement.treasury.PayInPayment;
import jp.kokin.domain.settlement.treasury.PayInStatus;

/** National lines (外務省 paid into the treasury) become pay-ins, over the in-memory ledger, run and document stores. */
class NationalPayInsTest {
    private static final long SEED = 20261212L;
    private static final Catalog TREASURY = TestCatalogs.aTreasuryCatalog().build();
    private final RunFixture f = new RunFixture(SEED);
    private final InMemoryPayInStore payIns = new InMemoryPayInStore();

    private static Instant jst(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(JapaneseDates.JST).toInstant();
    }

    private SettlementRunner runner(Catalog catalog, jp.kokin.domain.settlement.SettlementRunStore store) {
        return new SettlementRunner(store, f.documents, payIns, () -> catalog, f.clock, f.claimerIds(),
                SettlementRunner.Limits.defaults());
    }

    private SettlementRunner.Outcome settle(LocalDate date, Catalog catalog) {
        return runner(catalog, f.store).settle(date, f.clock.instant().plus(Duration.ofMinutes(15)));
    }

    private Checkout passport(Instant paidAt) {
        return f.paid(paidAt, TestCheckouts.aCheckout().withId(f.checkoutId()).forOrganization(TestCatalogs.TOKYO)
                .withItem(TestCatalogs.PASSPORT, 1).createdAt(paidAt.minusSeconds(300)));
    }

    private Map<String, Long> transfers(SettlementRun run) {
        return ZenginReader.read(f.documents.bytes(run.transferFile().key()).orElseThrow()).transfers().stream()
                .collect(Collectors.toMap(Transfer::accountNumber, Transfer::amount, Long::sum));
    }

    private JsonNode json(PayIn p, String document) {
        return Json.parse(f.documents.bytes(p.documents().get(document).key()).orElseThrow());
    }

    @Test
    void aPassportRunTransfersTokyosShareOnlyAndPaysMofasIntoTheTreasuryAsOnePayIn() {
        int n = 5;
        for (int i = 0; i < n; i++) {
            passport(jst("2026-11-26T1" + i + ":00"));
        }
        f.paid(jst("2026-11-26T09:00")); // 千代田区 300

        SettlementRunner.Outcome outcome = settle(DAY, TREASURY);

        SettlementRun run = outcome.completed().getFirst();
        assertEquals(n + 1, run.count());
        assertEquals(16_000L * n + 300, run.amount(), "the run counts every yen it took");
        assertEquals(2, run.creditors(), "東京都 and 千代田区: 外務省 has no statement");
        assertTrue(f.store.statement(run.id(), TestCatalogs.MOFA).isEmpty());
        assertEquals(Map.of("3456789", 2_000L * n, "1234567", 300L), transfers(run),
                "the Zengin file holds 東京都's 2,000 lines and no 外務省 record");

        List<PayIn> stored = payIns.byBusinessDate(DAY);
        assertEquals(1, stored.size());
        PayIn p = stored.getFirst();
        assertEquals(PayIn.idOf(run.id().toString(), 1), p.id());
        assertEquals(outcome.payIns(), stored);
        assertEquals(14_000L * n, p.amount());
        assertEquals(n, p.count());
        assertEquals(2026, p.fiscalYear());
        assertFalse(p.closedYear());
        assertEquals(TestCatalogs.PASSPORT_REVENUE, p.revenueItem());
        assertEquals(LocalDate.parse("2026-12-03"), p.dueDate(), "5 bank business days after Thursday 26 November");
        assertEquals(PayInStatus.DUE, p.status());
        assertEquals("外務省", p.ministryName());
        assertEquals(TestCatalogs.MOFA_TREASURY.officerCode(), p.officerCode());
        assertEquals(run.createdAt(), p.createdAt());
        assertEquals("created", p.audit().getFirst().action());
        assertEquals(Principals.SYSTEM, p.audit().getFirst().principal());
        assertEquals(java.util.Set.of("lines.json", "slip.html", "slip.csv", "slip.json"), p.documents().keySet());
        assertEquals("runs/2026-11-26/" + run.id() + "/payins/" + p.id() + ".lines.json", p.documents().get("lines.json").key());

        JsonNode lines = json(p, "lines.json");
        assertEquals(p.id(), lines.get("payinId").asText());
        assertEquals(14_000L * n, lines.get("amount").asLong());
        assertEquals(n, lines.get("lines").size());
        JsonNode first = lines.get("lines").get(0);
        assertEquals("APP-0001", first.get("reference").asText(), "the portal's reference");
        assertEquals(jst("2026-11-26T10:00").toString(), first.get("paidAt").asText(), "in paidAt order");
        assertEquals("2026-11-26", first.get("entrustedOn").asText());
        assertEquals(TestCatalogs.PASSPORT, first.get("procedureCode").asText());
        JsonNode slip = json(p, "slip.json");
        assertEquals(TreasurySettingsName.AGENT, slip.get("agentName").asText());
        assertEquals("現年度", slip.get("division").asText());
        assertEquals("令和8年度", slip.get("fiscalYearEra").asText());
        String csv = f.documents.text(p.documents().get("slip.csv").key()).orElseThrow();
        assertTrue(csv.startsWith("\uFEFF項目,値\r\n"), csv);
        assertTrue(csv.contains("金額,70000\r\n") && csv.contains("納付期限,2026-12-03\r\n"), csv);
        assertEquals(n, csv.lines().filter(l -> l.contains(",APP-0001,")).count(), csv);
        String html = f.documents.text(p.documents().get("slip.html").key()).orElseThrow();
        assertTrue(html.contains("納付書") && html.contains("70,000 円") && !html.contains("<script"), html);

        JsonNode runJson = Json.parse(f.documents.bytes(run.document().key()).orElseThrow());
        JsonNode listed = runJson.get("payins").get(0);
        assertEquals(p.id(), listed.get("id").asText());
        assertEquals(14_000L * n, listed.get("amount").asLong());
        assertEquals("2026-12-03", listed.get("dueDate").asText());
        assertEquals(TestCatalogs.PASSPORT_REVENUE.code(), listed.get("revenueItem").get("code").asText());
    }

    /** The agent name of {@link jp.kokin.domain.catalog.TreasurySettings#DEFAULT}. */
    private static final class TreasurySettingsName {
        static final String AGENT = jp.kokin.domain.catalog.TreasurySettings.DEFAULT.agentName();
    }

    @Test
    void aPaymentAtTheLastSecondOfMarchAndOneAtMidnightMakeTwoPayInsOfTwoFiscalYears() {
        Checkout march = passport(jst("2026-03-31T23:59:59"));
        Checkout april = passport(jst("2026-04-01T00:00:00"));
        f.clock.set(jst("2026-04-02T00:30"));

        settle(LocalDate.parse("2026-04-01"), TREASURY);

        List<PayIn> stored = payIns.byBusinessDate(LocalDate.parse("2026-04-01"));
        assertEquals(2, stored.size(), "lines of two fiscal years never share a pay-in");
        PayIn closed = stored.get(0);
        PayIn current = stored.get(1);
        assertEquals(2025, closed.fiscalYear());
        assertTrue(closed.closedYear(), "fiscal year 2025 ended on March 31");
        assertEquals(2026, current.fiscalYear());
        assertFalse(current.closedYear());
        assertTrue(closed.id().endsWith("_001") && current.id().endsWith("_002"), "place order: fiscal year");
        assertEquals(march.id(), json(closed, "lines.json").get("lines").get(0).get("checkoutId").asText());
        assertEquals(april.id(), json(current, "lines.json").get("lines").get(0).get("checkoutId").asText());
        assertEquals(LocalDate.parse("2026-04-08"), closed.dueDate());
        assertEquals("過年度", json(closed, "slip.json").get("division").asText());
    }

    @Test
    void nationalLinesOfTwoRevenueItemsAndOneWithoutAreThreePayInsNoneDroppedNorTransferred() {
        RevenueItem visa = new RevenueItem("016-01-02-01", "査証手数料");
        Catalog catalog = TestCatalogs.aTreasuryCatalog()
                .withOrganization(TestCatalogs.TOKYO, "東京都", TestCatalogs.account("0001", "003", "3456789", "ﾄｳｷﾖｳﾄ"),
                        TestCatalogs.procedure(TestCatalogs.PASSPORT, "一般旅券（10年）",
                                new FeeLine(TestCatalogs.MOFA, 14000, TestCatalogs.PASSPORT_REVENUE), new FeeLine(TestCatalogs.TOKYO, 2000)),
                        TestCatalogs.procedure("visa", "査証", new FeeLine(TestCatalogs.MOFA, 3000, visa)),
                        TestCatalogs.procedure("apostille", "公印確認", new FeeLine(TestCatalogs.MOFA, 1000)))
                .build();
        passport(jst("2026-11-26T10:00"));
        checkout(catalog, "visa", jst("2026-11-26T11:00"));
        checkout(catalog, "visa", jst("2026-11-26T11:30"));
        checkout(catalog, "apostille", jst("2026-11-26T12:00"));

        SettlementRun run = settle(DAY, catalog).completed().getFirst();

        List<PayIn> stored = payIns.byBusinessDate(DAY);
        assertEquals(List.of("016-01-01-01", "016-01-02-01", "UNASSIGNED"),
                stored.stream().map(p -> p.revenueItem().code()).toList(), "place order: revenue item code");
        assertEquals(List.of(14_000L, 6_000L, 1_000L), stored.stream().map(PayIn::amount).toList());
        assertEquals("歳入科目未設定", stored.get(2).revenueItem().name());
        assertEquals(Map.of("3456789", 2_000L), transfers(run), "no 外務省 money in the Zengin file");
        assertEquals(16_000 + 6_000 + 1_000, run.amount());
    }

    private Checkout checkout(Catalog catalog, String procedure, Instant paidAt) {
        CheckoutItem item = CheckoutItem.price(catalog.organization(TestCatalogs.TOKYO).orElseThrow().procedure(procedure)
                .orElseThrow(), 1);
        Checkout created = Checkout.create(f.checkoutId(), TestCatalogs.TOKYO, TestCatalogs.MYNA, "APP-" + procedure,
                List.of(item), TestCatalogs.RETURN_URL, Language.JA, List.of(), Duration.ofMinutes(60), Map.of(),
                paidAt.minusSeconds(300));
        Checkout paid = TestCheckouts.paid(created, paidAt);
        f.checkouts.put(paid);
        return paid;
    }

    @Test
    void aRollForwardWritesTheSamePayInBytesAndKeepsAPaidPayInPaid() {
        passport(jst("2026-11-26T10:00"));
        passport(jst("2026-11-26T11:00"));
        FailingRunStore crashing = new FailingRunStore(f.store).failAt(FailingRunStore.Step.PUT_STATEMENTS, 1);
        SettlementRunner first = runner(TREASURY, crashing);
        assertThrows(FailingRunStore.Crash.class, () -> first.settle(DAY, f.clock.instant().plus(Duration.ofMinutes(15))));
        PayIn created = payIns.byBusinessDate(DAY).getFirst();
        Map<String, byte[]> bytes = new HashMap<>();
        created.documents().values().forEach(o -> bytes.put(o.key(), f.documents.bytes(o.key()).orElseThrow()));
        PayIn paid = new PayIn(created.id(), created.runId(), created.businessDate(), created.organizationCode(),
                created.ministryCode(), created.ministryName(), created.account(), created.officerCode(), created.officerName(),
                created.fiscalYear(), created.revenueItem(), created.amount(), created.count(), created.dueDate(),
                created.closedYear(), PayInStatus.PAID, created.createdAt(),
                new PayInPayment(LocalDate.parse("2026-11-27"), "日本銀行本店", "R-0001"), null, created.audit(),
                created.documents(), created.version() + 1);
        assertTrue(payIns.update(paid));

        f.clock.advance(Duration.ofMinutes(5));
        SettlementRun run = settle(DAY, TREASURY).completed().getFirst();

        assertEquals(created.runId(), run.id().toString(), "the same run rolled forward");
        assertEquals(PayInStatus.PAID, payIns.find(created.id()).orElseThrow().status(), "a roll-forward never resets a paid pay-in");
        for (Map.Entry<String, byte[]> e : bytes.entrySet()) {
            assertEquals(2, f.documents.writes(e.getKey()), "written again: " + e.getKey());
            assertArrayEquals(e.getValue(), f.documents.bytes(e.getKey()).orElseThrow(), "the same bytes: " + e.getKey());
        }
    }

    /** The first invocation creates the pay-in and crashes before the statements' records (the run stays sealed). */
    private PayIn crashAfterThePayInWasCreated() {
        passport(jst("2026-11-26T10:00"));
        passport(jst("2026-11-26T11:00"));
        FailingRunStore crashing = new FailingRunStore(f.store).failAt(FailingRunStore.Step.PUT_STATEMENTS, 1);
        SettlementRunner first = runner(TREASURY, crashing);
        assertThrows(FailingRunStore.Crash.class, () -> first.settle(DAY, f.clock.instant().plus(Duration.ofMinutes(15))));
        List<PayIn> created = payIns.byBusinessDate(DAY);
        assertEquals(1, created.size());
        f.clock.advance(Duration.ofMinutes(5));
        return created.getFirst();
    }

    private Map<String, byte[]> everyDocument() {
        Map<String, byte[]> all = new HashMap<>();
        f.documents.keys().forEach(k -> all.put(k, f.documents.bytes(k).orElseThrow()));
        return all;
    }

    private Map<String, Integer> writes() {
        Map<String, Integer> all = new HashMap<>();
        f.documents.keys().forEach(k -> all.put(k, f.documents.writes(k)));
        return all;
    }

    /** Rolls the crashed run forward under {@code changed}: refused before any write, then done once the catalog is back. */
    private Logs.Captured<PayInsChangedException> refusedUnder(Catalog changed, PayIn created) throws Exception {
        Map<String, byte[]> before = everyDocument();
        Map<String, Integer> writesBefore = writes();
        String transferFile = "runs/2026-11-26/" + created.runId() + "/transfer-file.txt";
        assertTrue(before.containsKey(transferFile), "the crashed invocation wrote the transfer file");

        Logs.Captured<PayInsChangedException> refused = Logs.capture(() -> assertThrows(PayInsChangedException.class,
                () -> settle(DAY, changed)));

        String message = refused.value().getMessage();
        assertTrue(message.contains(created.id()) && message.contains("catalog changed since the run's pay-ins were created")
                && message.contains("restore"), message);
        JsonNode logged = refused.event("settlement.payins_changed").getFirst();
        assertEquals("ERROR", logged.path("level").asText());
        assertEquals(created.runId(), logged.path("runId").asText());
        assertEquals(writesBefore, writes(), "no document of the run written again");
        assertEquals(Map.of("3456789", 4_000L), ZenginReader.read(f.documents.bytes(transferFile).orElseThrow()).transfers()
                .stream().collect(Collectors.toMap(Transfer::accountNumber, Transfer::amount, Long::sum)),
                "the transfer file still pays 東京都 only: no 外務省 record");
        assertEquals(created, payIns.find(created.id()).orElseThrow(), "the pay-in unchanged, still due");
        assertEquals(List.of(created), payIns.byBusinessDate(DAY));
        assertEquals(jp.kokin.domain.settlement.RunState.SEALED,
                f.store.run(jp.kokin.domain.settlement.SettlementRunId.parse(created.runId()).orElseThrow()).orElseThrow().state(), "the run stays sealed");

        SettlementRun run = settle(DAY, TREASURY).completed().getFirst();
        assertEquals(created.runId(), run.id().toString(), "with the catalog restored the roll-forward completes the run");
        for (Map.Entry<String, byte[]> e : before.entrySet()) {
            assertArrayEquals(e.getValue(), f.documents.bytes(e.getKey()).orElseThrow(), "the same bytes: " + e.getKey());
        }
        assertEquals(List.of(created), payIns.byBusinessDate(DAY));
        return refused;
    }

    @Test
    void aRollForwardAfterMofaLostItsTreasuryBlockIsRefusedBeforeItWritesAnything() throws Exception {
        PayIn created = crashAfterThePayInWasCreated();
        Catalog noTreasury = TestCatalogs.aStandardCatalog().build(); // 外務省 a transfer creditor again
        assertTrue(noTreasury.treasuryOf(TestCatalogs.MOFA).isEmpty());

        String message = refusedUnder(noTreasury, created).value().getMessage();

        assertTrue(message.contains(created.id() + " was created") && message.contains("not computed now"), message);
    }

    @Test
    void aRollForwardAfterTheRevenueItemChangedIsRefused() throws Exception {
        PayIn created = crashAfterThePayInWasCreated();
        Catalog moved = TestCatalogs.aTreasuryCatalog()
                .withOrganization(TestCatalogs.TOKYO, "東京都", TestCatalogs.account("0001", "003", "3456789", "ﾄｳｷﾖｳﾄ"),
                        TestCatalogs.procedure(TestCatalogs.PASSPORT, "一般旅券（10年）",
                                new FeeLine(TestCatalogs.MOFA, 14000, new RevenueItem("016-01-09-01", "別の歳入科目")),
                                new FeeLine(TestCatalogs.TOKYO, 2000)))
                .build();

        String message = refusedUnder(moved, created).value().getMessage();

        assertTrue(message.contains("016-01-09-01") && message.contains("016-01-01-01"), message);
    }

    @Test
    void aRollForwardWhoseSlipWouldReadOtherwiseIsRefusedBeforeItWritesAnything() throws Exception {
        PayIn created = crashAfterThePayInWasCreated();
        Catalog renamedAgent = TestCatalogs.aTreasuryCatalog().withTreasurySettings(new jp.kokin.domain.catalog.TreasurySettings(
                "別の指定納付受託者", jp.kokin.domain.catalog.TreasurySettings.DEFAULT.previousYearCutoff(),
                jp.kokin.domain.catalog.TreasurySettings.DEFAULT.cutoffWarningBusinessDays())).build();

        String message = refusedUnder(renamedAgent, created).value().getMessage();

        assertTrue(message.contains("other documents now") && message.contains("slip.json"), message);
    }

    @Test
    void aCrashBetweenTwoPayInsCreationsIsRolledForwardWithTheCatalogUnchanged() {
        passport(jst("2026-03-31T23:59:59"));
        passport(jst("2026-04-01T00:00:00"));
        f.clock.set(jst("2026-04-02T00:30"));
        LocalDate april1 = LocalDate.parse("2026-04-01");
        java.util.concurrent.atomic.AtomicInteger creates = new java.util.concurrent.atomic.AtomicInteger();
        jp.kokin.domain.settlement.treasury.PayInStore crashing = new jp.kokin.domain.settlement.treasury.PayInStore() {
            public boolean create(PayIn p) {
                if (creates.incrementAndGet() == 2) {
                    throw new FailingRunStore.Crash("create " + p.id(), 2);
                }
                return payIns.create(p);
            }
            public java.util.Optional<PayIn> find(String id) { return payIns.find(id); }
            public List<PayIn> byBusinessDate(LocalDate d) { return payIns.byBusinessDate(d); }
            public List<PayIn> due() { return payIns.due(); }
            public List<PayIn> byOrganization(String o, LocalDate from, LocalDate to) { return payIns.byOrganization(o, from, to); }
            public boolean update(PayIn p) { return payIns.update(p); }
        };
        SettlementRunner first = new SettlementRunner(f.store, f.documents, crashing, () -> TREASURY, f.clock, f.claimerIds(),
                SettlementRunner.Limits.defaults());
        assertThrows(FailingRunStore.Crash.class, () -> first.settle(april1, f.clock.instant().plus(Duration.ofMinutes(15))));
        assertEquals(1, payIns.byBusinessDate(april1).size(), "the first of two pay-ins created");
        Map<String, byte[]> before = everyDocument();

        f.clock.advance(Duration.ofMinutes(5));
        settle(april1, TREASURY).completed().getFirst();

        assertEquals(2, payIns.byBusinessDate(april1).size(), "the second created by the roll-forward");
        for (Map.Entry<String, byte[]> e : before.entrySet()) {
            assertArrayEquals(e.getValue(), f.documents.bytes(e.getKey()).orElseThrow(), "the same bytes: " + e.getKey());
        }
    }

    @Test
    void aClosedYearsPayInMadeAfterItsCutoffIsMadeWithAnError() throws Exception {
        passport(jst("2026-03-31T10:00")); // fiscal year 2025, settled only on 1 June 2026
        f.clock.set(jst("2026-06-02T00:30"));

        Logs.Captured<SettlementRunner.Outcome> settled = Logs.capture(() -> settle(LocalDate.parse("2026-06-01"), TREASURY));

        PayIn p = payIns.byBusinessDate(LocalDate.parse("2026-06-01")).getFirst();
        assertTrue(p.closedYear());
        assertEquals(LocalDate.parse("2026-05-29"), p.dueDate(), "the last business day on or before Sunday 31 May");
        assertEquals(PayInStatus.DUE, p.status(), "made all the same: the money is owed");
        List<JsonNode> lines = settled.event("treasury.payin_after_cutoff");
        assertEquals(1, lines.size());
        JsonNode line = lines.getFirst();
        assertEquals("ERROR", line.path("level").asText());
        assertEquals(p.id(), line.path("payinId").asText());
        assertEquals(TestCatalogs.MOFA, line.path("organizationCode").asText());
        assertEquals(2025, line.path("fiscalYear").asInt());
        assertEquals(14_000, line.path("amount").asLong());
        assertEquals("2026-05-29", line.path("dueDate").asText());
        assertEquals("2026-05-29", line.path("cutoff").asText());
    }

    @Test
    void aClosedYearsPayInMadeBeforeItsCutoffLogsNoCutoffError() throws Exception {
        passport(jst("2026-03-31T23:59:59"));
        passport(jst("2026-04-01T00:00:00"));
        f.clock.set(jst("2026-04-02T00:30"));

        Logs.Captured<SettlementRunner.Outcome> settled = Logs.capture(() -> settle(LocalDate.parse("2026-04-01"), TREASURY));

        assertTrue(payIns.byBusinessDate(LocalDate.parse("2026-04-01")).getFirst().closedYear());
        assertTrue(settled.event("treasury.payin_after_cutoff").isEmpty());
    }

    @Test
    void aRefundAfterANationalLineWasPaidInIsRequestedBackFromTheMinistryNeverNetted() {
        Checkout paid = passport(jst("2026-11-26T10:00"));
        settle(DAY, TREASURY);
        f.paid(jst("2026-11-27T10:00"), TestCheckouts.aCheckout().withId(f.checkoutId()).forOrganization(TestCatalogs.TOKYO)
                .withItem(TestCatalogs.PASSPORT, 1).createdAt(jst("2026-11-27T09:55"))); // MOFA 14,000 to net against
        Checkout refunded = f.checkouts.update(Refunds.succeeded(f.checkouts.stored(paid.id()), jst("2026-11-27T09:00"),
                Refunds.whole(f.checkouts.stored(paid.id()), 0, 0))).orElseThrow();
        assertTrue(refunded.hasSettlementWork());
        Catalog netting = nettingTreasury(TREASURY);
        f.clock.set(jst("2026-11-28T00:30"));

        SettlementRun run = settle(DAY.plusDays(1), netting).completed().getFirst();

        RepaymentRequest request = f.store.repaymentRequest(run.id(), TestCatalogs.MOFA).orElseThrow(
                () -> new AssertionError("外務省 has no account and no statement, yet its repayment request is written"));
        assertEquals(14_000, request.amount());
        assertTrue(f.documents.text(request.csv().key()).orElseThrow().contains("返還請求書"));
        PayIn next = payIns.byBusinessDate(DAY.plusDays(1)).getFirst();
        assertEquals(14_000, next.amount(), "the next day's pay-in is whole: nothing netted");
        assertTrue(f.store.statement(run.id(), TestCatalogs.MOFA).isEmpty());
    }

    @Test
    void theNettingRuleNeverNetsATreasuryCreditorEvenWhenItsLinesWouldCoverTheRefund() {
        // Totals that (unlike a run's) give 外務省 a statement with 14,000 yen of fiscal year 2026 to net against.
        jp.kokin.domain.settlement.StatementTotals totals = new jp.kokin.domain.settlement.StatementTotals(DAY, code -> code);
        totals.add(new jp.kokin.domain.settlement.SettlementLine("chk_aaaaaaaaaaaaaaaaaaaaaaaaaa", "pay_aaaaaaaaaaaaaaaaaaaaaaaaaa_1",
                jst("2026-11-26T10:00"), List.of(new jp.kokin.domain.settlement.SettlementLine.Share(TestCatalogs.MOFA,
                        TestCatalogs.PASSPORT, "一般旅券", 1, 14_000))));
        jp.kokin.domain.settlement.RefundClaim claim = new jp.kokin.domain.settlement.RefundClaim("ref_1", "chk_bbbbbbbbbbbbbbbbbbbbbbbbbb",
                "pay_bbbbbbbbbbbbbbbbbbbbbbbbbb_1", null, jst("2026-11-20T10:00"),
                List.of(new jp.kokin.domain.settlement.RefundClaim.Repayment(TestCatalogs.MOFA, TestCatalogs.PASSPORT, "一般旅券",
                        1, 1, 14_000)), null, 0);
        Map<String, List<jp.kokin.domain.settlement.RepaymentItem>> netted = new java.util.TreeMap<>();
        Map<String, List<jp.kokin.domain.settlement.RepaymentItem>> requested = new java.util.TreeMap<>();

        RunDocuments.repayments(List.of(claim), totals, nettingTreasury(TREASURY), netted, requested);

        assertTrue(netted.isEmpty(), "netAfterSettlement is ignored for a treasury creditor");
        assertEquals(14_000, requested.get(TestCatalogs.MOFA).getFirst().amount());
    }

    /** {@code catalog} with 外務省 asking to net refunds after settlement (the catalog refuses it; settlement must ignore it). */
    private static Catalog nettingTreasury(Catalog catalog) {
        Map<String, Organization> orgs = new HashMap<>(catalog.organizations());
        Organization o = orgs.get(TestCatalogs.MOFA);
        orgs.put(TestCatalogs.MOFA, new Organization(o.code(), o.name(), o.bankAccount(), o.procedures(), o.methods(),
                new RefundPolicy(false, true), o.treasury()));
        return new Catalog(orgs, catalog.portals(), catalog.apiKeysByHash(), catalog.providers(), catalog.settlement(),
                catalog.methods(), catalog.treasury());
    }

    @Test
    void aRunWithoutNationalLinesMakesNoPayInAndNoPayInsInItsDocument() {
        f.paid(jst("2026-11-26T09:00"));
        SettlementRun run = settle(DAY, TREASURY).completed().getFirst();
        assertTrue(payIns.byBusinessDate(DAY).isEmpty());
        assertNull(Json.parse(f.documents.bytes(run.document().key()).orElseThrow()).get("payins"));
    }
}
