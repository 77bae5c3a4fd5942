package jp.kokin.simulators.stripe;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import jp.kokin.simulators.Simulator;

/**
 * Stripe Checkout, simulated from Stripe's API reference (docs.stripe.com/api/checkout/sessions):
 * <ul>
 *   <li>{@code POST /v1/checkout/sessions} — form-encoded, bracket notation; authenticated with
 *       {@code Authorization: Bearer <secret key>} (or HTTP Basic with the key as user name, as
 *       {@code curl -u} does), else 401; honours {@code Idempotency-Key} (the first answer is
 *       replayed for the same parameters, with {@code Idempotent-Replayed: true}; other parameters
 *       → 400 {@code idempotency_error}; a request refused by validation is not remembered);
 *       validates what Stripe validates for a one-time card payment: {@code mode=payment}, line
 *       items with {@code price_data} (currency, non-negative integer {@code unit_amount} in the
 *       currency's smallest unit — yen for the zero-decimal JPY — and a product name), quantity,
 *       a total of at least ¥50 and at most ¥99,999,999, {@code expires_at} between 30 minutes and
 *       24 hours from now (default 24 hours), {@code payment_method_options[card][request_three_d_secure]}
 *       in any/automatic/challenge, locale, metadata limits, absolute URLs, and unknown parameters.
 *       The hosted page offers cards only.</li>
 *   <li>{@code GET /v1/checkout/sessions/{id}} (with {@code expand[]=payment_intent}) and
 *       {@code POST /v1/checkout/sessions/{id}/expire} (only an {@code open} session; else 400).</li>
 *   <li>Errors are Stripe's {@code {"error":{"type","code","message","param"}}}.</li>
 *   <li>The hosted page {@code GET /c/pay/{id}} (the session's {@code url}) shows the amount and
 *       that 3-D Secure is performed, with three outcomes: pay (the session completes, a signed
 *       {@code checkout.session.completed} event is posted to the webhook URL and the browser is
 *       sent to {@code success_url}), a declined card and a failed 3-D Secure authentication (the
 *       session stays open, as on Stripe, and the page says why).</li>
 *   <li>A session past {@code expires_at} expires when next touched (API, page or programmatic
 *       call) or by {@link #expireNow}, and {@code checkout.session.expired} is posted.</li>
 * </ul>
 * Events are {@code {"id":"evt_…","object":"event","type","created","data":{"object":session}}}
 * signed with {@code Stripe-Signature: t=…,v1=…} ({@link StripeWebhookSigner}).
 *
 * <p>Refunds (docs.stripe.com/api/refunds): {@code POST /v1/refunds} ({@code payment_intent}
 * required, {@code amount} default what remains, {@code metadata}, {@code reason} duplicate /
 * fraudulent / requested_by_customer; {@code Idempotency-Key} as above) refunds a paid session's
 * PaymentIntent, as many times as money remains: {@code amount_too_large} beyond it,
 * {@code charge_already_refunded} once all is back, {@code resource_missing} for an unknown intent.
 * The refund {@code succeeded} at once and {@code refund.created} is posted. {@code GET /v1/refunds}
 * ({@code payment_intent}, {@code limit} 1–100) lists an intent's refunds newest first;
 * {@code GET /v1/refunds/{id}} reads one. Test control ({@link #nextRefund} or
 * {@code POST /_control/next-refund?behaviour=…}): {@code fail} → status {@code failed}
 * ({@code failure_reason} declined, {@code refund.failed} posted), {@code cannot} → 400
 * {@code charge_expired_for_refund}, {@code pending} → {@code pending}, and the next read finds it
 * {@code succeeded} ({@code refund.updated} posted), {@code time_out} refunds and answers late,
 * {@code server_error} does nothing and answers 500.
 */
public final class StripeSimulator extends Simulator {

    /** The version written into events (Stripe uses the webhook endpoint's version). */
    public static final String API_VERSION = "2025-09-30.clover";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final Duration MIN_LIFETIME = Duration.ofMinutes(30);
    private static final Duration MAX_LIFETIME = Duration.ofHours(24);
    private static final Set<String> LOCALES = Set.of("auto", "bg", "cs", "da", "de", "el", "en", "en-GB", "es", "es-419",
            "et", "fi", "fil", "fr", "fr-CA", "hr", "hu", "id", "it", "ja", "ko", "lt", "lv", "ms", "mt", "nb", "nl", "pl",
            "pt", "pt-BR", "ro", "ru", "sk", "sl", "sv", "th", "tr", "vi", "zh", "zh-HK", "zh-TW");
    private static final Set<String> ZERO_DECIMAL = Set.of("bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg",
            "rwf", "ugx", "vnd", "vuv", "xaf", "xof", "xpf");
    private static final Set<String> CURRENCIES = Set.of("jpy", "usd", "eur", "gbp", "aud", "cad", "chf", "cny", "hkd",
            "krw", "sgd", "twd", "nzd", "sek", "nok", "dkk", "thb", "inr");

    /** One line of a session. */
    public record LineItem(String name, String currency, long unitAmount, long quantity) {}

    /** What a Checkout Session looks like now. {@code url} is null once it is no longer open. */
    public record CheckoutSession(String id, String clientReferenceId, String status, String paymentStatus,
                                  long amountTotal, String currency, Instant expiresAt, Instant created,
                                  Map<String, String> metadata, List<LineItem> lineItems, List<String> paymentMethodTypes,
                                  String requestThreeDSecure, String locale, String successUrl, String cancelUrl,
                                  String url, String paymentIntent, Instant paymentIntentCreated, String lastError) {}

    /** An event as it would be posted: headers (with {@code Stripe-Signature}) and the raw body. */
    public record SignedEvent(Map<String, String> headers, byte[] body) {}

    private static final class Session {
        final String id;
        final String clientReferenceId;
        final String currency;
        final Instant expiresAt;
        final Instant created;
        final Map<String, String> metadata;
        final List<LineItem> lineItems;
        final List<String> paymentMethodTypes;
        final String requestThreeDSecure;
        final String locale;
        final String successUrl;
        final String cancelUrl;
        final String pageUrl;
        long amountTotal;
        String status = "open";
        String paymentStatus = "unpaid";
        String paymentIntent;
        Instant paymentIntentCreated;
        String lastError;

