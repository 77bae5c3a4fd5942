package jp.kokin.console.payments;

import static jp.kokin.console.payments.Fmt.esc;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import jp.kokin.console.ConsoleWiring;
import jp.kokin.console.web.Audit;
import jp.kokin.console.web.ConsoleRequest;
import jp.kokin.console.web.Csv;
import jp.kokin.console.web.Exports;
import jp.kokin.console.web.Layout;
import jp.kokin.console.web.Route;
import jp.kokin.domain.catalog.Catalog;
import jp.kokin.domain.catalog.Organization;
import jp.kokin.domain.catalog.Procedure;
import jp.kokin.domain.checkout.CheckoutStatus;
import jp.kokin.domain.checkout.PaymentMethod;
import jp.kokin.domain.console.Page;
import jp.kokin.domain.console.PaymentQuery;
import jp.kokin.domain.console.PaymentRow;
import jp.kokin.domain.console.Permission;
import jp.kokin.domain.console.StaffUser;

/**
 * 収納一覧: the payments list with its filters, the search by portal reference or receipt number, the
 * CSV export, and each checkout's page ({@link CheckoutPage}). Every list is limited to the
 * organizations the user may view; a checkout of another organization is not found.
 */
public final class PaymentRoutes {
    /**
     * Organizations one list may span: the store queries each organization's index and merges, so a
     * page costs one query per organization. A user whose scope is wider (a platform-wide viewer of
     * every municipality) picks one organization.
     */
    public static final int MAX_ORGANIZATIONS_PER_LIST = 20;
    /** Days the list shows when no range is given (today and the six days before, JST). */
    public static final int DEFAULT_DAYS = 7;
    /** Rows fetched per store call while exporting (the export has no row cap; this bounds memory). */
    public static final int EXPORT_PAGE = 500;
    /** The longest search text (references and receipt numbers are far shorter). */
    public static final int MAX_SEARCH = 100;
    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final DateTimeFormatter CSV_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(Fmt.JST);

    private final ConsoleWiring wiring;
    private final Audit audit;
    private final CheckoutPage checkoutPage;

    private PaymentRoutes(ConsoleWiring wiring, Audit audit) {
        this.wiring = wiring;
        this.audit = audit;
        this.checkoutPage = new CheckoutPage(wiring, audit);
    }

    public static List<Route> routes(ConsoleWiring wiring, Audit audit) {
        var p = new PaymentRoutes(wiring, audit);
        return List.of(
                Route.get("/console/payments", Permission.VIEW, p::list),
                Route.get("/console/payments.csv", Permission.VIEW, p::csv),
                Route.get("/console/payments/search", Permission.VIEW, p::search),
                Route.get("/console/payments/{id}", Permission.VIEW, p.checkoutPage::show),
                Route.post("/console/payments/{id}/notifications/{nid}/resend", Permission.OPERATE, p.checkoutPage::resend));
    }

    /** A filter the user gave that cannot be listed: a 400 page that says why, with the form to correct it. */
    static final class BadFilter extends RuntimeException {
        BadFilter(String message) {
            super(message, null, false, false);
        }
    }

