package jp.kokin.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * Signing in to the console in a browser through the local runner's development identity provider,
 * as each demo user: each lands on the home page under their own name and sees the screens their
 * roles allow, no more; signing out ends the session.
 */
class ConsoleSignInBrowserIT {
    @RegisterExtension
    static final ConsoleBrowser console = new ConsoleBrowser();

    /** The screens every role may view (design §2), then the audit log (auditor, platform administrator). */
    private static final List<String> VIEW_SCREENS = List.of("/console/payments", "/console/refunds", "/console/settlement-runs",
            "/console/payins", "/console/daily");

    @ParameterizedTest(name = "{0}")
    @CsvSource({"viewer, false", "requester, false", "approver, false", "settler, false", "settler2, false",
            "auditor, true", "admin, true", "mofa, false", "shinjuku, false"})
    void each_demo_user_signs_in_and_sees_their_name_and_only_the_screens_their_roles_allow(String username, boolean audits) {
        console.open("/console/");
        console.chooseOnTheIdentityProvider(username);
        console.waitUntil("the home page", d -> console.currentPath().equals("/console/"));
        console.heading("公金");
        console.screenshot("02-home-" + username);

        String name = DevIdentityProvider.DEMO_USERS.stream().filter(u -> u.username().equals(username)).findFirst().orElseThrow().name();
        String who = console.driver().findElement(By.cssSelector("header.banner .who")).getText();
        assertTrue(who.contains(name), "the banner names " + name + ": " + who);
        assertTrue(console.present(By.cssSelector("header.banner form[action='/console/auth/sign-out'] button")), "a sign-out button");
        List<String> nav = console.driver().findElements(By.cssSelector("nav.primary a")).stream()
                .map(a -> a.getDomAttribute("href")).toList();
        var expected = new java.util.ArrayList<>(VIEW_SCREENS);
        if (audits) {
            expected.add("/console/audit");
        }
        assertEquals(expected, nav, username + "'s navigation");
        List<String> links = console.driver().findElements(By.cssSelector("main a")).stream().map(a -> a.getDomAttribute("href")).toList();
        assertTrue(links.containsAll(expected), username + "'s home links " + links);
        assertEquals(audits, links.contains("/console/audit"), username + "'s home links " + links);
    }

    @Test
    void the_identity_provider_offers_every_demo_user_and_brings_the_user_back_to_the_page_they_asked_for() {
        console.open("/console/payments?lang=ja");
        console.byId("dev-sign-in");
        console.screenshot("01-dev-identity-provider");
        for (String user : List.of("viewer", "requester", "approver", "settler", "settler2", "auditor", "admin", "mofa", "shinjuku")) {
            WebElement radio = console.driver().findElement(By.id("user-" + user));
            assertEquals("radio", radio.getDomAttribute("type"));
            assertEquals("user", radio.getDomAttribute("name"));
        }
        console.chooseOnTheIdentityProvider("viewer");
        console.waitUntil("the payments page", d -> console.currentPath().startsWith("/console/payments"));
        assertEquals(200, console.status());
    }

    @Test
    void signing_out_ends_the_session_and_the_console_asks_to_sign_in_again() {
        console.signIn("viewer");
        console.driver().findElement(By.cssSelector("header.banner form[action='/console/auth/sign-out'] button")).click();
        console.waitUntil("the signed-out page", d -> console.currentPath().startsWith("/console/auth/signed-out"));
        console.screenshot("04-signed-out");

        console.open("/console/payments");
        console.waitUntil("the identity provider again", d -> console.present(By.id("dev-sign-in")));
    }

    @Test
    void the_console_switches_to_english_and_back() {
        console.signIn("viewer");
        console.driver().findElement(By.cssSelector("header.banner a[lang='en']")).click();
        console.heading("Kokin console");
        assertEquals("en", console.driver().findElement(By.tagName("html")).getDomAttribute("lang"));
        console.screenshot("03-home-english");
        console.driver().findElement(By.cssSelector("header.banner a[lang='ja']")).click();
        console.heading("公金 管理画面");
    }
}
