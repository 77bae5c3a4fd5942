package jp.kokin.console.auth;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;

import jp.kokin.adapters.json.Json;
import jp.kokin.adapters.log.Log;
import jp.kokin.console.ConsoleHandler;
import jp.kokin.console.ConsoleWiring;
import jp.kokin.console.auth.IdentityProvider.AuthorizationRequest;
import jp.kokin.console.auth.IdentityProvider.SignInFailed;
import jp.kokin.console.auth.IdentityProvider.VerifiedIdentity;
import jp.kokin.console.web.Audit;
import jp.kokin.console.web.ConsoleRequest;
import jp.kokin.console.web.Layout;
import jp.kokin.console.web.Route;
import jp.kokin.domain.console.AuditActions;
import jp.kokin.domain.console.StaffUser;
import jp.kokin.domain.format.Html;
import jp.kokin.domain.refund.Principals;

/**
 * Signing in and out, and the language switch: the only routes open without a session.
 *
 * <p>Sign-in is the authorization code flow with PKCE: {@code /console/auth/sign-in} keeps the flow's
 * state, nonce and code verifier in a short signed cookie ({@value #AUTH_COOKIE}, {@link #AUTH_COOKIE_LIFETIME},
 * only sent to {@code /console/auth}) and sends the browser to the provider; the provider sends it back
 * to {@code /console/auth/callback}, which checks the state, exchanges the code, verifies the ID token,
 * starts the session and goes on to where the user was going. The callback answers with a page that
 * moves on by itself ({@code <meta http-equiv=refresh>}) rather than a redirect: the session cookie is
 * {@code SameSite=Strict}, and a browser does not send it on a redirect chain that a cross-site page
 * (the provider's) started, so a 303 would land signed out.
 */
public final class AuthRoutes {
    public static final String AUTH_COOKIE = "kokin_console_auth";
    public static final Duration AUTH_COOKIE_LIFETIME = Duration.ofMinutes(10);
    public static final String SIGN_IN = "/console/auth/sign-in";
    public static final String CALLBACK = "/console/auth/callback";
    public static final String SIGN_OUT = "/console/auth/sign-out";
    public static final String SIGNED_OUT = "/console/auth/signed-out";
    public static final String LANG = "/console/lang";
    /** A {@code next} longer than this is not followed (it goes into a cookie of at most 4 KB). */
    public static final int MAX_NEXT_CHARS = 1024;
    /** A year: the language choice outlives sessions. */
    public static final Duration LANG_COOKIE_LIFETIME = Duration.ofDays(365);

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final ConsoleWiring wiring;
    private final Audit audit;

    private AuthRoutes(ConsoleWiring wiring, Audit audit) {
        this.wiring = wiring;
        this.audit = audit;
    }

    public static List<Route> routes(ConsoleWiring wiring, Audit audit) {
        var a = new AuthRoutes(wiring, audit);
        return List.of(
                Route.open("GET", SIGN_IN, a::signIn),
                Route.open("GET", CALLBACK, a::callback),
                Route.open("POST", SIGN_OUT, a::signOut),
                Route.open("GET", SIGNED_OUT, a::signedOut),
                Route.open("GET", LANG, a::lang));
    }

    /**
     * {@code next} if it is a path of the console ({@code /console/…}); never another site
     * ({@code //host}, {@code https:…}), a backslash, a dot segment or a control character: else {@code /console/}.
     */
    public static String safeNext(Optional<String> next) {
        return next.filter(AuthRoutes::isSafeNext).orElse("/console/");
    }

    static boolean isSafeNext(String n) {
        if (n.length() > MAX_NEXT_CHARS || !(n.equals("/console") || n.startsWith("/console/") || n.startsWith("/console?"))) {
            return false;
        }
        int q = n.indexOf('?');
        String path = q < 0 ? n : n.substring(0, q);
        String lower = path.toLowerCase(Locale.ROOT);
        if (path.contains("//") || n.contains("\\") || lower.contains("%5c") || lower.contains("%2f") || lower.contains("%2e")) {
            return false;
        }
        for (String segment : path.split("/")) {
            if (segment.equals(".") || segment.equals("..")) {
                return false;
            }
        }
        for (int i = 0; i < n.length(); i++) {
            char c = n.charAt(i);
            if (c < 0x21 || c == 0x7f || c == '"' || c == '<' || c == '>') {
                return false;
            }
        }
        return true;
    }

