package jp.kokin.domain.settlement.treasury;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import jp.kokin.domain.checkout.TestCatalogs;
import jp.kokin.domain.settlement.RepaymentItem;
import jp.kokin.domain.settlement.treasury.TreasuryReport.Claim;
import jp.kokin.domain.settlement.treasury.TreasuryReport.Entrustment;

/** The Art. 6(2) report: which entrustments a period holds, its totals, its content digest and its documents. */
class TreasuryReportTest {
    private static final LocalDate FROM = LocalDate.parse("2026-11-01");
    private static final LocalDate TO = LocalDate.parse("2026-11-30");
    private static final TreasuryReport.Header HEADER = TreasuryReport.Header.of("Kokin 指定納付受託者", TestCatalogs.MOFA,
            TestCatalogs.MOFA_TREASURY);
    private static final Instant ISSUED = Instant.parse("2026-12-01T01:00:00Z");

    private static Entrustment entrustment(String checkoutId, String paidAt, long amount) {
        return Entrustment.of("pin_20261130_001_001", 2026, TestCatalogs.PASSPORT_REVENUE.code(),
                new PayInLine(checkoutId, "pay_" + checkoutId.substring(4) + "_1", "APP-" + checkoutId, TestCatalogs.PASSPORT,
                        "一般旅券（10年）", 1, amount, 0, Instant.parse(paidAt)));
    }

    private static Claim claim() {
        return new Claim("stl_20261115_001", LocalDate.parse("2026-11-15"), 1, 14000, List.of(new RepaymentItem("rfd_a",
                "chk_r", "pay_r_1", "MYNA-2026-0000001", TestCatalogs.MOFA, TestCatalogs.PASSPORT, "一般旅券（10年）", 0, 0, 2026, 14000)));
    }

    @Test
    void anEntrustmentAt2359JstOnTheLastDayIsInThePeriodAndOneAtMidnightIsNot() {
        Entrustment lastMinute = entrustment("chk_last", "2026-11-30T14:59:59Z", 14000);   // 23:59:59 JST Nov 30
        Entrustment nextDay = entrustment("chk_next", "2026-11-30T15:00:00Z", 14000);      // 00:00 JST Dec 1
        Entrustment firstMinute = entrustment("chk_first", "2026-10-31T15:00:00Z", 14000); // 00:00 JST Nov 1
        Entrustment dayBefore = entrustment("chk_before", "2026-10-31T14:59:59Z", 14000);  // 23:59:59 JST Oct 31

        TreasuryReport r = TreasuryReport.select(HEADER, FROM, TO, List.of(nextDay, lastMinute, dayBefore, firstMinute), List.of());

        assertEquals(List.of(firstMinute, lastMinute), r.entrustments());
        assertEquals(LocalDate.parse("2026-11-30"), lastMinute.entrustedOn());
    }

    @Test
    void countAndTotalAreThoseOfThePeriodsEntrustmentsInTimeThenCheckoutOrder() {
        TreasuryReport r = TreasuryReport.select(HEADER, FROM, TO, List.of(entrustment("chk_b", "2026-11-02T01:00:00Z", 14000),
                entrustment("chk_a", "2026-11-02T01:00:00Z", 9000), entrustment("chk_c", "2026-11-01T01:00:00Z", 6000)), List.of(claim()));

        assertEquals(3, r.count());
        assertEquals(29000, r.total());
        assertEquals(List.of("chk_c", "chk_a", "chk_b"), r.entrustments().stream().map(Entrustment::checkoutId).toList());
        assertEquals(14000, r.claimsAmount());
    }

    @Test
    void theContentDigestIgnoresOrderOfReadingButNotAChangedEntrustmentOrClaim() {
        Entrustment a = entrustment("chk_a", "2026-11-02T01:00:00Z", 14000);
        Entrustment b = entrustment("chk_b", "2026-11-03T01:00:00Z", 14000);
        String digest = TreasuryReport.select(HEADER, FROM, TO, List.of(a, b), List.of()).contentSha256();

        assertEquals(digest, TreasuryReport.select(HEADER, FROM, TO, List.of(b, a), List.of()).contentSha256());
        assertNotEquals(digest, TreasuryReport.select(HEADER, FROM, TO, List.of(a, entrustment("chk_b", "2026-11-03T01:00:00Z", 9000)),
                List.of()).contentSha256());
        assertNotEquals(digest, TreasuryReport.select(HEADER, FROM, TO, List.of(a, b), List.of(claim())).contentSha256());
    }

