package jp.kokin.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The checks every console route gets before its action runs. */
class ConsoleHandlerTest {
    private final ConsoleTestKit kit = new ConsoleTestKit();

    @Test
    void an_anonymous_visitor_is_sent_to_sign_in_and_comes_back_to_the_page_they_asked_for() {
        var response = kit.anonymousGet("/console/?lang=en");

        assertEquals(303, response.getStatusCode());
        assertEquals("/console/auth/sign-in?next=%2Fconsole%2F%3Flang%3Den", response.getHeaders().get("Location"));
    }

    @Test
    void a_signed_in_viewer_sees_the_home_page_with_their_name_and_a_refreshed_session_cookie() {
        var response = kit.get("/console/", ConsoleTestKit.user("viewer", "viewer.131016"));

        assertEquals(200, response.getStatusCode());
        assertTrue(response.getBody().contains("viewer (test)"), response.getBody());
        assertTrue(response.getCookies().getFirst().startsWith("kokin_console="));
        assertTrue(response.getCookies().getFirst().contains("HttpOnly; Secure; SameSite=Strict"));
    }

    @Test
    void a_user_without_any_console_role_is_refused() {
        var response = kit.get("/console/", ConsoleTestKit.user("nobody", "some-other-group"));

        assertEquals(403, response.getStatusCode());
    }

    @Test
    void the_home_page_lists_the_users_roles_with_the_organizations_they_cover() {
        var body = kit.get("/console/", ConsoleTestKit.user("clerk", "viewer.131016", "refund_requester.131016", "auditor"))
                .getBody();

        assertTrue(body.contains("<td>閲覧</td><td>千代田区 (131016)</td>"), body);
        assertTrue(body.contains("<td>返金申請</td><td>千代田区 (131016)</td>"), body);
        assertTrue(body.contains("<td>監査</td><td>すべての団体</td>"), body);
        assertTrue(!body.contains("返金承認"), "no role the user lacks: " + body);
    }
}
