package jp.kokin.console.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import jp.kokin.console.auth.IdentityProvider.AuthorizationRequest;
import jp.kokin.console.auth.IdentityProvider.SignInFailed;
import jp.kokin.domain.checkout.TestClock;

/** The ID token checks, against a provider on loopback that publishes its discovery document, its keys and a token endpoint. */
class OidcIdentityProviderTest {
    private static final Instant NOW = Instant.parse("2026-12-01T02:00:00Z");
    private static final String CLIENT = "console-client";
    private static final String NONCE = "nonce-123";

    private final TestClock clock = new TestClock(NOW);
    private HttpServer server;
    private String issuer;
    private static final RSAKey keyA = rsa("key-a");
    private static final RSAKey keyB = rsa("key-b");
    private static final RSAKey impostor = rsa("key-a");
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private volatile JWKSet published;
    private volatile String nextIdToken;
    private final AtomicInteger jwksFetches = new AtomicInteger();
    private final List<Map<String, String>> tokenRequests = new CopyOnWriteArrayList<>();
    private final List<String> tokenAuthorizations = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        published = new JWKSet(keyA.toPublicJWK());
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        issuer = "http://127.0.0.1:" + server.getAddress().getPort() + "/idp";
        server.createContext("/idp/.well-known/openid-configuration", ex -> send(ex, 200, """
                {"issuer":"%1$s","authorization_endpoint":"%1$s/authorize","token_endpoint":"%1$s/token","jwks_uri":"%1$s/jwks"}
                """.formatted(issuer)));
        server.createContext("/idp/jwks", ex -> {
            jwksFetches.incrementAndGet();
            send(ex, 200, published.toString());
        });
        server.createContext("/idp/token", ex -> {
            tokenRequests.add(form(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            tokenAuthorizations.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
            if (nextIdToken == null) {
                send(ex, 400, "{\"error\":\"invalid_grant\",\"error_description\":\"code used\"}");
            } else {
                send(ex, 200, "{\"id_token\":\"" + nextIdToken + "\",\"access_token\":\"at\",\"token_type\":\"Bearer\"}");
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private OidcIdentityProvider provider(Optional<String> secret) {
        return new OidcIdentityProvider(issuer, CLIENT, () -> secret, "cognito:groups", HTTP, clock);
    }

    private OidcIdentityProvider provider() {
        return provider(Optional.empty());
    }

    private JWTClaimsSet.Builder claims() {
        return new JWTClaimsSet.Builder().issuer(issuer).audience(CLIENT).subject("sub-1")
                .issueTime(Date.from(NOW.minusSeconds(5))).expirationTime(Date.from(NOW.plusSeconds(3600)))
                .claim("nonce", NONCE).claim("auth_time", NOW.minusSeconds(10).getEpochSecond())
                .claim("email", "hanako@city.test").claim("name", "山田 花子")
                .claim("cognito:groups", List.of("viewer.131016", "refund_requester.131016"));
    }

    private static String signed(RSAKey key, JWTClaimsSet claims) throws Exception {
        var jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    @Test
    void a_valid_token_gives_the_subject_the_name_the_groups_and_the_time_credentials_were_entered() throws Exception {
        var identity = provider().verify(signed(keyA, claims().build()), NONCE);

        assertEquals(issuer, identity.issuer());
        assertEquals("sub-1", identity.subject());
        assertEquals("山田 花子", identity.name());
        assertEquals("hanako@city.test", identity.email());
        assertEquals(List.of("viewer.131016", "refund_requester.131016"), identity.groups());
        assertEquals(NOW.minusSeconds(10), identity.authTime());
    }

    @Test
    void without_auth_time_the_sign_in_time_is_the_tokens_issue_time_and_groups_may_be_a_string() throws Exception {
        var identity = new OidcIdentityProvider(issuer, CLIENT, Optional::empty, "roles", HTTP, clock)
                .verify(signed(keyA, claims().claim("auth_time", null).claim("roles", "viewer, auditor  settlement_approver").build()), NONCE);

        assertEquals(NOW.minusSeconds(5), identity.authTime());
        assertEquals(List.of("viewer", "auditor", "settlement_approver"), identity.groups());
    }

    @Test
    void a_token_signed_by_another_key_under_the_published_kid_is_refused() throws Exception {
        assertRefused("signature", () -> provider().verify(signed(impostor, claims().build()), NONCE));
    }

    @Test
    void an_unsigned_token_and_an_hmac_token_are_refused_whatever_they_claim() throws Exception {
        String none = new PlainJWT(claims().build()).serialize();
        var hs = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("key-a").build(), claims().build());
        hs.sign(new MACSigner(keyA.toPublicJWK().toRSAPublicKey().getEncoded())); // the classic: the public key as HMAC secret

        assertRefused("RS256", () -> provider().verify(none, NONCE));
        assertRefused("RS256", () -> provider().verify(hs.serialize(), NONCE));
    }

    @Test
    void a_token_from_another_issuer_or_for_another_client_is_refused() throws Exception {
        assertRefused("issuer", () -> provider().verify(signed(keyA, claims().issuer(issuer + "/other").build()), NONCE));
        assertRefused("client", () -> provider().verify(signed(keyA, claims().audience("another-client").build()), NONCE));
        assertRefused("authorized party", () -> provider().verify(
                signed(keyA, claims().audience(List.of(CLIENT, "another-client")).build()), NONCE));
    }

    @Test
    void a_token_expired_beyond_the_clock_skew_is_refused_and_one_within_it_is_taken() throws Exception {
        assertRefused("expired", () -> provider().verify(
                signed(keyA, claims().expirationTime(Date.from(NOW.minusSeconds(61))).build()), NONCE));
        provider().verify(signed(keyA, claims().expirationTime(Date.from(NOW.minusSeconds(30))).build()), NONCE);
        assertRefused("future", () -> provider().verify(
                signed(keyA, claims().issueTime(Date.from(NOW.plusSeconds(120))).build()), NONCE));
    }

    @Test
    void a_token_with_another_nonce_is_refused() throws Exception {
        assertRefused("nonce", () -> provider().verify(signed(keyA, claims().build()), "another-nonce"));
        assertRefused("nonce", () -> provider().verify(signed(keyA, claims().claim("nonce", null).build()), NONCE));
    }

    @Test
    void a_token_signed_by_a_new_key_is_taken_once_the_provider_publishes_that_key() throws Exception {
        var provider = provider();
        provider.verify(signed(keyA, claims().build()), NONCE);
        assertEquals(1, jwksFetches.get());

        published = new JWKSet(List.of(keyA.toPublicJWK(), keyB.toPublicJWK()));
        clock.advance(OidcIdentityProvider.JWKS_REFRESH_MIN_INTERVAL.plusSeconds(1));
        var identity = provider.verify(signed(keyB, claims().issueTime(Date.from(clock.instant())).build()), NONCE);

        assertEquals("sub-1", identity.subject());
        assertEquals(2, jwksFetches.get());
    }

    @Test
    void unknown_kids_do_not_make_the_console_fetch_the_keys_more_than_once_a_minute() throws Exception {
        var provider = provider();
        provider.verify(signed(keyA, claims().build()), NONCE);

        assertRefused("key", () -> provider.verify(signed(keyB, claims().build()), NONCE));
        assertRefused("key", () -> provider.verify(signed(keyB, claims().build()), NONCE));
        assertEquals(1, jwksFetches.get());
    }

    @Test
    void the_authorization_url_asks_for_a_code_with_pkce_s256_and_forces_a_new_login_for_re_authentication() {
        var url = provider().authorizationUrl(new AuthorizationRequest("https://kokin.test/console/auth/callback", "st", "nn", "ch", true));
        Map<String, String> q = form(url.getRawQuery());

        assertTrue(url.toString().startsWith(issuer + "/authorize?"), url.toString());
        assertEquals("code", q.get("response_type"));
        assertEquals(CLIENT, q.get("client_id"));
        assertEquals("openid email profile", q.get("scope"));
        assertEquals("S256", q.get("code_challenge_method"));
        assertEquals("ch", q.get("code_challenge"));
        assertEquals("login", q.get("prompt"));
        assertEquals("0", q.get("max_age"));
        assertEquals(null, form(provider().authorizationUrl(new AuthorizationRequest("https://x/cb", "s", "n", "c", false))
                .getRawQuery()).get("prompt"));
    }

    @Test
    void the_code_is_exchanged_with_the_verifier_as_a_public_client_or_with_the_secret_in_basic_auth() throws Exception {
        nextIdToken = signed(keyA, claims().build());
        provider().exchange("code-1", "verifier-1", "https://kokin.test/console/auth/callback", NONCE);
        provider(Optional.of("s3cret")).exchange("code-2", "verifier-2", "https://kokin.test/console/auth/callback", NONCE);

        Map<String, String> pub = tokenRequests.get(0);
        assertEquals("authorization_code", pub.get("grant_type"));
        assertEquals("code-1", pub.get("code"));
        assertEquals("verifier-1", pub.get("code_verifier"));
        assertEquals("https://kokin.test/console/auth/callback", pub.get("redirect_uri"));
        assertEquals(CLIENT, pub.get("client_id"));
        assertEquals("null", tokenAuthorizations.get(0));
        assertEquals(null, tokenRequests.get(1).get("client_id"));
        assertEquals("Basic " + Base64.getEncoder().encodeToString((CLIENT + ":s3cret").getBytes(StandardCharsets.UTF_8)),
                tokenAuthorizations.get(1));
    }

    @Test
    void sign_out_goes_to_cognitos_logout_page_when_configured_and_else_to_none_without_an_end_session_endpoint() {
        var cognito = new OidcIdentityProvider(issuer, CLIENT, Optional::empty, "cognito:groups", HTTP, clock,
                "https://kokin-1.auth.ap-northeast-1.amazoncognito.com/logout");

        assertEquals("https://kokin-1.auth.ap-northeast-1.amazoncognito.com/logout?client_id=console-client&logout_uri="
                + "https%3A%2F%2Fkokin.test%2Fconsole%2Fauth%2Fsigned-out",
                cognito.logoutUrl("https://kokin.test/console/auth/signed-out").orElseThrow().toString());
        assertEquals(Optional.empty(), provider().logoutUrl("https://kokin.test/console/auth/signed-out"), "this provider publishes no end_session_endpoint");
    }

    @Test
    void a_refused_code_is_a_failed_sign_in_naming_the_error_code_only() {
        nextIdToken = null;
        var e = assertThrows(SignInFailed.class, () -> provider().exchange("used", "v", "https://x/cb", NONCE));

        assertTrue(e.getMessage().contains("400 invalid_grant"), e.getMessage());
        assertTrue(!e.getMessage().contains("code used"), e.getMessage());
    }

    private static void assertRefused(String why, org.junit.jupiter.api.function.Executable call) {
        var e = assertThrows(SignInFailed.class, call);
        assertTrue(e.getMessage().contains(why), e.getMessage());
    }

    private static RSAKey rsa(String kid) {
        try {
            return rsaKey(kid);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static RSAKey rsaKey(String kid) throws Exception {
        var gen = KeyPairGenerator.getInstance("RSA");
        gen.initialize(2048);
        var pair = gen.generateKeyPair();
        return new RSAKey.Builder((java.security.interfaces.RSAPublicKey) pair.getPublic())
                .privateKey(pair.getPrivate()).keyID(kid).build();
    }

    private static Map<String, String> form(String body) {
        var map = new HashMap<String, String>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            map.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return map;
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
        ex.close();
    }
}
