package jp.kokin.domain.settlement;

import static jp.kokin.domain.settlement.StatementFixtures.BUSINESS_DATE;
import static jp.kokin.domain.settlement.StatementFixtures.awkwardNames;
import static jp.kokin.domain.settlement.StatementFixtures.chiyoda;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class StatementHtmlTest {

    private static final String PAGE = StatementHtml.render(BUSINESS_DATE, chiyoda());

    private static int count(String text, String part) {
        return text.split(Pattern.quote(part), -1).length - 1;
    }

    @Test
    void itIsACompleteJapanesePage() {
        assertTrue(PAGE.startsWith("<!doctype html>\n<html lang=\"ja\">"));
        assertTrue(PAGE.contains("<meta charset=\"utf-8\">"));
        assertTrue(PAGE.contains("<title>計算書 千代田区 2026-11-26</title>"));
        assertTrue(PAGE.stripTrailing().endsWith("</html>"));
        assertEquals(1, count(PAGE, "<h1>"));
    }

    @Test
    void itCanBePrinted() {
        assertTrue(PAGE.contains("@media print"));
        assertTrue(PAGE.contains("@page"));
    }

    @Test
    void theSummaryShowsDateCreditorCountAndTotal() {
        assertTrue(PAGE.contains("<h1>計算書</h1>"));
        assertTrue(PAGE.contains("令和8年11月26日（2026-11-26）"));
        assertTrue(PAGE.contains("<th scope=\"row\">収納先コード</th><td>131016</td>"));
        assertTrue(PAGE.contains("<th scope=\"row\">収納先名</th><td>千代田区</td>"));
        assertTrue(PAGE.contains("<th scope=\"row\">件数</th><td class=\"num\">3件</td>"));
        assertTrue(PAGE.contains("<th scope=\"row\">合計金額</th><td class=\"num\">1,050円</td>"));
    }

    @Test
    void everyTableHeaderCellHasAScope() {
        Matcher th = Pattern.compile("<th(\\s[^>]*)?>").matcher(PAGE);
        int cells = 0;
        while (th.find()) {
            cells++;
            assertTrue(th.group().contains("scope=\"col\"") || th.group().contains("scope=\"row\""), th.group());
        }
        assertTrue(cells >= 14, "found " + cells);
    }

    @Test
    void proceduresAndTheirTotalAreListed() {
        assertTrue(PAGE.contains("<h2>手続別内訳</h2>"));
        assertTrue(PAGE.contains("<th scope=\"row\">juminhyo</th><td>住民票の写し</td><td class=\"num\">2件</td><td class=\"num\">600円</td>"));
        assertTrue(PAGE.contains("<th scope=\"row\" colspan=\"2\">合計</th><td class=\"num\">3件</td><td class=\"num\">1,050円</td>"));
    }

    @Test
    void paymentsShowJstTimeAndDeemedPaymentDate() {
        assertTrue(PAGE.contains("<h2>納付明細</h2>"));
        for (String expected : List.of("pay_01_1", "2026-11-26T00:00:00+09:00", "2026-11-26T23:59:59+09:00")) {
            assertTrue(PAGE.contains(expected), expected);
        }
        assertEquals(3, count(PAGE, "<td class=\"ids\">chk_"));
        assertEquals(3, count(PAGE, "<time datetime=\"2026-11-26\">2026-11-26</time>"));
    }

    @Test
    void everyValueIsEscaped() {
        String page = StatementHtml.render(BUSINESS_DATE, awkwardNames());
        assertTrue(page.contains("外務省 &lt;旅券課&gt; &quot;本省&quot;, 東京"), page);
        assertTrue(page.contains("旅券 &quot;10年&quot;, &lt;一般&gt; &amp; &#39;特例&#39;"));
        assertTrue(page.contains("chk_&lt;x&gt;"));
        assertTrue(page.contains("pay_&quot;1&quot;"));
        assertFalse(page.contains("<旅券課>"));
        assertFalse(page.contains("<一般>"));
        assertFalse(page.contains("chk_<x>"));
    }

    @Test
    void aStatementWithoutPaymentsSaysSo() {
        String page = StatementHtml.render(BUSINESS_DATE, new CreditorStatement("130001", "東京都", 0, 0, List.of(), List.of()));
        assertTrue(page.contains("納付はありません。"));
        assertTrue(page.contains("0件"));
    }

    @Test
    void aLatePaymentIsListedUnderItsOwnDeemedDateAndMarkedCarriedOver() {
        String page = StatementHtml.render(BUSINESS_DATE, StatementFixtures.chiyodaWithALatePayment());
        assertTrue(page.contains("<th scope=\"col\">繰越</th>"));
        assertTrue(page.contains("<th scope=\"row\">うち繰越件数</th><td class=\"num\">1件</td>"), page);
        assertTrue(page.contains("<time datetime=\"2026-11-24\">2026-11-24</time></td><td>繰越</td></tr>"), page);
        assertTrue(page.contains("<time datetime=\"2026-11-26\">2026-11-26</time></td><td></td></tr>"), page);
        assertEquals(0, count(PAGE, "<td>繰越</td>"), "nothing is carried over in a day's own payments");
    }

    @Test
    void streamingAStatementWritesTheSamePageAsRenderingIt() throws Exception {
        for (CreditorStatement s : List.of(chiyoda(), awkwardNames(), StatementFixtures.chiyodaWithALatePayment(),
                new CreditorStatement("130001", "東京都", 0, 0, List.of(), List.of()))) {
            var out = new java.io.StringWriter();
            StatementHtml.write(BUSINESS_DATE, StatementHeader.of(BUSINESS_DATE, s), s.payments().iterator(), out);
            assertEquals(StatementHtml.render(BUSINESS_DATE, s), out.toString(), s.creditorCode());
        }
    }
}
