package jp.kokin.local;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

/**
 * The development OpenID Connect provider the local runner serves under {@value #MOUNT} (never
 * deployed): discovery, an authorization page that lets you pick one of the {@link #DEMO_USERS}
 * (no password), a token endpoint that checks the code (single use, one minute), the redirect URI,
 * the client and the PKCE verifier, and its keys. ID tokens are RS256, signed by a key made at start,
 * with the groups in {@code cognito:groups} like Cognito's.
 */
public final class DevIdentityProvider implements HttpHandler {
    public static final String MOUNT = "/_oidc";
    public static final String CLIENT_ID = "kokin-console-local";
    static final Duration CODE_LIFETIME = Duration.ofMinutes(1);
    static final Duration TOKEN_LIFETIME = Duration.ofHours(1);

    /** A demo member of staff: {@code groups} as a Cognito user pool would carry them. */
    public record DemoUser(String username, String name, List<String> groups) {}

    /** The demo users (README "Console sign-in"), one per role, and two scoped to other organizations. */
    public static final List<DemoUser> DEMO_USERS = List.of(
            new DemoUser("viewer", "千代田区 閲覧担当", List.of("viewer.131016")),
            new DemoUser("requester", "千代田区 返金申請担当", List.of("refund_requester.131016")),
            new DemoUser("approver", "千代田区 返金承認担当", List.of("refund_approver.131016")),
            new DemoUser("settler", "精算承認担当 一", List.of("settlement_approver")),
            new DemoUser("settler2", "精算承認担当 二", List.of("settlement_approver")),
            new DemoUser("auditor", "監査担当", List.of("auditor")),
            new DemoUser("admin", "プラットフォーム管理者", List.of("platform_admin")),
            new DemoUser("mofa", "外務省 会計担当", List.of("viewer.MOFA", "settlement_approver.MOFA")),
            new DemoUser("shinjuku", "新宿区 会計担当", List.of("viewer.131041", "refund_requester.131041")));

    private record Grant(DemoUser user, String redirectUri, String nonce, String challenge, Instant authTime, Instant expires) {}

    private final String issuer;
    private final String redirectUri;
    private final Clock clock;
    private final RSAKey key;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Grant> codes = new ConcurrentHashMap<>();

    /**
     * @param baseUrl the runner's {@code http://127.0.0.1:{port}}: the issuer is {@code {baseUrl}/_oidc}, and the only
     *                redirect URI allowed is the console's callback there
     */
    public DevIdentityProvider(String baseUrl, Clock clock) {
        this.issuer = baseUrl + MOUNT;
        this.redirectUri = baseUrl + "/console/auth/callback";
        this.clock = clock;
        try {
            var gen = KeyPairGenerator.getInstance("RSA");
            gen.initialize(2048);
            var pair = gen.generateKeyPair();
            this.key = new RSAKey.Builder((RSAPublicKey) pair.getPublic()).privateKey(pair.getPrivate())
                    .keyID("dev-" + Long.toHexString(random.nextLong())).build();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public String issuer() {
        return issuer;
    }

    /** What the console's environment needs to sign in here (a random session key each start). */
    public Map<String, String> consoleEnv() {
        byte[] sessionKey = new byte[32];
        random.nextBytes(sessionKey);
        var env = new LinkedHashMap<String, String>();
        env.put("CONSOLE_OIDC_ISSUER", issuer);
        env.put("CONSOLE_OIDC_CLIENT_ID", CLIENT_ID);
        env.put("CONSOLE_OIDC_CLIENT_SECRET", "");
        env.put("CONSOLE_ROLES_CLAIM", "cognito:groups");
        env.put("CONSOLE_OIDC_LOGOUT_URL", ""); // the template's is Cognito's; this provider keeps no session to end
        env.put("CONSOLE_SESSION_KEY", Base64.getUrlEncoder().withoutPadding().encodeToString(sessionKey));
        return env;
    }

    /** The banner's lines: one per demo user. */
    public static String banner() {
        var sb = new StringBuilder();
        for (DemoUser u : DEMO_USERS) {
            sb.append(String.format("                   %-9s %s  (%s)%n", u.username(), String.join(", ", u.groups()), u.name()));
        }
        return sb.toString();
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath().substring(MOUNT.length());
            String method = exchange.getRequestMethod();
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readNBytes(64 * 1024);
            }
            switch (method + " " + path) {
                case "GET /.well-known/openid-configuration" -> json(exchange, 200, discovery());
                case "GET /jwks" -> json(exchange, 200, new JWKSet(key.toPublicJWK()).toString());
                case "GET /authorize" -> authorizePage(exchange, query(exchange.getRequestURI().getRawQuery()));
                case "POST /authorize" -> authorize(exchange, query(new String(body, StandardCharsets.UTF_8)));
                case "POST /token" -> token(exchange, query(new String(body, StandardCharsets.UTF_8)));
                default -> json(exchange, 404, "{\"error\":\"not_found\"}");
            }
        } catch (RuntimeException e) {
            LocalPlatform.log("dev IdP error on %s: %s", exchange.getRequestURI(), e);
        }
    }