    private APIGatewayV2HTTPResponse signIn(ConsoleRequest r) {
        String next = safeNext(r.q("next"));
        boolean reauth = r.q("reauth").filter("1"::equals).isPresent();
        String state = random(16);
        String nonce = random(16);
        String verifier = random(32);
        var flow = Json.object().put("s", state).put("n", nonce).put("v", verifier).put("next", next)
                .put("exp", r.now().plus(AUTH_COOKIE_LIFETIME).getEpochSecond()).put("re", reauth)
                .put("at", r.now().getEpochSecond());
        URI to;
        try {
            to = wiring.identity().authorizationUrl(new AuthorizationRequest(redirectUri(r), state, nonce, challenge(verifier), reauth));
        } catch (SignInFailed e) {
            Log.warn("console.sign_in.provider_unavailable", "reason", e.getMessage());
            return Layout.message(r, 503, r.t("サインインできません", "Cannot sign in"),
                    r.t("認証サービスに接続できませんでした。時間をおいてもう一度お試しください。",
                            "The sign-in service did not answer. Please try again later."));
        }
        String cookie = AUTH_COOKIE + "=" + wiring.sessions().sign("auth", Json.write(flow))
                + "; Path=/console/auth; Max-Age=" + AUTH_COOKIE_LIFETIME.toSeconds() + "; HttpOnly; Secure; SameSite=Lax";
        APIGatewayV2HTTPResponse response;
        if (reauth) {
            // re-authentication starts from a form (a POST that moves money, 303 here): a browser applies the form's
            // CSP form-action 'self' to every redirect that follows, so the provider is reached by a page instead
            response = movingOn(r, to.toString(), r.t("本人確認のため、もう一度サインインしてください", "Please sign in again to confirm it is you"));
        } else {
            response = Layout.seeOther(to.toString());
        }
        response.setCookies(List.of(cookie));
        return response;
    }

    private APIGatewayV2HTTPResponse callback(ConsoleRequest r) {
        Optional<JsonNode> flow = Optional.ofNullable(r.cookies().get(AUTH_COOKIE))
                .flatMap(c -> wiring.sessions().verified("auth", c))
                .map(Json::parse)
                .filter(f -> r.now().getEpochSecond() <= f.path("exp").asLong(0));
        String next = flow.map(f -> safeNext(Optional.of(f.path("next").asText("")))).orElse("/console/");
        if (flow.isEmpty()) {
            // no sign-in began in this browser (or it took too long): anyone may GET this URL, so it is logged, not
            // audited, lest an anonymous script fill the audit log (and bury the real failed sign-ins)
            Log.warn("console.sign_in.no_flow", "error", r.q("error").map(e -> e.replaceAll("[^A-Za-z0-9_]", "")).orElse(""));
            return failedPage(r, next);
        }
        Optional<String> error = r.q("error");
        if (error.isPresent()) {
            return failed(r, next, "provider_error:" + error.get().replaceAll("[^A-Za-z0-9_]", ""));
        }
        String state = r.q("state").orElse("");
        if (!MessageDigest.isEqual(state.getBytes(StandardCharsets.UTF_8), flow.get().path("s").asText("").getBytes(StandardCharsets.UTF_8))) {
            return failed(r, next, "state_mismatch");
        }
        Optional<String> code = r.q("code");
        if (code.isEmpty()) {
            return failed(r, next, "no_code");
        }
        VerifiedIdentity identity;
        try {
            identity = wiring.identity().exchange(code.get(), flow.get().path("v").asText(), redirectUri(r), flow.get().path("n").asText());
        } catch (SignInFailed e) {
            Log.warn("console.sign_in.failed", "reason", e.getMessage());
            return failed(r, next, "token:" + e.getMessage());
        }
        if (flow.get().path("re").asBoolean(false)
                && identity.authTime().isBefore(Instant.ofEpochSecond(flow.get().path("at").asLong()).minus(OidcIdentityProvider.SKEW))) {
            // prompt=login and max_age=0 are requests a provider may ignore: what counts is when credentials were entered
            return failed(r, next, "reauth_not_fresh");
        }
        var user = new StaffUser(Principals.ofStaff(identity.issuer(), identity.subject()), identity.subject(), identity.name(),
                identity.email(), StaffUser.fromGroups(identity.groups()), identity.authTime());
        if (user.grants().isEmpty()) {
            audit.record(r, user.principal(), user.name(), AuditActions.SIGN_IN_FAILED, "-", "-", Map.of("reason", "no_roles"));
            var response = Layout.message(r, 403, r.t("管理画面の権限がありません", "No console roles"),
                    r.t("サインインはできましたが、管理画面の役割が割り当てられていません。管理者に依頼してください。",
                            "You signed in, but you have no console roles. Ask your administrator for one."));
            response.setCookies(List.of(clearAuthCookie()));
            return response;
        }
        Session session = wiring.sessions().start(user, r.now());
        audit.record(r, user.principal(), user.name(), AuditActions.SIGN_IN, "-", "-",
                Map.of("session", session.id(), "authTime", user.authTime().toString()));
        var response = movingOn(r.withSession(Optional.of(session)), next, r.t("サインインしました", "Signed in"));
        response.setCookies(List.of(wiring.sessions().cookie(session, r.now()), clearAuthCookie()));
        return response;
    }