    /** The list's filters as given (text, to fill the form again) and as parsed. */
    record Filters(LocalDate from, LocalDate to, Optional<String> org, Optional<String> procedure, Optional<String> status,
                   Optional<String> method, Optional<Long> minAmount, Optional<Long> maxAmount) {

        static Filters parse(ConsoleRequest r) {
            LocalDate today = r.now().atZone(Fmt.JST).toLocalDate();
            LocalDate to = r.q("to").map(s -> date(r, s)).orElse(today);
            LocalDate from = r.q("from").map(s -> date(r, s)).orElse(to.minusDays(DEFAULT_DAYS - 1));
            if (to.isBefore(from)) {
                throw new BadFilter(r.t("終了日が開始日より前です。", "The end date is before the start date."));
            }
            if (ChronoUnit.DAYS.between(from, to) + 1 > PaymentQuery.MAX_DAYS) {
                throw new BadFilter(r.t("期間は" + PaymentQuery.MAX_DAYS + "日以内で指定してください。",
                        "The date range may span at most " + PaymentQuery.MAX_DAYS + " days."));
            }
            Optional<String> status = r.q("status");
            if (status.isPresent() && java.util.Arrays.stream(CheckoutStatus.values()).noneMatch(s -> s.wire().equals(status.get()))) {
                throw new BadFilter(r.t("状態の指定が正しくありません。", "Unknown status."));
            }
            Optional<String> method = r.q("method");
            if (method.isPresent() && PaymentMethod.fromWire(method.get()).isEmpty()) {
                throw new BadFilter(r.t("支払方法の指定が正しくありません。", "Unknown payment method."));
            }
            Optional<String> procedure = r.q("procedure");
            Optional<String> org = r.q("org");
            if (procedure.filter(p -> !CODE.matcher(p).matches()).isPresent() || org.filter(o -> !CODE.matcher(o).matches()).isPresent()) {
                throw new BadFilter(r.t("団体または手続の指定が正しくありません。", "Unknown organization or procedure."));
            }
            Optional<Long> min = r.q("minAmount").map(s -> amount(r, s));
            Optional<Long> max = r.q("maxAmount").map(s -> amount(r, s));
            if (min.isPresent() && max.isPresent() && max.get() < min.get()) {
                throw new BadFilter(r.t("上限金額が下限金額より小さくなっています。", "The maximum amount is below the minimum."));
            }
            return new Filters(from, to, org, procedure, status, method, min, max);
        }

        private static LocalDate date(ConsoleRequest r, String s) {
            try {
                return LocalDate.parse(s);
            } catch (DateTimeParseException e) {
                throw new BadFilter(r.t("日付は YYYY-MM-DD で指定してください。", "Dates are YYYY-MM-DD."));
            }
        }

        private static long amount(ConsoleRequest r, String s) {
            try {
                long v = Long.parseLong(s.replace(",", ""));
                if (v < 0) {
                    throw new NumberFormatException();
                }
                return v;
            } catch (NumberFormatException e) {
                throw new BadFilter(r.t("金額は0以上の整数（円）で指定してください。", "Amounts are whole yen, 0 or more."));
            }
        }

        /** The query string of these filters (for the next page and the export), without a leading {@code ?}. */
        String query() {
            var m = new LinkedHashMap<String, String>();
            m.put("from", from.toString());
            m.put("to", to.toString());
            org.ifPresent(v -> m.put("org", v));
            procedure.ifPresent(v -> m.put("procedure", v));
            status.ifPresent(v -> m.put("status", v));
            method.ifPresent(v -> m.put("method", v));
            minAmount.ifPresent(v -> m.put("minAmount", Long.toString(v)));
            maxAmount.ifPresent(v -> m.put("maxAmount", Long.toString(v)));
            var sb = new StringBuilder();
            m.forEach((k, v) -> sb.append(sb.isEmpty() ? "" : "&").append(k).append('=').append(Layout.urlEncode(v)));
            return sb.toString();
        }
    }

    /** The organizations to list: the chosen one (if in scope), else every one in scope. */
    private Set<String> organizations(ConsoleRequest r, Filters f, Catalog catalog) {
        Optional<Set<String>> scope = r.user().organizations(Permission.VIEW);
        if (f.org().isPresent()) {
            String org = f.org().get();
            boolean allowed = scope.map(s -> s.contains(org)).orElse(catalog.organization(org).isPresent());
            if (!allowed) {
                throw new BadFilter(r.t("指定の団体は閲覧できません。", "You may not view this organization."));
            }
            return Set.of(org);
        }
        return scope.orElseGet(() -> new TreeSet<>(catalog.organizations().keySet()));
    }

