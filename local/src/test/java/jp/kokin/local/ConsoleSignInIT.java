package jp.kokin.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Staff sign in to the console through the local runner's development OpenID Connect provider, the
 * real flow end to end (no browser: {@link StaffBrowser}): PKCE, the signed flow cookie, the code
 * exchange, the ID token verified against the provider's published key, the session cookie.
 */
class ConsoleSignInIT {
    @RegisterExtension
    static final RunningPlatform running = new RunningPlatform();
    private final String base = running.baseUrl();

    @Test
    void a_viewer_signs_in_at_the_development_provider_and_sees_the_home_page_with_their_name_and_menu() throws Exception {
        var browser = new StaffBrowser(base);

        HttpResponse<String> home = browser.signIn("viewer", "/console/");

        assertEquals(200, home.statusCode(), home.body());
        assertTrue(home.body().contains("千代田区 閲覧担当"), home.body());
        assertTrue(home.body().contains("href=\"/console/payments\""), home.body());
        assertFalse(home.body().contains("href=\"/console/audit\""), "a viewer has no audit log");
        assertTrue(browser.hasCookie("kokin_console"));
        assertFalse(browser.hasCookie("kokin_console_auth"), "the flow's cookie is gone once used");
    }

    @Test
    void a_settlement_approver_gets_the_settlement_screens_and_an_auditor_the_audit_log() throws Exception {
        HttpResponse<String> settler = new StaffBrowser(base).signIn("settler", "/console/");
        HttpResponse<String> auditor = new StaffBrowser(base).signIn("auditor", "/console/");

        assertTrue(settler.body().contains("精算承認担当 一"), settler.body());
        assertTrue(settler.body().contains("href=\"/console/settlement-runs\""), settler.body());
        assertTrue(settler.body().contains("href=\"/console/payins\""), settler.body());
        assertFalse(settler.body().contains("href=\"/console/audit\""), settler.body());
        assertTrue(auditor.body().contains("href=\"/console/audit\""), auditor.body());
    }

    @Test
    void the_development_provider_takes_a_code_once_and_only_with_its_pkce_verifier() throws Exception {
        var browser = new StaffBrowser(base);
        var signIn = browser.get(base + "/console/auth/sign-in");
        String authorize = StaffBrowser.location(signIn);
        Map<String, String> q = query(URI.create(authorize).getRawQuery());
        q.put("user", "viewer");
        var redirect = browser.post(base + "/_oidc/authorize", q);
        String code = query(URI.create(StaffBrowser.location(redirect)).getRawQuery()).get("code");
        String token = base + "/_oidc/token";
        var exchange = new java.util.HashMap<>(Map.of("grant_type", "authorization_code", "code", code, "client_id",
                DevIdentityProvider.CLIENT_ID, "redirect_uri", q.get("redirect_uri"), "code_verifier", "not-the-verifier"));

        assertEquals(400, browser.post(token, exchange).statusCode(), "a wrong verifier");
        // the console's own exchange sends the right verifier (from its flow cookie): it fails only because the
        // code was spent by the first try (a second try with the same wrong verifier would fail anyway)
        var page = browser.get(base + "/console/auth/callback?code=" + code + "&state=" + q.get("state"));
        assertEquals(400, page.statusCode(), "the console's exchange of a spent code fails");
        assertTrue(page.body().contains("id=\"retry\""), page.body());
    }

    @Test
    void a_signed_out_user_is_sent_to_sign_in_again() throws Exception {
        var browser = new StaffBrowser(base);
        HttpResponse<String> home = browser.signIn("viewer", "/console/");
        var csrf = java.util.regex.Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(home.body());
        assertTrue(csrf.find(), home.body());

        var out = browser.post(base + "/console/auth/sign-out", Map.of("_csrf", csrf.group(1)));

        assertEquals(303, out.statusCode(), out.body());
        assertEquals("/console/auth/signed-out", StaffBrowser.location(out));
        assertFalse(browser.hasCookie("kokin_console"));
        assertEquals(303, browser.get(base + "/console/").statusCode());
    }

    private static Map<String, String> query(String raw) {
        var map = new java.util.LinkedHashMap<String, String>();
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            map.put(java.net.URLDecoder.decode(pair.substring(0, eq), java.nio.charset.StandardCharsets.UTF_8),
                    java.net.URLDecoder.decode(pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8));
        }
        return map;
    }
}