    @Test
    void everyHeaderFieldIsInTheContentDigestSoEqualDigestsRenderTheSameDocuments() throws Exception {
        Entrustment a = entrustment("chk_a", "2026-11-02T01:00:00Z", 14000);
        TreasuryReport report = TreasuryReport.select(HEADER, FROM, TO, List.of(a), List.of(claim()));
        TreasuryReport.Header h = HEADER;
        List<TreasuryReport.Header> changed = List.of(
                new TreasuryReport.Header("別の受託者", h.organizationCode(), h.ministryCode(), h.ministryName(), h.account(), h.officerCode(), h.officerName()),
                new TreasuryReport.Header(h.agentName(), "MOFA2", h.ministryCode(), h.ministryName(), h.account(), h.officerCode(), h.officerName()),
                new TreasuryReport.Header(h.agentName(), h.organizationCode(), "017", h.ministryName(), h.account(), h.officerCode(), h.officerName()),
                new TreasuryReport.Header(h.agentName(), h.organizationCode(), h.ministryCode(), "外務省（新）", h.account(), h.officerCode(), h.officerName()),
                new TreasuryReport.Header(h.agentName(), h.organizationCode(), h.ministryCode(), h.ministryName(), "特別会計", h.officerCode(), h.officerName()),
                new TreasuryReport.Header(h.agentName(), h.organizationCode(), h.ministryCode(), h.ministryName(), h.account(), "0160002", h.officerName()),
                new TreasuryReport.Header(h.agentName(), h.organizationCode(), h.ministryCode(), h.ministryName(), h.account(), h.officerCode(), "新しい歳入徴収官"));
        TreasuryReport.Issue issue = TreasuryReport.Issue.first(ISSUED);

        for (TreasuryReport.Header other : changed) {
            TreasuryReport o = new TreasuryReport(other, FROM, TO, report.entrustments(), report.claims());
            assertNotEquals(report.contentSha256(), o.contentSha256(), other.toString());
            assertFalse(Arrays.equals(render(report, issue), render(o, issue)), other.toString());
        }
        TreasuryReport same = new TreasuryReport(TreasuryReport.Header.of(HEADER.agentName(), TestCatalogs.MOFA, TestCatalogs.MOFA_TREASURY),
                FROM, TO, List.of(a), List.of(claim()));
        assertEquals(report.contentSha256(), same.contentSha256());
        assertArrayEquals(render(report, issue), render(same, issue));
    }