    private APIGatewayV2HTTPResponse list(ConsoleRequest r) {
        Catalog catalog = wiring.catalog().get();
        Filters f;
        Set<String> orgs;
        try {
            f = Filters.parse(r);
            orgs = organizations(r, f, catalog);
        } catch (BadFilter e) {
            return listPage(r, 400, catalog, null, null, e.getMessage(), null);
        }
        if (orgs.isEmpty()) {
            return listPage(r, 200, catalog, f, new Page<>(List.of(), Optional.empty()), null, null);
        }
        if (orgs.size() > MAX_ORGANIZATIONS_PER_LIST) {
            return listPage(r, 200, catalog, f, null, null, r.t("団体を選んでください（一度に表示できるのは"
                    + MAX_ORGANIZATIONS_PER_LIST + "団体までです）。", "Choose an organization (one list spans at most "
                    + MAX_ORGANIZATIONS_PER_LIST + " organizations)."));
        }
        Optional<String> cursor = r.q("cursor");
        if (cursor.filter(c -> c.length() > Page.MAX_CURSOR).isPresent()) {
            return listPage(r, 400, catalog, f, null, r.t("ページの指定が正しくありません。", "Invalid page."), null);
        }
        Page<PaymentRow> page;
        try {
            page = wiring.payments().list(query(f, orgs), cursor, wiring.settings().pageSize());
        } catch (IllegalArgumentException e) { // a cursor the store does not accept
            return listPage(r, 400, catalog, f, null, r.t("ページの指定が正しくありません。最初のページから開き直してください。",
                    "Invalid page. Open the list from its first page."), null);
        }
        return listPage(r, 200, catalog, f, page, null, null);
    }

    private static PaymentQuery query(Filters f, Set<String> orgs) {
        return new PaymentQuery(f.from(), f.to(), orgs, f.procedure(), f.status(), f.method(), f.minAmount(), f.maxAmount());
    }

    private APIGatewayV2HTTPResponse listPage(ConsoleRequest r, int status, Catalog catalog, Filters f, Page<PaymentRow> page,
                                              String error, String notice) {
        var sb = new StringBuilder();
        sb.append("<h1>").append(r.t("収納一覧", "Payments")).append("</h1>\n");
        if (error != null) {
            sb.append("<p class=\"notice error\" role=\"alert\">").append(esc(error)).append("</p>\n");
        }
        if (notice != null) {
            sb.append("<p class=\"notice\" role=\"status\">").append(esc(notice)).append("</p>\n");
        }
        sb.append(searchForm(r, ""));
        sb.append(filterForm(r, catalog, f));
        if (page != null) {
            sb.append(table(r, catalog, page.rows(), r.t("収納一覧 ", "Payments ") + f.from() + " – " + f.to()
                    + r.t("（作成日、JST）", " (created, JST)")));
            if (page.next().isPresent()) {
                sb.append("<p class=\"pager\"><a id=\"next-page\" href=\"/console/payments?").append(esc(f.query()))
                        .append("&amp;cursor=").append(esc(Layout.urlEncode(page.next().get()))).append("\">")
                        .append(r.t("次のページ", "Next page")).append("</a></p>\n");
            }
            sb.append(exportForm(r, f));
        }
        return Layout.page(r, status, r.t("収納一覧", "Payments"), sb.toString());
    }

    static String searchForm(ConsoleRequest r, String q) {
        return "<form id=\"payment-search\" class=\"filters\" method=\"get\" action=\"/console/payments/search\" role=\"search\">"
                + "<div><label for=\"q\">" + r.t("申請番号または領収書番号", "Portal reference or receipt number") + "</label>"
                + "<input id=\"q\" name=\"q\" type=\"search\" maxlength=\"" + MAX_SEARCH + "\" value=\"" + esc(q) + "\"></div>"
                + "<div><button id=\"search\" type=\"submit\">" + r.t("検索", "Search") + "</button></div></form>\n";
    }

