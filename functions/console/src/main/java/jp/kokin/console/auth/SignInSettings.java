package jp.kokin.console.auth;

import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import jp.kokin.adapters.http.LazyHttpClient;
import jp.kokin.adapters.provider.SecretResolver;
import jp.kokin.console.ConsoleSettings;

/**
 * The console's sign-in from its settings (README "Console sign-in"):
 * <ul>
 *   <li>{@code CONSOLE_OIDC_ISSUER}, {@code CONSOLE_OIDC_CLIENT_ID}: the OpenID Connect provider and this client (the id may
 *       be a reference: the template keeps Cognito's in an SSM parameter);</li>
 *   <li>{@code CONSOLE_OIDC_CLIENT_SECRET}: empty for a public client (PKCE only, Cognito's app client), else the
 *       secret or a secret reference ({@code secretsmanager:…}, {@code ssm:…}) read like portal secrets;</li>
 *   <li>{@code CONSOLE_OIDC_LOGOUT_URL}: Cognito's {@code https://{domain}/logout}, where sign-out also ends the
 *       provider's session (other providers: their discovery's {@code end_session_endpoint});</li>
 *   <li>{@code CONSOLE_ROLES_CLAIM}: the ID token claim with the user's groups (default {@value #DEFAULT_ROLES_CLAIM});</li>
 *   <li>{@code CONSOLE_SESSION_KEY}: at least {@value SignedCookieSessions#MIN_KEY_BYTES} bytes, or a reference to them
 *       (in AWS the template's generated secret).</li>
 * </ul>
 * References are resolved at first use, not at cold start (a SnapStart snapshot holds no secret), and
 * kept {@code SECRETS_CACHE_SECONDS}.
 */
public final class SignInSettings {
    public static final String DEFAULT_ROLES_CLAIM = "cognito:groups";
    /** Connecting to the provider; the whole call is bounded by {@link OidcIdentityProvider#DEADLINE}. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);

    private SignInSettings() {}

    public static Sessions sessions(Map<String, String> env, ConsoleSettings settings) {
        String key = required(env, "CONSOLE_SESSION_KEY");
        if (SecretResolver.isReference(key)) {
            SecretResolver secrets = SecretResolver.fromEnv(env, Clock.systemUTC(), http(env));
            return new SignedCookieSessions(() -> secrets.resolve(key).getBytes(StandardCharsets.UTF_8), settings.idle(),
                    settings.lifetime(), new SecureRandom());
        }
        return new SignedCookieSessions(key.getBytes(StandardCharsets.UTF_8), settings.idle(), settings.lifetime(), new SecureRandom());
    }

    public static IdentityProvider identity(Map<String, String> env) {
        HttpClient http = http(env);
        String issuer = required(env, "CONSOLE_OIDC_ISSUER");
        String clientId = required(env, "CONSOLE_OIDC_CLIENT_ID");
        String secret = env.getOrDefault("CONSOLE_OIDC_CLIENT_SECRET", "").strip();
        SecretResolver secrets = SecretResolver.fromEnv(env, Clock.systemUTC(), http);
        String claim = env.getOrDefault("CONSOLE_ROLES_CLAIM", "");
        String rolesClaim = claim.isBlank() ? DEFAULT_ROLES_CLAIM : claim.strip();
        Supplier<IdentityProvider> build = () -> new OidcIdentityProvider(issuer, secrets.resolve(clientId),
                () -> secret.isEmpty() ? Optional.empty() : Optional.of(secrets.resolve(secret)), rolesClaim, http, Clock.systemUTC(),
                env.getOrDefault("CONSOLE_OIDC_LOGOUT_URL", ""));
        return SecretResolver.isReference(clientId) ? new BuiltAtFirstUse(build) : build.get();
    }

    /** The provider built at its first use: its client id is a reference (Cognito's, in an SSM parameter). */
    static final class BuiltAtFirstUse implements IdentityProvider {
        private final Supplier<IdentityProvider> build;
        private volatile IdentityProvider built;

        BuiltAtFirstUse(Supplier<IdentityProvider> build) {
            this.build = build;
        }

        private IdentityProvider get() {
            IdentityProvider p = built;
            if (p == null) {
                synchronized (this) {
                    if (built == null) {
                        try {
                            built = build.get();
                        } catch (SecretResolver.SecretException e) {
                            throw new SignInFailed("the client id could not be read: " + e.getMessage());
                        }
                    }
                    p = built;
                }
            }
            return p;
        }

        @Override
        public java.net.URI authorizationUrl(AuthorizationRequest request) {
            return get().authorizationUrl(request);
        }

        @Override
        public VerifiedIdentity exchange(String code, String codeVerifier, String redirectUri, String nonce) {
            return get().exchange(code, codeVerifier, redirectUri, nonce);
        }

        @Override
        public Optional<java.net.URI> logoutUrl(String returnTo) {
            try {
                return get().logoutUrl(returnTo);
            } catch (SignInFailed e) {
                return Optional.empty();
            }
        }
    }

    private static HttpClient http(Map<String, String> env) {
        return LazyHttpClient.forInit(env, () -> HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER).build());
    }

    private static String required(Map<String, String> env, String name) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            throw new IllegalStateException(name + " is not set (README \"Console sign-in\")");
        }
        return v.strip();
    }
}
