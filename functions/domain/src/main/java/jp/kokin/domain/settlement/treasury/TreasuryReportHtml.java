package jp.kokin.domain.settlement.treasury;

import static jp.kokin.domain.format.Html.escape;

import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

import jp.kokin.domain.format.Html;
import jp.kokin.domain.format.JapaneseDates;
import jp.kokin.domain.settlement.RepaymentItem;
import jp.kokin.domain.settlement.StatementCsv;
import jp.kokin.domain.settlement.StatementHtml;
import jp.kokin.domain.settlement.treasury.TreasuryReport.Claim;
import jp.kokin.domain.settlement.treasury.TreasuryReport.Entrustment;

/**
 * The Art. 6(2) report as a printable Japanese page in the statements' style ({@link StatementHtml#CSS}):
 * no script, a summary table (agent, ministry, officer, period, count, total, version), the
 * entrustments, the refund claims and, for a correction, its differences, every table with header
 * cells that carry {@code scope}. Every value is HTML-escaped; the same report gives the same bytes.
 */
public final class TreasuryReportHtml {
    private static final String TITLE = "納付受託報告書";

    private TreasuryReportHtml() {
    }

    /** Where the tables go in the page {@link Html#page} builds (split there to stream them). */
    private static final String BODY_SPLIT = "\u0000body\u0000";