    private String filterForm(ConsoleRequest r, Catalog catalog, Filters f) {
        LocalDate today = r.now().atZone(Fmt.JST).toLocalDate();
        String from = f == null ? r.q("from").orElse(today.minusDays(DEFAULT_DAYS - 1).toString()) : f.from().toString();
        String to = f == null ? r.q("to").orElse(today.toString()) : f.to().toString();
        var sb = new StringBuilder();
        sb.append("<form id=\"payment-filters\" class=\"filters\" method=\"get\" action=\"/console/payments\">\n");
        sb.append("<div><label for=\"from\">").append(r.t("開始日", "From")).append("</label><input id=\"from\" name=\"from\" type=\"date\" value=\"")
                .append(esc(from)).append("\"></div>\n");
        sb.append("<div><label for=\"to\">").append(r.t("終了日", "To")).append("</label><input id=\"to\" name=\"to\" type=\"date\" value=\"")
                .append(esc(to)).append("\"></div>\n");
        String org = r.q("org").orElse("");
        sb.append("<div><label for=\"org\">").append(r.t("団体", "Organization")).append("</label><select id=\"org\" name=\"org\">")
                .append(option("", r.t("すべて（権限の範囲）", "All you may view"), org));
        List<String> visible = visibleOrganizations(r.user(), catalog);
        for (String code : visible) {
            sb.append(option(code, catalog.organization(code).map(Organization::name).orElse(code) + " (" + code + ")", org));
        }
        sb.append("</select></div>\n");
        var procedures = new LinkedHashMap<String, String>();
        for (String code : visible) {
            catalog.organization(code).ifPresent(o -> o.procedures().values().forEach(
                    (Procedure p) -> procedures.putIfAbsent(p.code(), r.english() && p.name().en() != null ? p.name().en() : p.name().ja())));
        }
        var procedureLabels = new LinkedHashMap<String, String>();
        procedures.forEach((code, name) -> procedureLabels.put(code, esc(name + " (" + code + ")")));
        select(sb, r, "procedure", r.t("手続", "Procedure"), procedureLabels);
        var statusLabels = new LinkedHashMap<String, String>();
        for (CheckoutStatus s : CheckoutStatus.values()) {
            statusLabels.put(s.wire(), Fmt.checkoutStatus(r, s.wire()));
        }
        select(sb, r, "status", r.t("状態", "Status"), statusLabels);
        var methodLabels = new LinkedHashMap<String, String>();
        for (PaymentMethod m : PaymentMethod.values()) {
            methodLabels.put(m.wire(), Fmt.method(r, m.wire()));
        }
        select(sb, r, "method", r.t("支払方法", "Method"), methodLabels);
        sb.append("<div><label for=\"minAmount\">").append(r.t("金額（下限、円）", "Min amount (yen)"))
                .append("</label><input id=\"minAmount\" name=\"minAmount\" type=\"number\" min=\"0\" step=\"1\" value=\"")
                .append(esc(r.q("minAmount").orElse(""))).append("\"></div>\n");
        sb.append("<div><label for=\"maxAmount\">").append(r.t("金額（上限、円）", "Max amount (yen)"))
                .append("</label><input id=\"maxAmount\" name=\"maxAmount\" type=\"number\" min=\"0\" step=\"1\" value=\"")
                .append(esc(r.q("maxAmount").orElse(""))).append("\"></div>\n");
        sb.append("<div><button id=\"apply-filters\" type=\"submit\">").append(r.t("表示", "Show")).append("</button></div>\n</form>\n");
        return sb.toString();
    }

    /** The organizations the user may view, for the select (every catalog organization for a platform-wide viewer). */
    static List<String> visibleOrganizations(StaffUser user, Catalog catalog) {
        return user.organizations(Permission.VIEW).map(s -> (List<String>) new ArrayList<>(new TreeSet<>(s)))
                .orElseGet(() -> new ArrayList<>(new TreeSet<>(catalog.organizations().keySet())));
    }

    /** A labelled filter {@code <select>} named {@code name}: "all", then each value with its label (markup), the query's value selected. */
    private static void select(StringBuilder sb, ConsoleRequest r, String name, String label, Map<String, String> labelsHtml) {
        String selected = r.q(name).orElse("");
        sb.append("<div><label for=\"").append(name).append("\">").append(label).append("</label><select id=\"").append(name)
                .append("\" name=\"").append(name).append("\">").append(option("", r.t("すべて", "All"), selected));
        labelsHtml.forEach((value, html) -> sb.append(optionRaw(value, html, selected)));
        sb.append("</select></div>\n");
    }

