package jp.kokin.simulators.paypay;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import jp.kokin.simulators.Simulator;

/**
 * PayPay's Open Payment API for web payments with a dynamic QR code, as its documentation
 * describes it, in memory:
 * <ul>
 *   <li>{@code POST /v2/codes} creates a code ({@code 201}; {@code 400 DUPLICATE_DYNAMIC_QR_REQUEST}
 *       for a {@code merchantPaymentId} already used; {@code codeType} must be {@code ORDER_QR},
 *       the currency {@code JPY}; pre-authorization is refused as for a merchant without it);</li>
 *   <li>{@code GET /v2/codes/payments/{merchantPaymentId}} gives the details: {@code CREATED} until
 *       paid — also after the code expired, as PayPay does — then {@code COMPLETED} (with
 *       {@code paymentId}, {@code acceptedAt}) or {@code FAILED}; {@code 400
 *       DYNAMIC_QR_PAYMENT_NOT_FOUND} when there is no code, or it was deleted unpaid;</li>
 *   <li>{@code DELETE /v2/codes/{codeId}} deletes a code ({@code 404 DYNAMIC_QR_NOT_FOUND} when
 *       there is none);</li>
 *   <li>{@code DELETE /v2/payments/{merchantPaymentId}} cancels a payment ({@code 202}): a paid one
 *       becomes {@code FAILED} (money back) until 00:14:59 JST the next day, an unpaid code can no
 *       longer be paid; {@code 400 ORDER_NOT_REVERSIBLE} afterwards or for a refunded, canceled or
 *       expired order; {@code 404 RESOURCE_NOT_FOUND} (the simulator's choice) for an unknown one.</li>
 *   <li>{@code POST /v2/refunds} ({@code merchantRefundId}, {@code paymentId} = PayPay's payment id,
 *       {@code amount}, {@code requestedAt}, optional {@code reason}) refunds a {@code COMPLETED}
 *       payment, in part or in whole ({@code 201}, status {@code REFUNDED}, or {@code CREATED} while
 *       PayPay's batch has not run); refused with PayPay's documented codes: {@code INVALID_PARAMS}
 *       (more than what remains refundable), {@code REFUND_WINDOW_EXCEED} (after 23:59:59 JST on the
 *       365th day after the payment), {@code REFUND_LIMIT_EXCEEDED} (a 51st refund),
 *       {@code RESOURCE_NOT_FOUND} (no such payment id), {@code CANCELED_USER} (the user left PayPay).
 *       The same {@code merchantRefundId} again for the same payment and amount answers the refund as
 *       it stands (the simulator's choice; anything else under it is {@code INVALID_PARAMS}). A fully
 *       refunded payment's details say {@code REFUNDED} and list its refunds.</li>
 *   <li>{@code GET /v2/refunds/{merchantRefundId}}: the refund ({@code CREATED}, {@code REFUNDED});
 *       {@code 404 RESOURCE_NOT_FOUND} for one never received.</li>
 * </ul>
 * Test control: {@link #nextRefund} (or {@code POST /_control/next-refund?behaviour=…}) forces the
 * next refund: {@code fail} → {@code INVALID_PARAMS}, {@code cannot} → {@code REFUND_WINDOW_EXCEED},
 * {@code pending} → {@code CREATED} until the next look, {@code time_out} / {@code server_error}.
 * Every API call must carry a valid {@code hmac OPA-Auth} header ({@link OpaAuthVerifier}) and
 * the configured merchant in {@code X-ASSUME-MERCHANT} (or {@code ?assumeMerchant=}); otherwise
 * {@code 401 UNAUTHORIZED} / {@code 401 OP_OUT_OF_SCOPE}. Answers use PayPay's envelope
 * {@code {"resultInfo": {"code", "message", "codeId"}, "data"}}.
 *
 * <p>The code's {@code url} is this simulator's page {@code GET /web/{codeId}}: the amount and
 * Pay / Decline buttons. Paying (refused once the code has expired, by default 5 minutes after
 * creation) or declining posts a PayPay {@code Transaction} webhook — unsigned JSON, as PayPay's —
 * to Kokin and sends the browser (303) to the code's {@code redirectUrl}.
 */
public final class PayPaySimulator extends Simulator {

