package jp.kokin.domain.settlement.treasury;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import jp.kokin.domain.catalog.RevenueItem;

/** The 納付書 of a pay-in as HTML and CSV. */
class PayInSlipTest {
    private static PayIn payIn(boolean closedYear) {
        return new PayIn("pin_20260402_001_001", "stl_20260402_001", LocalDate.parse("2026-04-02"), "MOFA", "016", "外務省",
                "一般会計", "0160001", "外務省大臣官房会計課長（歳入徴収官）", closedYear ? 2025 : 2026,
                new RevenueItem("016-01-01-01", "旅券法手数料"), 28_000, 2, LocalDate.parse("2026-04-09"), closedYear,
                PayInStatus.DUE, Instant.parse("2026-04-02T15:30:00Z"), null, null, List.of(), Map.of(), 1);
    }

    @Test
    void theCsvIsUtf8WithABomTheFieldsThenTheLinesAndDefusesFormulas() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new PayInSlip(payIn(true), "Kokin 指定納付受託者", "12345").writeCsv(List.of(
                new PayInLine("chk_a", "pay_a_1", "=HYPERLINK(\"x\")", "passport-10y", "一般旅券, 10年", 1, 14_000, 0,
                        Instant.parse("2026-03-31T14:59:59Z"))).iterator(), out);
        byte[] bytes = out.toByteArray();
        assertEquals(0xEF, bytes[0] & 0xff);
        String csv = new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8);
        assertTrue(csv.startsWith("項目,値\r\n納付番号,pin_20260402_001_001\r\n"), csv);
        assertTrue(csv.contains("区分,過年度\r\n"), csv);
        assertTrue(csv.contains("年度,2025年度（令和7年度）\r\n"), csv);
        assertTrue(csv.contains("収納機関番号（Pay-easy）,12345\r\n"), csv);
        assertTrue(csv.contains("chk_a,pay_a_1,\"'=HYPERLINK(\"\"x\"\")\",passport-10y,\"一般旅券, 10年\",1,14000,0,"
                + "2026-03-31T23:59:59+09:00,2026-03-31\r\n"), csv);
    }

    @Test
    void thePageIsPrintableWithoutScriptAndShowsTheCurrentYear() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new PayInSlip(payIn(false), "Kokin <agent>", null).writeHtml(out);
        String html = out.toString(StandardCharsets.UTF_8);
        assertTrue(html.contains("<th scope=\"row\">区分</th><td>現年度</td>"), html);
        assertTrue(html.contains("28,000 円"), html);
        assertTrue(html.contains("Kokin &lt;agent&gt;"), "escaped: " + html);
        assertFalse(html.contains("<script"), html);
        assertFalse(html.contains("Pay-easy"), "no Pay-easy row when none is configured");
        assertEquals("令和元年度", PayInSlip.eraFiscalYear(2019));
    }
}
