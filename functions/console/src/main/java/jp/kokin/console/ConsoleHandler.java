package jp.kokin.console;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import jp.kokin.adapters.http.HttpRequest;
import jp.kokin.adapters.log.Log;
import jp.kokin.console.audit.AuditRoutes;
import jp.kokin.console.auth.AuthRoutes;
import jp.kokin.console.auth.Session;
import jp.kokin.console.daily.DailyRevenueRoutes;
import jp.kokin.console.payments.PaymentRoutes;
import jp.kokin.console.refunds.RefundRoutes;
import jp.kokin.console.settlement.SettlementRoutes;
import jp.kokin.console.treasury.PayInRoutes;
import jp.kokin.console.web.Audit;
import jp.kokin.console.web.ConsoleRequest;
import jp.kokin.console.web.Layout;
import jp.kokin.console.web.Route;
import jp.kokin.domain.console.Permission;
import jp.kokin.domain.console.Role;
import jp.kokin.domain.console.StaffUser;
import jp.kokin.domain.format.Html;

/**
 * {@code ConsoleFunction}: the operator console, every route under {@code /console/}. Before a
 * route's action runs, this checks, in order: a session (else a GET is sent to sign in and a POST
 * answers 401), the route's permission over some organization (else 403), on a POST the CSRF token
 * (else 403), and on a POST that moves money a sign-in within {@code CONSOLE_REAUTH_MINUTES} (else
 * the user signs in again and comes back to the form). Every answer to a signed-in user re-issues the
 * session cookie, which moves its idle timeout.
 */