        Session(String id, String clientReferenceId, String currency, Instant expiresAt, Instant created,
                Map<String, String> metadata, List<LineItem> lineItems, List<String> paymentMethodTypes,
                String requestThreeDSecure, String locale, String successUrl, String cancelUrl, String pageUrl) {
            this.id = id;
            this.clientReferenceId = clientReferenceId;
            this.currency = currency;
            this.expiresAt = expiresAt;
            this.created = created;
            this.metadata = metadata;
            this.lineItems = lineItems;
            this.paymentMethodTypes = paymentMethodTypes;
            this.requestThreeDSecure = requestThreeDSecure;
            this.locale = locale;
            this.successUrl = successUrl;
            this.cancelUrl = cancelUrl;
            this.pageUrl = pageUrl;
            this.amountTotal = lineItems.stream().mapToLong(l -> l.unitAmount() * l.quantity()).sum();
        }

        CheckoutSession snapshot() {
            return new CheckoutSession(id, clientReferenceId, status, paymentStatus, amountTotal, currency, expiresAt,
                    created, Map.copyOf(metadata), List.copyOf(lineItems), List.copyOf(paymentMethodTypes),
                    requestThreeDSecure, locale, successUrl, cancelUrl, status.equals("open") ? pageUrl : null,
                    paymentIntent, paymentIntentCreated, lastError);
        }
    }

    private record Remembered(String endpoint, String params, int status, byte[] body) {}

    /** A request Stripe refuses: HTTP status and the error object's fields. */
    private static final class StripeError extends Exception {
        final int status;
        final String type;
        final String code;
        final String param;

        StripeError(int status, String type, String code, String param, String message) {
            super(message);
            this.status = status;
            this.type = type;
            this.code = code;
            this.param = param;
        }

        static StripeError invalid(String param, String message) {
            return new StripeError(400, "invalid_request_error", "parameter_invalid", param, message);
        }
    }

    private final String secretKey;
    private final String webhookSecret;
    private final String webhookUrl;
    private final Map<String, Session> sessions = new LinkedHashMap<>();
    private final Map<String, Remembered> idempotency = new LinkedHashMap<>();
    private final Map<String, RefundState> refunds = new LinkedHashMap<>();

    /** One refund. Guarded by the simulator's lock. */
    private static final class RefundState {
        final String id;
        final Session session;
        final long amount;
        final Map<String, String> metadata;
        final String reason;
        final Instant created;
        String status;
        String failureReason;

        RefundState(String id, Session session, long amount, Map<String, String> metadata, String reason, Instant created,
                    String status) {
            this.id = id;
            this.session = session;
            this.amount = amount;
            this.metadata = metadata;
            this.reason = reason;
            this.created = created;
            this.status = status;
        }
    }

    public StripeSimulator(String secretKey, String webhookSecret, String webhookUrl, Clock clock) {
        super(clock);
        if (secretKey == null || secretKey.isBlank() || webhookSecret == null || webhookSecret.isBlank()) {
            throw new IllegalArgumentException("the Stripe simulator needs a secretKey and a webhookSecret");
        }
        this.secretKey = secretKey;
        this.webhookSecret = webhookSecret;
        this.webhookUrl = webhookUrl;
    }

    /**
     * From the catalog's provider entry: {@code secretKey} (the key the adapter must present) and
     * {@code webhookSecret} (a string, or a list whose first entry — the current secret — signs).
     */
    public static StripeSimulator fromSettings(Map<String, Object> settings, String kokinWebhookUrl, Clock clock) {
        return new StripeSimulator(first(settings.get("secretKey")),
                Optional.ofNullable(first(settings.get("webhookSecret"))).orElse(first(settings.get("webhookSecrets"))),
                kokinWebhookUrl, clock);
    }

    private static String first(Object value) {
        if (value instanceof String s && !s.isBlank()) {
            return s;
        }
        if (value instanceof List<?> l && !l.isEmpty() && l.getFirst() instanceof String s && !s.isBlank()) {
            return s;
        }
        return null;
    }

    // ---------------------------------------------------------------- programmatic

    /** The latest session created for {@code clientReferenceId}, as it is now. */
    public synchronized Optional<CheckoutSession> session(String clientReferenceId) {
        return latest(clientReferenceId).map(s -> {
            touch(s);
            return s.snapshot();
        });
    }

    /** Every session, oldest first. */
    public synchronized List<CheckoutSession> sessions() {
        sessions.values().forEach(this::touch);
        return sessions.values().stream().map(Session::snapshot).toList();
    }

    /** The citizen pays (3-D Secure passed): the session completes and the event is posted. */
    public CheckoutSession pay(String clientReferenceId) {
        return payWithAmount(clientReferenceId, -1);
    }

    /** As {@link #pay}, but Stripe reports {@code amount} as the amount paid (a mismatch test). */
    public synchronized CheckoutSession payWithAmount(String clientReferenceId, long amount) {
        Session s = open(clientReferenceId);
        complete(s, amount < 0 ? s.amountTotal : amount);
        return s.snapshot();
    }

    /** The card is declined: the session stays open and the page says so. */
    public synchronized CheckoutSession decline(String clientReferenceId) {
        Session s = open(clientReferenceId);
        s.lastError = DECLINED;
        return s.snapshot();
    }

    /** Expires the session now (as if {@code expires_at} had passed) and posts the event. */
    public synchronized CheckoutSession expireNow(String clientReferenceId) {
        Session s = open(clientReferenceId);
        expire(s);
        return s.snapshot();
    }

    /** The event Stripe would post about {@code session}, signed now with the webhook secret. */
    public SignedEvent signedEvent(String type, CheckoutSession session) {
        return signedEvent(type, sessionJson(session, false));
    }

