package jp.kokin.domain.settlement;

import static jp.kokin.domain.format.Html.escape;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import jp.kokin.domain.format.Html;
import jp.kokin.domain.format.JapaneseDates;

/**
 * A creditor's statement (計算書) as a complete, printable HTML page in Japanese: the same content as
 * {@link StatementCsv}, with headings, tables whose header cells carry {@code scope}, and print CSS
 * (A4, no colours needed, table headers repeated on every page). Every value is HTML-escaped.
 */
public final class StatementHtml {

    /** The print style of settlement documents (the Art. 6(2) report uses it too). */
    public static final String CSS = """
            body { font-family: "Hiragino Kaku Gothic ProN", "Noto Sans JP", "Yu Gothic", Meiryo, sans-serif; color: #111; margin: 2rem; line-height: 1.5; }
            h1 { font-size: 1.6rem; margin: 0 0 1rem; }
            h2 { font-size: 1.2rem; margin: 2rem 0 .5rem; }
            table { border-collapse: collapse; width: 100%; margin-bottom: 1rem; }
            caption { text-align: left; font-weight: bold; padding: .25rem 0; }
            th, td { border: 1px solid #555; padding: .25rem .5rem; text-align: left; vertical-align: top; }
            thead th, tfoot th, tbody th { background: #eee; }
            td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
            table.summary { width: auto; }
            .ids { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: .9em; }
            @page { size: A4; margin: 15mm; }
            @media print {
              body { margin: 0; font-size: 10pt; }
              thead { display: table-header-group; }
              tr { break-inside: avoid; }
              th { background: none; }
            }
            """;

    /** Where the payments go in the page {@link Html#page} builds (split there to stream them). */
    private static final String BODY_SPLIT = "\u0000payments\u0000";

    private StatementHtml() {
    }

    /** The statement held in memory, as the page {@link #write} streams for the same content. */
    public static String render(LocalDate businessDate, CreditorStatement s) {
        StringWriter page = new StringWriter(4096 + 256 * s.payments().size());
        try {
            write(businessDate, StatementHeader.of(businessDate, s), s.payments().iterator(), page);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return page.toString();
    }

    /** {@link #write(LocalDate, StatementHeader, Iterator, Writer)} as UTF-8 bytes; flushes {@code out}, leaves it open. */
    public static void write(LocalDate businessDate, StatementTotals.Creditor totals, Iterator<SettlementPayment> payments,
                             OutputStream out) throws IOException {
        Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 8192);
        write(businessDate, StatementHeader.of(totals), payments, w);
        w.flush();
    }

    /**
     * Streams the page of a statement of any size: the summary and procedures from the totals, then one
     * table row per payment as {@code payments} yields it, each with its みなし納付日 and a 繰越 mark
     * when it is deemed paid before {@code businessDate} (a late payment carried over).
     */
    public static void write(LocalDate businessDate, StatementHeader s, Iterator<SettlementPayment> payments, Writer out)
            throws IOException {
        write(businessDate, s, payments, List.of(), out);
    }