    private static byte[] render(TreasuryReport r, TreasuryReport.Issue issue) throws java.io.IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        TreasuryReportCsv.write(r, issue, out);
        TreasuryReportHtml.write(r, issue, out);
        return out.toByteArray();
    }

    @Test
    void aCorrectionListsTheEntrustmentsAddedAndRemovedAndTheClaimsAdded() {
        Entrustment a = entrustment("chk_a", "2026-11-02T01:00:00Z", 14000);
        Entrustment b = entrustment("chk_b", "2026-11-03T01:00:00Z", 14000);
        Entrustment late = entrustment("chk_late", "2026-11-30T14:00:00Z", 14000);
        TreasuryReport now = TreasuryReport.select(HEADER, FROM, TO, List.of(a, late), List.of(claim()));

        TreasuryReport.Differences d = now.differencesFrom(List.of(a, b), List.of());

        assertEquals(List.of(late), d.added());
        assertEquals(List.of(b), d.removed());
        assertEquals(List.of(claim()), d.claimsAdded());
        assertTrue(d.claimsRemoved().isEmpty());
        assertTrue(now.differencesFrom(now.entrustments(), now.claims()).isEmpty());
    }

    @Test
    void theCsvIsUtf8WithABomAHeaderBlockOneRowPerEntrustmentThenTheClaimsAndTheSameBytesEachTime() {
        TreasuryReport r = TreasuryReport.select(HEADER, FROM, TO, List.of(entrustment("chk_a", "2026-11-02T01:00:00Z", 14000),
                entrustment("chk_b", "2026-11-30T14:59:59Z", 14000)), List.of(claim()));
        TreasuryReport.Issue issue = TreasuryReport.Issue.first(ISSUED);

        byte[] csv = TreasuryReportCsv.render(r, issue);

        assertArrayEquals(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, Arrays.copyOf(csv, 3));
        assertArrayEquals(csv, TreasuryReportCsv.render(r, issue));
        List<String> rows = List.of(new String(csv, 3, csv.length - 3, StandardCharsets.UTF_8).split("\r\n", -1));
        assertTrue(rows.contains("版,v001"), rows.toString());
        assertTrue(rows.contains("指定納付受託者,Kokin 指定納付受託者"), rows.toString());
        assertTrue(rows.contains("所管,016,外務省"), rows.toString());
        assertTrue(rows.contains("歳入徴収官,0160001,外務省大臣官房会計課長（歳入徴収官）"), rows.toString());
        assertTrue(rows.contains("期間開始,2026-11-01,令和8年11月1日"), rows.toString());
        assertTrue(rows.contains("期間終了,2026-11-30,令和8年11月30日"), rows.toString());
        assertTrue(rows.contains("件数,2"), rows.toString());
        assertTrue(rows.contains("合計金額（円）,28000"), rows.toString());
        assertTrue(rows.contains("2026-11-30,2026-11-30T23:59:59+09:00,passport-10y,一般旅券（10年）,1,APP-chk_b,14000,0,chk_b,"
                + "pay_b_1,pin_20261130_001_001,2026,016-01-01-01"), rows.toString());
        assertTrue(rows.contains("stl_20261115_001,2026-11-15,rfd_a,MYNA-2026-0000001,chk_r,passport-10y,一般旅券（10年）,1-1,2026,14000"),
                rows.toString());
        assertTrue(rows.indexOf("返還請求") > rows.indexOf("件数,2"));
        assertFalse(rows.contains("訂正内容,v001からの変更"));
    }

    @Test
    void aCorrectionsCsvAndPageNameTheCorrectedVersionAndTheDifferences() {
        Entrustment late = entrustment("chk_late", "2026-11-30T14:00:00Z", 14000);
        TreasuryReport r = TreasuryReport.select(HEADER, FROM, TO, List.of(late), List.of());
        TreasuryReport.Issue issue = new TreasuryReport.Issue(2, ISSUED, 1, r.differencesFrom(List.of(), List.of()));

        String csv = new String(TreasuryReportCsv.render(r, issue), StandardCharsets.UTF_8);
        String html = new String(TreasuryReportHtml.render(r, issue), StandardCharsets.UTF_8);

        assertTrue(csv.contains("\r\n訂正対象,v001\r\n"), csv);
        assertTrue(csv.contains("\r\n訂正内容,v001からの変更\r\n"), csv);
        assertTrue(csv.contains("\r\n追加,2026-11-30,"), csv);
        assertTrue(html.contains("v002（v001の訂正）"), html);
        assertTrue(html.contains("<caption>追加された納付受託</caption>"), html);
    }

    @Test
    void thePageIsPrintableWithoutScriptAndHasEveryRequiredItemInTablesWithHeaders() {
        TreasuryReport r = TreasuryReport.select(HEADER, FROM, TO, List.of(entrustment("chk_a", "2026-11-02T01:00:00Z", 14000)),
                List.of(claim()));

        String html = new String(TreasuryReportHtml.render(r, TreasuryReport.Issue.first(ISSUED)), StandardCharsets.UTF_8);

        assertFalse(html.toLowerCase().contains("<script"), html);
        for (String item : List.of("納付受託報告書", "Kokin 指定納付受託者", "外務省", "0160001", "外務省大臣官房会計課長（歳入徴収官）",
                "令和8年11月1日", "令和8年11月30日", "1件", "14,000円", "APP-chk_a", "passport-10y", "一般旅券（10年）",
                "<th scope=\"col\">納付受託日</th>", "<th scope=\"row\">", "stl_20261115_001", "rfd_a", "@page")) {
            assertTrue(html.contains(item), item);
        }
        assertArrayEquals(TreasuryReportHtml.render(r, TreasuryReport.Issue.first(ISSUED)),
                TreasuryReportHtml.render(r, TreasuryReport.Issue.first(ISSUED)));
    }

    @Test
    void htmlEscapesWhatThePortalSent() {
        Entrustment e = Entrustment.of("pin_20261130_001_001", 2026, "X", new PayInLine("chk_x", "pay_x_1", "<b>&\"", "p", "n", 1,
                100, 0, Instant.parse("2026-11-02T01:00:00Z")));
        String html = new String(TreasuryReportHtml.render(TreasuryReport.select(HEADER, FROM, TO, List.of(e), List.of()),
                TreasuryReport.Issue.first(ISSUED)), StandardCharsets.UTF_8);

        assertFalse(html.contains("<b>&\""));
        assertTrue(html.contains("&lt;b&gt;&amp;"), html);
    }
}
