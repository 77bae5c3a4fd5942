package jp.kokin.console.web;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * CSV for spreadsheet users (RFC 4180, CRLF): UTF-8 with a byte-order mark (Excel then reads it as
 * UTF-8) or Shift_JIS (Windows-31J, which is what Excel on Japanese Windows reads as "Shift_JIS";
 * a character it cannot hold becomes {@code ?}). Amounts are integer yen, times JST.
 *
 * <p>Formula injection: a text cell beginning with {@code = + - @}, a tab or a carriage return is
 * written with a leading apostrophe, so a spreadsheet shows it as text instead of evaluating it.
 * Numbers go through {@link #number} and are never changed.
 */
public final class Csv implements AutoCloseable {
    /** The choice on the page ({@code encoding=utf-8|shift_jis}). */
    public enum Encoding {
        UTF8_BOM("utf-8", StandardCharsets.UTF_8, "text/csv; charset=utf-8"),
        SHIFT_JIS("shift_jis", Charset.forName("windows-31j"), "text/csv; charset=Shift_JIS");

        public final String wire;
        public final Charset charset;
        public final String contentType;

        Encoding(String wire, Charset charset, String contentType) {
            this.wire = wire;
            this.charset = charset;
            this.contentType = contentType;
        }

        public static Optional<Encoding> fromWire(String s) {
            for (Encoding e : values()) {
                if (e.wire.equalsIgnoreCase(s)) {
                    return Optional.of(e);
                }
            }
            return Optional.empty();
        }
    }

    private final Writer out;
    private boolean firstCell = true;
    private long rows;

    public Csv(OutputStream stream, Encoding encoding) {
        CharsetEncoder encoder = encoding.charset.newEncoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE)
                .replaceWith(new byte[] {'?'});
        try {
            if (encoding == Encoding.UTF8_BOM) {
                stream.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.out = new OutputStreamWriter(stream, encoder);
    }

    /** A text cell (quoted when needed; formulas neutralised). */
    public Csv text(String value) {
        String v = value == null ? "" : value;
        if (formula(v)) {
            v = "'" + v;
        }
        if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
            v = "\"" + v.replace("\"", "\"\"") + "\"";
        }
        return cell(v);
    }

    /** Characters a spreadsheet may take as the start of a formula: ASCII and full-width (Japanese Excel reads both). */
    private static final String FORMULA_STARTS = "=+-@＝＋－＠";

    /**
     * Whether a spreadsheet could read the cell as a formula: it starts with a tab or CR, or its first
     * character that is not blank (space, ideographic space, tab, CR, LF) is one of {@link #FORMULA_STARTS}.
     */
    static boolean formula(String v) {
        if (v.isEmpty()) {
            return false;
        }
        if (v.charAt(0) == '\t' || v.charAt(0) == '\r') {
            return true;
        }
        for (int i = 0; i < v.length(); i++) {
            char ch = v.charAt(i);
            if (ch == ' ' || ch == '\u3000' || ch == '\t' || ch == '\r' || ch == '\n') {
                continue;
            }
            return FORMULA_STARTS.indexOf(ch) >= 0;
        }
        return false;
    }

    /** An integer cell (yen, counts): written as is, negative included. */
    public Csv number(long value) {
        return cell(Long.toString(value));
    }

    /** Ends the row. */
    public Csv endRow() {
        write("\r\n");
        firstCell = true;
        rows++;
        return this;
    }

    /** A whole row of text cells. */
    public Csv row(String... cells) {
        for (String c : cells) {
            text(c);
        }
        return endRow();
    }

    public long rows() {
        return rows;
    }

    private Csv cell(String v) {
        if (!firstCell) {
            write(",");
        }
        write(v);
        firstCell = false;
        return this;
    }

    private void write(String s) {
        try {
            out.write(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