    private String discovery() {
        return """
                {"issuer":"%1$s","authorization_endpoint":"%1$s/authorize","token_endpoint":"%1$s/token","jwks_uri":"%1$s/jwks",\
                "response_types_supported":["code"],"subject_types_supported":["public"],\
                "id_token_signing_alg_values_supported":["RS256"],"code_challenge_methods_supported":["S256"],\
                "scopes_supported":["openid","email","profile"],"token_endpoint_auth_methods_supported":["none"],\
                "grant_types_supported":["authorization_code"],"claims_supported":["sub","name","email","cognito:groups","auth_time","nonce"]}
                """.formatted(issuer).strip();
    }

    /** Checks the request as a provider would; the message names what is wrong (a development tool). */
    private String invalid(Map<String, String> q) {
        if (!"code".equals(q.get("response_type"))) {
            return "response_type must be code";
        }
        if (!CLIENT_ID.equals(q.get("client_id"))) {
            return "unknown client_id";
        }
        if (!redirectUri.equals(q.get("redirect_uri"))) {
            return "redirect_uri must be " + redirectUri;
        }
        if (!"S256".equals(q.get("code_challenge_method")) || q.getOrDefault("code_challenge", "").isEmpty()) {
            return "PKCE with S256 is required";
        }
        if (q.getOrDefault("state", "").isEmpty() || q.getOrDefault("nonce", "").isEmpty()) {
            return "state and nonce are required";
        }
        return null;
    }

    private void authorizePage(HttpExchange exchange, Map<String, String> q) throws IOException {
        String problem = invalid(q);
        if (problem != null) {
            html(exchange, 400, "<h1>Invalid sign-in request</h1><p>" + esc(problem) + "</p>");
            return;
        }
        var sb = new StringBuilder();
        sb.append("<h1>開発用サインイン / Development sign-in</h1>\n")
                .append("<p>ローカル実行専用の認証サービスです。パスワードは不要です。 / The local runner's identity provider: pick a demo user, no password.</p>\n")
                .append("<form id=\"dev-sign-in\" method=\"post\" action=\"").append(MOUNT).append("/authorize\">\n<fieldset>\n")
                .append("<legend>デモ利用者 / Demo user</legend>\n");
        for (DemoUser u : DEMO_USERS) {
            String id = "user-" + u.username();
            sb.append("<div><input type=\"radio\" name=\"user\" required id=\"").append(id).append("\" value=\"").append(esc(u.username()))
                    .append("\"> <label for=\"").append(id).append("\"><strong>").append(esc(u.username())).append("</strong> ")
                    .append(esc(u.name())).append(" — <code>").append(esc(String.join(", ", u.groups()))).append("</code></label></div>\n");
        }
        sb.append("</fieldset>\n");
        for (String name : List.of("client_id", "redirect_uri", "state", "nonce", "code_challenge", "code_challenge_method", "response_type")) {
            sb.append("<input type=\"hidden\" name=\"").append(name).append("\" value=\"").append(esc(q.get(name))).append("\">\n");
        }
        if ("login".equals(q.get("prompt"))) {
            sb.append("<p><strong>再認証 / Sign in again</strong>: お金を動かす前の確認です。 / required before moving money.</p>\n");
        }
        sb.append("<p><button type=\"submit\" id=\"sign-in\">サインイン / Sign in</button></p>\n</form>\n");
        html(exchange, 200, sb.toString());
    }