    public static final Duration DEFAULT_CODE_LIFETIME = Duration.ofMinutes(5);
    private static final ZoneId JST = ZoneId.of("Asia/Tokyo");
    private static final String JSON = "application/json;charset=UTF-8";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern MERCHANT_PAYMENT_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern CODE_DETAILS = Pattern.compile("/v2/codes/payments/([^/]+)");
    private static final Pattern CODE = Pattern.compile("/v2/codes/([^/]+)");
    private static final Pattern PAYMENT = Pattern.compile("/v2/payments/([^/]+)");
    private static final Pattern PAGE = Pattern.compile("/web/([A-Za-z0-9-]{1,64})(/pay|/decline)?");

    /** One code and what became of it. Guarded by the simulator's lock. */
    private static final class Code {
        final String codeId;
        final String merchantPaymentId;
        final long amount;
        final String orderDescription;
        final String redirectUrl;
        final long requestedAt;
        final String url;
        Instant expiresAt;
        String status = "CREATED";
        boolean deleted;
        String paymentId;
        Instant acceptedAt;
        long paidAmount;
        Instant failedAt;

        Code(String codeId, String merchantPaymentId, long amount, String orderDescription, String redirectUrl,
             long requestedAt, String url, Instant expiresAt) {
            this.codeId = codeId;
            this.merchantPaymentId = merchantPaymentId;
            this.amount = amount;
            this.orderDescription = orderDescription;
            this.redirectUrl = redirectUrl;
            this.requestedAt = requestedAt;
            this.url = url;
            this.expiresAt = expiresAt;
        }

        /** Details answer "not found" for a code deleted before anyone paid. */
        boolean visible() {
            return !(deleted && status.equals("CREATED"));
        }
    }

    private final String merchantId;
    private final String webhookUrl;
    private final OpaAuthVerifier auth;
    private volatile Duration codeLifetime = DEFAULT_CODE_LIFETIME;
    private final Object lock = new Object();
    private final Map<String, Code> byMerchantPaymentId = new HashMap<>();
    private final Map<String, Code> byCodeId = new HashMap<>();
    private final Map<String, Refund> refunds = new java.util.LinkedHashMap<>();

    /** PayPay's limits on refunds of one payment. */
    public static final int MAX_REFUNDS = 50;
    public static final int REFUND_WINDOW_DAYS = 365;
    private static final Pattern REFUND = Pattern.compile("/v2/refunds/([^/]+)");

    /** One refund. Guarded by the simulator's lock. */
    private static final class Refund {
        final String merchantRefundId;
        final Code code;
        final long amount;
        final long requestedAt;
        final String reason;
        final Instant acceptedAt;
        String status;

        Refund(String merchantRefundId, Code code, long amount, long requestedAt, String reason, Instant acceptedAt,
               String status) {
            this.merchantRefundId = merchantRefundId;
            this.code = code;
            this.amount = amount;
            this.requestedAt = requestedAt;
            this.reason = reason;
            this.acceptedAt = acceptedAt;
            this.status = status;
        }
    }

    /**
     * @param merchantId the merchant every call must name ({@code X-ASSUME-MERCHANT})
     * @param webhookUrl where PayPay's dashboard would be set to post notifications (Kokin's
     *                   {@code /webhooks/{provider}}); blank: none are sent
     */
    public PayPaySimulator(String apiKey, String apiSecret, String merchantId, String webhookUrl, Clock clock) {
        super(clock);
        this.auth = new OpaAuthVerifier(Objects.requireNonNull(apiKey, "apiKey"), Objects.requireNonNull(apiSecret, "apiSecret"));
        this.merchantId = Objects.requireNonNull(merchantId, "merchantId");
        this.webhookUrl = webhookUrl;
    }

    /**
     * From a catalog provider entry ({@code apiKey}, {@code apiSecret} — a string, or a list whose
     * first is current — and {@code merchantId}); secret references cannot be read here.
     */
    public static PayPaySimulator fromSettings(Map<String, Object> settings, String kokinWebhookUrl, Clock clock) {
        return new PayPaySimulator(setting(settings, "apiKey"), setting(settings, "apiSecret"),
                setting(settings, "merchantId"), kokinWebhookUrl, clock);
    }