    /** A sign-in that really began (its flow cookie is valid) failed: audited, then the page. */
    private APIGatewayV2HTTPResponse failed(ConsoleRequest r, String next, String reason) {
        audit.record(r, "-", "", AuditActions.SIGN_IN_FAILED, "-", "-", Map.of("reason", reason));
        return failedPage(r, next);
    }

    private static APIGatewayV2HTTPResponse failedPage(ConsoleRequest r, String next) {
        String retry = SIGN_IN + "?next=" + Layout.urlEncode(next);
        var response = Layout.page(r, 400, r.t("サインインできませんでした", "Sign-in failed"),
                "<h1>" + r.t("サインインできませんでした", "Sign-in failed") + "</h1>\n<p class=\"notice error\" role=\"alert\">"
                        + r.t("サインインの手続きが無効か、期限が切れました。", "The sign-in was not valid or took too long.")
                        + "</p>\n<p><a id=\"retry\" href=\"" + Html.escape(retry) + "\">" + r.t("もう一度サインインする", "Sign in again")
                        + "</a></p>\n");
        response.setCookies(List.of(clearAuthCookie()));
        return response;
    }

    private APIGatewayV2HTTPResponse signOut(ConsoleRequest r) {
        if (r.session().isPresent()) {
            Session s = r.session().get();
            if (!wiring.sessions().csrfValid(s, r.form().get("_csrf"))) {
                return Layout.message(r, 403, r.t("フォームが無効です", "Form expired"),
                        r.t("フォームの有効期限が切れたか、別の画面から送信されました。画面を開き直してください。",
                                "This form has expired or came from elsewhere. Open the page again."));
            }
            audit.record(r, AuditActions.SIGN_OUT, "-", "-", Map.of("session", s.id()));
        }
        Optional<URI> providerLogout = r.session().isPresent() ? wiring.identity().logoutUrl(r.baseUrl() + SIGNED_OUT) : Optional.empty();
        var response = providerLogout.isPresent()
                // from a form: reached by a page, not a redirect (CSP form-action 'self', as at re-authentication)
                ? movingOn(r.withSession(Optional.empty()), providerLogout.get().toString(), r.t("サインアウトしています", "Signing out"))
                : Layout.seeOther(SIGNED_OUT);
        response.setCookies(List.of(wiring.sessions().clearCookie()));
        return response;
    }

    private APIGatewayV2HTTPResponse signedOut(ConsoleRequest r) {
        var anonymous = r.withSession(Optional.empty());
        return Layout.page(anonymous, 200, r.t("サインアウトしました", "Signed out"),
                "<h1>" + r.t("サインアウトしました", "Signed out") + "</h1>\n<p>"
                        + r.t("管理画面からサインアウトしました。", "You have signed out of the console.") + "</p>\n"
                        + "<p><a id=\"sign-in-again\" href=\"" + SIGN_IN + "\">" + r.t("もう一度サインインする", "Sign in again") + "</a></p>\n");
    }

    private APIGatewayV2HTTPResponse lang(ConsoleRequest r) {
        String to = r.q("to").filter(l -> l.equals("en") || l.equals("ja")).orElse("ja");
        var response = Layout.seeOther(safeNext(r.q("next")));
        response.setCookies(List.of(ConsoleHandler.LANG_COOKIE + "=" + to + "; Path=/console; Max-Age="
                + LANG_COOKIE_LIFETIME.toSeconds() + "; HttpOnly; Secure; SameSite=Lax"));
        return response;
    }

    /** A page that moves on to {@code url} by itself ({@code <meta http-equiv=refresh>}), with a link for when it does not. */
    private static APIGatewayV2HTTPResponse movingOn(ConsoleRequest r, String url, String title) {
        String main = "<meta http-equiv=\"refresh\" content=\"0;url=" + Html.escape(url) + "\">\n<h1>" + Html.escape(title)
                + "</h1>\n<p><a id=\"continue\" href=\"" + Html.escape(url) + "\">" + r.t("続ける", "Continue") + "</a></p>\n";
        return Layout.html(200, Layout.render(r, title, main));
    }

    private static String clearAuthCookie() {
        return AUTH_COOKIE + "=; Path=/console/auth; Max-Age=0; HttpOnly; Secure; SameSite=Lax";
    }

    private String redirectUri(ConsoleRequest r) {
        return r.baseUrl() + CALLBACK;
    }

    /** PKCE S256: {@code base64url(SHA-256(verifier))}. */
    public static String challenge(String verifier) {
        try {
            return B64.encodeToString(MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return B64.encodeToString(b);
    }
}