    private SignedEvent signedEvent(String type, ObjectNode object) {
        ObjectNode event = JSON.createObjectNode();
        long now = clock.instant().getEpochSecond();
        event.put("id", "evt_" + random(24));
        event.put("object", "event");
        event.put("api_version", API_VERSION);
        event.put("created", now);
        event.putObject("data").set("object", object);
        event.put("livemode", false);
        event.put("pending_webhooks", 1);
        ObjectNode request = event.putObject("request");
        request.putNull("id");
        request.putNull("idempotency_key");
        event.put("type", type);
        byte[] body = bytes(event);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json; charset=utf-8");
        headers.put("User-Agent", "Stripe/1.0 (+https://stripe.com/docs/webhooks)");
        headers.put("Stripe-Signature", StripeWebhookSigner.header(webhookSecret, now, body));
        return new SignedEvent(headers, body);
    }

    /** The refunds of {@code clientReferenceId}'s paid session, oldest first, as {@code id:status:amount}. */
    public synchronized List<String> refunds(String clientReferenceId) {
        return refunds.values().stream().filter(r -> clientReferenceId.equals(r.session.clientReferenceId))
                .map(r -> r.id + ":" + r.status + ":" + r.amount).toList();
    }

    /** How much of {@code clientReferenceId}'s payment is refunded or being refunded. */
    public synchronized long refunded(String clientReferenceId) {
        return refunds.values().stream().filter(r -> clientReferenceId.equals(r.session.clientReferenceId))
                .filter(r -> !r.status.equals("failed") && !r.status.equals("canceled")).mapToLong(r -> r.amount).sum();
    }

    private Optional<Session> latest(String clientReferenceId) {
        Session found = null;
        for (Session s : sessions.values()) {
            if (clientReferenceId.equals(s.clientReferenceId)) {
                found = s;
            }
        }
        return Optional.ofNullable(found);
    }

    private Session open(String clientReferenceId) {
        Session s = latest(clientReferenceId)
                .orElseThrow(() -> new IllegalArgumentException("no Checkout Session for " + clientReferenceId));
        touch(s);
        if (!s.status.equals("open")) {
            throw new IllegalStateException("Checkout Session " + s.id + " is " + s.status);
        }
        return s;
    }

    // ---------------------------------------------------------------- state changes

    private void touch(Session s) {
        if (s.status.equals("open") && !clock.instant().isBefore(s.expiresAt)) {
            expire(s);
        }
    }

    private void expire(Session s) {
        s.status = "expired";
        post("checkout.session.expired", s);
    }

    private void complete(Session s, long reportedAmount) {
        s.status = "complete";
        s.paymentStatus = "paid";
        s.amountTotal = reportedAmount;
        s.paymentIntent = "pi_" + random(24);
        s.paymentIntentCreated = clock.instant();
        s.lastError = null;
        post("checkout.session.completed", s);
    }

    private void post(String type, Session s) {
        SignedEvent event = signedEvent(type, s.snapshot());
        notify(webhookUrl, event.headers(), event.body());
    }

