package jp.kokin.console;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import jp.kokin.console.auth.IdentityProvider;
import jp.kokin.console.auth.Session;
import jp.kokin.console.auth.SignedCookieSessions;
import jp.kokin.domain.catalog.Catalog;
import jp.kokin.domain.checkout.InMemoryCheckoutRepository;
import jp.kokin.domain.checkout.TestCatalogs;
import jp.kokin.domain.checkout.TestClock;
import jp.kokin.domain.console.InMemoryAuditLog;
import jp.kokin.domain.console.InMemoryCheckoutHistory;
import jp.kokin.domain.console.InMemoryNotificationDeliveries;
import jp.kokin.domain.console.InMemoryPaymentSearch;
import jp.kokin.domain.console.InMemoryRunReleases;
import jp.kokin.domain.console.StaffUser;
import jp.kokin.domain.receipt.InMemoryReceiptLedger;
import jp.kokin.domain.refund.Principals;
import jp.kokin.domain.settlement.InMemoryDocumentStore;
import jp.kokin.domain.settlement.InMemorySettlementRunStore;
import jp.kokin.domain.settlement.treasury.InMemoryPayInStore;
import jp.kokin.domain.settlement.treasury.InMemoryTreasuryReportStore;

/**
 * The console over in-memory fakes, for handler tests: build it, put data in its public stores,
 * and call it as a user ({@link #get}, {@link #post}) or anonymously. Sessions are real signed cookies.
 */
public final class ConsoleTestKit {
    public static final String ISSUER = "https://idp.test";
    public static final Instant NOW = Instant.parse("2026-12-01T01:00:00Z");
    public static final byte[] SESSION_KEY = "0123456789abcdef0123456789abcdef-test-key".getBytes(StandardCharsets.UTF_8);

    public final TestClock clock = new TestClock(NOW);
    public final InMemoryCheckoutRepository checkouts = new InMemoryCheckoutRepository();
    public final InMemoryReceiptLedger receipts = new InMemoryReceiptLedger();
    public final InMemorySettlementRunStore runs = new InMemorySettlementRunStore(checkouts, 16);
    public final InMemoryDocumentStore documents = new InMemoryDocumentStore();
    public final InMemoryDocumentStore exports = new InMemoryDocumentStore();
    public final InMemoryPayInStore payIns = new InMemoryPayInStore();
    public final InMemoryTreasuryReportStore reports = new InMemoryTreasuryReportStore();
    public final InMemoryPaymentSearch payments = new InMemoryPaymentSearch(checkouts::all, clock);
    public final InMemoryCheckoutHistory history = new InMemoryCheckoutHistory();
    public final InMemoryNotificationDeliveries deliveries = new InMemoryNotificationDeliveries();
    public final InMemoryAuditLog audit = new InMemoryAuditLog();
    public final InMemoryRunReleases releases = new InMemoryRunReleases();
    public final SignedCookieSessions sessions;
    public final FakeIdentityProvider identity = new FakeIdentityProvider();
    public Catalog catalog = TestCatalogs.aTreasuryCatalog().build();
    private ConsoleHandler handler;

    public ConsoleTestKit() {
        this.sessions = new SignedCookieSessions(SESSION_KEY, ConsoleSettings.defaults("").idle(),
                ConsoleSettings.defaults("").lifetime(), new SecureRandom(new byte[] {1}));
    }

    public ConsoleWiring wiring() {
        return new ConsoleWiring(() -> catalog, checkouts, receipts, runs, documents, exports, payIns, reports, payments, history,
                deliveries, audit, releases, sessions, identity, ConsoleSettings.defaults("https://kokin.test"), clock);
    }

    /** The handler (built once, on first use: set up the catalog before). */
    public ConsoleHandler handler() {
        if (handler == null) {
            handler = new ConsoleHandler(wiring());
        }
        return handler;
    }

    /** Calls go to a handler over {@code other} from now on (a test that swaps one port for a racing or failing one). */
    public void useWiring(ConsoleWiring other) {
        handler = new ConsoleHandler(other);
    }

    /** A member of staff with these groups ({@code role} or {@code role.ORG}), signed in at the kit's clock. */
    public static StaffUser user(String username, String... groups) {
        return new StaffUser(Principals.ofStaff(ISSUER, username), username, username + " (test)", username + "@kokin.test",
                StaffUser.fromGroups(Arrays.asList(groups)), NOW);
    }

