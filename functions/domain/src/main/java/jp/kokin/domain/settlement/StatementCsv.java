package jp.kokin.domain.settlement;

import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Iterator;
import jp.kokin.domain.format.JapaneseDates;

/**
 * A creditor's statement (計算書) as CSV for spreadsheets: UTF-8 with a byte-order mark (so that Excel
 * reads the Japanese correctly), CR LF line ends, fields quoted as RFC 4180 says.
 *
 * <p>Layout: the title, a block of 項目/値 rows (business date in ISO and 和暦, creditor, count, total),
 * the count of late payments carried over (うち繰越件数), the totals per procedure with a 合計 row, then
 * every payment with its time and deemed payment date in JST, and a 繰越 mark on each late payment when
 * there are any. Amounts are plain yen integers. Text that a spreadsheet would take for a formula
 * ({@code = + - @} at the start) is prefixed with {@code '}.
 */
public final class StatementCsv {

    /** The mark of a payment deemed paid before the business date, carried over into a later run. */
    static final String CARRIED_OVER = "繰越";
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    static final DateTimeFormatter JST_DATE_TIME = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

    private StatementCsv() {
    }

    /** The statement held in memory, as the bytes {@link #write} streams for the same content. */
    public static byte[] render(LocalDate businessDate, CreditorStatement s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + 96 * s.payments().size());
        try {
            write(businessDate, StatementHeader.of(businessDate, s), s.payments().iterator(), out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * Streams a statement of any size: the header from the totals, then each payment as {@code payments}
     * yields it (nothing is held but one row). When the statement carries over late payments (deemed
     * paid before {@code businessDate}) the payment table gains a 繰越 column marking them; without any
     * it keeps the five columns it always had. Flushes {@code out} and leaves it open.
     */
    public static void write(LocalDate businessDate, StatementHeader s, Iterator<SettlementPayment> payments,
                             OutputStream out) throws IOException {
        out.write(BOM);
        Writer csv = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 8192);
        row(csv, text("計算書"));
        row(csv, text("業務日"), text(JapaneseDates.isoDate(businessDate)), text(JapaneseDates.eraDate(businessDate)));
        row(csv, text("収納先コード"), text(s.creditorCode()));
        row(csv, text("収納先名"), text(s.creditorName()));
        row(csv, text("件数"), number(s.count()));
        row(csv, text("合計金額（円）"), number(s.amount()));
        row(csv, text("うち繰越件数"), number(s.carriedOver()));
        row(csv);
        row(csv, text("手続コード"), text("手続名"), text("件数"), text("金額（円）"));
        long count = 0;
        long amount = 0;
        for (ProcedureTotal p : s.procedures()) {
            row(csv, text(p.procedureCode()), text(p.procedureName()), number(p.count()), number(p.amount()));
            count += p.count();
            amount += p.amount();
        }
        row(csv, text("合計"), "", number(count), number(amount));
        row(csv);
        boolean markColumn = s.carriedOver() > 0;
        if (markColumn) {
            row(csv, text("チェックアウトID"), text("決済ID"), text("金額（円）"), text("納付日時（JST）"), text("みなし納付日"),
                    text(CARRIED_OVER));
        } else {
            row(csv, text("チェックアウトID"), text("決済ID"), text("金額（円）"), text("納付日時（JST）"), text("みなし納付日"));
        }
        while (payments.hasNext()) {
            SettlementPayment p = payments.next();
            String deemed = text(JapaneseDates.isoDate(p.deemedDate()));
            if (markColumn) {
                row(csv, text(p.checkoutId()), text(p.paymentId()), number(p.amount()), text(jstDateTime(p.paidAt())),
                        deemed, StatementHeader.isCarriedOver(businessDate, p) ? text(CARRIED_OVER) : "");
            } else {
                row(csv, text(p.checkoutId()), text(p.paymentId()), number(p.amount()), text(jstDateTime(p.paidAt())),
                        deemed);
            }
        }
        csv.flush();
    }

    /** {@link #write(LocalDate, StatementHeader, Iterator, OutputStream)} with a run's totals of the creditor. */
    public static void write(LocalDate businessDate, StatementTotals.Creditor totals, Iterator<SettlementPayment> payments,
                             OutputStream out) throws IOException {
        write(businessDate, StatementHeader.of(totals), payments, out);
    }

    /** {@code 2026-11-26T10:15:30+09:00}: the instant in JST, to the second. */
    static String jstDateTime(Instant instant) {
        return JST_DATE_TIME.format(instant.truncatedTo(ChronoUnit.SECONDS).atZone(JapaneseDates.JST).toOffsetDateTime());
    }

    private static void row(Writer csv, String... fields) throws IOException {
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                csv.write(',');
            }
            csv.write(fields[i]);
        }
        csv.write("\r\n");
    }

    private static String number(long value) {
        return Long.toString(value);
    }

    /** A text field: defused if it would start a formula, then quoted if RFC 4180 requires it. */
    static String text(String value) {
        String v = value;
        if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        boolean quote = v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\r') >= 0 || v.indexOf('\n') >= 0;
        return quote ? '"' + v.replace("\"", "\"\"") + '"' : v;
    }
}