    private void authorize(HttpExchange exchange, Map<String, String> form) throws IOException {
        String problem = invalid(form);
        DemoUser user = DEMO_USERS.stream().filter(u -> u.username().equals(form.get("user"))).findFirst().orElse(null);
        if (problem != null || user == null) {
            html(exchange, 400, "<h1>Invalid sign-in</h1><p>" + esc(problem == null ? "pick a demo user" : problem) + "</p>");
            return;
        }
        String code = random(24);
        Instant now = clock.instant();
        codes.put(code, new Grant(user, form.get("redirect_uri"), form.get("nonce"), form.get("code_challenge"), now, now.plus(CODE_LIFETIME)));
        codes.values().removeIf(g -> g.expires().isBefore(now));
        String location = form.get("redirect_uri") + "?code=" + enc(code) + "&state=" + enc(form.get("state"));
        exchange.getResponseHeaders().set("Location", location);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(303, -1);
    }

    private void token(HttpExchange exchange, Map<String, String> form) throws IOException {
        Grant grant = form.get("code") == null ? null : codes.remove(form.get("code")); // single use, whatever follows
        Instant now = clock.instant();
        if (!"authorization_code".equals(form.get("grant_type"))) {
            json(exchange, 400, "{\"error\":\"unsupported_grant_type\"}");
            return;
        }
        if (!CLIENT_ID.equals(form.get("client_id"))) {
            json(exchange, 401, "{\"error\":\"invalid_client\"}");
            return;
        }
        if (grant == null || now.isAfter(grant.expires()) || !grant.redirectUri().equals(form.get("redirect_uri"))
                || !grant.challenge().equals(challenge(form.getOrDefault("code_verifier", "")))) {
            json(exchange, 400, "{\"error\":\"invalid_grant\"}");
            return;
        }
        DemoUser u = grant.user();
        var claims = new JWTClaimsSet.Builder().issuer(issuer).audience(CLIENT_ID).subject("dev-" + u.username())
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(TOKEN_LIFETIME)))
                .claim("auth_time", grant.authTime().getEpochSecond()).claim("nonce", grant.nonce())
                .claim("name", u.name()).claim("email", u.username() + "@demo.kokin.invalid")
                .claim("cognito:username", u.username()).claim("cognito:groups", u.groups()).build();
        var jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(), claims);
        try {
            jwt.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        json(exchange, 200, "{\"access_token\":\"" + random(24) + "\",\"token_type\":\"Bearer\",\"expires_in\":"
                + TOKEN_LIFETIME.toSeconds() + ",\"id_token\":\"" + jwt.serialize() + "\"}");
    }

    static String challenge(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private String random(int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static Map<String, String> query(String raw) {
        var map = new LinkedHashMap<String, String>();
        if (raw == null || raw.isEmpty()) {
            return map;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            map.putIfAbsent(k, v);
        }
        return map;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String esc(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static void html(HttpExchange exchange, int status, String main) throws IOException {
        String page = "<!doctype html><html lang=\"ja\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">"
                + "<title>開発用サインイン | Kokin local</title><style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:48rem;line-height:1.6}"
                + "fieldset div{margin:.4rem 0}button{font:inherit;padding:.4rem 1rem}:focus-visible{outline:3px solid #c25e00}</style></head>"
                + "<body><main>" + main + "</main></body></html>";
        send(exchange, status, "text/html; charset=utf-8", page);
    }

    private static void json(HttpExchange exchange, int status, String body) throws IOException {
        send(exchange, status, "application/json", body);
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, b.length);
        exchange.getResponseBody().write(b);
    }
}
