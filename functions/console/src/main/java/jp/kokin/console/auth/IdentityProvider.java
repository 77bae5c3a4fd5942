package jp.kokin.console.auth;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The OpenID Connect provider the console signs staff in with (Cognito in AWS, the development
 * provider locally, or any other by settings): authorization code flow with PKCE (S256).
 */
public interface IdentityProvider {
    /** Where to send the browser to sign in. */
    URI authorizationUrl(AuthorizationRequest request);

    /**
     * Exchanges the code at the token endpoint and verifies the ID token (signature by the
     * provider's published keys, issuer, audience, expiry, nonce).
     *
     * @throws SignInFailed when anything does not hold (the message is for the log, not the user)
     */
    VerifiedIdentity exchange(String code, String codeVerifier, String redirectUri, String nonce);

    /**
     * Where to send the browser to end the provider's own session too (a shared computer: else the next
     * person's sign-in would go through without a password), which then returns to {@code returnTo};
     * empty when the provider has no such page.
     */
    default Optional<URI> logoutUrl(String returnTo) {
        return Optional.empty();
    }

    /**
     * @param forceLogin ask the provider to prompt for credentials again ({@code prompt=login},
     *                   {@code max_age=0}): re-authentication before moving money
     */
    record AuthorizationRequest(String redirectUri, String state, String nonce, String codeChallenge, boolean forceLogin) {}

    /**
     * Who signed in, from a verified ID token.
     *
     * @param groups   the roles claim ({@code CONSOLE_ROLES_CLAIM}, default {@code cognito:groups})
     * @param authTime the token's {@code auth_time} (when credentials were entered)
     */
    record VerifiedIdentity(String issuer, String subject, String name, String email, List<String> groups,
                            Instant authTime) {
        public VerifiedIdentity {
            Objects.requireNonNull(issuer, "issuer");
            Objects.requireNonNull(subject, "subject");
            groups = List.copyOf(groups);
            Objects.requireNonNull(authTime, "authTime");
        }
    }

    final class SignInFailed extends RuntimeException {
        public SignInFailed(String message) {
            super(message);
        }

        public SignInFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
