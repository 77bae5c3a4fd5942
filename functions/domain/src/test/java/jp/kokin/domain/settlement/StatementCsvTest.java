package jp.kokin.domain.settlement;

import static jp.kokin.domain.settlement.StatementFixtures.BUSINESS_DATE;
import static jp.kokin.domain.settlement.StatementFixtures.awkwardNames;
import static jp.kokin.domain.settlement.StatementFixtures.chiyoda;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatementCsvTest {

    private static String body(byte[] csv) {
        return new String(csv, 3, csv.length - 3, StandardCharsets.UTF_8);
    }

    /** Splits RFC 4180 text into rows of fields: the test's own parser, independent of the renderer. */
    static List<List<String>> parse(String text) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                row.add(field.toString());
                field.setLength(0);
            } else if (c == '\r' && text.charAt(i + 1) == '\n') {
                row.add(field.toString());
                field.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
                i++;
            } else {
                field.append(c);
            }
        }
        assertTrue(row.isEmpty() && field.isEmpty(), "the last row ends with CR LF");
        return rows;
    }

    @Test
    void theFileStartsWithAUtf8ByteOrderMarkForExcel() {
        byte[] csv = StatementCsv.render(BUSINESS_DATE, chiyoda());
        assertArrayEquals(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, Arrays.copyOf(csv, 3));
        assertTrue(body(csv).startsWith("計算書\r\n"));
    }

    @Test
    void everyLineEndsWithCrLfAndNoBareLineFeedIsLeft() {
        String text = body(StatementCsv.render(BUSINESS_DATE, chiyoda()));
        assertTrue(text.endsWith("\r\n"));
        assertFalse(text.replace("\r\n", "").contains("\n"));
        assertFalse(text.replace("\r\n", "").contains("\r"));
    }

    @Test
    void theSummaryShowsDateInIsoAndJapaneseCalendarCreditorCountAndTotal() {
        List<List<String>> rows = parse(body(StatementCsv.render(BUSINESS_DATE, chiyoda())));
        assertEquals(List.of("計算書"), rows.get(0));
        assertEquals(List.of("業務日", "2026-11-26", "令和8年11月26日"), rows.get(1));
        assertEquals(List.of("収納先コード", "131016"), rows.get(2));
        assertEquals(List.of("収納先名", "千代田区"), rows.get(3));
        assertEquals(List.of("件数", "3"), rows.get(4));
        assertEquals(List.of("合計金額（円）", "1050"), rows.get(5));
    }

    @Test
    void theProcedureSectionListsEachProcedureAndTheirSum() {
        List<List<String>> rows = parse(body(StatementCsv.render(BUSINESS_DATE, chiyoda())));
        int header = rows.indexOf(List.of("手続コード", "手続名", "件数", "金額（円）"));
        assertTrue(header > 0);
        assertEquals(List.of("juminhyo", "住民票の写し", "2", "600"), rows.get(header + 1));
        assertEquals(List.of("koseki", "戸籍全部事項証明書", "1", "450"), rows.get(header + 2));
        assertEquals(List.of("合計", "", "3", "1050"), rows.get(header + 3));
    }

    @Test
    void eachPaymentShowsItsJstTimeAndDeemedPaymentDate() {
        List<List<String>> rows = parse(body(StatementCsv.render(BUSINESS_DATE, chiyoda())));
        int header = rows.indexOf(List.of("チェックアウトID", "決済ID", "金額（円）", "納付日時（JST）", "みなし納付日"));
        assertTrue(header > 0);
        // 15:00 UTC on the 25th is midnight JST on the 26th
        assertEquals(List.of("chk_01", "pay_01_1", "300", "2026-11-26T00:00:00+09:00", "2026-11-26"), rows.get(header + 1));
        assertEquals(List.of("chk_02", "pay_02_1", "300", "2026-11-26T10:23:45+09:00", "2026-11-26"), rows.get(header + 2));
        assertEquals(List.of("chk_03", "pay_03_2", "450", "2026-11-26T23:59:59+09:00", "2026-11-26"), rows.get(header + 3));
        assertEquals(header + 4, rows.size());
    }

    @Test
    void commasQuotesAndAngleBracketsInNamesSurviveAsOneField() {
        byte[] csv = StatementCsv.render(BUSINESS_DATE, awkwardNames());
        String text = body(csv);
        assertTrue(text.contains("収納先名,\"外務省 <旅券課> \"\"本省\"\", 東京\"\r\n"), text);
        List<List<String>> rows = parse(text);
        assertEquals(List.of("収納先名", "外務省 <旅券課> \"本省\", 東京"), rows.get(3));
        assertTrue(rows.contains(List.of("passport", "旅券 \"10年\", <一般> & '特例'", "1", "16000")));
        assertTrue(rows.contains(List.of("chk_<x>", "pay_\"1\"", "16000", "2026-11-26T12:00:00+09:00", "2026-11-26")));
    }

    @Test
    void textThatASpreadsheetWouldRunAsAFormulaIsDefused() {
        List<List<String>> rows = parse(body(StatementCsv.render(BUSINESS_DATE, awkwardNames())));
        assertTrue(rows.contains(List.of("formula", "'=HYPERLINK(\"http://example.com\")", "0", "0")), rows.toString());
    }

    @Test
    void aStatementWithoutPaymentsStillHasEverySection() {
        CreditorStatement empty = new CreditorStatement("130001", "東京都", 0, 0, List.of(), List.of());
        List<List<String>> rows = parse(body(StatementCsv.render(BUSINESS_DATE, empty)));
        assertTrue(rows.contains(List.of("合計", "", "0", "0")));
        assertEquals(List.of("チェックアウトID", "決済ID", "金額（円）", "納付日時（JST）", "みなし納付日"), rows.getLast());
    }

    @Test
    void aLatePaymentIsListedUnderItsOwnDeemedDateAndMarkedCarriedOver() {
        List<List<String>> rows = parse(body(StatementCsv.render(BUSINESS_DATE, StatementFixtures.chiyodaWithALatePayment())));
        assertTrue(rows.contains(List.of("うち繰越件数", "1")), rows.toString());
        int header = rows.indexOf(List.of("チェックアウトID", "決済ID", "金額（円）", "納付日時（JST）", "みなし納付日", "繰越"));
        assertTrue(header > 0, rows.toString());
        assertEquals(List.of("chk_late", "pay_late_1", "300", "2026-11-24T11:00:00+09:00", "2026-11-24", "繰越"), rows.get(header + 1));
        assertEquals(List.of("chk_04", "pay_04_1", "450", "2026-11-26T14:00:00+09:00", "2026-11-26", ""), rows.get(header + 2));
    }

    @Test
    void aStatementWithoutLatePaymentsCountsNoneCarriedOver() {
        List<List<String>> rows = parse(body(StatementCsv.render(BUSINESS_DATE, chiyoda())));
        assertEquals(List.of("うち繰越件数", "0"), rows.get(6));
    }

    @Test
    void streamingAStatementWritesTheSameBytesAsRenderingIt() throws Exception {
        for (CreditorStatement s : List.of(chiyoda(), awkwardNames(), StatementFixtures.chiyodaWithALatePayment())) {
            var out = new java.io.ByteArrayOutputStream();
            StatementCsv.write(BUSINESS_DATE, StatementHeader.of(BUSINESS_DATE, s), s.payments().iterator(), out);
            assertArrayEquals(StatementCsv.render(BUSINESS_DATE, s), out.toByteArray(), s.creditorCode());
        }
    }

    @Test
    void streamingPullsPaymentsOneAtATimeFromTheIterator() throws Exception {
        CreditorStatement s = chiyoda();
        var pulled = new java.util.concurrent.atomic.AtomicInteger();
        var source = s.payments().iterator();
        java.util.Iterator<SettlementPayment> counting = new java.util.Iterator<>() {
            public boolean hasNext() {
                return source.hasNext();
            }

            public SettlementPayment next() {
                pulled.incrementAndGet();
                return source.next();
            }
        };
        var out = new java.io.ByteArrayOutputStream();
        StatementCsv.write(BUSINESS_DATE, StatementHeader.of(BUSINESS_DATE, s), counting, out);
        assertEquals(3, pulled.get());
    }
}