    private static String option(String value, String label, String selected) {
        return optionRaw(value, esc(label), selected);
    }

    private static String optionRaw(String value, String labelHtml, String selected) {
        return "<option value=\"" + esc(value) + "\"" + (value.equals(selected) ? " selected" : "") + ">" + labelHtml + "</option>";
    }

    /** The payments table ({@code id="payments"}), one row per checkout linking to its page. */
    static String table(ConsoleRequest r, Catalog catalog, List<PaymentRow> rows, String caption) {
        var sb = new StringBuilder();
        sb.append("<table id=\"payments\">\n<caption>").append(esc(caption)).append(r.t("：", ": ")).append(rows.size())
                .append(r.t("件", rows.size() == 1 ? " row" : " rows")).append("</caption>\n<thead><tr>");
        for (String h : List.of(r.t("受付番号", "Checkout"), r.t("団体", "Organization"), r.t("申請番号", "Reference"),
                r.t("手続", "Procedures"), r.t("状態", "Status"), r.t("支払方法", "Method"))) {
            sb.append("<th scope=\"col\">").append(esc(h)).append("</th>");
        }
        sb.append("<th scope=\"col\" class=\"num\">").append(r.t("金額", "Amount")).append("</th>");
        sb.append("<th scope=\"col\">").append(r.t("作成日時", "Created")).append("</th>");
        sb.append("<th scope=\"col\">").append(r.t("支払日時", "Paid")).append("</th>");
        sb.append("<th scope=\"col\">").append(r.t("領収書番号", "Receipt")).append("</th>");
        sb.append("<th scope=\"col\" class=\"num\">").append(r.t("返金額（承認済み以降）", "Refunded (approved or later)")).append("</th></tr></thead>\n<tbody>\n");
        for (PaymentRow row : rows) {
            sb.append("<tr><td><a class=\"checkout-link\" href=\"/console/payments/").append(esc(row.checkoutId())).append("\">")
                    .append(esc(row.checkoutId())).append("</a></td><td>").append(Fmt.organization(catalog, row.organizationCode()))
                    .append("</td><td>").append(esc(row.reference())).append("</td><td>").append(esc(String.join(", ", row.procedures())))
                    .append("</td><td>").append(Fmt.checkoutStatus(r, row.statusAt(r.now()))).append("</td><td>").append(Fmt.method(r, row.method()))
                    .append("</td><td class=\"num\">").append(Fmt.yen(row.amount())).append("</td><td>").append(Fmt.jst(row.createdAt()))
                    .append("</td><td>").append(Fmt.jst(row.paidAt())).append("</td><td>").append(esc(row.receiptNumber()))
                    .append("</td><td class=\"num\">").append(row.refunded() == 0 ? "" : Fmt.yen(row.refunded())).append("</td></tr>\n");
        }
        if (rows.isEmpty()) {
            sb.append("<tr><td colspan=\"11\">").append(r.t("該当する支払はありません。", "No payments match.")).append("</td></tr>\n");
        }
        sb.append("</tbody></table>\n");
        return sb.toString();
    }

    private static String exportForm(ConsoleRequest r, Filters f) {
        var sb = new StringBuilder();
        sb.append("<form id=\"export\" class=\"filters noprint\" method=\"get\" action=\"/console/payments.csv\">");
        for (String pair : f.query().split("&")) {
            int eq = pair.indexOf('=');
            sb.append("<input type=\"hidden\" name=\"").append(esc(pair.substring(0, eq))).append("\" value=\"")
                    .append(esc(java.net.URLDecoder.decode(pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8))).append("\">");
        }
        sb.append("<div><label for=\"encoding\">").append(r.t("文字コード", "Encoding")).append("</label><select id=\"encoding\" name=\"encoding\">")
                .append("<option value=\"utf-8\">UTF-8 (BOM)</option><option value=\"shift_jis\">Shift_JIS</option></select></div>")
                .append("<div><button id=\"export-csv\" type=\"submit\">").append(r.t("CSVを出力（全件）", "Export CSV (all rows)"))
                .append("</button></div></form>\n");
        return sb.toString();
    }

