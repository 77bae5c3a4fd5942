package jp.kokin.domain.settlement;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import jp.kokin.domain.format.JapaneseDates;

/**
 * A creditor's statement (計算書) as CSV for spreadsheets: UTF-8 with a byte-order mark (so that Excel
 * reads the Japanese correctly), CR LF line ends, fields quoted as RFC 4180 says.
 *
 * <p>Layout: the title, a block of 項目/値 rows (business date in ISO and 和暦, creditor, count, total),
 * the totals per procedure with a 合計 row, then every payment with its time and deemed payment date in
 * JST. Amounts are plain yen integers. Text that a spreadsheet would take for a formula
 * ({@code = + - @} at the start) is prefixed with {@code '}.
 */
public final class StatementCsv {

    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    static final DateTimeFormatter JST_DATE_TIME = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

    private StatementCsv() {
    }

    public static byte[] render(LocalDate businessDate, CreditorStatement s) {
        StringBuilder csv = new StringBuilder(256 + 96 * s.payments().size());
        row(csv, text("計算書"));
        row(csv, text("業務日"), text(JapaneseDates.isoDate(businessDate)), text(JapaneseDates.eraDate(businessDate)));
        row(csv, text("収納先コード"), text(s.creditorCode()));
        row(csv, text("収納先名"), text(s.creditorName()));
        row(csv, text("件数"), number(s.count()));
        row(csv, text("合計金額（円）"), number(s.amount()));
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
        row(csv, text("チェックアウトID"), text("決済ID"), text("金額（円）"), text("納付日時（JST）"), text("みなし納付日"));
        for (SettlementPayment p : s.payments()) {
            row(csv, text(p.checkoutId()), text(p.paymentId()), number(p.amount()), text(jstDateTime(p.paidAt())),
                    text(JapaneseDates.isoDate(JapaneseDates.businessDate(p.paidAt()))));
        }
        byte[] body = csv.toString().getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[BOM.length + body.length];
        System.arraycopy(BOM, 0, out, 0, BOM.length);
        System.arraycopy(body, 0, out, BOM.length, body.length);
        return out;
    }

    /** {@code 2026-11-26T10:15:30+09:00}: the instant in JST, to the second. */
    static String jstDateTime(Instant instant) {
        return JST_DATE_TIME.format(instant.truncatedTo(ChronoUnit.SECONDS).atZone(JapaneseDates.JST).toOffsetDateTime());
    }

    private static void row(StringBuilder csv, String... fields) {
        csv.append(String.join(",", List.of(fields))).append("\r\n");
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