    private static String setting(Map<String, Object> settings, String key) {
        Object value = settings.get(key);
        if (value instanceof List<?> list && !list.isEmpty()) {
            value = list.getFirst();
        }
        if (!(value instanceof String s) || s.isBlank()) {
            throw new IllegalArgumentException("the PayPay simulator needs the setting " + key);
        }
        if (s.startsWith("secretsmanager:") || s.startsWith("ssm:")) {
            throw new IllegalArgumentException("the PayPay simulator needs " + key + " inline, not a secret reference");
        }
        return s;
    }

    /** How long new codes can be paid (default 5 minutes). */
    public void codeLifetime(Duration lifetime) {
        this.codeLifetime = Objects.requireNonNull(lifetime, "lifetime");
    }

    // ---- programmatic actions (tests, local runs) ----

    /** The citizen pays the code for {@code merchantPaymentId} in full; PayPay's payment id. */
    public String pay(String merchantPaymentId) {
        return complete(merchantPaymentId, null);
    }

    /** The payment completes for {@code amount} yen instead of the code's amount (to test a mismatch). */
    public String payWithAmount(String merchantPaymentId, long amount) {
        return complete(merchantPaymentId, amount);
    }

    /** The citizen declines (or the payment fails): the details become {@code FAILED}. */
    public void decline(String merchantPaymentId) {
        Code code;
        synchronized (lock) {
            code = payable(merchantPaymentId);
            code.status = "FAILED";
            code.failedAt = now();
        }
        sendWebhook(code);
    }

    /** The code can no longer be paid from now on (its details stay {@code CREATED}). */
    public void expire(String merchantPaymentId) {
        synchronized (lock) {
            code(merchantPaymentId).expiresAt = now();
        }
    }

    /** The status of refund {@code merchantRefundId} as the refund details API would give it; empty when unknown. */
    public Optional<String> refundStatus(String merchantRefundId) {
        synchronized (lock) {
            return Optional.ofNullable(refunds.get(merchantRefundId)).map(r -> r.status);
        }
    }

    /** How much of {@code merchantPaymentId} was refunded (every refund received counts: PayPay completes them). */
    public long refunded(String merchantPaymentId) {
        synchronized (lock) {
            return refunds.values().stream().filter(r -> r.code.merchantPaymentId.equals(merchantPaymentId))
                    .mapToLong(r -> r.amount).sum();
        }
    }

    /** The status the details API would give; empty when it would answer not found. */
    public Optional<String> status(String merchantPaymentId) {
        synchronized (lock) {
            Code code = byMerchantPaymentId.get(merchantPaymentId);
            return code == null || !code.visible() ? Optional.empty() : Optional.of(code.status);
        }
    }

    /** The payment page's URL returned when the code was created. */
    public Optional<String> codeUrl(String merchantPaymentId) {
        synchronized (lock) {
            return Optional.ofNullable(byMerchantPaymentId.get(merchantPaymentId)).map(c -> c.url);
        }
    }

    private String complete(String merchantPaymentId, Long amount) {
        Code code;
        synchronized (lock) {
            code = payable(merchantPaymentId);
            pay(code, amount == null ? code.amount : amount);
        }
        sendWebhook(code);
        return code.paymentId;
    }

    private void pay(Code code, long amount) {
        code.status = "COMPLETED";
        code.acceptedAt = now();
        code.paidAmount = amount;
        code.paymentId = digits(20);
    }

    private Code code(String merchantPaymentId) {
        Code code = byMerchantPaymentId.get(merchantPaymentId);
        if (code == null) {
            throw new IllegalStateException("no PayPay code for " + merchantPaymentId);
        }
        return code;
    }

    private Code payable(String merchantPaymentId) {
        Code code = code(merchantPaymentId);
        Optional<String> why = whyNotPayable(code);
        if (why.isPresent()) {
            throw new IllegalStateException(merchantPaymentId + ": " + why.get());
        }
        return code;
    }