    /** The bytes {@link #write} streams, held in memory. */
    public static byte[] render(TreasuryReport r, TreasuryReport.Issue issue) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096 + 400 * r.count());
        try {
            write(r, issue, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Streams the page to {@code out}, a table row at a time (flushes {@code out}, leaves it open). */
    public static void write(TreasuryReport r, TreasuryReport.Issue issue, OutputStream out) throws IOException {
        TreasuryReport.Header h = r.header();
        Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 8192);
        String page = Html.page(Html.Head.of("ja", StatementHtml.CSS), TITLE + " " + h.ministryName() + " " + r.from() + "～" + r.to()
                + " " + issue.label(), "", BODY_SPLIT);
        int at = page.lastIndexOf(BODY_SPLIT);
        w.write(page, 0, at);
        StringBuilder b = new StringBuilder(8192);
        b.append("<h1>").append(TITLE).append("</h1>\n<p>情報通信技術を利用する方法による国の歳入等の納付に関する法律第6条第2項に基づく報告</p>\n");
        b.append("<table class=\"summary\">\n<caption>概要</caption>\n<tbody>\n");
        summary(b, "版", escape(issue.label()) + (issue.corrects() > 0 ? "（" + escape(issue.correctsLabel()) + "の訂正）" : ""));
        summary(b, "指定納付受託者", escape(h.agentName()));
        summary(b, "所管", escape(h.ministryCode()) + " " + escape(h.ministryName()) + "（組織コード " + escape(h.organizationCode()) + "）");
        summary(b, "会計", escape(h.account()));
        summary(b, "歳入徴収官", escape(h.officerCode()) + " " + escape(h.officerName()));
        summary(b, "期間", date(r.from()) + " ～ " + date(r.to()));
        summary(b, "件数", count(r.count()));
        summary(b, "合計金額", yen(r.total()));
        summary(b, "返還請求", count(r.claims().size()) + " " + yen(r.claimsAmount()));
        summary(b, "発行日時", escape(StatementCsv.jstDateTime(issue.issuedAt())));
        b.append("</tbody>\n</table>\n");

        b.append("<h2>納付受託明細</h2>\n");
        entrustments(b, w, "納付受託明細", r.entrustments(), null);
        b.append("<h2>返還請求</h2>\n");
        claims(b, "返還請求", r.claims(), null);
        if (issue.corrects() > 0) {
            TreasuryReport.Differences d = issue.differences();
            b.append("<h2>訂正内容（").append(escape(issue.correctsLabel())).append("からの変更）</h2>\n");
            entrustments(b, w, "追加された納付受託", d.added(), "追加");
            entrustments(b, w, "削除された納付受託", d.removed(), "削除");
            claims(b, "追加された返還請求", d.claimsAdded(), "追加");
            claims(b, "削除された返還請求", d.claimsRemoved(), "削除");
        }
        w.write(b.toString());
        w.write(page, at + BODY_SPLIT.length(), page.length() - at - BODY_SPLIT.length());
        w.flush();
    }

    /** A table of entrustments, its rows written through {@code w} as they are made ({@code b} is emptied into it). */
    private static void entrustments(StringBuilder b, Writer w, String caption, List<Entrustment> rows, String mark)
            throws IOException {
        b.append("<table>\n<caption>").append(escape(caption)).append("</caption>\n<thead>\n<tr>");
        if (mark != null) {
            b.append("<th scope=\"col\">区分</th>");
        }
        b.append("<th scope=\"col\">納付受託日</th><th scope=\"col\">納付日時（JST）</th><th scope=\"col\">手続</th>")
                .append("<th scope=\"col\">数量</th><th scope=\"col\">整理番号（ポータル）</th><th scope=\"col\">金額</th>")
                .append("<th scope=\"col\">取消額</th><th scope=\"col\">チェックアウトID</th><th scope=\"col\">納付番号</th>")
                .append("</tr>\n</thead>\n<tbody>\n");
        for (Entrustment e : rows) {
            b.append("<tr>");
            if (mark != null) {
                b.append("<td>").append(escape(mark)).append("</td>");
            }
            b.append("<th scope=\"row\">").append(date(e.entrustedOn())).append("</th><td>")
                    .append(escape(StatementCsv.jstDateTime(e.paidAt()))).append("</td><td>").append(escape(e.procedureCode()))
                    .append(" ").append(escape(e.procedureName())).append("</td><td class=\"num\">").append(e.quantity())
                    .append("</td><td class=\"ids\">").append(escape(e.reference())).append("</td><td class=\"num\">")
                    .append(yen(e.amount())).append("</td><td class=\"num\">").append(yen(e.refunded()))
                    .append("</td><td class=\"ids\">").append(escape(e.checkoutId())).append("</td><td class=\"ids\">")
                    .append(escape(e.payinId())).append("</td></tr>\n");
            if (b.length() > 8192) {
                w.write(b.toString());
                b.setLength(0);
            }
        }
        if (rows.isEmpty()) {
            b.append("<tr><td colspan=\"").append(mark == null ? 9 : 10).append("\">なし</td></tr>\n");
        }
        b.append("</tbody>\n</table>\n");
    }

    private static void claims(StringBuilder b, String caption, List<Claim> rows, String mark) {
        b.append("<table>\n<caption>").append(escape(caption)).append("</caption>\n<thead>\n<tr>");
        if (mark != null) {
            b.append("<th scope=\"col\">区分</th>");
        }
        b.append("<th scope=\"col\">精算ID</th><th scope=\"col\">業務日</th><th scope=\"col\">返金ID</th>")
                .append("<th scope=\"col\">領収書番号</th><th scope=\"col\">手続</th><th scope=\"col\">明細</th>")
                .append("<th scope=\"col\">年度</th><th scope=\"col\">金額</th></tr>\n</thead>\n<tbody>\n");
        boolean any = false;
        for (Claim c : rows) {
            for (RepaymentItem i : c.items()) {
                any = true;
                b.append("<tr>");
                if (mark != null) {
                    b.append("<td>").append(escape(mark)).append("</td>");
                }
                b.append("<th scope=\"row\" class=\"ids\">").append(escape(c.runId())).append("</th><td>").append(date(c.businessDate()))
                        .append("</td><td class=\"ids\">").append(escape(i.refundId())).append("</td><td class=\"ids\">")
                        .append(escape(i.receiptNumber() == null ? "" : i.receiptNumber())).append("</td><td>")
                        .append(escape(i.procedureCode())).append(" ").append(escape(i.procedureName())).append("</td><td>")
                        .append(escape(i.feeLine())).append("</td><td class=\"num\">").append(i.fiscalYear())
                        .append("</td><td class=\"num\">").append(yen(i.amount())).append("</td></tr>\n");
            }
        }
        if (!any) {
            b.append("<tr><td colspan=\"").append(mark == null ? 8 : 9).append("\">なし</td></tr>\n");
        }
        b.append("</tbody>\n</table>\n");
    }

    private static void summary(StringBuilder b, String label, String valueHtml) {
        b.append("<tr><th scope=\"row\">").append(escape(label)).append("</th><td>").append(valueHtml).append("</td></tr>\n");
    }

    private static String date(java.time.LocalDate d) {
        String iso = JapaneseDates.isoDate(d);
        return "<time datetime=\"" + escape(iso) + "\">" + escape(JapaneseDates.eraDate(d)) + "（" + escape(iso) + "）</time>";
    }

    private static String count(long n) {
        return String.format(Locale.ROOT, "%,d件", n);
    }

    private static String yen(long n) {
        return String.format(Locale.ROOT, "%,d円", n);
    }
}
