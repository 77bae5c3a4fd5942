package jp.kokin.console.web;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

/** The console's CSV as a spreadsheet opens it. */
class CsvTest {

    private static byte[] write(Csv.Encoding encoding, Consumer<Csv> rows) {
        var out = new ByteArrayOutputStream();
        try (Csv csv = new Csv(out, encoding)) {
            rows.accept(csv);
        }
        return out.toByteArray();
    }

    private static String utf8(Consumer<Csv> rows) {
        byte[] b = write(Csv.Encoding.UTF8_BOM, rows);
        return new String(b, 3, b.length - 3, StandardCharsets.UTF_8);
    }

    @Test
    void utf8_export_starts_with_a_byte_order_mark_so_excel_reads_it_as_utf8() {
        byte[] b = write(Csv.Encoding.UTF8_BOM, csv -> csv.row("受付番号"));

        assertArrayEquals(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, Arrays.copyOf(b, 3));
        assertEquals("受付番号\r\n", new String(b, 3, b.length - 3, StandardCharsets.UTF_8));
    }

    @Test
    void shift_jis_export_writes_a_japanese_header_in_windows_31j_bytes_without_a_byte_order_mark() {
        byte[] b = write(Csv.Encoding.SHIFT_JIS, csv -> csv.row("団体コード", "金額"));

        // 団 = 0x92 0x63, 体 = 0x91 0xCC, 金 = 0x8B 0xE0, 額 = 0x8A 0x7A
        byte[] expected = "団体コード,金額\r\n".getBytes(Charset.forName("windows-31j"));
        assertArrayEquals(expected, b);
        assertEquals((byte) 0x92, b[0]);
        assertEquals((byte) 0x63, b[1]);
    }

    @Test
    void a_character_shift_jis_cannot_hold_becomes_a_question_mark_instead_of_failing_the_export() {
        byte[] b = write(Csv.Encoding.SHIFT_JIS, csv -> csv.row("🍣"));

        assertEquals("?\r\n", new String(b, StandardCharsets.US_ASCII));
    }

    @Test
    void text_that_a_spreadsheet_would_evaluate_as_a_formula_is_written_with_a_leading_apostrophe() {
        String csv = utf8(c -> c.row("=SUM(A1)", "+1", "-2", "@cmd", "\tx", "\rx", "plain", ""));

        assertEquals("'=SUM(A1),'+1,'-2,'@cmd,'\tx,\"'\rx\",plain,\r\n", csv);
    }

    @Test
    void full_width_formula_signs_and_formulas_after_leading_blanks_are_neutralised_too() {
        String csv = utf8(c -> c.row("＝1+1", "＋1", "－2", "＠cmd", " =1+1", "\u3000＝HYPERLINK(1)", "\n=1", "  @x", "a=1", "  plain", "５－３"));

        assertEquals("'＝1+1,'＋1,'－2,'＠cmd,' =1+1,'\u3000＝HYPERLINK(1),\"'\n=1\",'  @x,a=1,  plain,５－３\r\n", csv);
    }

    @Test
    void numbers_are_written_as_they_are_negative_ones_included() {
        String csv = utf8(c -> c.number(1234).number(-300).number(0).endRow());

        assertEquals("1234,-300,0\r\n", csv);
    }

    @Test
    void cells_with_commas_quotes_or_line_breaks_are_quoted_and_quotes_doubled() {
        String csv = utf8(c -> c.row("a,b", "say \"hi\"", "two\nlines"));

        assertEquals("\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\"\r\n", csv);
    }

    @Test
    void rows_are_counted_for_the_audit_log() {
        var out = new ByteArrayOutputStream();
        try (Csv csv = new Csv(out, Csv.Encoding.UTF8_BOM)) {
            csv.row("h").row("1").row("2");
            assertEquals(3, csv.rows());
        }
    }
}
