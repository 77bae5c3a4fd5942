package jp.kokin.console.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import jp.kokin.domain.console.Permission;
import jp.kokin.domain.format.Html;

/**
 * The console's page shell and responses: one layout for every screen (skip link, banner with the
 * user and sign-out, navigation by permission, language switch, {@code <main>}), one style sheet
 * (WCAG 2.2 AA: contrast ≥ 4.5:1, visible focus, targets ≥ 24 px; printable), and the security
 * headers of every answer (no caching, no framing, a CSP without scripts).
 */
public final class Layout {
    public static final String CSS = """
            :root{--ink:#1a1a1a;--muted:#4a4a4a;--brand:#0b5394;--line:#8a8a8a;--bg:#fff;--warn:#8a1c00;--ok:#1b5e20}
            *{box-sizing:border-box}
            body{font-family:system-ui,"Hiragino Sans","Noto Sans JP",sans-serif;margin:0;color:var(--ink);background:var(--bg);line-height:1.6}
            .skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem;z-index:10}
            header.banner{display:flex;flex-wrap:wrap;gap:1rem;align-items:center;justify-content:space-between;padding:.5rem 1rem;background:var(--brand);color:#fff}
            header.banner a,header.banner button{color:#fff}
            header.banner .who{font-size:.95rem}
            nav.primary ul{list-style:none;margin:0;padding:.25rem 1rem;display:flex;flex-wrap:wrap;gap:.25rem 1rem;border-bottom:1px solid var(--line)}
            nav.primary a{display:inline-block;padding:.4rem .2rem;min-height:24px}
            nav.primary a[aria-current=page]{font-weight:700;text-decoration-thickness:3px}
            main{padding:1rem;max-width:80rem}
            h1{font-size:1.5rem;margin:.5rem 0 1rem}h2{font-size:1.2rem;margin:1.5rem 0 .5rem}
            a{color:var(--brand)}
            :focus-visible{outline:3px solid #c25e00;outline-offset:2px}
            table{border-collapse:collapse;width:100%;margin:.5rem 0}
            caption{text-align:left;font-weight:700;padding:.25rem 0}
            th,td{border-bottom:1px solid var(--line);padding:.35rem .5rem;text-align:left;vertical-align:top}
            th{background:#f0f0f0}
            td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
            form.filters{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:flex-end;margin:.5rem 0 1rem}
            form.filters label,form.stack label{display:block;font-size:.95rem}
            form.stack{max-width:36rem}form.stack>div{margin:.75rem 0}
            input,select,textarea{font:inherit;padding:.3rem;border:1px solid #595959;border-radius:3px;min-height:2rem;max-width:100%}
            textarea{width:100%}
            button,.button{font:inherit;padding:.4rem 1rem;min-height:2rem;background:var(--brand);color:#fff;border:2px solid var(--brand);border-radius:4px;cursor:pointer;text-decoration:none;display:inline-block}
            button.secondary,.button.secondary{background:#fff;color:var(--brand)}
            button.danger{background:var(--warn);border-color:var(--warn)}
            header.banner button{background:transparent;border-color:#fff}
            .notice{padding:.75rem 1rem;border-left:6px solid var(--brand);background:#eef4fa;margin:1rem 0}
            .notice.error{border-color:var(--warn);background:#fbeaea}
            .notice.ok{border-color:var(--ok);background:#e8f5e9}
            dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}dl.facts dt{font-weight:700}dl.facts dd{margin:0}
            .muted{color:var(--muted)}
            .pager{display:flex;gap:1rem;margin:1rem 0}
            .inline{display:inline}
            @media print{header.banner,nav.primary,form.filters,.pager,button,.button,.skip,.noprint{display:none!important}main{max-width:none;padding:0}a{color:inherit;text-decoration:none}}
            """;

    /** A navigation entry: shown to users who hold {@code permission} over some organization. */
    public record NavItem(String path, String ja, String en, Permission permission) {}

    /** The primary navigation, in order (each screen's route owner keeps its entry right). */
    public static final List<NavItem> NAV = List.of(
            new NavItem("/console/payments", "収納一覧", "Payments", Permission.VIEW),
            new NavItem("/console/refunds", "返金", "Refunds", Permission.VIEW),
            new NavItem("/console/settlement-runs", "精算", "Settlement runs", Permission.VIEW),
            new NavItem("/console/payins", "国庫納付", "Treasury pay-ins", Permission.VIEW),
            new NavItem("/console/daily", "収入日計表", "Daily revenue", Permission.VIEW),
            new NavItem("/console/audit", "監査ログ", "Audit log", Permission.AUDIT));

    private Layout() {}

