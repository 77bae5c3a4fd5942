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
import java.util.Locale;
import jp.kokin.domain.format.Html;
import jp.kokin.domain.format.JapaneseDates;

/**
 * A creditor's statement (計算書) as a complete, printable HTML page in Japanese: the same content as
 * {@link StatementCsv}, with headings, tables whose header cells carry {@code scope}, and print CSS
 * (A4, no colours needed, table headers repeated on every page). Every value is HTML-escaped.
 */
public final class StatementHtml {

    private static final String CSS = """
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
        String iso = JapaneseDates.isoDate(businessDate);
        String era = JapaneseDates.eraDate(businessDate);
        StringBuilder h = new StringBuilder(4096);
        h.append("<h1>計算書</h1>\n");

        h.append("<table class=\"summary\">\n<caption>概要</caption>\n<tbody>\n");
        summaryRow(h, "業務日", "<time datetime=\"" + escape(iso) + "\">" + escape(era) + "（" + escape(iso) + "）</time>", false);
        summaryRow(h, "収納先コード", escape(s.creditorCode()), false);
        summaryRow(h, "収納先名", escape(s.creditorName()), false);
        summaryRow(h, "件数", count(s.count()), true);
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
                .append("<th scope=\"col\">繰越</th></tr>\n</thead>\n<tbody>\n");

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
                    .append("</td></tr>\n");
            out.write(h.toString());
        }
        if (!any) {
            out.write("<tr><td colspan=\"6\">納付はありません。</td></tr>\n");
        }
        out.write("</tbody>\n</table>\n");
        out.write(page.substring(at + BODY_SPLIT.length()));
        out.flush();
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
