package jp.kokin.console.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import jp.kokin.console.ConsoleSettings;
import jp.kokin.console.auth.IdentityProvider.AuthorizationRequest;
import jp.kokin.console.auth.IdentityProvider.SignInFailed;

/** The console's sign-in settings: refused at cold start when missing or weak, references read at first use. */
class SignInSettingsTest {
    private static final ConsoleSettings SETTINGS = ConsoleSettings.defaults("");

    @Test
    void a_console_without_a_session_key_or_with_a_short_one_does_not_start() {
        var missing = assertThrows(IllegalStateException.class, () -> SignInSettings.sessions(Map.of(), SETTINGS));
        assertTrue(missing.getMessage().contains("CONSOLE_SESSION_KEY"), missing.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SignInSettings.sessions(Map.of("CONSOLE_SESSION_KEY", "short"), SETTINGS));
        assertInstanceOf(SignedCookieSessions.class,
                SignInSettings.sessions(Map.of("CONSOLE_SESSION_KEY", "k".repeat(SignedCookieSessions.MIN_KEY_BYTES)), SETTINGS));
    }

    @Test
    void a_console_without_an_issuer_or_client_does_not_start() {
        var e = assertThrows(IllegalStateException.class, () -> SignInSettings.identity(Map.of("CONSOLE_OIDC_CLIENT_ID", "c")));
        assertTrue(e.getMessage().contains("CONSOLE_OIDC_ISSUER"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> SignInSettings.identity(Map.of("CONSOLE_OIDC_ISSUER", "https://idp.test")));
    }

    @Test
    void a_plain_client_id_builds_the_provider_now_and_a_referenced_one_at_first_sign_in() {
        var plain = SignInSettings.identity(Map.of("CONSOLE_OIDC_ISSUER", "https://idp.test", "CONSOLE_OIDC_CLIENT_ID", "c"));
        assertEquals("https://idp.test", assertInstanceOf(OidcIdentityProvider.class, plain).issuer());

        var referenced = SignInSettings.identity(Map.of("CONSOLE_OIDC_ISSUER", "https://idp.test",
                "CONSOLE_OIDC_CLIENT_ID", "ssm:/kokin/console/cognito-client-id", "SECRETS_ENDPOINT", "http://127.0.0.1:1"));
        var failed = assertThrows(SignInFailed.class,
                () -> referenced.authorizationUrl(new AuthorizationRequest("https://x/cb", "s", "n", "c", false)));
        assertTrue(failed.getMessage().contains("client id"), failed.getMessage());
    }
}