    /** {@link #write(LocalDate, StatementHeader, Iterator, List, Writer)} as UTF-8 bytes; flushes {@code out}, leaves it open. */
    public static void write(LocalDate businessDate, StatementHeader s, Iterator<SettlementPayment> payments,
                             List<RepaymentItem> netted, OutputStream out) throws IOException {
        Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 8192);
        write(businessDate, s, payments, netted, w);
        w.flush();
    }

    /**
     * The page of a statement that refunds may touch: as {@link StatementCsv}, the summary adds 総額,
     * 収納後取消 and 返還金相殺 above the total transferred, each payment row its gross, refunded yen
     * and a 収納後取消 mark, and the refunds {@code netted} follow as a table.
     */
    public static void write(LocalDate businessDate, StatementHeader s, Iterator<SettlementPayment> payments,
                             List<RepaymentItem> netted, Writer out) throws IOException {
        boolean refunds = s.withRefunds();
        String iso = JapaneseDates.isoDate(businessDate);
        String era = JapaneseDates.eraDate(businessDate);
        StringBuilder h = new StringBuilder(4096);
        h.append("<h1>計算書</h1>\n");

        h.append("<table class=\"summary\">\n<caption>概要</caption>\n<tbody>\n");
        summaryRow(h, "業務日", "<time datetime=\"" + escape(iso) + "\">" + escape(era) + "（" + escape(iso) + "）</time>", false);
        summaryRow(h, "収納先コード", escape(s.creditorCode()), false);
        summaryRow(h, "収納先名", escape(s.creditorName()), false);
        summaryRow(h, "件数", count(s.count()), true);
        if (refunds) {
            summaryRow(h, "総額", yen(s.gross()), true);
            summaryRow(h, "うち収納後取消件数", count(s.cancelled()), true);
            summaryRow(h, "収納後取消額", yen(s.refunded()), true);
            summaryRow(h, "返還金相殺額", yen(s.netted()), true);
        }
        summaryRow(h, "合計金額", yen(s.amount()), true);
        summaryRow(h, "うち繰越件数", count(s.carriedOver()), true);
        h.append("</tbody>\n</table>\n");

        h.append("<h2>手続別内訳</h2>\n<table>\n<thead>\n<tr>")
                .append("<th scope=\"col\">手続コード</th><th scope=\"col\">手続名</th>")
                .append("<th scope=\"col\">件数</th><th scope=\"col\">金額</th></tr>\n</thead>\n<tbody>\n");
        long count = 0;
        long amount = 0;
        for (ProcedureTotal p : s.procedures()) {
            h.append("<tr><th scope=\"row\">").append(escape(p.procedureCode())).append("</th><td>")
                    .append(escape(p.procedureName())).append("</td><td class=\"num\">").append(count(p.count()))
                    .append("</td><td class=\"num\">").append(yen(p.amount())).append("</td></tr>\n");
            count += p.count();
            amount += p.amount();
        }
        h.append("</tbody>\n<tfoot>\n<tr><th scope=\"row\" colspan=\"2\">合計</th><td class=\"num\">").append(count(count))
                .append("</td><td class=\"num\">").append(yen(amount)).append("</td></tr>\n</tfoot>\n</table>\n");

        h.append("<h2>納付明細</h2>\n<table>\n<thead>\n<tr>")
                .append("<th scope=\"col\">チェックアウトID</th><th scope=\"col\">決済ID</th><th scope=\"col\">金額</th>")
                .append("<th scope=\"col\">納付日時（JST）</th><th scope=\"col\">みなし納付日</th>")
                .append("<th scope=\"col\">繰越</th>")
                .append(refunds ? "<th scope=\"col\">総額</th><th scope=\"col\">取消額</th><th scope=\"col\">区分</th>" : "")
                .append("</tr>\n</thead>\n<tbody>\n");

        String page = Html.page(Html.Head.of("ja", CSS), "計算書 " + s.creditorName() + " " + iso, "", BODY_SPLIT);
        int at = page.lastIndexOf(BODY_SPLIT);
        out.write(page, 0, at);
        out.write(h.toString());
        boolean any = false;
        while (payments.hasNext()) {
            SettlementPayment p = payments.next();
            any = true;
            h.setLength(0);
            String paidAt = StatementCsv.jstDateTime(p.paidAt());
            String deemed = JapaneseDates.isoDate(p.deemedDate());
            h.append("<tr><td class=\"ids\">").append(escape(p.checkoutId())).append("</td><td class=\"ids\">")
                    .append(escape(p.paymentId())).append("</td><td class=\"num\">").append(yen(p.amount()))
                    .append("</td><td><time datetime=\"").append(escape(paidAt)).append("\">").append(escape(paidAt))
                    .append("</time></td><td><time datetime=\"").append(escape(deemed)).append("\">").append(escape(deemed))
                    .append("</time></td><td>").append(StatementHeader.isCarriedOver(businessDate, p) ? StatementCsv.CARRIED_OVER : "")
                    .append("</td>");
            if (refunds) {
                h.append("<td class=\"num\">").append(yen(p.gross())).append("</td><td class=\"num\">").append(yen(p.refunded()))
                        .append("</td><td>").append(p.cancelledAfterCollection() ? StatementCsv.CANCELLED_AFTER_COLLECTION : "")
                        .append("</td>");
            }
            h.append("</tr>\n");
            out.write(h.toString());
        }
        if (!any) {
            out.write("<tr><td colspan=\"" + (refunds ? 9 : 6) + "\">納付はありません。</td></tr>\n");
        }
        out.write("</tbody>\n</table>\n");
        if (!netted.isEmpty()) {
            out.write("<h2>返還金相殺</h2>\n");
            out.write(repaymentTable(netted));
        }
        out.write(page.substring(at + BODY_SPLIT.length()));
        out.flush();
    }

    /** A table of refunds repaid (netted or requested), one row per fee line, with a 合計 row. */
    static String repaymentTable(List<RepaymentItem> rows) {
        StringBuilder h = new StringBuilder(512 + 300 * rows.size());
        h.append("<table>\n<thead>\n<tr>");
        for (String col : List.of("返金ID", "領収書番号", "チェックアウトID", "手続コード", "手続名", "明細", "年度", "金額")) {
            h.append("<th scope=\"col\">").append(col).append("</th>");
        }
        h.append("</tr>\n</thead>\n<tbody>\n");
        long total = 0;
        for (RepaymentItem r : rows) {
            h.append("<tr><td class=\"ids\">").append(escape(r.refundId())).append("</td><td>")
                    .append(escape(r.receiptNumber() == null ? "" : r.receiptNumber())).append("</td><td class=\"ids\">")
                    .append(escape(r.checkoutId())).append("</td><td>").append(escape(r.procedureCode())).append("</td><td>")
                    .append(escape(r.procedureName())).append("</td><td>").append(escape(r.feeLine()))
                    .append("</td><td class=\"num\">").append(r.fiscalYear()).append("年度</td><td class=\"num\">")
                    .append(yen(r.amount())).append("</td></tr>\n");
            total += r.amount();
        }
        h.append("</tbody>\n<tfoot>\n<tr><th scope=\"row\" colspan=\"7\">合計</th><td class=\"num\">").append(yen(total))
                .append("</td></tr>\n</tfoot>\n</table>\n");
        return h.toString();
    }

    /**
     * A creditor's repayment request (返還請求書) as a printable page: the creditor, the run and the
     * amount requested, then the refunds' fee lines (the same rows as the CSV).
     */
    public static void writeRepaymentRequest(LocalDate businessDate, String runId, String creditorCode, String creditorName,
                                             List<RepaymentItem> rows, OutputStream out) throws IOException {
        String iso = JapaneseDates.isoDate(businessDate);
        StringBuilder h = new StringBuilder(2048);
        h.append("<h1>返還請求書</h1>\n<table class=\"summary\">\n<caption>概要</caption>\n<tbody>\n");
        summaryRow(h, "業務日", "<time datetime=\"" + escape(iso) + "\">" + escape(JapaneseDates.eraDate(businessDate))
                + "（" + escape(iso) + "）</time>", false);
        summaryRow(h, "精算ID", escape(runId), false);
        summaryRow(h, "収納先コード", escape(creditorCode), false);
        summaryRow(h, "収納先名", escape(creditorName), false);
        summaryRow(h, "件数", count(rows.size()), true);
        summaryRow(h, "請求金額", yen(rows.stream().mapToLong(RepaymentItem::amount).sum()), true);
        h.append("</tbody>\n</table>\n<p>精算済みの収納金について返金を行ったため、下記の金額の返還を請求します。</p>\n");
        h.append("<h2>返金明細</h2>\n").append(repaymentTable(rows));
        String page = Html.page(Html.Head.of("ja", CSS), "返還請求書 " + creditorName + " " + iso, "", h.toString());
        Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 8192);
        w.write(page);
        w.flush();
    }

    private static void summaryRow(StringBuilder h, String label, String html, boolean numeric) {
        h.append("<tr><th scope=\"row\">").append(label).append("</th><td")
                .append(numeric ? " class=\"num\"" : "").append('>').append(html).append("</td></tr>\n");
    }

    private static String count(long n) {
        return String.format(Locale.ROOT, "%,d件", n);
    }

    private static String yen(long n) {
        return String.format(Locale.ROOT, "%,d円", n);
    }

}
