package jp.kokin.console.auth;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.RSAPublicKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;

import jp.kokin.adapters.http.OutgoingCall;
import jp.kokin.adapters.json.Json;

/**
 * An OpenID Connect provider found by discovery ({@code {issuer}/.well-known/openid-configuration}):
 * the authorization code flow with PKCE (S256), the code exchanged at the token endpoint over the JDK
 * HTTP client, the ID token verified with the JDK's own crypto: RS256 only (no {@code none}, no HMAC),
 * the key named by {@code kid} from the provider's JWKS (fetched again when a token names a key it
 * does not hold: key rotation), {@code iss}, {@code aud} (and {@code azp} when several audiences),
 * {@code exp} and {@code iat} within {@link #SKEW}, {@code nonce}. The sign-in time is {@code auth_time},
 * else {@code iat}.
 *
 * <p>The client authenticates with {@code client_secret_basic} when it has a secret, else it is a
 * public client (PKCE only).
 */
public final class OidcIdentityProvider implements IdentityProvider {
    /** Allowed difference between our clock and the provider's. */
    public static final Duration SKEW = Duration.ofSeconds(60);
    /** One call to the provider (discovery, JWKS, token), body included. */
    public static final Duration DEADLINE = Duration.ofSeconds(5);
    /** A discovery document, JWKS or token answer is a few KB; anything this large is refused. */
    public static final int MAX_ANSWER_BYTES = 256 * 1024;
    /** An ID token larger than this is refused before parsing (Cognito's are under 2 KB with dozens of groups). */
    public static final int MAX_ID_TOKEN_CHARS = 16 * 1024;
    /** The JWKS is fetched again for an unknown {@code kid} at most this often (a forged kid cannot make us call the provider on every request). */
    public static final Duration JWKS_REFRESH_MIN_INTERVAL = Duration.ofSeconds(60);
    /** Discovery is read again after this long (endpoints rarely move). */
    public static final Duration DISCOVERY_TTL = Duration.ofHours(12);

    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    private final String issuer;
    private final String clientId;
    private final Supplier<Optional<String>> clientSecret;
    private final String rolesClaim;
    private final HttpClient http;
    private final Clock clock;
    private final String cognitoLogoutUrl;

    private record Metadata(URI authorization, URI token, URI jwks, Optional<URI> endSession, Instant fetchedAt) {}

    private volatile Metadata metadata;
    private volatile Map<String, PublicKey> keys = Map.of();
    private volatile Instant keysFetchedAt = Instant.EPOCH;
    private final Object lock = new Object();

    /**
     * @param issuer       exactly as the provider's tokens name it ({@code iss}), no trailing slash added or removed
     * @param clientSecret empty for a public client; read at the exchange (a secret reference is resolved lazily)
     * @param rolesClaim   the claim holding the user's groups (a list, or a space or comma separated string)
     */
    public OidcIdentityProvider(String issuer, String clientId, Supplier<Optional<String>> clientSecret, String rolesClaim,
                                HttpClient http, Clock clock) {
        this(issuer, clientId, clientSecret, rolesClaim, http, clock, "");
    }

