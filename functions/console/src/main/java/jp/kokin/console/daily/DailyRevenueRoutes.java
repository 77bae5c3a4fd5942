package jp.kokin.console.daily;

import static jp.kokin.console.settlement.SettlementRoutes.dateInput;
import static jp.kokin.console.settlement.SettlementRoutes.tdNum;
import static jp.kokin.console.settlement.SettlementRoutes.th;
import static jp.kokin.console.settlement.SettlementRoutes.thNum;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import jp.kokin.console.ConsoleWiring;
import jp.kokin.console.settlement.Fmt;
import jp.kokin.console.web.Audit;
import jp.kokin.console.web.ConsoleRequest;
import jp.kokin.console.web.Exports;
import jp.kokin.console.web.Layout;
import jp.kokin.console.web.Route;
import jp.kokin.domain.catalog.Catalog;
import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.checkout.PaymentMethod;
import jp.kokin.domain.console.Page;
import jp.kokin.domain.console.PaymentQuery;
import jp.kokin.domain.console.PaymentRow;
import jp.kokin.domain.console.Permission;
import jp.kokin.domain.console.StaffUser;
import jp.kokin.domain.format.Html;
import jp.kokin.domain.format.JapaneseDates;

/**
 * 収入日計表 (daily revenue): {@code GET /console/daily?from=&to=&org=} and {@code /console/daily.csv}.
 *
 * <p>Computed from the checkouts themselves, not from the settlement runs (whose statements have no
 * payment method and only exist once a day is settled): the 収納一覧's index lists the checkouts of
 * the organizations in scope created from the day before {@code from} to {@code to} (a checkout
 * expires within 24 hours of its creation, {@code Checkout.MAX_EXPIRY}), those paid on a day of the
 * range are read by id (one GetItem each, {@value #READERS} at a time) for their fee lines and refunds.
 * Cost: one index page per 500 checkouts and one read per paid checkout; at most
 * {@value #MAX_CHECKOUTS} paid checkouts per request (else the page asks for a shorter range or one
 * organization). A payment made more than a day after its checkout was created (a late payment
 * recorded after expiry) is not counted.
 */
public final class DailyRevenueRoutes {
    /** Days one table spans at most. */
    public static final int MAX_DAYS = 31;
    /**
     * Paid checkouts read per request at most: {@value #READERS} reads at a time of ~5 ms each make
     * 5,000 reads about 2 s, well inside the console function's 29 s.
     */
    public static final int MAX_CHECKOUTS = 5_000;
    static final int READERS = 16;
    /**
     * Organizations added up in one request without choosing one: the index is read one organization
     * at a time (a Query per organization and page), so a platform-wide user picks one past this.
     */
    public static final int MAX_ORGANIZATIONS = 50;
    static final int INDEX_PAGE = 500;

    private final ConsoleWiring wiring;
    private final Audit audit;

    private DailyRevenueRoutes(ConsoleWiring wiring, Audit audit) {
        this.wiring = wiring;
        this.audit = audit;
    }

    public static List<Route> routes(ConsoleWiring wiring, Audit audit) {
        var d = new DailyRevenueRoutes(wiring, audit);
        return List.of(
                Route.get("/console/daily", Permission.VIEW, d::page),
                Route.get("/console/daily.csv", Permission.VIEW, d::csv));
    }

    /** The request's range and organizations, or the answer refusing it. */
    private record Query(LocalDate from, LocalDate to, Set<String> organizations, Optional<String> org) {}

    private sealed interface Parsed {
        record Ok(Query query) implements Parsed {}

        record Refused(APIGatewayV2HTTPResponse response) implements Parsed {}
    }

    private Parsed parse(ConsoleRequest r) {
        LocalDate today = JapaneseDates.businessDate(r.now());
        Optional<LocalDate> from = Fmt.date(r.q("from"));
        Optional<LocalDate> to = Fmt.date(r.q("to"));
        LocalDate end = to.orElse(today);
        LocalDate start = from.orElse(end.minusDays(6));
        if (r.q("from").isPresent() && from.isEmpty() || r.q("to").isPresent() && to.isEmpty() || end.isBefore(start)
                || ChronoUnit.DAYS.between(start, end) >= MAX_DAYS) {
            return new Parsed.Refused(Layout.message(r, 400, r.t("期間が正しくありません", "Invalid range"),
                    r.t("日付は YYYY-MM-DD、期間は " + MAX_DAYS + " 日以内で、開始日は終了日以前です。",
                            "Give dates as YYYY-MM-DD; the range is at most " + MAX_DAYS + " days and starts on or before its end.")));
        }
        StaffUser user = r.user();
        Optional<String> org = r.q("org");
        Set<String> orgs;
        if (org.isPresent()) {
            if (!user.may(Permission.VIEW, org.get())) {
                return new Parsed.Refused(Layout.notFound(r));
            }
            orgs = Set.of(org.get());
        } else {
            orgs = user.organizations(Permission.VIEW).orElseGet(() -> new TreeSet<>(wiring.catalog().get().organizations().keySet()));
        }
        return new Parsed.Ok(new Query(start, end, orgs, org));
    }