    private Optional<String> whyNotPayable(Code code) {
        if (code.deleted) {
            return Optional.of("the code was deleted");
        }
        if (!code.status.equals("CREATED")) {
            return Optional.of("the payment is already " + code.status);
        }
        if (!now().isBefore(code.expiresAt)) {
            return Optional.of("the code has expired");
        }
        return Optional.empty();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    // ---- HTTP ----

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            String path = relativePath(exchange);
            String method = exchange.getRequestMethod();
            Matcher page = PAGE.matcher(path);
            if (control(exchange, path)) {
                return;
            }
            if (page.matches()) {
                page(exchange, method, page.group(1), page.group(2));
            } else if (path.startsWith("/v2/")) {
                api(exchange, method, path);
            } else {
                respond(exchange, 404, "text/plain; charset=utf-8", "not found".getBytes(StandardCharsets.UTF_8));
            }
        } catch (RuntimeException e) {
            respond(exchange, 500, JSON, envelope("INTERNAL_SERVER_ERROR", "Something went wrong on PayPay service side.", null));
        }
    }

    private void api(HttpExchange exchange, String method, String path) throws IOException {
        if (injectFault(exchange)) {
            return;
        }
        byte[] body = body(exchange);
        Optional<String> forged = auth.problem(exchange.getRequestHeaders().getFirst("Authorization"), method, path,
                exchange.getRequestHeaders().getFirst("Content-Type"), body, clock.instant());
        if (forged.isPresent()) {
            error(exchange, 401, "UNAUTHORIZED", "Unauthorized request: " + forged.get());
            return;
        }
        String assumed = assumedMerchant(exchange);
        if (!merchantId.equals(assumed)) {
            error(exchange, 401, "OP_OUT_OF_SCOPE", "The operation is not permitted.");
            return;
        }
        Matcher m;
        if (method.equals("POST") && path.equals("/v2/codes")) {
            createCode(exchange, body);
        } else if (method.equals("GET") && (m = CODE_DETAILS.matcher(path)).matches()) {
            details(exchange, m.group(1));
        } else if (method.equals("DELETE") && !path.startsWith("/v2/codes/payments/") && (m = CODE.matcher(path)).matches()) {
            deleteCode(exchange, m.group(1));
        } else if (method.equals("DELETE") && (m = PAYMENT.matcher(path)).matches()) {
            cancelPayment(exchange, m.group(1));
        } else if (method.equals("POST") && path.equals("/v2/refunds")) {
            refund(exchange, body);
        } else if (method.equals("GET") && (m = REFUND.matcher(path)).matches()) {
            refundDetails(exchange, m.group(1));
        } else {
            error(exchange, 404, "RESOURCE_NOT_FOUND", "The requested resource doesn't exist.");
        }
    }

    private static String assumedMerchant(HttpExchange exchange) {
        String query = exchange.getRequestURI().getRawQuery();
        if (query != null) {
            for (String pair : query.split("&")) {
                if (pair.startsWith("assumeMerchant=")) {
                    return java.net.URLDecoder.decode(pair.substring("assumeMerchant=".length()), StandardCharsets.UTF_8);
                }
            }
        }
        return exchange.getRequestHeaders().getFirst("X-ASSUME-MERCHANT");
    }

    /** The request body as a JSON object; null once a 400 has been answered (not JSON, or not an object). */
    private JsonNode jsonObject(HttpExchange exchange, byte[] body) throws IOException {
        JsonNode request;
        try {
            request = MAPPER.readTree(body);
        } catch (IOException e) {
            error(exchange, 400, "INVALID_REQUEST_PARAMS", "The request body is not JSON.");
            return null;
        }
        if (request == null || !request.isObject()) {
            error(exchange, 400, "INVALID_REQUEST_PARAMS", "The request body is not a JSON object.");
            return null;
        }
        return request;
    }

    private void refund(HttpExchange exchange, byte[] body) throws IOException {
        JsonNode request = jsonObject(exchange, body);
        if (request == null) {
            return;
        }
        JsonNode merchantRefundId = request.get("merchantRefundId");
        JsonNode paymentId = request.get("paymentId");
        JsonNode amount = request.path("amount").get("amount");
        JsonNode currency = request.path("amount").get("currency");
        JsonNode requestedAt = request.get("requestedAt");
        if (merchantRefundId == null || paymentId == null || amount == null || currency == null || requestedAt == null) {
            error(exchange, 400, "MISSING_REQUEST_PARAMS", "merchantRefundId, paymentId, amount and requestedAt are required.");
            return;
        }
        if (!merchantRefundId.isTextual() || !MERCHANT_PAYMENT_ID.matcher(merchantRefundId.asText()).matches()
                || !paymentId.isTextual() || !amount.isIntegralNumber() || amount.asLong() < 1
                || !requestedAt.isIntegralNumber() || !"JPY".equals(currency.asText())
                || request.has("reason") && (!request.get("reason").isTextual() || request.get("reason").asText().length() > 255)) {
            error(exchange, 400, "INVALID_PARAMS", "The set parameter is invalid.");
            return;
        }
        RefundBehaviour behaviour = takeRefundBehaviour();
        if (behaviour == RefundBehaviour.SERVER_ERROR) {
            error(exchange, 500, "INTERNAL_SERVER_ERROR", "Something went wrong on PayPay service side.");
            return;
        }
        ObjectNode data;
        synchronized (lock) {
            Refund existing = refunds.get(merchantRefundId.asText());
            if (existing != null) {
                if (!existing.code.paymentId.equals(paymentId.asText()) || existing.amount != amount.asLong()) {
                    error(exchange, 400, "INVALID_PARAMS", "The merchantRefundId was used for another refund.");
                    return;
                }
                data = refundJson(existing);
            } else {
                Code code = byMerchantPaymentId.values().stream()
                        .filter(c -> paymentId.asText().equals(c.paymentId)).findFirst().orElse(null);
                if (code == null) {
                    error(exchange, 400, "RESOURCE_NOT_FOUND", "The paymentId does not exist.");
                    return;
                }
                List<Refund> earlier = refunds.values().stream().filter(r -> r.code == code).toList();
                long remaining = code.paidAmount - earlier.stream().mapToLong(r -> r.amount).sum();
                Instant deadline = code.acceptedAt == null ? Instant.MIN : LocalDate.ofInstant(code.acceptedAt, JST)
                        .plusDays(REFUND_WINDOW_DAYS + 1).atStartOfDay(JST).toInstant();
                if (behaviour == RefundBehaviour.CANNOT || !now().isBefore(deadline)) {
                    error(exchange, 400, "REFUND_WINDOW_EXCEED", "Exceeded refund period.");
                    return;
                }
                if (!(code.status.equals("COMPLETED") || code.status.equals("REFUNDED"))) {
                    error(exchange, 400, "INVALID_PARAMS", "The payment cannot be refunded.");
                    return;
                }
                if (earlier.size() >= MAX_REFUNDS) {
                    error(exchange, 400, "REFUND_LIMIT_EXCEEDED", "Maximum number of refunds exceeded.");
                    return;
                }
                if (behaviour == RefundBehaviour.FAIL || amount.asLong() > remaining) {
                    error(exchange, 400, "INVALID_PARAMS", "The amount is larger than the refundable amount.");
                    return;
                }
                Refund r = new Refund(merchantRefundId.asText(), code, amount.asLong(), requestedAt.asLong(),
                        request.path("reason").asText(null), now(),
                        behaviour == RefundBehaviour.PENDING ? "CREATED" : "REFUNDED");
                refunds.put(r.merchantRefundId, r);
                if (amount.asLong() == remaining) {
                    code.status = "REFUNDED";
                }
                data = refundJson(r);
            }
        }
        if (behaviour == RefundBehaviour.TIME_OUT) {
            hangRefundAnswer();
        }
        success(exchange, 201, data);
    }

    private void refundDetails(HttpExchange exchange, String merchantRefundId) throws IOException {
        ObjectNode data;
        synchronized (lock) {
            Refund r = refunds.get(merchantRefundId);
            if (r == null) {
                error(exchange, 404, "RESOURCE_NOT_FOUND", "The requested refund does not exist.");
                return;
            }
            data = refundJson(r);
            if (r.status.equals("CREATED")) {
                r.status = "REFUNDED"; // PayPay's batch runs: the next look finds it refunded
            }
        }
        success(exchange, 200, data);
    }

    private static ObjectNode refundJson(Refund r) {
        ObjectNode data = MAPPER.createObjectNode();
        data.put("status", r.status);
        data.put("acceptedAt", r.acceptedAt.getEpochSecond());
        data.put("merchantRefundId", r.merchantRefundId);
        data.put("paymentId", r.code.paymentId);
        putAmount(data, r.amount);
        data.put("requestedAt", r.requestedAt);
        if (r.reason != null) {
            data.put("reason", r.reason);
        }
        return data;
    }

    private void createCode(HttpExchange exchange, byte[] body) throws IOException {
        JsonNode request = jsonObject(exchange, body);
        if (request == null) {
            return;
        }
        JsonNode merchantPaymentId = request.get("merchantPaymentId");
        JsonNode amount = request.path("amount").get("amount");
        JsonNode currency = request.path("amount").get("currency");
        JsonNode codeType = request.get("codeType");
        if (merchantPaymentId == null || amount == null || currency == null || codeType == null) {
            error(exchange, 400, "MISSING_REQUEST_PARAMS", "merchantPaymentId, amount and codeType are required.");
            return;
        }
        if (!merchantPaymentId.isTextual() || !MERCHANT_PAYMENT_ID.matcher(merchantPaymentId.asText()).matches()
                || !amount.isIntegralNumber() || amount.asLong() < 1 || amount.asLong() > 99_999_999_999L
                || !"ORDER_QR".equals(codeType.asText())) {
            error(exchange, 400, "INVALID_PARAMS", "The set parameter is invalid.");
            return;
        }
        if (!"JPY".equals(currency.asText())) {
            error(exchange, 400, "INVALID_REQUEST_PARAMS", "Unsupported currency.");
            return;
        }
        String redirectType = request.path("redirectType").asText("WEB_LINK");
        if (!List.of("WEB_LINK", "APP_DEEP_LINK", "WEBVIEW_IN_PAYPAY").contains(redirectType)) {
            error(exchange, 400, "INVALID_PARAMS", "The set parameter is invalid.");
            return;
        }
        if (request.path("isAuthorization").asBoolean(false)) {
            error(exchange, 400, "PRE_AUTH_CAPTURE_UNSUPPORTED_MERCHANT", "Merchant do not support Pre-Auth-Capture.");
            return;
        }
        String id = merchantPaymentId.asText();
        Code code;
        synchronized (lock) {
            if (byMerchantPaymentId.containsKey(id)) {
                error(exchange, 400, "DUPLICATE_DYNAMIC_QR_REQUEST", "Duplicate Dynamic QR request error");
                return;
            }
            String codeId = "04-" + token(16);
            code = new Code(codeId, id, amount.asLong(), request.path("orderDescription").asText(""),
                    request.path("redirectUrl").asText(""), request.path("requestedAt").asLong(now().getEpochSecond()),
                    absoluteBase(exchange) + "/web/" + codeId, now().plus(codeLifetime));
            byMerchantPaymentId.put(id, code);
            byCodeId.put(codeId, code);
        }
        ObjectNode data = MAPPER.createObjectNode();
        data.put("codeId", code.codeId);
        data.put("url", code.url);
        data.put("deeplink", "paypay://payment?link_key=" + java.net.URLEncoder.encode(code.url, StandardCharsets.UTF_8));
        data.put("expiryDate", code.expiresAt.getEpochSecond());
        data.put("merchantPaymentId", code.merchantPaymentId);
        putAmount(data, code.amount);
        data.put("orderDescription", code.orderDescription);
        data.put("codeType", "ORDER_QR");
        data.put("requestedAt", code.requestedAt);
        data.put("redirectUrl", code.redirectUrl);
        data.put("redirectType", redirectType);
        data.put("isAuthorization", false);
        success(exchange, 201, data);
    }

    private void details(HttpExchange exchange, String merchantPaymentId) throws IOException {
        ObjectNode data = MAPPER.createObjectNode();
        synchronized (lock) {
            Code code = byMerchantPaymentId.get(merchantPaymentId);
            if (code == null || !code.visible()) {
                error(exchange, 400, "DYNAMIC_QR_PAYMENT_NOT_FOUND", "Dynamic QR payment not found");
                return;
            }
            if (code.paymentId != null) {
                data.put("paymentId", code.paymentId);
            }
            data.put("status", code.status);
            if (code.acceptedAt != null) {
                data.put("acceptedAt", code.acceptedAt.getEpochSecond());
            }
            com.fasterxml.jackson.databind.node.ArrayNode listed = data.putObject("refunds").putArray("data");
            refunds.values().stream().filter(r -> r.code == code).forEach(r -> listed.add(refundJson(r)));
            data.put("merchantPaymentId", code.merchantPaymentId);
            putAmount(data, code.acceptedAt != null ? code.paidAmount : code.amount);
            data.put("requestedAt", code.requestedAt);
            data.putNull("expiresAt");
            if (code.failedAt != null) {
                data.put("canceledAt", code.failedAt.getEpochSecond());
            }
            data.putNull("storeId");
            data.putNull("terminalId");
            data.putNull("orderReceiptNumber");
            data.put("orderDescription", code.orderDescription);
            if (code.acceptedAt != null) {
                ObjectNode wallet = data.putArray("paymentMethods").addObject();
                putAmount(wallet, code.paidAmount);
                wallet.put("type", "WALLET");
            }
        }
        success(exchange, 200, data);
    }

    private void deleteCode(HttpExchange exchange, String codeId) throws IOException {
        synchronized (lock) {
            Code code = byCodeId.get(codeId);
            if (code == null || code.deleted) {
                error(exchange, 404, "DYNAMIC_QR_NOT_FOUND", "The specified QR code cannot be found.");
                return;
            }
            code.deleted = true;
        }
        ObjectNode data = MAPPER.createObjectNode();
        data.put("qrStatus", "DELETED");
        success(exchange, 200, data);
    }

    private void cancelPayment(HttpExchange exchange, String merchantPaymentId) throws IOException {
        synchronized (lock) {
            Code code = byMerchantPaymentId.get(merchantPaymentId);
            if (code == null) {
                error(exchange, 404, "RESOURCE_NOT_FOUND", "Order not found");
                return;
            }
            switch (code.status) {
                case "CREATED" -> {
                    code.deleted = true;
                    code.status = "FAILED";
                    code.failedAt = now();
                }
                case "COMPLETED" -> {
                    if (!now().isBefore(cancelWindowEnd(code.acceptedAt))) {
                        error(exchange, 400, "ORDER_NOT_REVERSIBLE", "The cancellation window has passed.");
                        return;
                    }
                    code.status = "FAILED";
                    code.failedAt = now();
                }
                case "FAILED" -> { }
                default -> {
                    error(exchange, 400, "ORDER_NOT_REVERSIBLE", "The order cannot be canceled.");
                    return;
                }
            }
        }
        respond(exchange, 202, JSON, envelope("REQUEST_ACCEPTED", "Request accepted", null));
    }

    /** 00:15 JST on the day after the payment: the end of the cancel window. */
    private static Instant cancelWindowEnd(Instant acceptedAt) {
        LocalDate day = acceptedAt.atZone(JST).toLocalDate().plusDays(1);
        return day.atTime(LocalTime.of(0, 15)).atZone(JST).toInstant();
    }

    // ---- the payment page ----

    private void page(HttpExchange exchange, String method, String codeId, String action) throws IOException {
        Code code;
        synchronized (lock) {
            code = byCodeId.get(codeId);
        }
        if (code == null) {
            html(exchange, 404, "コードが見つかりません", "<p>このコードは存在しません。</p>");
            return;
        }
        if (action == null) {
            if (!method.equals("GET")) {
                respond(exchange, 405, "text/plain; charset=utf-8", new byte[0]);
                return;
            }
            showCode(exchange, code);
            return;
        }
        if (!method.equals("POST")) {
            respond(exchange, 405, "text/plain; charset=utf-8", new byte[0]);
            return;
        }
        synchronized (lock) {
            Optional<String> why = whyNotPayable(code);
            if (why.isPresent()) {
                html(exchange, 409, "お支払いできません", "<p>" + html(japanese(why.get())) + "</p>" + backLink(code));
                return;
            }
            if (action.equals("/pay")) {
                pay(code, code.amount);
            } else {
                code.status = "FAILED";
                code.failedAt = now();
            }
        }
        sendWebhook(code);
        if (code.redirectUrl.isBlank()) {
            html(exchange, 200, "完了しました", "<p>お手続きが完了しました。</p>");
        } else {
            redirect(exchange, code.redirectUrl);
        }
    }

    private void showCode(HttpExchange exchange, Code code) throws IOException {
        Optional<String> why;
        synchronized (lock) {
            why = whyNotPayable(code);
        }
        String amount = "¥" + String.format("%,d", code.amount);
        StringBuilder body = new StringBuilder();
        body.append("<p>加盟店: ").append(html(merchantId)).append("</p>");
        body.append("<p>").append(html(code.orderDescription)).append("</p>");
        body.append("<p style=\"font-size:2em\">お支払い金額 <strong>").append(amount).append("</strong></p>");
        if (why.isPresent()) {
            body.append("<p>").append(html(japanese(why.get()))).append("</p>").append(backLink(code));
        } else {
            String base = mountPath(exchange) + "/web/" + code.codeId;
            body.append("<form method=\"post\" action=\"").append(html(base)).append("/pay\">")
                    .append("<button type=\"submit\">支払う (Pay)</button></form>");
            body.append("<form method=\"post\" action=\"").append(html(base)).append("/decline\">")
                    .append("<button type=\"submit\">支払わない (Decline)</button></form>");
            body.append("<p><small>有効期限: ").append(html(code.expiresAt.atZone(JST).toLocalTime().toString()))
                    .append(" (JST)</small></p>");
        }
        html(exchange, 200, "PayPay (シミュレーター)", body.toString());
    }

    private static String backLink(Code code) {
        return code.redirectUrl.isBlank() ? ""
                : "<p><a href=\"" + html(code.redirectUrl) + "\">加盟店に戻る</a></p>";
    }

    private static String japanese(String why) {
        if (why.contains("expired")) {
            return "このコードは有効期限が切れています。";
        }
        if (why.contains("deleted")) {
            return "このコードは無効です。";
        }
        return "このお支払いはすでに処理されています。";
    }

    private static void html(HttpExchange exchange, int status, String title, String body) throws IOException {
        String page = "<!doctype html><html lang=\"ja\"><head><meta charset=\"utf-8\"><title>" + html(title)
                + "</title></head><body><h1>" + html(title) + "</h1>" + body + "</body></html>";
        respond(exchange, status, "text/html; charset=utf-8", page.getBytes(StandardCharsets.UTF_8));
    }

    // ---- webhooks ----

    /** A {@code Transaction} notification, as PayPay posts it (not signed). */
    private void sendWebhook(Code code) {
        ObjectNode n = MAPPER.createObjectNode();
        synchronized (lock) {
            n.put("notification_type", "Transaction");
            n.put("merchant_id", merchantId);
            n.put("store_id", "");
            n.put("pos_id", "");
            n.put("order_id", code.paymentId == null ? "" : code.paymentId);
            n.put("merchant_order_id", code.merchantPaymentId);
            if (code.status.equals("COMPLETED")) {
                n.put("authorized_at", code.acceptedAt.toString());
                n.put("expires_at", code.expiresAt.toString());
                n.put("paid_at", code.acceptedAt.toString());
                n.put("order_amount", Long.toString(code.paidAmount));
            } else {
                n.put("order_amount", Long.toString(code.amount));
            }
            n.put("state", code.status);
        }
        notify(webhookUrl, Map.of("Content-Type", "application/json"), write(n));
    }

    // ---- envelopes and helpers ----

    private static void success(HttpExchange exchange, int status, JsonNode data) throws IOException {
        ObjectNode root = MAPPER.createObjectNode();
        ObjectNode info = root.putObject("resultInfo");
        info.put("code", "SUCCESS");
        info.put("message", "Success");
        info.put("codeId", "08100001");
        root.set("data", data);
        respond(exchange, status, JSON, write(root));
    }

    private static void error(HttpExchange exchange, int status, String code, String message) throws IOException {
        respond(exchange, status, JSON, envelope(code, message, null));
    }

    private static byte[] envelope(String code, String message, JsonNode data) {
        ObjectNode root = MAPPER.createObjectNode();
        ObjectNode info = root.putObject("resultInfo");
        info.put("code", code);
        info.put("message", message);
        info.put("codeId", "SIMULATED");
        root.set("data", data == null ? MAPPER.nullNode() : data);
        return write(root);
    }

    private static void putAmount(ObjectNode node, long amount) {
        ObjectNode a = node.putObject("amount");
        a.put("amount", amount);
        a.put("currency", "JPY");
    }

    private static byte[] write(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The mount path without a trailing slash ("" at the root). */
    private static String mountPath(HttpExchange exchange) {
        String mount = exchange.getHttpContext().getPath();
        return mount.endsWith("/") ? mount.substring(0, mount.length() - 1) : mount;
    }

    /** {@code http://{Host}{mount}}: pages are reached the way this call reached us. */
    private static String absoluteBase(HttpExchange exchange) {
        String host = exchange.getRequestHeaders().getFirst("Host");
        if (host == null || host.isBlank()) {
            host = "127.0.0.1:" + exchange.getLocalAddress().getPort();
        }
        return "http://" + host + mountPath(exchange);
    }

    private static String token(int length) {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    private static String digits(int length) {
        StringBuilder sb = new StringBuilder(length);
        sb.append(1 + RANDOM.nextInt(9));
        for (int i = 1; i < length; i++) {
            sb.append(RANDOM.nextInt(10));
        }
        return sb.toString();
    }
}