    /**
     * @param cognitoLogoutUrl Cognito's {@code https://{domain}/logout} (Cognito publishes no {@code end_session_endpoint});
     *                         empty: the discovery document's {@code end_session_endpoint}, if any
     */
    public OidcIdentityProvider(String issuer, String clientId, Supplier<Optional<String>> clientSecret, String rolesClaim,
                                HttpClient http, Clock clock, String cognitoLogoutUrl) {
        this.cognitoLogoutUrl = cognitoLogoutUrl == null ? "" : cognitoLogoutUrl.strip();
        this.issuer = requireText(issuer, "issuer");
        this.clientId = requireText(clientId, "clientId");
        this.clientSecret = Objects.requireNonNull(clientSecret, "clientSecret");
        this.rolesClaim = requireText(rolesClaim, "rolesClaim");
        this.http = Objects.requireNonNull(http, "http");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public String issuer() {
        return issuer;
    }

    @Override
    public URI authorizationUrl(AuthorizationRequest request) {
        var params = new LinkedHashMap<String, String>();
        params.put("response_type", "code");
        params.put("client_id", clientId);
        params.put("redirect_uri", request.redirectUri());
        params.put("scope", "openid email profile");
        params.put("state", request.state());
        params.put("nonce", request.nonce());
        params.put("code_challenge", request.codeChallenge());
        params.put("code_challenge_method", "S256");
        if (request.forceLogin()) {
            params.put("prompt", "login");
            params.put("max_age", "0");
        }
        URI endpoint = metadata().authorization();
        String sep = endpoint.getRawQuery() == null ? "?" : "&";
        return URI.create(endpoint + sep + form(params));
    }

    @Override
    public Optional<URI> logoutUrl(String returnTo) {
        if (!cognitoLogoutUrl.isEmpty()) {
            var params = new LinkedHashMap<String, String>();
            params.put("client_id", clientId);
            params.put("logout_uri", returnTo);
            return Optional.of(URI.create(cognitoLogoutUrl + "?" + form(params)));
        }
        try {
            return metadata().endSession().map(e -> URI.create(e + (e.getRawQuery() == null ? "?" : "&")
                    + "client_id=" + encode(clientId) + "&post_logout_redirect_uri=" + encode(returnTo)));
        } catch (SignInFailed e) {
            return Optional.empty(); // the provider is down: at least the console's session ends
        }
    }

    @Override
    public VerifiedIdentity exchange(String code, String codeVerifier, String redirectUri, String nonce) {
        var params = new LinkedHashMap<String, String>();
        params.put("grant_type", "authorization_code");
        params.put("code", code);
        params.put("redirect_uri", redirectUri);
        params.put("code_verifier", codeVerifier);
        Optional<String> secret = clientSecret.get().filter(s -> !s.isBlank());
        HttpRequest.Builder req = HttpRequest.newBuilder(metadata().token()).timeout(DEADLINE)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json");
        if (secret.isPresent()) {
            String basic = encode(clientId) + ":" + encode(secret.get());
            req.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(basic.getBytes(StandardCharsets.UTF_8)));
        } else {
            params.put("client_id", clientId);
        }
        JsonNode answer = call(req.POST(HttpRequest.BodyPublishers.ofString(form(params))).build(), "token", true);
        String idToken = answer.path("id_token").asText("");
        if (idToken.isEmpty()) {
            throw new SignInFailed("the token endpoint answered without an id_token");
        }
        return verify(idToken, nonce);
    }