public final class ConsoleHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    /** Form bodies larger than this are refused (the largest form, a refund's reason, is under 4 KB). */
    public static final int MAX_FORM_BYTES = 16 * 1024;
    public static final String LANG_COOKIE = "kokin_console_lang";

    private final ConsoleWiring wiring;
    private final List<Route> routes;

    public ConsoleHandler() {
        this(ConsoleWiring.fromEnv(System.getenv()));
    }

    public ConsoleHandler(ConsoleWiring wiring) {
        this(wiring, List.of());
    }

    /** The console with {@code extra} routes after its own (tests of the checks every route gets). */
    public static ConsoleHandler withExtraRoutes(ConsoleWiring wiring, List<Route> extra) {
        return new ConsoleHandler(wiring, extra);
    }

    private ConsoleHandler(ConsoleWiring wiring, List<Route> extra) {
        this.wiring = wiring;
        Audit audit = new Audit(wiring.audit());
        var all = new ArrayList<Route>();
        all.add(Route.get("/console/", Permission.VIEW, this::home));
        all.addAll(AuthRoutes.routes(wiring, audit));
        all.addAll(PaymentRoutes.routes(wiring, audit));
        all.addAll(RefundRoutes.routes(wiring, audit));
        all.addAll(SettlementRoutes.routes(wiring, audit));
        all.addAll(PayInRoutes.routes(wiring, audit));
        all.addAll(DailyRevenueRoutes.routes(wiring, audit));
        all.addAll(AuditRoutes.routes(wiring, audit));
        all.addAll(extra);
        this.routes = List.copyOf(all);
    }

    /** Every route (the authorization tests walk them all). */
    public List<Route> routes() {
        return routes;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        HttpRequest http = new HttpRequest(event);
        ConsoleRequest r;
        try {
            r = parse(http, event);
        } catch (IllegalArgumentException e) {
            return Layout.html(400, "<!doctype html><title>400</title><p>Bad request</p>");
        }
        String path = r.path().equals("/console") ? "/console/" : r.path();
        Route route = null;
        Map<String, String> params = Map.of();
        boolean pathKnown = false;
        for (Route candidate : routes) {
            Optional<Map<String, String>> m = candidate.match(path);
            if (m.isPresent()) {
                pathKnown = true;
                if (candidate.method().equals(r.method())) {
                    route = candidate;
                    params = m.get();
                    break;
                }
            }
        }
        if (route == null) {
            return pathKnown ? Layout.message(r, 405, r.t("操作できません", "Method not allowed"), r.t("この操作はできません。", "This method is not allowed here."))
                    : Layout.notFound(r);
        }
        r = r.withPathParams(params);
        if (route.permission().isEmpty()) {
            return run(route, r);
        }
        if (r.session().isEmpty()) {
            if (r.method().equals("GET")) {
                return Layout.seeOther("/console/auth/sign-in?next=" + Layout.urlEncode(pathAndQuery(event)));
            }
            return Layout.message(r, 401, r.t("サインインしてください", "Please sign in"),
                    r.t("セッションが切れました。もう一度サインインしてください。", "Your session has ended. Please sign in again."));
        }
        Session session = r.session().get();
        if (!session.user().mayAnywhere(route.permission().get())) {
            return refreshed(Layout.forbidden(r), session, r.now());
        }
        if (r.method().equals("POST")) {
            if (!wiring.sessions().csrfValid(session, r.form().get("_csrf"))) {
                return refreshed(Layout.message(r, 403, r.t("フォームが無効です", "Form expired"),
                        r.t("フォームの有効期限が切れたか、別の画面から送信されました。画面を開き直してください。",
                                "This form has expired or came from elsewhere. Open the page again.")), session, r.now());
            }
            if (route.movesMoney() && Duration.between(session.user().authTime(), r.now()).compareTo(wiring.settings().reauth()) > 0) {
                String back = r.f("_back").filter(b -> b.startsWith("/console/") && !b.startsWith("//")).orElse("/console/");
                return Layout.seeOther("/console/auth/sign-in?reauth=1&next=" + Layout.urlEncode(back));
            }
        }
        return refreshed(run(route, r), session, r.now());
    }

    private APIGatewayV2HTTPResponse run(Route route, ConsoleRequest r) {
        try {
            return route.action().handle(r);
        } catch (RuntimeException e) {
            Log.error("console.failed", e, "route", route.method() + " " + route.pattern());
            return Layout.message(r, 500, r.t("エラーが発生しました", "Something went wrong"),
                    r.t("処理できませんでした。時間をおいてもう一度お試しください。", "We could not do this. Please try again later."));
        }
    }

    private APIGatewayV2HTTPResponse refreshed(APIGatewayV2HTTPResponse response, Session session, Instant now) {
        if (response.getCookies() != null && !response.getCookies().isEmpty()) {
            return response; // the action set the session cookie itself (sign-out, sign-in)
        }
        response.setCookies(List.of(wiring.sessions().cookie(session, now)));
        return response;
    }

    private APIGatewayV2HTTPResponse home(ConsoleRequest r) {
        var sb = new StringBuilder();
        sb.append("<h1>").append(r.t("公金 管理画面", "Kokin console")).append("</h1>\n<ul>\n");
        for (Layout.NavItem item : Layout.NAV) {
            if (r.user().mayAnywhere(item.permission())) {
                sb.append("<li><a href=\"").append(item.path()).append("\">").append(Html.escape(r.t(item.ja(), item.en())))
                        .append("</a></li>\n");
            }
        }
        sb.append("</ul>\n");
        sb.append("<h2>").append(r.t("あなたの役割", "Your roles")).append("</h2>\n<table id=\"roles\"><caption>")
                .append(r.t("役割と対象の団体（サインイン時点）", "Roles and the organizations they cover (as at sign-in)"))
                .append("</caption>\n<thead><tr><th scope=\"col\">").append(r.t("役割", "Role")).append("</th><th scope=\"col\">")
                .append(r.t("団体", "Organizations")).append("</th></tr></thead>\n<tbody>\n");
        var catalog = wiring.catalog().get();
        for (Role role : Role.values()) {
            var orgs = r.user().grants().get(role);
            if (orgs == null || orgs.isEmpty()) {
                continue;
            }
            String scope = orgs.contains(StaffUser.EVERY_ORGANIZATION) ? r.t("すべての団体", "Every organization")
                    : String.join(r.t("、", ", "), orgs.stream().sorted().map(code -> catalog.organization(code)
                            .map(o -> o.name() + " (" + code + ")").orElse(code)).toList());
            sb.append("<tr><td>").append(Html.escape(roleName(r, role))).append("</td><td>").append(Html.escape(scope))
                    .append("</td></tr>\n");
        }
        sb.append("</tbody></table>\n");
        return Layout.page(r, 200, r.t("トップ", "Home"), sb.toString());
    }

    private static String roleName(ConsoleRequest r, Role role) {
        return switch (role) {
            case VIEWER -> r.t("閲覧", "Viewer");
            case REFUND_REQUESTER -> r.t("返金申請", "Refund requester");
            case REFUND_APPROVER -> r.t("返金承認", "Refund approver");
            case SETTLEMENT_APPROVER -> r.t("精算承認（振込データの承認、国庫納付の記録）", "Settlement approver (transfer files, pay-ins)");
            case AUDITOR -> r.t("監査", "Auditor");
            case PLATFORM_ADMIN -> r.t("プラットフォーム管理", "Platform administrator");
        };
    }

    private ConsoleRequest parse(HttpRequest http, APIGatewayV2HTTPEvent event) {
        String method = http.method().toUpperCase(Locale.ROOT);
        String path = event.getRawPath() == null ? "/console/" : event.getRawPath();
        Map<String, String> cookies = new HashMap<>();
        if (event.getCookies() != null) {
            for (String c : event.getCookies()) {
                int eq = c.indexOf('=');
                if (eq > 0) {
                    cookies.putIfAbsent(c.substring(0, eq).strip(), c.substring(eq + 1).strip());
                }
            }
        }
        Map<String, String> query = new HashMap<>();
        if (event.getRawQueryString() != null && !event.getRawQueryString().isEmpty()) {
            for (String pair : event.getRawQueryString().split("&")) {
                int eq = pair.indexOf('=');
                String k = decode(eq < 0 ? pair : pair.substring(0, eq));
                String v = eq < 0 ? "" : decode(pair.substring(eq + 1));
                query.putIfAbsent(k, v);
            }
        }
        Map<String, String> form = Map.of();
        if (method.equals("POST")) {
            if (http.bodyBytes().length > MAX_FORM_BYTES) {
                throw new IllegalArgumentException("form too large");
            }
            form = http.form();
        }
        Map<String, String> headers = new HashMap<>();
        http.headers().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v));
        String lang = Optional.ofNullable(query.get("lang")).or(() -> Optional.ofNullable(cookies.get(LANG_COOKIE)))
                .filter(l -> l.equals("en") || l.equals("ja")).orElse("ja");
        Instant now = wiring.clock().instant();
        var r = new ConsoleRequest(method, path, Map.of(), query, form, cookies, headers, http.sourceIp(),
                headers.getOrDefault("user-agent", ""), http.baseUrl(wiring.settings().publicBaseUrl()), lang,
                Optional.empty(), now);
        return r.withSession(wiring.sessions().read(cookies, now));
    }

    private static String pathAndQuery(APIGatewayV2HTTPEvent event) {
        String q = event.getRawQueryString();
        return event.getRawPath() + (q == null || q.isEmpty() ? "" : "?" + q);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
