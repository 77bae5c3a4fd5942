package jp.kokin.domain.settlement.treasury;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

import jp.kokin.domain.format.Html;
import jp.kokin.domain.format.JapaneseDates;

/**
 * The data of a pay-in's 納付書 (what the BoJ or an agent bank needs to take national revenue from the
 * designated payment agent): 納付者 (the agent), 所管, 会計, 年度, 歳入科目, 金額, 件数, 納付期限,
 * 歳入徴収官, Pay-easy 収納機関番号 when configured, 納付番号 (the pay-in id) and 区分 (現年度 or 過年度).
 * {@link #fields()} gives them in print order; {@link #writeHtml} renders a printable page (no script),
 * {@link #writeCsv} UTF-8 with a BOM: the fields as key/value rows, then the lines. Bytes depend only on
 * the pay-in and its lines: a run rolled forward writes the same.
 *
 * @param payEasyInstitutionNumber {@code null} when the ministry takes no Pay-easy
 */
public record PayInSlip(PayIn payIn, String agentName, String payEasyInstitutionNumber) {
    /** The 区分 of a pay-in of the year still running (現年度) or of a closed one (過年度, 出納整理期間). */
    public static final String CURRENT_YEAR = "現年度";
    public static final String CLOSED_YEAR = "過年度";
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    private static final DateTimeFormatter JST_DATE_TIME = DateTimeFormatter.ISO_OFFSET_DATE_TIME;
    private static final String CSS = """
            body{font-family:sans-serif;margin:2rem;color:#111}
            h1{font-size:1.4rem;letter-spacing:.5em}
            table{border-collapse:collapse;min-width:28rem}
            th,td{border:1px solid #444;padding:.35rem .6rem;text-align:left;vertical-align:top}
            th{background:#eee;width:10rem}
            td.yen{text-align:right;font-weight:bold}
            @media print{body{margin:0}th{background:none}}
            """;

    public PayInSlip {
        Objects.requireNonNull(payIn, "payIn");
        Objects.requireNonNull(agentName, "agentName");
    }

    /** One printed field: its Japanese label, its JSON key and its value as printed. */
    public record Field(String label, String key, String value) {}

    /** 和暦 of a fiscal year, e.g. {@code 令和8年度} (the era of May 1: 2019 is 令和元年度). */
    public static String eraFiscalYear(int fiscalYear) {
        String date = JapaneseDates.eraDate(LocalDate.of(fiscalYear, 5, 1));
        return date.substring(0, date.indexOf('年')) + "年度";
    }

    /** 現年度 or 過年度. */
    public String division() {
        return payIn.closedYear() ? CLOSED_YEAR : CURRENT_YEAR;
    }

    /** The slip's fields in print order (Pay-easy only when configured). */
    public List<Field> fields() {
        List<Field> f = new ArrayList<>();
        f.add(new Field("納付番号", "payinId", payIn.id()));
        f.add(new Field("納付者", "agentName", agentName));
        f.add(new Field("所管", "ministry", payIn.ministryCode() + " " + payIn.ministryName()));
        f.add(new Field("会計", "account", payIn.account()));
        f.add(new Field("年度", "fiscalYear", payIn.fiscalYear() + "年度（" + eraFiscalYear(payIn.fiscalYear()) + "）"));
        f.add(new Field("区分", "division", division()));
        f.add(new Field("歳入科目", "revenueItem", payIn.revenueItem().code() + " " + payIn.revenueItem().name()));
        f.add(new Field("金額", "amount", Long.toString(payIn.amount())));
        f.add(new Field("件数", "count", Integer.toString(payIn.count())));
        f.add(new Field("納付期限", "dueDate", JapaneseDates.isoDate(payIn.dueDate())));
        f.add(new Field("歳入徴収官", "officer", payIn.officerCode() + " " + payIn.officerName()));
        if (payEasyInstitutionNumber != null) {
            f.add(new Field("収納機関番号（Pay-easy）", "payEasyInstitutionNumber", payEasyInstitutionNumber));
        }
        f.add(new Field("計算日", "businessDate", JapaneseDates.isoDate(payIn.businessDate())));
        f.add(new Field("精算番号", "runId", payIn.runId()));
        return f;
    }

    /** A printable page of the slip (fields only; the lines are in the CSV and {@code lines.json}). */
    public void writeHtml(OutputStream out) throws IOException {
        StringBuilder main = new StringBuilder(2048);
        main.append("<h1>納付書</h1>\n<p>国庫金（").append(Html.escape(division()))
                .append("）の納付（指定納付受託者による納付）。</p>\n");
        main.append("<table>\n");
        for (Field field : fields()) {
            String value = field.key().equals("amount")
                    ? "<td class=\"yen\">" + String.format("%,d", payIn.amount()) + " 円</td>"
                    : "<td>" + Html.escape(field.value()) + "</td>";
            main.append("<tr><th scope=\"row\">").append(Html.escape(field.label())).append("</th>").append(value)
                    .append("</tr>\n");
        }
        main.append("</table>\n");
        String page = Html.page(Html.Head.of("ja", CSS), "納付書 " + payIn.id(), "", main.toString());
        out.write(page.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * UTF-8 with a BOM, CR LF: {@code 項目,値} rows of {@link #fields()}, an empty row, then a header and
     * one row per line ({@code checkoutId, paymentId, reference, procedureCode, procedureName, quantity,
     * amount, refunded, paidAt (JST), entrustedOn}) in the order given.
     */
    public void writeCsv(Iterator<PayInLine> lines, OutputStream out) throws IOException {
        out.write(BOM);
        Writer csv = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        row(csv, "項目", "値");
        for (Field field : fields()) {
            row(csv, field.label(), field.value());
        }
        csv.write("\r\n");
        row(csv, "決済ID", "支払ID", "申請番号", "手続コード", "手続名", "数量", "金額", "収納後取消額", "納付日時", "納付受託日");
        while (lines.hasNext()) {
            PayInLine l = lines.next();
            row(csv, l.checkoutId(), l.paymentId(), l.reference(), l.procedureCode(), l.procedureName(),
                    Integer.toString(l.quantity()), Long.toString(l.amount()), Long.toString(l.refunded()),
                    JST_DATE_TIME.format(l.paidAt().atZone(JapaneseDates.JST)), JapaneseDates.isoDate(l.entrustedOn()));
        }
        csv.flush();
    }

    private static void row(Writer csv, String... fields) throws IOException {
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                csv.write(',');
            }
            csv.write(text(fields[i]));
        }
        csv.write("\r\n");
    }

    /** A text field: defused if it would start a formula, then quoted if RFC 4180 requires it. */
    private static String text(String value) {
        String v = value;
        if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        boolean quote = v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\r') >= 0 || v.indexOf('\n') >= 0;
        return quote ? '"' + v.replace("\"", "\"\"") + '"' : v;
    }
}
