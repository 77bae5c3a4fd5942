package jp.kokin.console.web;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.ZoneId;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.Consumer;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import jp.kokin.domain.console.AuditActions;
import jp.kokin.domain.format.Html;
import jp.kokin.domain.settlement.DocumentStore;
import jp.kokin.domain.settlement.StoredObject;

/**
 * CSV exports of any list, with no row cap: the rows are streamed (page by page from the store) into
 * the exports' bucket under {@code console/exports/} (the document store spills to a temporary file,
 * so memory does not grow with the rows), and the browser is sent a presigned link valid for
 * {@link #LINK_VALIDITY}, on a page (see {@link #ready}). A Lambda answer could carry at most 6 MB; a link carries any size. The
 * bucket ({@code ConsoleExportBucket}: no object lock, unlike the settlement bucket) deletes exports
 * after a day. Every export is in the audit log.
 */
public final class Exports {
    public static final Duration LINK_VALIDITY = Duration.ofMinutes(5);
    private static final ZoneId JST = ZoneId.of("Asia/Tokyo");
    private static final SecureRandom RANDOM = new SecureRandom();

    private Exports() {}

    /**
     * @param name  the download's file name without extension, e.g. {@code payments_2026-12-01}
     * @param list  what is exported, for the audit log (e.g. {@code payments})
     * @param rows  writes the header row and every row
     */
    public static APIGatewayV2HTTPResponse csv(ConsoleRequest r, DocumentStore documents, Audit audit, String list,
                                               String name, Consumer<Csv> rows) {
        Csv.Encoding encoding = r.q("encoding").flatMap(Csv.Encoding::fromWire).orElse(Csv.Encoding.UTF8_BOM);
        byte[] id = new byte[12];
        RANDOM.nextBytes(id);
        String key = "console/exports/" + r.now().atZone(JST).toLocalDate() + "/" + HexFormat.of().formatHex(id) + ".csv";
        long[] count = new long[1];
        StoredObject stored = documents.put(key, encoding.contentType, out -> {
            try (Csv csv = new Csv(out, encoding)) {
                rows.accept(csv);
                count[0] = csv.rows();
            }
        });
        audit.record(r, AuditActions.EXPORTED, list, "-", Map.of("rows", Long.toString(count[0]),
                "bytes", Long.toString(stored.bytes()), "sha256", stored.sha256(), "encoding", encoding.wire));
        String link = documents.presignedGet(key, LINK_VALIDITY, name + ".csv").toString();
        return ready(r, link, Math.max(0, count[0] - 1)); // every export has a header row
    }

    /**
     * The answer to an export: a page (200), not a 303 to the link. The export is asked for by a GET form,
     * and a browser applies the page's CSP {@code form-action 'self'} to every redirect that follows a form
     * submission, so a redirect to the bucket's origin would be blocked. A {@code <meta http-equiv=refresh>}
     * is a navigation of its own, not governed by {@code form-action} (as at sign-in), and the link
     * {@code #download} is there for when it does not fire.
     */
    static APIGatewayV2HTTPResponse ready(ConsoleRequest r, String link, long records) {
        String title = r.t("CSVを出力しました", "CSV export ready");
        String main = "<meta http-equiv=\"refresh\" content=\"0;url=" + Html.escape(link) + "\">\n<h1>" + Html.escape(title)
                + "</h1>\n<p class=\"notice ok\" role=\"status\">" + r.t("<span id=\"export-rows\">" + records + "</span> 件を出力しました（見出し行を除く）。",
                        "<span id=\"export-rows\">" + records + "</span> records exported (besides the header row).") + "</p>\n"
                + "<p><a id=\"download\" href=\"" + Html.escape(link) + "\">" + r.t("CSVをダウンロード", "Download the CSV") + "</a></p>\n"
                + "<p class=\"muted\">" + r.t("リンクの有効期限は" + LINK_VALIDITY.toMinutes() + "分です。",
                        "The link is valid for " + LINK_VALIDITY.toMinutes() + " minutes.") + "</p>\n";
        return Layout.html(200, Layout.render(r, title, main));
    }
}