    /** A full page: {@code title} is text (escaped here), {@code main} is markup escaped by the caller. */
    public static APIGatewayV2HTTPResponse page(ConsoleRequest r, int status, String title, String main) {
        return html(status, render(r, title, main));
    }

    public static String render(ConsoleRequest r, String title, String main) {
        var before = new StringBuilder();
        before.append("<a class=\"skip\" href=\"#main\">").append(r.t("本文へ移動", "Skip to main content")).append("</a>\n");
        before.append("<header class=\"banner\"><div><strong>").append(r.t("公金 管理画面", "Kokin console"))
                .append("</strong></div><div class=\"who\">");
        r.session().ifPresent(s -> before.append(Html.escape(s.user().name())).append(" ")
                .append("<form class=\"inline\" method=\"post\" action=\"/console/auth/sign-out\">")
                .append(csrfField(r)).append("<button type=\"submit\">").append(r.t("サインアウト", "Sign out"))
                .append("</button></form> "));
        String other = r.english() ? "ja" : "en";
        before.append("<a href=\"/console/lang?to=").append(other).append("&amp;next=").append(Html.escape(urlEncode(r.path())))
                .append("\" lang=\"").append(other).append("\">").append(r.english() ? "日本語" : "English").append("</a>");
        before.append("</div></header>\n");
        r.session().ifPresent(s -> {
            before.append("<nav class=\"primary\" aria-label=\"").append(r.t("メニュー", "Menu")).append("\"><ul>");
            for (NavItem item : NAV) {
                if (s.user().mayAnywhere(item.permission())) {
                    before.append("<li><a href=\"").append(item.path()).append('"');
                    if (r.path().equals(item.path()) || r.path().startsWith(item.path() + "/")) {
                        before.append(" aria-current=\"page\"");
                    }
                    before.append('>').append(r.t(item.ja(), item.en())).append("</a></li>");
                }
            }
            before.append("</ul></nav>\n");
        });
        String body = "<div id=\"main\" tabindex=\"-1\"></div>\n" + main;
        return Html.page(Html.Head.of(r.lang(), CSS).noindex(), title + r.t(" | 公金 管理画面", " | Kokin console"),
                before.toString(), body);
    }

    /** The hidden CSRF field every form carries. */
    public static String csrfField(ConsoleRequest r) {
        return "<input type=\"hidden\" name=\"_csrf\" value=\"" + Html.escape(r.csrfToken()) + "\">";
    }

    /** A page with one message (errors: 403, 404, 409, 422 …). */
    public static APIGatewayV2HTTPResponse message(ConsoleRequest r, int status, String title, String text) {
        String cls = status >= 400 ? "notice error" : "notice";
        return page(r, status, title, "<h1>" + Html.escape(title) + "</h1>\n<p class=\"" + cls + "\" role=\"alert\">"
                + Html.escape(text) + "</p>\n<p><a href=\"/console/\">" + r.t("トップへ", "Home") + "</a></p>\n");
    }

    public static APIGatewayV2HTTPResponse notFound(ConsoleRequest r) {
        return message(r, 404, r.t("見つかりません", "Not found"),
                r.t("お探しのページは見つからないか、閲覧する権限がありません。", "There is no such page, or you may not see it."));
    }

    public static APIGatewayV2HTTPResponse forbidden(ConsoleRequest r) {
        return message(r, 403, r.t("権限がありません", "Not allowed"),
                r.t("この操作を行う権限がありません。", "Your roles do not allow this."));
    }

    /** 303 See Other (after a POST, and to sign in). */
    public static APIGatewayV2HTTPResponse seeOther(String location) {
        return seeOther(location, Map.of());
    }

    public static APIGatewayV2HTTPResponse seeOther(String location, Map<String, String> headers) {
        var h = new HashMap<>(baseHeaders("text/plain; charset=utf-8"));
        h.putAll(headers);
        h.put("Location", location);
        return APIGatewayV2HTTPResponse.builder().withStatusCode(303).withHeaders(h).withBody("").build();
    }

    public static APIGatewayV2HTTPResponse html(int status, String page) {
        return APIGatewayV2HTTPResponse.builder().withStatusCode(status)
                .withHeaders(baseHeaders("text/html; charset=utf-8")).withBody(page).build();
    }

    /** Headers of every console answer. */
    public static Map<String, String> baseHeaders(String contentType) {
        return Map.of("Content-Type", contentType,
                "Cache-Control", "no-store",
                "Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; "
                        + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
                "X-Content-Type-Options", "nosniff",
                "Referrer-Policy", "same-origin",
                "Strict-Transport-Security", "max-age=63072000; includeSubDomains");
    }

    public static String urlEncode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