    // ---------------------------------------------------------------- HTTP

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            String path = relativePath(exchange);
            if (control(exchange, path)) {
                return;
            }
            if (path.startsWith("/v1/")) {
                if (injectFault(exchange)) {
                    return;
                }
                api(exchange, path);
            } else if (path.startsWith("/c/pay/")) {
                page(exchange, path.substring("/c/pay/".length()));
            } else {
                respond(exchange, 404, "text/plain; charset=utf-8", "not found".getBytes(StandardCharsets.UTF_8));
            }
        } catch (RuntimeException e) {
            sendError(exchange, new StripeError(500, "api_error", null, null, "simulator error: " + e));
        } finally {
            exchange.close();
        }
    }

    private void api(HttpExchange exchange, String path) throws IOException {
        String method = exchange.getRequestMethod();
        byte[] raw = body(exchange);
        try {
            authenticate(exchange);
            String version = exchange.getRequestHeaders().getFirst("Stripe-Version");
            if (version != null && !version.matches("[0-9]{4}-[0-9]{2}-[0-9]{2}(\\.[a-z]+)?")) {
                throw new StripeError(400, "invalid_request_error", null, null, "Invalid Stripe API version: " + version);
            }
            String[] parts = path.substring(1).split("/");
            if (parts.length >= 2 && parts[0].equals("v1") && parts[1].equals("refunds")) {
                if (parts.length == 2 && method.equals("POST")) {
                    createRefund(exchange, path, form(exchange, raw));
                    return;
                }
                if (parts.length == 2 && method.equals("GET")) {
                    listRefunds(exchange, StripeForm.parse(exchange.getRequestURI().getRawQuery()));
                    return;
                }
                if (parts.length == 3 && method.equals("GET")) {
                    readRefund(exchange, parts[2]);
                    return;
                }
            }
            if (parts.length >= 3 && parts[0].equals("v1") && parts[1].equals("checkout") && parts[2].equals("sessions")) {
                if (parts.length == 3 && method.equals("POST")) {
                    create(exchange, path, form(exchange, raw));
                    return;
                }
                if (parts.length == 4 && method.equals("GET")) {
                    Map<String, Object> query = StripeForm.parse(exchange.getRequestURI().getRawQuery());
                    retrieve(exchange, parts[3], query);
                    return;
                }
                if (parts.length == 5 && parts[4].equals("expire") && method.equals("POST")) {
                    expireRequest(exchange, path, parts[3], form(exchange, raw));
                    return;
                }
            }
            throw new StripeError(404, "invalid_request_error", null, null,
                    "Unrecognized request URL (" + method + ": " + path + ").");
        } catch (StripeError e) {
            sendError(exchange, e);
        } catch (StripeForm.InvalidFormException e) {
            sendError(exchange, StripeError.invalid(e.param, e.getMessage()));
        }
    }

    private void authenticate(HttpExchange exchange) throws StripeError {
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        if (auth == null || auth.isBlank()) {
            throw new StripeError(401, "invalid_request_error", null, null,
                    "You did not provide an API key. Provide it in the Authorization header, using Bearer auth "
                            + "(e.g. 'Authorization: Bearer YOUR_SECRET_KEY').");
        }
        String key;
        if (auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            key = auth.substring(7).trim();
        } else if (auth.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String decoded = new String(Base64.getDecoder().decode(auth.substring(6).trim()), StandardCharsets.UTF_8);
                key = decoded.contains(":") ? decoded.substring(0, decoded.indexOf(':')) : decoded;
            } catch (IllegalArgumentException e) {
                key = "";
            }
        } else {
            key = "";
        }
        if (!java.security.MessageDigest.isEqual(key.getBytes(StandardCharsets.UTF_8),
                secretKey.getBytes(StandardCharsets.UTF_8))) {
            String shown = key.length() > 12 ? key.substring(0, 8) + "*****" + key.substring(key.length() - 4) : "*****";
            throw new StripeError(401, "invalid_request_error", null, null, "Invalid API Key provided: " + shown);
        }
    }

    private static Map<String, Object> form(HttpExchange exchange, byte[] raw) throws StripeError, StripeForm.InvalidFormException {
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        if (raw.length > 0 && (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded"))) {
            throw new StripeError(400, "invalid_request_error", null, null,
                    "Invalid request: the body must be application/x-www-form-urlencoded");
        }
        return StripeForm.parse(new String(raw, StandardCharsets.UTF_8));
    }

    /** Replays the first answer to a key, or refuses other parameters under it; null when new. */
    private Remembered replay(HttpExchange exchange, String endpoint, Map<String, Object> params) throws StripeError {
        String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
        if (key == null) {
            return null;
        }
        if (key.isEmpty() || key.length() > 255) {
            throw StripeError.invalid("Idempotency-Key", "Idempotency keys are 1 to 255 characters long.");
        }
        Remembered r = idempotency.get(key);
        if (r == null) {
            return null;
        }
        if (!r.endpoint().equals(endpoint) || !r.params().equals(StripeForm.canonical(params))) {
            throw new StripeError(400, "idempotency_error", null, null,
                    "Keys for idempotent requests can only be used with the same parameters they were first used with. "
                            + "Try using a key other than '" + key + "' if you meant to execute a different request.");
        }
        return r;
    }

    private void remember(HttpExchange exchange, String endpoint, Map<String, Object> params, int status, byte[] body) {
        String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
        if (key != null) {
            idempotency.put(key, new Remembered(endpoint, StripeForm.canonical(params), status, body));
        }
    }

    private void create(HttpExchange exchange, String path, Map<String, Object> p) throws IOException, StripeError {
        byte[] body;
        synchronized (this) {
            Remembered r = replay(exchange, "POST " + path, p);
            if (r != null) {
                exchange.getResponseHeaders().set("Idempotent-Replayed", "true");
                respond(exchange, r.status(), "application/json", r.body());
                return;
            }
            Session s = validate(p, pageBase(exchange));
            sessions.put(s.id, s);
            body = bytes(sessionJson(s.snapshot(), false));
            remember(exchange, "POST " + path, p, 200, body);
        }
        respond(exchange, 200, "application/json", body);
    }

    private void retrieve(HttpExchange exchange, String id, Map<String, Object> query) throws IOException, StripeError {
        byte[] body;
        synchronized (this) {
            Session s = find(id);
            touch(s);
            boolean expandIntent = query.get("expand") instanceof List<?> l && l.contains("payment_intent");
            body = bytes(sessionJson(s.snapshot(), expandIntent));
        }
        respond(exchange, 200, "application/json", body);
    }

    private void expireRequest(HttpExchange exchange, String path, String id, Map<String, Object> p)
            throws IOException, StripeError {
        byte[] body;
        synchronized (this) {
            Remembered r = replay(exchange, "POST " + path, p);
            if (r != null) {
                exchange.getResponseHeaders().set("Idempotent-Replayed", "true");
                respond(exchange, r.status(), "application/json", r.body());
                return;
            }
            Session s = find(id);
            touch(s);
            if (!s.status.equals("open")) {
                throw new StripeError(400, "invalid_request_error", null, null,
                        "Only Checkout Sessions with a status in [\"open\"] can be expired. This Checkout Session has a status of `"
                                + s.status + "`.");
            }
            expire(s);
            body = bytes(sessionJson(s.snapshot(), false));
            remember(exchange, "POST " + path, p, 200, body);
        }
        respond(exchange, 200, "application/json", body);
    }

    private static final Set<String> REFUND_PARAMS = Set.of("payment_intent", "charge", "amount", "metadata", "reason",
            "expand");
    private static final Set<String> REFUND_REASONS = Set.of("duplicate", "fraudulent", "requested_by_customer");

    private void createRefund(HttpExchange exchange, String path, Map<String, Object> p) throws IOException, StripeError {
        RefundBehaviour behaviour = takeRefundBehaviour();
        if (behaviour == RefundBehaviour.SERVER_ERROR) {
            throw new StripeError(500, "api_error", null, null, "simulated failure");
        }
        byte[] body;
        RefundState created;
        synchronized (this) {
            Remembered r = replay(exchange, "POST " + path, p);
            if (r != null) {
                exchange.getResponseHeaders().set("Idempotent-Replayed", "true");
                respond(exchange, r.status(), "application/json", r.body());
                return;
            }
            unknown(p, REFUND_PARAMS, "");
            String intent = text(p, "payment_intent", "payment_intent");
            if (intent == null) {
                throw StripeError.invalid("payment_intent", "Missing required param: payment_intent (the simulator has no charges).");
            }
            Session s = sessions.values().stream().filter(x -> intent.equals(x.paymentIntent)).findFirst()
                    .orElseThrow(() -> new StripeError(404, "invalid_request_error", "resource_missing", "payment_intent",
                            "No such payment_intent: '" + intent + "'"));
            long refunded = refunds.values().stream().filter(x -> x.session == s)
                    .filter(x -> !x.status.equals("failed") && !x.status.equals("canceled")).mapToLong(x -> x.amount).sum();
            long remaining = s.amountTotal - refunded;
            if (remaining <= 0) {
                throw new StripeError(400, "invalid_request_error", "charge_already_refunded", null,
                        "Charge for payment_intent " + intent + " has already been refunded.");
            }
            String amountText = text(p, "amount", "amount");
            long amount = amountText == null ? remaining : integer(amountText, "amount");
            if (amount < 1) {
                throw StripeError.invalid("amount", "Invalid positive integer");
            }
            if (amount > remaining) {
                throw new StripeError(400, "invalid_request_error", "amount_too_large", "amount",
                        "Refund amount (¥" + amount + ") is greater than unrefunded amount on charge (¥" + remaining + ")");
            }
            String reason = text(p, "reason", "reason");
            if (reason != null && !REFUND_REASONS.contains(reason)) {
                throw StripeError.invalid("reason", "Invalid reason: must be one of duplicate, fraudulent, or requested_by_customer");
            }
            if (behaviour == RefundBehaviour.CANNOT) {
                throw new StripeError(400, "invalid_request_error", "charge_expired_for_refund", null,
                        "The charge is too old to be refunded.");
            }
            String status = switch (behaviour) {
                case FAIL -> "failed";
                case PENDING -> "pending";
                default -> "succeeded";
            };
            created = new RefundState("re_" + random(24), s, amount, metadata(p.get("metadata"), "metadata"), reason,
                    clock.instant(), status);
            if (behaviour == RefundBehaviour.FAIL) {
                created.failureReason = "declined";
            }
            refunds.put(created.id, created);
            body = bytes(refundJson(created));
            remember(exchange, "POST " + path, p, 200, body);
        }
        postRefundEvent("refund.created", created);
        if (behaviour == RefundBehaviour.FAIL) {
            postRefundEvent("refund.failed", created);
        }
        if (behaviour == RefundBehaviour.TIME_OUT) {
            hangRefundAnswer();
        }
        respond(exchange, 200, "application/json", body);
    }

    private void listRefunds(HttpExchange exchange, Map<String, Object> query) throws IOException, StripeError {
        String intent = text(query, "payment_intent", "payment_intent");
        String limitText = text(query, "limit", "limit");
        long limit = limitText == null ? 10 : integer(limitText, "limit");
        if (limit < 1 || limit > 100) {
            throw StripeError.invalid("limit", "This value must be between 1 and 100.");
        }
        ObjectNode list = JSON.createObjectNode();
        List<RefundState> settled = new ArrayList<>();
        synchronized (this) {
            List<RefundState> matching = new ArrayList<>(refunds.values().stream()
                    .filter(r -> intent == null || intent.equals(r.session.paymentIntent)).toList());
            java.util.Collections.reverse(matching);
            matching.stream().limit(limit).filter(r -> r.status.equals("pending")).forEach(r -> {
                r.status = "succeeded"; // the read after the creation finds the bank's answer
                settled.add(r);
            });
            list.put("object", "list");
            ArrayNode data = list.putArray("data");
            matching.stream().limit(limit).forEach(r -> data.add(refundJson(r)));
            list.put("has_more", matching.size() > limit);
            list.put("url", "/v1/refunds");
        }
        settled.forEach(r -> postRefundEvent("refund.updated", r));
        respond(exchange, 200, "application/json", bytes(list));
    }

    private void readRefund(HttpExchange exchange, String id) throws IOException, StripeError {
        byte[] body;
        RefundState settled = null;
        synchronized (this) {
            RefundState r = refunds.get(id);
            if (r == null) {
                throw new StripeError(404, "invalid_request_error", "resource_missing", "id", "No such refund: '" + id + "'");
            }
            if (r.status.equals("pending")) {
                r.status = "succeeded";
                settled = r;
            }
            body = bytes(refundJson(r));
        }
        if (settled != null) {
            postRefundEvent("refund.updated", settled);
        }
        respond(exchange, 200, "application/json", body);
    }

    private void postRefundEvent(String type, RefundState r) {
        ObjectNode object;
        synchronized (this) {
            object = refundJson(r);
        }
        SignedEvent event = signedEvent(type, object);
        notify(webhookUrl, event.headers(), event.body());
    }

    private static ObjectNode refundJson(RefundState r) {
        ObjectNode o = JSON.createObjectNode();
        o.put("id", r.id);
        o.put("object", "refund");
        o.put("amount", r.amount);
        o.putNull("balance_transaction");
        o.put("charge", "ch_" + r.session.paymentIntent.substring(3));
        o.put("created", r.created.getEpochSecond());
        o.put("currency", r.session.currency);
        if (r.failureReason != null) {
            o.put("failure_reason", r.failureReason);
        }
        ObjectNode metadata = o.putObject("metadata");
        r.metadata.forEach(metadata::put);
        o.put("payment_intent", r.session.paymentIntent);
        if (r.reason == null) {
            o.putNull("reason");
        } else {
            o.put("reason", r.reason);
        }
        o.put("status", r.status);
        return o;
    }

    private Session find(String id) throws StripeError {
        Session s = sessions.get(id);
        if (s == null) {
            throw new StripeError(404, "invalid_request_error", "resource_missing", "session",
                    "No such checkout.session: '" + id + "'");
        }
        return s;
    }

    // ---------------------------------------------------------------- validation

    private static final Set<String> TOP = Set.of("mode", "line_items", "success_url", "cancel_url", "client_reference_id",
            "metadata", "expires_at", "locale", "payment_method_types", "payment_method_options", "payment_intent_data",
            "customer_email", "submit_type", "expand");

    private Session validate(Map<String, Object> p, String pageBase) throws StripeError {
        unknown(p, TOP, "");
        String mode = text(p, "mode", "mode");
        if (mode == null) {
            throw StripeError.invalid("mode", "Missing required param: mode.");
        }
        if (!mode.equals("payment")) {
            throw StripeError.invalid("mode", "The simulator only implements mode=payment (got " + mode + ").");
        }
        String successUrl = url(p, "success_url", true);
        String cancelUrl = url(p, "cancel_url", false);
        List<LineItem> items = lineItems(p.get("line_items"));
        String currency = items.getFirst().currency();
        long total = 0;
        for (LineItem item : items) {
            total = Math.addExact(total, Math.multiplyExact(item.unitAmount(), item.quantity()));
        }
        long minimum = 50; // ¥50 for JPY; 50 of the smallest unit elsewhere (e.g. $0.50)
        if (total < minimum) {
            throw new StripeError(400, "invalid_request_error", "amount_too_small", "line_items",
                    "The Checkout Session's total amount due must add up to at least " + money(minimum, currency) + ".");
        }
        if (total > 99_999_999L) {
            throw new StripeError(400, "invalid_request_error", "amount_too_large", "line_items",
                    "The Checkout Session's total amount due must be no more than " + money(99_999_999L, currency) + ".");
        }
        Instant now = clock.instant();
        Instant expiresAt = now.plus(MAX_LIFETIME);
        String expires = text(p, "expires_at", "expires_at");
        if (expires != null) {
            long epoch = integer(expires, "expires_at");
            expiresAt = Instant.ofEpochSecond(epoch);
            if (expiresAt.isBefore(now.plus(MIN_LIFETIME))) {
                throw StripeError.invalid("expires_at",
                        "The `expires_at` timestamp must be at least 30 minutes after the Checkout Session is created.");
            }
            if (expiresAt.isAfter(now.plus(MAX_LIFETIME))) {
                throw StripeError.invalid("expires_at",
                        "The `expires_at` timestamp must be at most 24 hours after the Checkout Session is created.");
            }
        }
        List<String> types = List.of("card");
        Object pmt = p.get("payment_method_types");
        if (pmt != null) {
            if (!(pmt instanceof List<?> list) || list.isEmpty()) {
                throw StripeError.invalid("payment_method_types", "Invalid array: payment_method_types");
            }
            types = new ArrayList<>();
            for (Object t : list) {
                if (!"card".equals(t)) {
                    throw StripeError.invalid("payment_method_types",
                            "The payment method type provided: " + t + " is not offered by this simulator (card only).");
                }
                types.add("card");
            }
        }
        String threeDs = "automatic";
        Object pmo = p.get("payment_method_options");
        if (pmo != null) {
            Map<String, Object> options = hash(pmo, "payment_method_options");
            unknown(options, Set.of("card"), "payment_method_options");
            Map<String, Object> card = hash(options.getOrDefault("card", Map.of()), "payment_method_options[card]");
            unknown(card, Set.of("request_three_d_secure", "setup_future_usage", "statement_descriptor_suffix_kana",
                    "statement_descriptor_suffix_kanji"), "payment_method_options[card]");
            Object r = card.get("request_three_d_secure");
            if (r != null) {
                if (!Set.of("any", "automatic", "challenge").contains(r)) {
                    throw StripeError.invalid("payment_method_options[card][request_three_d_secure]",
                            "Invalid payment_method_options[card][request_three_d_secure]: must be one of any, automatic, or challenge");
                }
                threeDs = (String) r;
            }
        }
        String locale = Optional.ofNullable(text(p, "locale", "locale")).orElse("auto");
        if (!LOCALES.contains(locale)) {
            throw StripeError.invalid("locale", "Invalid locale: " + locale);
        }
        String ref = text(p, "client_reference_id", "client_reference_id");
        if (ref != null && ref.length() > 200) {
            throw StripeError.invalid("client_reference_id", "client_reference_id must be at most 200 characters.");
        }
        if (ref != null && ref.isEmpty()) {
            ref = null;
        }
        Map<String, String> metadata = metadata(p.get("metadata"), "metadata");
        if (p.get("payment_intent_data") != null) {
            Map<String, Object> pid = hash(p.get("payment_intent_data"), "payment_intent_data");
            unknown(pid, Set.of("metadata", "description", "statement_descriptor", "statement_descriptor_suffix",
                    "capture_method", "receipt_email"), "payment_intent_data");
            metadata(pid.get("metadata"), "payment_intent_data[metadata]");
        }
        String submit = text(p, "submit_type", "submit_type");
        if (submit != null && !Set.of("auto", "book", "donate", "pay", "subscribe").contains(submit)) {
            throw StripeError.invalid("submit_type", "Invalid submit_type: " + submit);
        }
        String id = "cs_test_" + random(58);
        return new Session(id, ref, currency, expiresAt, Instant.ofEpochSecond(now.getEpochSecond()), metadata, items,
                types, threeDs, locale, successUrl, cancelUrl, pageBase + "/c/pay/" + id);
    }

    private List<LineItem> lineItems(Object value) throws StripeError {
        if (value == null) {
            throw StripeError.invalid("line_items", "Missing required param: line_items.");
        }
        if (!(value instanceof List<?> list) || list.isEmpty()) {
            throw StripeError.invalid("line_items", "Invalid array: line_items must be a non-empty array");
        }
        if (list.size() > 100) {
            throw StripeError.invalid("line_items", "A Checkout Session can have at most 100 line items.");
        }
        List<LineItem> items = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String at = "line_items[" + i + "]";
            Map<String, Object> item = hash(list.get(i), at);
            unknown(item, Set.of("price", "price_data", "quantity", "tax_rates", "adjustable_quantity"), at);
            if (item.get("price") != null) {
                throw new StripeError(400, "invalid_request_error", "resource_missing", at + "[price]",
                        "No such price: '" + item.get("price") + "' (the simulator keeps no prices: use price_data)");
            }
            if (item.get("price_data") == null) {
                throw StripeError.invalid(at, "You must specify either `price` or `price_data` in " + at + ".");
            }
            Map<String, Object> price = hash(item.get("price_data"), at + "[price_data]");
            unknown(price, Set.of("currency", "unit_amount", "unit_amount_decimal", "product", "product_data", "tax_behavior"),
                    at + "[price_data]");
            String currency = text(price, "currency", at + "[price_data][currency]");
            if (currency == null) {
                throw StripeError.invalid(at + "[price_data][currency]", "Missing required param: " + at + "[price_data][currency].");
            }
            if (!CURRENCIES.contains(currency)) {
                throw StripeError.invalid(at + "[price_data][currency]", "Invalid currency: " + currency + ".");
            }
            if (!items.isEmpty() && !items.getFirst().currency().equals(currency)) {
                throw StripeError.invalid(at + "[price_data][currency]", "All line items must use the same currency.");
            }
            String unit = text(price, "unit_amount", at + "[price_data][unit_amount]");
            if (unit == null) {
                throw StripeError.invalid(at + "[price_data][unit_amount]",
                        "Missing required param: " + at + "[price_data][unit_amount].");
            }
            long unitAmount = integer(unit, at + "[price_data][unit_amount]");
            if (unitAmount < 0) {
                throw StripeError.invalid(at + "[price_data][unit_amount]", "This value must be greater than or equal to 0.");
            }
            if (price.get("product") != null) {
                throw new StripeError(400, "invalid_request_error", "resource_missing", at + "[price_data][product]",
                        "No such product: '" + price.get("product") + "' (the simulator keeps no products: use product_data)");
            }
            Map<String, Object> product = hash(Optional.ofNullable(price.get("product_data")).orElseThrow(() ->
                    StripeError.invalid(at + "[price_data][product_data]",
                            "You must specify either `product` or `product_data` in " + at + "[price_data].")),
                    at + "[price_data][product_data]");
            unknown(product, Set.of("name", "description", "images", "metadata", "tax_code"), at + "[price_data][product_data]");
            String name = text(product, "name", at + "[price_data][product_data][name]");
            if (name == null || name.isBlank()) {
                throw StripeError.invalid(at + "[price_data][product_data][name]",
                        "Missing required param: " + at + "[price_data][product_data][name].");
            }
            String q = text(item, "quantity", at + "[quantity]");
            if (q == null) {
                throw StripeError.invalid(at + "[quantity]", "Missing required param: " + at + "[quantity].");
            }
            long quantity = integer(q, at + "[quantity]");
            if (quantity < 1 || quantity > 999_999) {
                throw StripeError.invalid(at + "[quantity]", "Quantity must be between 1 and 999999.");
            }
            items.add(new LineItem(name, currency, unitAmount, quantity));
        }
        return items;
    }

    private static void unknown(Map<String, Object> p, Set<String> known, String at) throws StripeError {
        for (String k : p.keySet()) {
            if (!known.contains(k)) {
                String name = at.isEmpty() ? k : at + "[" + k + "]";
                throw StripeError.invalid(name, "Received unknown parameter: " + name);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> hash(Object value, String at) throws StripeError {
        if (!(value instanceof Map<?, ?> m)) {
            throw StripeError.invalid(at, "Invalid hash: " + at);
        }
        return (Map<String, Object>) m;
    }

    private static String text(Map<String, Object> p, String key, String at) throws StripeError {
        Object v = p.get(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof String s)) {
            throw StripeError.invalid(at, "Invalid string: " + at);
        }
        return s;
    }

    private static long integer(String value, String at) throws StripeError {
        if (!value.matches("-?[0-9]{1,15}")) {
            throw StripeError.invalid(at, "Invalid integer: " + value);
        }
        return Long.parseLong(value);
    }

    private static String url(Map<String, Object> p, String key, boolean required) throws StripeError {
        String value = text(p, key, key);
        if (value == null || value.isEmpty()) {
            if (required) {
                throw StripeError.invalid(key, "Missing required param: " + key + ".");
            }
            return null;
        }
        try {
            URI uri = URI.create(value.replace("{CHECKOUT_SESSION_ID}", "x"));
            if (uri.getHost() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                    || value.length() > 5000) {
                throw StripeError.invalid(key, "Not a valid URL");
            }
        } catch (IllegalArgumentException e) {
            throw StripeError.invalid(key, "Not a valid URL");
        }
        return value;
    }

    private static Map<String, String> metadata(Object value, String at) throws StripeError {
        Map<String, String> out = new LinkedHashMap<>();
        if (value == null || "".equals(value)) {
            return out;
        }
        Map<String, Object> m = hash(value, at);
        if (m.size() > 50) {
            throw StripeError.invalid(at, "You can specify up to 50 keys in " + at + ".");
        }
        for (Map.Entry<String, Object> e : m.entrySet()) {
            if (e.getKey().length() > 40) {
                throw StripeError.invalid(at, "Metadata keys can have up to 40 characters: " + e.getKey());
            }
            if (!(e.getValue() instanceof String s) || s.length() > 500) {
                throw StripeError.invalid(at + "[" + e.getKey() + "]", "Metadata values are strings of up to 500 characters.");
            }
            out.put(e.getKey(), s);
        }
        return out;
    }

    // ---------------------------------------------------------------- JSON

    private ObjectNode sessionJson(CheckoutSession s, boolean expandIntent) {
        ObjectNode o = JSON.createObjectNode();
        o.put("id", s.id());
        o.put("object", "checkout.session");
        o.put("amount_subtotal", s.amountTotal());
        o.put("amount_total", s.amountTotal());
        o.put("cancel_url", s.cancelUrl());
        o.put("client_reference_id", s.clientReferenceId());
        o.put("created", s.created().getEpochSecond());
        o.put("currency", s.currency());
        o.putNull("customer");
        o.put("expires_at", s.expiresAt().getEpochSecond());
        o.put("livemode", false);
        o.put("locale", s.locale());
        ObjectNode metadata = o.putObject("metadata");
        s.metadata().forEach(metadata::put);
        o.put("mode", "payment");
        if (s.paymentIntent() == null) {
            o.putNull("payment_intent");
        } else if (expandIntent) {
            ObjectNode pi = o.putObject("payment_intent");
            pi.put("id", s.paymentIntent());
            pi.put("object", "payment_intent");
            pi.put("amount", s.amountTotal());
            pi.put("amount_received", s.amountTotal());
            pi.put("currency", s.currency());
            pi.put("created", s.paymentIntentCreated().getEpochSecond());
            pi.put("status", "succeeded");
        } else {
            o.put("payment_intent", s.paymentIntent());
        }
        o.putObject("payment_method_options").putObject("card").put("request_three_d_secure", s.requestThreeDSecure());
        ArrayNode types = o.putArray("payment_method_types");
        s.paymentMethodTypes().forEach(types::add);
        o.put("payment_status", s.paymentStatus());
        o.put("status", s.status());
        o.put("success_url", s.successUrl());
        o.put("ui_mode", "hosted");
        o.put("url", s.url());
        return o;
    }

    private static byte[] bytes(ObjectNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sendError(HttpExchange exchange, StripeError e) throws IOException {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode error = body.putObject("error");
        if (e.code != null) {
            error.put("code", e.code);
        }
        error.put("message", e.getMessage());
        if (e.param != null) {
            error.put("param", e.param);
        }
        error.put("type", e.type);
        respond(exchange, e.status, "application/json", bytes(body));
    }

    private static String random(int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(ALNUM.charAt(RANDOM.nextInt(ALNUM.length())));
        }
        return sb.toString();
    }

    // ---------------------------------------------------------------- hosted page

    private static final String DECLINED = "カードが拒否されました。別のカードでお試しください。(Your card was declined: card_declined)";
    private static final String AUTH_FAILED = "3-D Secure の本人認証に失敗しました。別のカードでお試しください。"
            + "(We are unable to authenticate your payment method: payment_intent_authentication_failure)";

    /** Absolute URL of the mount, from the request's Host header and the context path. */
    private static String pageBase(HttpExchange exchange) {
        String host = Optional.ofNullable(exchange.getRequestHeaders().getFirst("Host"))
                .orElse(exchange.getLocalAddress().getHostString() + ":" + exchange.getLocalAddress().getPort());
        String proto = Optional.ofNullable(exchange.getRequestHeaders().getFirst("X-Forwarded-Proto")).orElse("http");
        String mount = exchange.getHttpContext().getPath();
        return proto + "://" + host + (mount.equals("/") ? "" : mount.endsWith("/") ? mount.substring(0, mount.length() - 1) : mount);
    }

    private void page(HttpExchange exchange, String id) throws IOException {
        String method = exchange.getRequestMethod();
        String location = null;
        String html;
        synchronized (this) {
            Session s = sessions.get(id);
            if (s == null) {
                respond(exchange, 404, "text/html; charset=utf-8",
                        page("お支払いページが見つかりません", "<p>このお支払いページは存在しません。</p>"));
                return;
            }
            touch(s);
            if (method.equals("POST")) {
                String action = "";
                try {
                    Object a = StripeForm.parse(new String(body(exchange), StandardCharsets.UTF_8)).get("action");
                    action = a instanceof String str ? str : "";
                } catch (StripeForm.InvalidFormException e) {
                    action = "";
                }
                if (s.status.equals("open")) {
                    switch (action) {
                        case "pay" -> complete(s, s.amountTotal);
                        case "decline" -> s.lastError = DECLINED;
                        case "3ds_fail" -> s.lastError = AUTH_FAILED;
                        default -> { }
                    }
                }
                location = s.status.equals("complete") && action.equals("pay")
                        ? s.successUrl.replace("{CHECKOUT_SESSION_ID}", s.id) : s.pageUrl;
                html = null;
            } else {
                html = render(s);
            }
        }
        if (location != null) {
            redirect(exchange, location);
        } else {
            respond(exchange, 200, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8));
        }
    }

    private String render(Session s) {
        StringBuilder b = new StringBuilder();
        b.append("<p class=\"amount\">お支払い金額 (Amount): <strong>").append(html(money(s.amountTotal, s.currency)))
                .append("</strong></p><ul>");
        for (LineItem item : s.lineItems) {
            b.append("<li>").append(html(item.name())).append(" × ").append(item.quantity()).append(" — ")
                    .append(html(money(item.unitAmount() * item.quantity(), item.currency()))).append("</li>");
        }
        b.append("</ul>");
        switch (s.status) {
            case "open" -> {
                b.append("<p>カード: VISA / Mastercard / JCB / American Express / Diners Club</p>");
                b.append("<p class=\"three-d-secure\">カード発行会社による 3-D Secure（本人認証）を行います。")
                        .append("(3-D Secure authentication is performed: ").append(html(s.requestThreeDSecure))
                        .append(")</p>");
                if (s.lastError != null) {
                    b.append("<p class=\"error\" role=\"alert\">").append(html(s.lastError)).append("</p>");
                }
                b.append("<form method=\"post\" action=\"").append(html(s.pageUrl)).append("\">")
                        .append("<button name=\"action\" value=\"pay\">支払う (Pay)</button> ")
                        .append("<button name=\"action\" value=\"decline\">カードが拒否される (Card declined)</button> ")
                        .append("<button name=\"action\" value=\"3ds_fail\">本人認証に失敗する (3-D Secure fails)</button>")
                        .append("</form>");
                if (s.cancelUrl != null) {
                    b.append("<p><a href=\"").append(html(s.cancelUrl)).append("\">← 戻る (Back)</a></p>");
                }
            }
            case "complete" -> b.append("<p>お支払いは完了しています。(This payment is complete.)</p><p><a href=\"")
                    .append(html(s.successUrl.replace("{CHECKOUT_SESSION_ID}", s.id))).append("\">続ける (Continue)</a></p>");
            default -> b.append("<p>このお支払いページは有効期限が切れました。(This Checkout Session has expired.)</p>");
        }
        return new String(page("Stripe Checkout（シミュレーター）", b.toString()), StandardCharsets.UTF_8);
    }

    private static byte[] page(String title, String content) {
        return ("<!doctype html><html lang=\"ja\"><head><meta charset=\"utf-8\"><title>" + html(title)
                + "</title></head><body><h1>" + html(title) + "</h1>" + content
                + "<p><small>Stripe simulator: no card data is entered or kept here.</small></p></body></html>")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static String money(long amount, String currency) {
        if (currency.equals("jpy")) {
            return String.format(Locale.ROOT, "¥%,d", amount);
        }
        if (ZERO_DECIMAL.contains(currency)) {
            return String.format(Locale.ROOT, "%,d %s", amount, currency.toUpperCase(Locale.ROOT));
        }
        return String.format(Locale.ROOT, "%,d.%02d %s", amount / 100, amount % 100, currency.toUpperCase(Locale.ROOT));
    }
}
