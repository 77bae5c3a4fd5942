package jp.kokin.console.audit;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import jp.kokin.console.ConsoleWiring;
import jp.kokin.console.web.Audit;
import jp.kokin.console.web.ConsoleRequest;
import jp.kokin.console.web.Exports;
import jp.kokin.console.web.Layout;
import jp.kokin.console.web.Route;
import jp.kokin.domain.console.AuditEntry;
import jp.kokin.domain.console.AuditLog;
import jp.kokin.domain.console.Page;
import jp.kokin.domain.console.Permission;
import jp.kokin.domain.format.Html;

/**
 * 監査ログ: {@code GET /console/audit?from=&to=&cursor=} (JST dates, default today) and its CSV export
 * {@code GET /console/audit.csv?from=&to=&encoding=}. Permission AUDIT. An auditor granted over some
 * organizations sees the entries of those organizations only; entries of no single organization
 * ({@code "-"}: sign-ins, exports, runs) are seen by those who hold AUDIT over every organization
 * (they name other organizations' staff).
 */
public final class AuditRoutes {
    private static final ZoneId JST = ZoneId.of("Asia/Tokyo");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(JST);
    /** Entries per CSV read (the export streams page after page, no row cap). */
    private static final int EXPORT_PAGE = 500;
    static final List<String> CSV_HEADER = List.of("日時(JST)", "利用者", "ID", "操作", "対象", "団体", "IPアドレス", "ブラウザ", "詳細");

    private AuditRoutes() {}

    public static List<Route> routes(ConsoleWiring wiring, Audit audit) {
        return List.of(
                Route.get("/console/audit", Permission.AUDIT, r -> list(wiring, r)),
                Route.get("/console/audit.csv", Permission.AUDIT, r -> export(wiring, audit, r)));
    }

    private record Range(LocalDate from, LocalDate to) {}