    public APIGatewayV2HTTPResponse get(String pathAndQuery, StaffUser user) {
        return call("GET", pathAndQuery, Map.of(), user);
    }

    public APIGatewayV2HTTPResponse anonymousGet(String pathAndQuery) {
        return call("GET", pathAndQuery, Map.of(), null);
    }

    /** A form POST with the session's CSRF token added (unless {@code form} sets {@code _csrf}). */
    public APIGatewayV2HTTPResponse post(String path, Map<String, String> form, StaffUser user) {
        return call("POST", path, form, user);
    }

    public APIGatewayV2HTTPResponse call(String method, String pathAndQuery, Map<String, String> form, StaffUser user) {
        List<String> cookies = new ArrayList<>();
        var body = new HashMap<>(form);
        if (user != null) {
            Session s = sessions.start(user, clock.instant());
            String setCookie = sessions.cookie(s, clock.instant());
            cookies.add(setCookie.substring(0, setCookie.indexOf(';')));
            body.putIfAbsent("_csrf", s.csrfToken());
        }
        return handler().handleRequest(event(method, pathAndQuery, body, cookies), null);
    }

    /** The API Gateway event of a browser's request: {@code form} URL-encoded as a POST's body, {@code cookies} as sent. */
    public static APIGatewayV2HTTPEvent event(String method, String pathAndQuery, Map<String, String> form, List<String> cookies) {
        int q = pathAndQuery.indexOf('?');
        String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
        String query = q < 0 ? null : pathAndQuery.substring(q + 1);
        String encoded = method.equals("POST") ? form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&")) : null;
        return APIGatewayV2HTTPEvent.builder()
                .withRawPath(path).withRawQueryString(query)
                .withHeaders(Map.of("content-type", "application/x-www-form-urlencoded", "user-agent", "ConsoleTestKit",
                        "host", "kokin.test"))
                .withCookies(cookies.isEmpty() ? null : cookies)
                .withBody(encoded).withIsBase64Encoded(false)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod(method).withPath(path)
                                .withSourceIp("192.0.2.10").build())
                        .withDomainName("kokin.test").withRequestId("req-test").build())
                .build();
    }

    /** An identity provider that hands out the identity set in {@link #next}. */
    public static final class FakeIdentityProvider implements IdentityProvider {
        public VerifiedIdentity next;
        public final List<AuthorizationRequest> requests = new ArrayList<>();

        @Override
        public URI authorizationUrl(AuthorizationRequest request) {
            requests.add(request);
            return URI.create(ISSUER + "/authorize?state=" + request.state());
        }

        @Override
        public VerifiedIdentity exchange(String code, String codeVerifier, String redirectUri, String nonce) {
            if (next == null) {
                throw new SignInFailed("no identity prepared");
            }
            return next;
        }

        /** The provider's logout page (null: none), to which sign-out sends the browser with its return address. */
        public String logout;

        @Override
        public java.util.Optional<URI> logoutUrl(String returnTo) {
            return java.util.Optional.ofNullable(logout).map(l -> URI.create(l + "?return=" + returnTo));
        }
    }

    /**
     * An export's answer: a 200 page (not a 303: the page's CSP {@code form-action 'self'} would block a
     * redirect to the bucket after the GET form) with the link {@code #download} to the stored export,
     * a meta refresh to the same link, and the number of records (the audited rows less the header). Returns the export's key.
     */
    public String exportPage(APIGatewayV2HTTPResponse response) {
        if (response.getStatusCode() != 200) {
            throw new AssertionError("an export answers a page, not " + response.getStatusCode() + ": " + response.getBody());
        }
        String body = response.getBody();
        String key = exports.keys().stream().filter(k -> k.startsWith("console/exports/")).findFirst()
                .orElseThrow(() -> new AssertionError("nothing exported"));
        String link = jp.kokin.domain.format.Html.escape(exports.presignedGet(key, jp.kokin.console.web.Exports.LINK_VALIDITY, "x").toString());
        for (String expected : List.of("<a id=\"download\" href=\"" + link + "\"", "<meta http-equiv=\"refresh\" content=\"0;url=" + link + "\">",
                "<span id=\"export-rows\">" + (Long.parseLong(audit.all().getLast().detail().get("rows")) - 1) + "</span>")) {
            if (!body.contains(expected)) {
                throw new AssertionError("the export page lacks " + expected + ": " + body);
            }
        }
        return key;
    }
}