    /** Too many paid checkouts in the range for one request. */
    private static final class TooMany extends RuntimeException {
        TooMany() {
            super("too many checkouts", null, false, false);
        }
    }

    /** Whether the query spans too many organizations to add up without choosing one. */
    private static boolean tooManyOrganizations(Query q) {
        return q.org().isEmpty() && q.organizations().size() > MAX_ORGANIZATIONS;
    }

    private static String chooseOne(ConsoleRequest r) {
        return r.t("対象の団体が " + MAX_ORGANIZATIONS + " を超えます。団体を選んで表示してください。",
                "More than " + MAX_ORGANIZATIONS + " organizations: choose one.");
    }

    private DailyRevenue compute(Query q) {
        Catalog catalog = wiring.catalog().get();
        var revenue = new DailyRevenue(catalog);
        if (q.organizations().isEmpty()) {
            return revenue;
        }
        List<String> ids = new ArrayList<>();
        var query = new PaymentQuery(q.from().minusDays(1), q.to(), q.organizations(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty());
        Optional<String> cursor = Optional.empty();
        do {
            Page<PaymentRow> page = wiring.payments().list(query, cursor, INDEX_PAGE);
            for (PaymentRow row : page.rows()) {
                if (row.paidAt() == null) {
                    continue;
                }
                LocalDate day = JapaneseDates.businessDate(row.paidAt());
                if (!day.isBefore(q.from()) && !day.isAfter(q.to())) {
                    if (ids.size() == MAX_CHECKOUTS) {
                        throw new TooMany();
                    }
                    ids.add(row.checkoutId());
                }
            }
            cursor = page.next();
        } while (cursor.isPresent());
        try (ExecutorService pool = Executors.newFixedThreadPool(READERS, Thread.ofVirtual().factory())) {
            List<Future<Optional<Checkout>>> reads = new ArrayList<>();
            for (String id : ids) {
                reads.add(pool.submit(() -> wiring.checkouts().find(id)));
            }
            for (Future<Optional<Checkout>> f : reads) {
                f.get().ifPresent(revenue::add);
            }
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading checkouts", e);
        }
        return revenue;
    }

    private APIGatewayV2HTTPResponse page(ConsoleRequest r) {
        Parsed parsed = parse(r);
        if (parsed instanceof Parsed.Refused(APIGatewayV2HTTPResponse refused)) {
            return refused;
        }
        Query q = ((Parsed.Ok) parsed).query();
        if (tooManyOrganizations(q)) {
            String form = "<h1>" + r.t("収入日計表", "Daily revenue") + "</h1>\n" + filters(r, q)
                    + "<p class=\"notice\" role=\"status\">" + Html.escape(chooseOne(r)) + "</p>\n";
            return Layout.page(r, 200, r.t("収入日計表", "Daily revenue"), form);
        }
        DailyRevenue revenue;
        try {
            revenue = compute(q);
        } catch (TooMany e) {
            return tooMany(r);
        }
        List<DailyRevenue.Row> rows = revenue.rows();
        List<DailyRevenue.DayTotal> days = revenue.days(q.from(), q.to());
        long count = 0;
        long gross = 0;
        long refunds = 0;
        for (DailyRevenue.DayTotal d : days) {
            count += d.count();
            gross += d.gross();
            refunds += d.refunds();
        }
        String title = r.t("収入日計表", "Daily revenue");
        var sb = new StringBuilder();
        sb.append("<h1>").append(title).append("</h1>\n");
        sb.append(filters(r, q));
        String query = "from=" + q.from() + "&amp;to=" + q.to() + q.org().map(o -> "&amp;org=" + Html.escape(Layout.urlEncode(o))).orElse("");
        sb.append("<form class=\"filters\" method=\"get\" action=\"/console/daily.csv\" id=\"export\">")
                .append("<input type=\"hidden\" name=\"from\" value=\"").append(q.from()).append("\">")
                .append("<input type=\"hidden\" name=\"to\" value=\"").append(q.to()).append("\">")
                .append(q.org().map(o -> "<input type=\"hidden\" name=\"org\" value=\"" + Html.escape(o) + "\">").orElse(""))
                .append("<div><label for=\"encoding\">").append(r.t("文字コード", "Encoding")).append("</label><select id=\"encoding\" name=\"encoding\">")
                .append("<option value=\"utf-8\">UTF-8 (BOM)</option><option value=\"shift_jis\">Shift_JIS</option></select></div>")
                .append("<div><button type=\"submit\" id=\"export-csv\">").append(r.t("CSV をダウンロード", "Download CSV")).append("</button></div></form>\n");
        String desc = r.t(q.from() + "〜" + q.to() + " の日ごとの収納額（青）と返金を差し引いた額（緑）。合計: 件数 " + Fmt.count(count) + "、収納額 "
                        + Fmt.yen(gross) + "、返金 " + Fmt.yen(refunds) + "、差引 " + Fmt.yen(gross - refunds) + "。数値は下の表にあります。",
                "Per day from " + q.from() + " to " + q.to() + ": gross collected (blue) and net of refunds (green). Totals: " + Fmt.count(count)
                        + " payments, gross " + Fmt.yen(gross) + ", refunds " + Fmt.yen(refunds) + ", net " + Fmt.yen(gross - refunds)
                        + ". The figures are in the tables below.");
        sb.append("<figure>").append(DailyChart.svg(days, r.t("日ごとの収納額と差引額", "Gross and net per day"), desc,
                r.t("収納額", "Gross"), r.t("差引", "Net"))).append("</figure>\n");

        sb.append("<table id=\"daily-totals\"><caption>").append(r.t("日ごとの合計", "Totals per day")).append("</caption>\n<thead><tr>")
                .append(th(r.t("収納日", "Day"))).append(thNum(r.t("件数", "Payments"))).append(thNum(r.t("収納額", "Gross")))
                .append(thNum(r.t("返金", "Refunds"))).append(thNum(r.t("差引", "Net"))).append("</tr></thead>\n<tbody>\n");
        for (DailyRevenue.DayTotal d : days) {
            sb.append("<tr><th scope=\"row\">").append(d.day()).append("</th>").append(tdNum(Fmt.count(d.count()))).append(tdNum(Fmt.yen(d.gross())))
                    .append(tdNum(Fmt.yen(d.refunds()))).append(tdNum(Fmt.yen(d.net()))).append("</tr>\n");
        }
        sb.append("</tbody><tfoot><tr><th scope=\"row\">").append(r.t("合計", "Total")).append("</th>").append(tdNum(Fmt.count(count)))
                .append(tdNum(Fmt.yen(gross))).append(tdNum(Fmt.yen(refunds))).append(tdNum(Fmt.yen(gross - refunds))).append("</tr></tfoot></table>\n");

        sb.append("<table id=\"daily\"><caption>").append(r.t("収納日・団体・歳入科目または手続・支払方法別", "By day, creditor, revenue item or procedure, and method"))
                .append("</caption>\n<thead><tr>").append(th(r.t("収納日", "Day"))).append(th(r.t("団体", "Creditor")))
                .append(th(r.t("歳入科目／手続", "Revenue item / procedure"))).append(th(r.t("支払方法", "Method")))
                .append(thNum(r.t("件数", "Payments"))).append(thNum(r.t("収納額", "Gross"))).append(thNum(r.t("返金", "Refunds")))
                .append(thNum(r.t("差引", "Net"))).append("</tr></thead>\n<tbody>\n");
        for (DailyRevenue.Row row : rows) {
            DailyRevenue.Key k = row.key();
            sb.append("<tr><td>").append(k.day()).append("</td><td>").append(Html.escape(k.creditorName())).append(" (")
                    .append(Html.escape(k.creditor())).append(")</td><td>")
                    .append(k.kind() == DailyRevenue.Kind.REVENUE_ITEM ? r.t("歳入科目 ", "Revenue item ") : "")
                    .append(Html.escape(k.itemName())).append(" (").append(Html.escape(k.itemCode())).append(")</td><td>")
                    .append(Html.escape(methodName(r, k.method()))).append("</td>").append(tdNum(Fmt.count(row.count())))
                    .append(tdNum(Fmt.yen(row.gross()))).append(tdNum(Fmt.yen(row.refunds()))).append(tdNum(Fmt.yen(row.net()))).append("</tr>\n");
        }
        if (rows.isEmpty()) {
            sb.append("<tr><td colspan=\"8\">").append(r.t("この期間の収納はありません。", "Nothing was paid in this range.")).append("</td></tr>\n");
        }
        sb.append("</tbody></table>\n");
        sb.append("<p class=\"muted\">").append(r.t("件数は受付（チェックアウト）の数です。返金は、承認以降のもの（依頼中・却下・失敗を除く）を元の収納日に計上します。"
                        + "国の歳入（国庫納付）の団体は歳入科目別、その他は手続別です。",
                "Counts are checkouts. A refund counts on the day of the payment it returns money of, once approved (not while requested, nor rejected or failed). "
                        + "National creditors are shown by revenue item, others by procedure.")).append("</p>\n");
        return Layout.page(r, 200, title, sb.toString());
    }

    private String filters(ConsoleRequest r, Query q) {
        return "<form class=\"filters\" method=\"get\" action=\"/console/daily\" id=\"daily-filters\">"
                + dateInput(r, "from", r.t("収納日（から）", "Paid from"), q.from())
                + dateInput(r, "to", r.t("収納日（まで）", "Paid to"), q.to())
                + orgSelect(r, q) + "<div><button type=\"submit\">" + r.t("表示", "Show") + "</button></div></form>\n";
    }

    private String orgSelect(ConsoleRequest r, Query q) {
        Catalog catalog = wiring.catalog().get();
        Set<String> choices = r.user().organizations(Permission.VIEW).orElseGet(() -> new TreeSet<>(catalog.organizations().keySet()));
        var sb = new StringBuilder("<div><label for=\"org\">").append(r.t("団体", "Organization")).append("</label><select id=\"org\" name=\"org\">")
                .append("<option value=\"\">").append(r.t("すべて", "All")).append("</option>");
        for (String code : new TreeSet<>(choices)) {
            String name = catalog.organization(code).map(o -> o.name()).orElse(code);
            sb.append("<option value=\"").append(Html.escape(code)).append('"').append(q.org().filter(code::equals).isPresent() ? " selected" : "")
                    .append('>').append(Html.escape(name)).append(" (").append(Html.escape(code)).append(")</option>");
        }
        return sb.append("</select></div>").toString();
    }

    private static String methodName(ConsoleRequest r, String wire) {
        for (PaymentMethod m : PaymentMethod.values()) {
            if (m.wire().equals(wire)) {
                return m.label(r.english() ? jp.kokin.domain.catalog.Language.EN : jp.kokin.domain.catalog.Language.JA);
            }
        }
        return wire;
    }

    private APIGatewayV2HTTPResponse csv(ConsoleRequest r) {
        Parsed parsed = parse(r);
        if (parsed instanceof Parsed.Refused(APIGatewayV2HTTPResponse refused)) {
            return refused;
        }
        Query q = ((Parsed.Ok) parsed).query();
        if (tooManyOrganizations(q)) {
            return Layout.message(r, 422, r.t("団体を選んでください", "Choose an organization"), chooseOne(r));
        }
        DailyRevenue revenue;
        try {
            revenue = compute(q);
        } catch (TooMany e) {
            return tooMany(r);
        }
        return Exports.csv(r, wiring.documents(), audit, "daily", "daily_" + q.from() + "_" + q.to(), csv -> {
            csv.row("収納日", "団体コード", "団体名", "区分", "歳入科目・手続コード", "歳入科目・手続名", "支払方法", "件数", "収納額", "返金額", "差引額");
            for (DailyRevenue.Row row : revenue.rows()) {
                DailyRevenue.Key k = row.key();
                csv.text(k.day().toString()).text(k.creditor()).text(k.creditorName())
                        .text(k.kind() == DailyRevenue.Kind.REVENUE_ITEM ? "歳入科目" : "手続").text(k.itemCode()).text(k.itemName())
                        .text(k.method()).number(row.count()).number(row.gross()).number(row.refunds()).number(row.net()).endRow();
            }
        });
    }

    private static APIGatewayV2HTTPResponse tooMany(ConsoleRequest r) {
        return Layout.message(r, 422, r.t("件数が多すぎます", "Too many payments"),
                r.t("この期間の収納が " + MAX_CHECKOUTS + " 件を超えます。期間を短くするか、団体を選んでください。",
                        "More than " + MAX_CHECKOUTS + " payments in this range: choose a shorter range or one organization."));
    }
}