    private static Optional<Range> range(ConsoleRequest r) {
        LocalDate today = r.now().atZone(JST).toLocalDate();
        try {
            LocalDate from = r.q("from").filter(s -> !s.isBlank()).map(LocalDate::parse).orElse(today);
            LocalDate to = r.q("to").filter(s -> !s.isBlank()).map(LocalDate::parse).orElse(from.isAfter(today) ? from : today);
            if (to.isBefore(from) || ChronoUnit.DAYS.between(from, to) > AuditLog.MAX_DAYS) {
                return Optional.empty();
            }
            return Optional.of(new Range(from, to));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static APIGatewayV2HTTPResponse badRange(ConsoleRequest r) {
        return Layout.message(r, 400, r.t("監査ログ", "Audit log"), r.t("期間が正しくありません（YYYY-MM-DD、開始 ≦ 終了、366日以内）。",
                "The dates are not valid (YYYY-MM-DD, from ≤ to, at most 366 days)."));
    }

    private static APIGatewayV2HTTPResponse list(ConsoleWiring wiring, ConsoleRequest r) {
        Optional<Range> range = range(r);
        if (range.isEmpty()) {
            return badRange(r);
        }
        LocalDate from = range.get().from();
        LocalDate to = range.get().to();
        Optional<Set<String>> scope = r.user().organizations(Permission.AUDIT);
        Page<AuditEntry> page;
        try {
            page = wiring.audit().list(from, to, scope, r.q("cursor").filter(s -> !s.isBlank()),
                    wiring.settings().pageSize());
        } catch (IllegalArgumentException e) {
            return badRange(r);
        }
        String title = r.t("監査ログ", "Audit log");
        var h = new StringBuilder();
        h.append("<h1>").append(Html.escape(title)).append("</h1>\n");
        h.append("<form id=\"audit-filters\" method=\"get\" action=\"/console/audit\">")
                .append("<label for=\"from\">").append(r.t("開始日", "From")).append("</label> ")
                .append("<input type=\"date\" id=\"from\" name=\"from\" value=\"").append(from).append("\"> ")
                .append("<label for=\"to\">").append(r.t("終了日", "To")).append("</label> ")
                .append("<input type=\"date\" id=\"to\" name=\"to\" value=\"").append(to).append("\"> ")
                .append("<button type=\"submit\" id=\"show\">").append(r.t("表示", "Show")).append("</button></form>\n");
        h.append("<form id=\"export\" method=\"get\" action=\"/console/audit.csv\">")
                .append("<input type=\"hidden\" name=\"from\" value=\"").append(from).append("\">")
                .append("<input type=\"hidden\" name=\"to\" value=\"").append(to).append("\">")
                .append("<label for=\"encoding\">").append(r.t("文字コード", "Encoding")).append("</label> ")
                .append("<select id=\"encoding\" name=\"encoding\"><option value=\"utf-8\">UTF-8 (BOM)</option>")
                .append("<option value=\"shift_jis\">Shift_JIS</option></select> ")
                .append("<button type=\"submit\" id=\"export-csv\">").append(r.t("CSV出力", "Export CSV")).append("</button></form>\n");
        if (scope.isPresent()) {
            h.append("<p class=\"notice\">").append(Html.escape(r.t("表示対象の団体: ", "Organizations shown: ")
                    + String.join(", ", scope.get().stream().sorted().toList()))).append("</p>\n");
        }
        h.append("<table id=\"audit\"><caption>").append(Html.escape(title + " " + from + " – " + to)).append("</caption>\n<thead><tr>");
        for (String[] th : new String[][] {{"日時(JST)", "Time (JST)"}, {"利用者", "User"}, {"ID", "ID"}, {"操作", "Action"},
                {"対象", "Target"}, {"団体", "Organization"}, {"IPアドレス", "IP address"}, {"ブラウザ", "Browser"}, {"詳細", "Detail"}}) {
            h.append("<th scope=\"col\">").append(r.t(th[0], th[1])).append("</th>");
        }
        h.append("</tr></thead>\n<tbody>\n");
        for (AuditEntry e : page.rows()) {
            h.append("<tr>");
            for (String cell : cells(e)) {
                h.append("<td>").append(Html.escape(cell)).append("</td>");
            }
            h.append("</tr>\n");
        }
        if (page.rows().isEmpty()) {
            h.append("<tr><td colspan=\"9\">").append(r.t("該当する記録はありません。", "No entries.")).append("</td></tr>\n");
        }
        h.append("</tbody></table>\n");
        page.next().ifPresent(next -> h.append("<p><a id=\"next-page\" href=\"/console/audit?from=").append(from)
                .append("&amp;to=").append(to).append("&amp;cursor=").append(Html.escape(Layout.urlEncode(next)))
                .append("\">").append(r.t("次のページ", "Next page")).append("</a></p>\n"));
        return Layout.page(r, 200, title, h.toString());
    }

    private static List<String> cells(AuditEntry e) {
        String detail = e.detail().entrySet().stream().map(d -> d.getKey() + "=" + d.getValue()).collect(Collectors.joining("; "));
        return List.of(TIME.format(e.at()), e.name(), e.principal(), e.action(), e.target(), e.organization(), e.sourceIp(),
                e.userAgent(), detail);
    }

    private static APIGatewayV2HTTPResponse export(ConsoleWiring wiring, Audit audit, ConsoleRequest r) {
        Optional<Range> range = range(r);
        if (range.isEmpty()) {
            return badRange(r);
        }
        Optional<Set<String>> scope = r.user().organizations(Permission.AUDIT);
        Range d = range.get();
        return Exports.csv(r, wiring.documents(), audit, "audit", "audit_" + d.from() + "_" + d.to(), csv -> {
            csv.row(CSV_HEADER.toArray(String[]::new));
            Optional<String> cursor = Optional.empty();
            do {
                Page<AuditEntry> page = wiring.audit().list(d.from(), d.to(), scope, cursor, EXPORT_PAGE);
                page.rows().forEach(e -> csv.row(cells(e).toArray(String[]::new)));
                cursor = page.next();
            } while (cursor.isPresent());
        });
    }
}