    /** Verifies an ID token (public for tests of the verification alone). */
    public VerifiedIdentity verify(String idToken, String expectedNonce) {
        if (idToken.length() > MAX_ID_TOKEN_CHARS) {
            throw new SignInFailed("the ID token is too large");
        }
        String[] parts = idToken.split("\\.", -1);
        if (parts.length != 3) {
            throw new SignInFailed("the ID token is not a signed JWT");
        }
        JsonNode header;
        JsonNode claims;
        byte[] signature;
        try {
            header = Json.parse(B64D.decode(parts[0]));
            claims = Json.parse(B64D.decode(parts[1]));
            signature = B64D.decode(parts[2]);
        } catch (IllegalArgumentException | Json.InvalidJsonException e) {
            throw new SignInFailed("the ID token is not valid base64url JSON");
        }
        String alg = header.path("alg").asText("");
        if (!alg.equals("RS256")) {
            throw new SignInFailed("the ID token's algorithm " + alg + " is not RS256");
        }
        if (header.has("crit")) {
            throw new SignInFailed("the ID token has critical header parameters");
        }
        String kid = header.path("kid").asText("");
        PublicKey key = key(kid);
        try {
            Signature verifier = Signature.getInstance("SHA256withRSA");
            verifier.initVerify(key);
            verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!verifier.verify(signature)) {
                throw new SignInFailed("the ID token's signature does not hold");
            }
        } catch (GeneralSecurityException e) {
            throw new SignInFailed("the ID token's signature does not hold (" + e.getClass().getSimpleName() + ")");
        }
        if (!issuer.equals(claims.path("iss").asText())) {
            throw new SignInFailed("the ID token is from another issuer");
        }
        List<String> audiences = strings(claims.path("aud"));
        if (!audiences.contains(clientId)) {
            throw new SignInFailed("the ID token is for another client");
        }
        if (audiences.size() > 1 && !clientId.equals(claims.path("azp").asText())) {
            throw new SignInFailed("the ID token has several audiences and another authorized party");
        }
        Instant now = clock.instant();
        if (!claims.path("exp").canConvertToLong() || !now.isBefore(Instant.ofEpochSecond(claims.path("exp").asLong()).plus(SKEW))) {
            throw new SignInFailed("the ID token has expired");
        }
        if (!claims.path("iat").canConvertToLong()) {
            throw new SignInFailed("the ID token has no iat");
        }
        Instant iat = Instant.ofEpochSecond(claims.path("iat").asLong());
        if (iat.isAfter(now.plus(SKEW))) {
            throw new SignInFailed("the ID token was issued in the future");
        }
        if (expectedNonce == null || !constantTimeEquals(expectedNonce, claims.path("nonce").asText(""))) {
            throw new SignInFailed("the ID token's nonce is not the one sent");
        }
        String subject = claims.path("sub").asText("");
        if (subject.isEmpty()) {
            throw new SignInFailed("the ID token has no subject");
        }
        Instant authTime = claims.path("auth_time").canConvertToLong() ? Instant.ofEpochSecond(claims.path("auth_time").asLong()) : iat;
        if (authTime.isAfter(now.plus(SKEW))) {
            throw new SignInFailed("the ID token's auth_time is in the future");
        }
        String email = claims.path("email").asText("");
        String name = firstText(claims, "name", "preferred_username", "cognito:username", "email").orElse(subject);
        return new VerifiedIdentity(issuer, subject, name, email, groups(claims.path(rolesClaim)), authTime);
    }

    private static List<String> groups(JsonNode claim) {
        if (claim.isArray()) {
            return strings(claim);
        }
        if (claim.isTextual()) {
            return java.util.Arrays.stream(claim.asText().split("[,\\s]+")).filter(s -> !s.isEmpty()).toList();
        }
        return List.of();
    }

    private static List<String> strings(JsonNode node) {
        var out = new ArrayList<String>();
        if (node.isArray()) {
            node.forEach(n -> {
                if (n.isTextual()) {
                    out.add(n.asText());
                }
            });
        } else if (node.isTextual()) {
            out.add(node.asText());
        }
        return out;
    }

    private static Optional<String> firstText(JsonNode claims, String... names) {
        for (String n : names) {
            String v = claims.path(n).asText("");
            if (!v.isBlank()) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }

    private PublicKey key(String kid) {
        PublicKey key = keys.get(kid);
        if (key != null) {
            return key;
        }
        synchronized (lock) {
            key = keys.get(kid);
            if (key == null && (keys.isEmpty() || !clock.instant().isBefore(keysFetchedAt.plus(JWKS_REFRESH_MIN_INTERVAL)))) {
                keys = fetchKeys();
                keysFetchedAt = clock.instant();
                key = keys.get(kid);
            }
        }
        if (key == null) {
            throw new SignInFailed("the ID token names a key the provider does not publish: " + kid);
        }
        return key;
    }

    private Map<String, PublicKey> fetchKeys() {
        JsonNode jwks = call(HttpRequest.newBuilder(metadata().jwks()).timeout(DEADLINE).header("Accept", "application/json").GET().build(),
                "jwks", false);
        var found = new HashMap<String, PublicKey>();
        for (JsonNode k : jwks.path("keys")) {
            if (!k.path("kty").asText().equals("RSA") || (k.has("use") && !k.path("use").asText().equals("sig"))
                    || (k.has("alg") && !k.path("alg").asText().equals("RS256"))) {
                continue;
            }
            try {
                var spec = new RSAPublicKeySpec(new BigInteger(1, B64D.decode(k.path("n").asText())),
                        new BigInteger(1, B64D.decode(k.path("e").asText())));
                found.put(k.path("kid").asText(""), KeyFactory.getInstance("RSA").generatePublic(spec));
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                // a key we cannot read is a key we do not trust
            }
        }
        return Map.copyOf(found);
    }

    private Metadata metadata() {
        Metadata m = metadata;
        Instant now = clock.instant();
        if (m != null && now.isBefore(m.fetchedAt().plus(DISCOVERY_TTL))) {
            return m;
        }
        synchronized (lock) {
            if (metadata != null && now.isBefore(metadata.fetchedAt().plus(DISCOVERY_TTL))) {
                return metadata;
            }
            URI uri = URI.create(issuer + "/.well-known/openid-configuration");
            JsonNode d = call(HttpRequest.newBuilder(uri).timeout(DEADLINE).header("Accept", "application/json").GET().build(),
                    "discovery", false);
            if (!issuer.equals(d.path("issuer").asText())) {
                throw new SignInFailed("the discovery document names another issuer: " + d.path("issuer").asText());
            }
            Optional<URI> endSession = d.hasNonNull("end_session_endpoint") ? Optional.of(endpoint(d, "end_session_endpoint")) : Optional.empty();
            metadata = new Metadata(endpoint(d, "authorization_endpoint"), endpoint(d, "token_endpoint"), endpoint(d, "jwks_uri"),
                    endSession, now);
            return metadata;
        }
    }

    private URI endpoint(JsonNode discovery, String name) {
        String v = discovery.path(name).asText("");
        URI uri;
        try {
            uri = URI.create(v);
        } catch (IllegalArgumentException e) {
            throw new SignInFailed("the discovery document's " + name + " is not a URL");
        }
        boolean loopbackIssuer = issuer.startsWith("http://127.0.0.1:") || issuer.startsWith("http://localhost:");
        if (!"https".equals(uri.getScheme()) && !(loopbackIssuer && "http".equals(uri.getScheme()))) {
            throw new SignInFailed("the discovery document's " + name + " is not https");
        }
        return uri;
    }

    private JsonNode call(HttpRequest request, String what, boolean errorBody) {
        OutgoingCall.Answer answer;
        try {
            answer = OutgoingCall.sendWhole(http, request, DEADLINE, MAX_ANSWER_BYTES);
        } catch (IOException e) {
            throw new SignInFailed("the provider's " + what + " endpoint did not answer (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SignInFailed("interrupted calling the provider's " + what + " endpoint");
        }
        if (answer.truncated()) {
            throw new SignInFailed("the provider's " + what + " answer is too large");
        }
        JsonNode body;
        try {
            body = Json.parse(answer.body());
        } catch (Json.InvalidJsonException e) {
            throw new SignInFailed("the provider's " + what + " answer is not JSON (status " + answer.status() + ")");
        }
        if (answer.status() != 200) {
            // the error code only: an error_description may echo what we sent
            String error = errorBody ? " " + body.path("error").asText("").replaceAll("[^A-Za-z0-9_]", "") : "";
            throw new SignInFailed("the provider's " + what + " endpoint answered " + answer.status() + error);
        }
        return body;
    }

    private static boolean constantTimeEquals(String a, String b) {
        return java.security.MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private static String form(Map<String, String> params) {
        return params.entrySet().stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue())).collect(Collectors.joining("&"));
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String requireText(String v, String name) {
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
        return v.strip();
    }
}