    /** The CSV header (design §2). */
    static final List<String> CSV_HEADER = List.of("受付番号", "団体コード", "ポータル", "申請番号", "手続", "状態", "支払方法", "金額",
            "作成日時(JST)", "支払日時(JST)", "領収書番号", "返金額(承認済以降)");

    private APIGatewayV2HTTPResponse csv(ConsoleRequest r) {
        Catalog catalog = wiring.catalog().get();
        Filters f;
        Set<String> orgs;
        try {
            f = Filters.parse(r);
            orgs = organizations(r, f, catalog);
            if (orgs.isEmpty() || orgs.size() > MAX_ORGANIZATIONS_PER_LIST) {
                throw new BadFilter(r.t("団体を選んでください。", "Choose an organization."));
            }
        } catch (BadFilter e) {
            return listPage(r, 400, catalog, null, null, e.getMessage(), null);
        }
        PaymentQuery query = query(f, orgs);
        return Exports.csv(r, wiring.exports(), audit, "payments?" + f.query(), "payments_" + f.from() + "_" + f.to(), csv -> {
            csv.row(CSV_HEADER.toArray(String[]::new));
            Optional<String> cursor = Optional.empty();
            do {
                Page<PaymentRow> page = wiring.payments().list(query, cursor, EXPORT_PAGE);
                for (PaymentRow row : page.rows()) {
                    writeRow(csv, row, r.now());
                }
                cursor = page.next();
            } while (cursor.isPresent());
        });
    }

    static void writeRow(Csv csv, PaymentRow row, java.time.Instant now) {
        csv.text(row.checkoutId()).text(row.organizationCode()).text(row.portalId()).text(row.reference())
                .text(String.join(" ", row.procedures())).text(row.statusAt(now)).text(row.method()).number(row.amount())
                .text(row.createdAt() == null ? "" : CSV_TIME.format(row.createdAt()))
                .text(row.paidAt() == null ? "" : CSV_TIME.format(row.paidAt())).text(row.receiptNumber())
                .number(row.refunded()).endRow();
    }

    private APIGatewayV2HTTPResponse search(ConsoleRequest r) {
        Catalog catalog = wiring.catalog().get();
        String q = r.q("q").orElse("");
        var sb = new StringBuilder();
        sb.append("<h1>").append(r.t("支払の検索", "Find a payment")).append("</h1>\n");
        if (q.isEmpty() || q.length() > MAX_SEARCH) {
            sb.append("<p class=\"notice error\" role=\"alert\">").append(r.t("申請番号または領収書番号を入力してください。",
                    "Enter a portal reference or a receipt number.")).append("</p>\n").append(searchForm(r, ""));
            return Layout.page(r, 400, r.t("支払の検索", "Find a payment"), sb.toString());
        }
        var hits = new LinkedHashMap<String, PaymentRow>();
        wiring.payments().byReceiptNumber(q).ifPresent(row -> hits.put(row.checkoutId(), row));
        wiring.payments().byReference(q).forEach(row -> hits.putIfAbsent(row.checkoutId(), row));
        List<PaymentRow> visible = hits.values().stream().filter(row -> r.user().may(Permission.VIEW, row.organizationCode())).toList();
        if (visible.size() == 1) {
            return Layout.seeOther("/console/payments/" + visible.getFirst().checkoutId());
        }
        sb.append(searchForm(r, q));
        if (visible.isEmpty()) {
            sb.append("<p class=\"notice\" role=\"status\">").append(r.t("「" + esc(q) + "」に該当する支払は見つかりませんでした。",
                    "No payment found for “" + esc(q) + "”.")).append("</p>\n");
        } else {
            sb.append(table(r, catalog, visible, r.t("「" + q + "」の検索結果", "Payments for “" + q + "”")));
        }
        return Layout.page(r, 200, r.t("支払の検索", "Find a payment"), sb.toString());
    }
}
