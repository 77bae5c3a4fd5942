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
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
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
    /** The mark of a payment refunded (in part or whole) before its run claimed it: cancelled after collection. */
    static final String CANCELLED_AFTER_COLLECTION = "収納後取消";
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
        write(businessDate, s, payments, List.of(), out);
    }

    /**
     * As {@link #write(LocalDate, StatementHeader, Iterator, OutputStream)}, for a statement that refunds
     * touch ({@link StatementHeader#withRefunds()}): the summary adds the gross (総額), the payments
     * cancelled after collection (収納後取消: count and yen) and the refunds netted (返還金相殺) above the
     * total transferred (合計金額); the payment table adds 総額, 取消額 and a 収納後取消 mark (its 金額
     * is what is settled); and the refunds {@code netted} against this transfer follow as a table.
     */
    public static void write(LocalDate businessDate, StatementHeader s, Iterator<SettlementPayment> payments,
                             List<RepaymentItem> netted, OutputStream out) throws IOException {
        out.write(BOM);
        Writer csv = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 8192);
        row(csv, text("計算書"));
        row(csv, text("業務日"), text(JapaneseDates.isoDate(businessDate)), text(JapaneseDates.eraDate(businessDate)));
        row(csv, text("収納先コード"), text(s.creditorCode()));
        row(csv, text("収納先名"), text(s.creditorName()));
        row(csv, text("件数"), number(s.count()));
        boolean refunds = s.withRefunds();
        if (refunds) {
            row(csv, text("総額（円）"), number(s.gross()));
            row(csv, text("うち収納後取消件数"), number(s.cancelled()));
            row(csv, text("収納後取消額（円）"), number(s.refunded()));
            row(csv, text("返還金相殺額（円）"), number(s.netted()));
        }
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
        List<String> head = new ArrayList<>(List.of(text("チェックアウトID"), text("決済ID"), text("金額（円）"),
                text("納付日時（JST）"), text("みなし納付日")));
        if (markColumn) {
            head.add(text(CARRIED_OVER));
        }
        if (refunds) {
            head.addAll(List.of(text("総額（円）"), text("取消額（円）"), text("区分")));
        }
        row(csv, head.toArray(String[]::new));
        while (payments.hasNext()) {
            SettlementPayment p = payments.next();
            List<String> fields = new ArrayList<>(List.of(text(p.checkoutId()), text(p.paymentId()), number(p.amount()),
                    text(jstDateTime(p.paidAt())), text(JapaneseDates.isoDate(p.deemedDate()))));
            if (markColumn) {
                fields.add(StatementHeader.isCarriedOver(businessDate, p) ? text(CARRIED_OVER) : "");
            }
            if (refunds) {
                fields.addAll(List.of(number(p.gross()), number(p.refunded()),
                        p.cancelledAfterCollection() ? text(CANCELLED_AFTER_COLLECTION) : ""));
            }
            row(csv, fields.toArray(String[]::new));
        }
        if (!netted.isEmpty()) {
            row(csv);
            row(csv, text("返還金相殺"));
            repaymentRows(csv, netted);
        }
        csv.flush();
    }

    /** {@link #write(LocalDate, StatementHeader, Iterator, OutputStream)} with a run's totals of the creditor. */
    public static void write(LocalDate businessDate, StatementTotals.Creditor totals, Iterator<SettlementPayment> payments,
                             OutputStream out) throws IOException {
        write(businessDate, StatementHeader.of(totals), payments, out);
    }

    /** The rows of refunds repaid (netted or requested) with a 合計 row, under their column headings. */
    static void repaymentRows(Writer csv, List<RepaymentItem> rows) throws IOException {
        row(csv, text("返金ID"), text("領収書番号"), text("チェックアウトID"), text("決済ID"), text("手続コード"), text("手続名"),
                text("明細"), text("年度"), text("金額（円）"));
        long total = 0;
        for (RepaymentItem r : rows) {
            row(csv, text(r.refundId()), text(r.receiptNumber() == null ? "" : r.receiptNumber()), text(r.checkoutId()),
                    text(r.paymentId()), text(r.procedureCode()), text(r.procedureName()), text(r.feeLine()),
                    number(r.fiscalYear()), number(r.amount()));
            total += r.amount();
        }
        row(csv, text("合計"), "", "", "", "", "", "", "", number(total));
    }

    /**
     * A creditor's repayment request (返還請求) as CSV (UTF-8 with BOM, like statements): the creditor,
     * the run, the total and count, then one row per fee line of each refund: refund, receipt number,
     * checkout and payment, procedure, fee line, fiscal year of the revenue and yen.
     */
    public static void writeRepaymentRequest(LocalDate businessDate, String runId, String creditorCode, String creditorName,
                                             List<RepaymentItem> rows, OutputStream out) throws IOException {
        out.write(BOM);
        Writer csv = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 8192);
        row(csv, text("返還請求書"));
        row(csv, text("業務日"), text(JapaneseDates.isoDate(businessDate)), text(JapaneseDates.eraDate(businessDate)));
        row(csv, text("精算ID"), text(runId));
        row(csv, text("収納先コード"), text(creditorCode));
        row(csv, text("収納先名"), text(creditorName));
        row(csv, text("件数"), number(rows.size()));
        row(csv, text("請求金額（円）"), number(rows.stream().mapToLong(RepaymentItem::amount).sum()));
        row(csv);
        repaymentRows(csv, rows);
        csv.flush();
    }

    /** {@code 2026-11-26T10:15:30+09:00}: the instant in JST, to the second. */
    public static String jstDateTime(Instant instant) {
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
    public static String text(String value) {
        String v = value;
        if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        boolean quote = v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\r') >= 0 || v.indexOf('\n') >= 0;
        return quote ? '"' + v.replace("\"", "\"\"") + '"' : v;
    }
}
