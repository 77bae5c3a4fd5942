package jp.kokin.simulators.sbps;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.helpers.DefaultHandler;

import com.sun.net.httpserver.HttpExchange;

import jp.kokin.simulators.Simulator;

/**
 * SB Payment Service's link type (リンク型) for d払い ({@code pay_method=docomo}) and au PAY
 * ({@code auone}), written from SBPS's published interface definitions and the public
 * integrations that use them:
 * <ul>
 *   <li>{@code POST {purchasePath}} (default {@code /f01/FepBuyInfoReceive.do}): the purchase
 *       request (購入要求 A01-1), a Shift_JIS form posted by the citizen's browser. Checked like
 *       SBPS does: merchant and service id, {@code sps_hashcode} (SHA-1 over the UTF-8 bytes of the
 *       field values in the definition's order, trimmed, then the hash key; either hex case),
 *       required fields, a known pay_method, {@code request_date} + {@code limit_second} (600 when
 *       empty) not passed, a new {@code order_id}. Refusals are SBPS-style error pages (HTTP 400)
 *       with a 4-digit code; otherwise 303 to the payment page.</li>
 *   <li>{@code GET /pay/{id}}: the d払い or au PAY page, with Pay / Decline / Cancel buttons
 *       ({@code POST /pay/{id}/pay|decline|cancel}). Pay and Decline first post the result
 *       notification (結果CGI A02-1: the purchase fields plus {@code res_*}, Shift_JIS, fields in no
 *       particular order, no charset in the content type, upper-case {@code sps_hashcode}) to the
 *       purchase's {@code pagecon_url}, then send the browser 303 to {@code success_url} or
 *       {@code error_url}; Cancel notifies nothing and goes to {@code cancel_url}. A notification
 *       counts as delivered only when the answer starts with {@code OK,}; otherwise it is retried.</li>
 *   <li>{@code POST {queryPath}} (default {@code /api/xmlapi.do}): the XML API's payment result
 *       inquiry, HTTP Basic (merchant id + service id, hash key unless {@code queryUser} /
 *       {@code queryPassword} are set), {@code sps_hashcode} over the Shift_JIS bytes. SBPS does not
 *       publish this inquiry for d払い / au PAY: its function ids ({@code MG01-00101-401} docomo,
 *       {@code -402} auone), {@code payment_status} values (0 pending, 1 paid, 8 canceled,
 *       9 declined) and error codes (method + type + field: 03 required, 02 wrong merchant, 05 bad
 *       hash, 10 no such order with field 999, e.g. {@code 40110999}) are this simulator's own.</li>
 * </ul>
 *   <li>{@code POST {queryPath}} with {@code ST02-00303-401} (d払い) or {@code -402} (au PAY): the
 *       取消・返金要求 as third-party integrations send it (children merchant_id, service_id,
 *       tracking_id, processing_datetime, request_date, limit_second, sps_hashcode; no amount): the
 *       whole paid payment is returned and its inquiry then says {@code 8}. NG codes (the simulator's
 *       own, method + type + field): {@code 10999} no such tracking id, {@code 20999} already cancelled,
 *       {@code 21999} past the refund deadline ({@link #REFUND_WINDOW} after payment), {@code 22999}
 *       refused (the forced failure), and the inquiry's 02/03/05 codes.</li>
 * </ul>
 * Test control: {@link #nextRefund} (or {@code POST /_control/next-refund?behaviour=…}): {@code fail} →
 * NG 22999, {@code cannot} → NG 21999, {@code pending} answers as {@code succeed} (SBPS answers
 * refunds at once), {@code time_out} refunds and answers late, {@code server_error} does nothing.
 * <p>State is in memory; {@link #pay}, {@link #decline}, {@link #cancel}, {@link #payWithAmount},
 * {@link #status} and {@link #purchase} do programmatically what a citizen's browser would.
 */
public final class SbpsSimulator extends Simulator {

    /** What became of a purchase. */
    public enum Status { PENDING, PAID, DECLINED, CANCELED, REFUNDED }

    /** A purchase request SBPS would refuse; {@code code} is the 4-digit code its error page shows. */
    public static final class PurchaseRejectedException extends RuntimeException {
        private final String code;

        PurchaseRejectedException(String code, String message) {
            super(message);
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    /** Purchase request A01-1, the definition's order. */
    static final List<String> PURCHASE_FIELDS = List.of(
            "pay_method", "merchant_id", "service_id", "cust_code", "sps_cust_no", "sps_payment_no", "order_id",
            "item_id", "pay_item_id", "item_name", "tax", "amount", "pay_type", "auto_charge_type", "service_type",
            "div_settele", "last_charge_month", "camp_type", "tracking_id", "terminal_type", "success_url",
            "cancel_url", "error_url", "pagecon_url", "free1", "free2", "free3", "free_csv", "request_date",
            "limit_second");

    /** Result notification A02-1, the definition's order (as SBPS's sandbox sends it: no free_csv). */
    static final List<String> RESULT_FIELDS = List.of(
            "pay_method", "merchant_id", "service_id", "cust_code", "sps_cust_no", "sps_payment_no", "order_id",
            "item_id", "pay_item_id", "item_name", "tax", "amount", "pay_type", "auto_charge_type", "service_type",
            "div_settele", "last_charge_month", "camp_type", "tracking_id", "terminal_type", "free1", "free2",
            "free3", "request_date", "res_pay_method", "res_result", "res_tracking_id", "res_sps_cust_no",
            "res_sps_payment_no", "res_payinfo_key", "res_payment_date", "res_err_code", "res_date", "limit_second");

    /** Inquiry request children, in order (modelled on MG01-00101-101 and -311). */
    static final List<String> QUERY_FIELDS = List.of(
            "merchant_id", "service_id", "sps_transaction_id", "tracking_id", "order_id", "response_info_type",
            "encrypted_flg", "request_date", "limit_second");

    static final Map<String, String> QUERY_REQUEST_IDS = Map.of("MG01-00101-401", "docomo", "MG01-00101-402", "auone");

    /** 取消・返金要求 ids and children, in order (as third-party integrations send them). */
    static final Map<String, String> REFUND_REQUEST_IDS = Map.of("ST02-00303-401", "docomo", "ST02-00303-402", "auone");
    static final List<String> REFUND_FIELDS = List.of(
            "merchant_id", "service_id", "tracking_id", "processing_datetime", "request_date", "limit_second");
    /** How long after payment the simulator accepts a refund (its own rule). */
    public static final Duration REFUND_WINDOW = Duration.ofDays(60);
    static final Map<String, String> METHOD_LABELS = Map.of("docomo", "d払い", "auone", "au PAY");

    /** Link-type codes: 5101 is SBPS's "request parameter error"; the others are the simulator's. */
    static final String E_PARAMETER = "5101";
    static final String E_HASH = "5102";
    static final String E_EXPIRED = "5103";
    static final String E_DUPLICATE = "5104";
    /** res_err_code of a declined payment (a 4-digit link-type code; SBPS's actual codes vary by carrier). */
    static final String DECLINED_CODE = "7501";

    /** {@link Sent#status()} of a notification answered 2xx but not with {@code OK,}. */
    public static final int NOT_ACKNOWLEDGED = 0;

    static final String DEFAULT_PURCHASE_PATH = "/f01/FepBuyInfoReceive.do";
    static final String DEFAULT_QUERY_PATH = "/api/xmlapi.do";

    private static final Charset SJIS = Charset.forName("Shift_JIS");
    private static final ZoneId JST = ZoneId.of("Asia/Tokyo");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("uuuuMMddHHmmss");
    private static final Duration FIRST_ATTEMPT_WAIT = Duration.ofSeconds(11);

    private final String merchantId;
    private final String serviceId;
    private final String hashKey;
    private final String purchasePath;
    private final String queryPath;
    private final String apiUser;
    private final String apiPassword;
    private final Map<String, Purchase> byOrder = new ConcurrentHashMap<>();
    private final Map<String, Purchase> byPage = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static final class Purchase {
        final String orderId;
        final String pageId;
        final String trackingId;
        final String transactionId;
        final Map<String, String> fields;
        Status status = Status.PENDING;
        long paidAmount;
        Instant paidAt;

        Purchase(String orderId, String pageId, String trackingId, String transactionId, Map<String, String> fields) {
            this.orderId = orderId;
            this.pageId = pageId;
            this.trackingId = trackingId;
            this.transactionId = transactionId;
            this.fields = fields;
        }

        long amount() {
            return Long.parseLong(fields.get("amount").trim());
        }
    }

    public SbpsSimulator(String merchantId, String serviceId, String hashKey, String purchasePath, String queryPath,
                         String apiUser, String apiPassword, Clock clock) {
        super(clock);
        this.merchantId = Objects.requireNonNull(merchantId, "merchantId");
        this.serviceId = Objects.requireNonNull(serviceId, "serviceId");
        this.hashKey = Objects.requireNonNull(hashKey, "hashKey");
        this.purchasePath = purchasePath == null ? DEFAULT_PURCHASE_PATH : purchasePath;
        this.queryPath = queryPath == null ? DEFAULT_QUERY_PATH : queryPath;
        this.apiUser = apiUser == null ? merchantId + serviceId : apiUser;
        this.apiPassword = apiPassword == null ? hashKey : apiPassword;
    }

    public SbpsSimulator(String merchantId, String serviceId, String hashKey, Clock clock) {
        this(merchantId, serviceId, hashKey, null, null, null, null, clock);
    }

    /**
     * From the catalog's settings for the account: {@code merchantId}, {@code serviceId},
     * {@code hashKey} (the first when a list; inline values only), optional {@code purchasePath},
     * {@code queryPath}, {@code queryUser}, {@code queryPassword}. The notification URL comes with
     * each purchase ({@code pagecon_url}), so {@code kokinWebhookUrl} is not used.
     */
    public static SbpsSimulator fromSettings(Map<String, Object> settings, String kokinWebhookUrl, Clock clock) {
        Object key = settings.get("hashKey");
        String first = key instanceof List<?> l && !l.isEmpty() ? String.valueOf(l.getFirst()) : string(settings, "hashKey");
        return new SbpsSimulator(string(settings, "merchantId"), string(settings, "serviceId"), first,
                string(settings, "purchasePath"), string(settings, "queryPath"), string(settings, "queryUser"),
                string(settings, "queryPassword"), clock);
    }

    private static String string(Map<String, Object> settings, String key) {
        Object v = settings.get(key);
        return v == null || v instanceof Map || v instanceof List ? null : v.toString();
    }

    // ---- programmatic API -------------------------------------------------------------------

    /**
     * What SBPS does with a posted purchase request: checks it and opens the payment page.
     * Returns the page id ({@code GET /pay/{id}}); throws {@link PurchaseRejectedException}.
     */
    public String purchase(Map<String, String> fields) {
        Map<String, String> f = new LinkedHashMap<>(fields);
        if (!merchantId.equals(value(f, "merchant_id")) || !serviceId.equals(value(f, "service_id"))) {
            throw new PurchaseRejectedException(E_PARAMETER, "unknown merchant_id / service_id");
        }
        String expected = sha1Hex(concat(PURCHASE_FIELDS, f) + hashKey, StandardCharsets.UTF_8);
        if (!expected.equalsIgnoreCase(value(f, "sps_hashcode"))) {
            throw new PurchaseRejectedException(E_HASH, "sps_hashcode does not match");
        }
        for (String required : List.of("pay_method", "cust_code", "order_id", "item_id", "amount", "success_url",
                "cancel_url", "error_url", "pagecon_url", "request_date")) {
            if (value(f, required).isEmpty()) {
                throw new PurchaseRejectedException(E_PARAMETER, required + " is required");
            }
        }
        String payMethod = value(f, "pay_method");
        if (!METHOD_LABELS.containsKey(payMethod)) {
            throw new PurchaseRejectedException(E_PARAMETER, "pay_method " + payMethod + " is not offered here");
        }
        String orderId = value(f, "order_id");
        if (orderId.length() > 38 || !orderId.matches("[\\x21-\\x7e]+")) {
            throw new PurchaseRejectedException(E_PARAMETER, "order_id must be at most 38 single-byte characters");
        }
        if (!value(f, "amount").matches("[1-9][0-9]{0,6}")) {
            throw new PurchaseRejectedException(E_PARAMETER, "amount must be 1 to 9999999");
        }
        if (value(f, "item_name").getBytes(SJIS).length > 40) {
            throw new PurchaseRejectedException(E_PARAMETER, "item_name is longer than 40 bytes");
        }
        Instant requested = parseStamp(value(f, "request_date"))
                .orElseThrow(() -> new PurchaseRejectedException(E_PARAMETER, "request_date is not yyyyMMddHHmmss"));
        String limit = value(f, "limit_second");
        if (!limit.isEmpty() && !limit.matches("[0-9]{1,4}")) {
            throw new PurchaseRejectedException(E_PARAMETER, "limit_second must be 0 to 9999");
        }
        Instant now = clock.instant();
        if (now.isAfter(requested.plusSeconds(limit.isEmpty() ? 600 : Long.parseLong(limit)))
                || requested.isAfter(now.plus(Duration.ofMinutes(10)))) {
            throw new PurchaseRejectedException(E_EXPIRED, "the request is outside its allowed time (request_date + limit_second)");
        }
        Purchase p = new Purchase(orderId, token(24), digits(14), token(32), Collections.unmodifiableMap(f));
        if (byOrder.putIfAbsent(orderId, p) != null) {
            throw new PurchaseRejectedException(E_DUPLICATE, "order_id " + orderId + " was already used");
        }
        byPage.put(p.pageId, p);
        return p.pageId;
    }

    /** The citizen pays: the result notification (OK) is posted before this returns. */
    public void pay(String orderId) {
        Purchase p = find(orderId);
        complete(p, Status.PAID, p.amount());
    }

    /** The citizen pays, but SBPS reports {@code amount} (to test amount checks). */
    public void payWithAmount(String orderId, long amount) {
        complete(find(orderId), Status.PAID, amount);
    }

    /** The carrier declines: the result notification (NG) is posted before this returns. */
    public void decline(String orderId) {
        Purchase p = find(orderId);
        complete(p, Status.DECLINED, p.amount());
    }

    /** The citizen cancels on the page: nothing is notified (SBPS notifies results, not cancellations). */
    public void cancel(String orderId) {
        complete(find(orderId), Status.CANCELED, 0);
    }

    /** The purchase's status; empty when SBPS never received it. */
    public Optional<Status> status(String orderId) {
        return Optional.ofNullable(byOrder.get(orderId)).map(p -> {
            synchronized (p) {
                return p.status;
            }
        });
    }

    /** SBPS's tracking id ({@code res_tracking_id}) of a received purchase. */
    public Optional<String> trackingId(String orderId) {
        return Optional.ofNullable(byOrder.get(orderId)).map(p -> p.trackingId);
    }

    private Purchase find(String orderId) {
        Purchase p = byOrder.get(orderId);
        if (p == null) {
            throw new IllegalArgumentException("no purchase " + orderId);
        }
        return p;
    }

    /** Records the outcome, notifies (pay, decline) and says where the browser goes next. */
    private String complete(Purchase p, Status outcome, long amount) {
        Map<String, String> notification;
        synchronized (p) {
            if (p.status != Status.PENDING) {
                throw new IllegalStateException("purchase " + p.orderId + " is already " + p.status);
            }
            p.status = outcome;
            if (outcome == Status.PAID) {
                p.paidAmount = amount;
                p.paidAt = clock.instant();
            }
            notification = outcome == Status.CANCELED ? null : result(p, outcome, amount);
        }
        if (outcome == Status.CANCELED) {
            return p.fields.get("cancel_url");
        }
        deliver(p.fields.get("pagecon_url"), formBody(notification));
        return p.fields.get(outcome == Status.PAID ? "success_url" : "error_url");
    }

    private Map<String, String> result(Purchase p, Status outcome, long amount) {
        String now = stamp(clock.instant());
        Map<String, String> r = new LinkedHashMap<>();
        for (String field : RESULT_FIELDS) {
            r.put(field, value(p.fields, field));
        }
        r.put("amount", Long.toString(amount));
        r.put("res_pay_method", value(p.fields, "pay_method"));
        r.put("res_result", outcome == Status.PAID ? "OK" : "NG");
        r.put("res_tracking_id", p.trackingId);
        r.put("res_sps_cust_no", "");
        r.put("res_sps_payment_no", "");
        r.put("res_payinfo_key", "");
        r.put("res_payment_date", outcome == Status.PAID ? now : "");
        r.put("res_err_code", outcome == Status.PAID ? "" : DECLINED_CODE);
        r.put("res_date", now);
        r.put("sps_hashcode", sha1Hex(concat(RESULT_FIELDS, r) + hashKey, StandardCharsets.UTF_8).toUpperCase(Locale.ROOT));
        return r;
    }

    /** A Shift_JIS form, fields shuffled ("返却は順不同"). */
    private byte[] formBody(Map<String, String> fields) {
        List<String> pairs = new ArrayList<>();
        fields.forEach((k, v) -> pairs.add(URLEncoder.encode(k, SJIS) + "=" + URLEncoder.encode(v, SJIS)));
        Collections.shuffle(pairs, random);
        return String.join("&", pairs).getBytes(StandardCharsets.US_ASCII);
    }

    /** Posts in the background with retries, waiting for the first attempt's answer. */
    private void deliver(String url, byte[] body) {
        if (!notify(url, Map.of("Content-Type", "application/x-www-form-urlencoded"), body)) {
            return;
        }
        try {
            awaitSent(sent -> sent.stream().anyMatch(s -> s.body() == body), FIRST_ATTEMPT_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SBPS's result CGI is delivered only when the merchant answers {@code OK,}. */
    @Override
    protected int post(String url, Map<String, String> headers, byte[] body) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            headers.forEach(b::header);
            HttpResponse<byte[]> response = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            boolean ok = new String(response.body(), StandardCharsets.ISO_8859_1).trim().startsWith("OK,");
            return response.statusCode() / 100 == 2 && !ok ? NOT_ACKNOWLEDGED : response.statusCode();
        } catch (IOException | IllegalArgumentException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    // ---- HTTP --------------------------------------------------------------------------------

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            String path = relativePath(exchange);
            String method = exchange.getRequestMethod();
            if (control(exchange, path)) {
                return;
            }
            if (method.equals("POST") && path.equals(purchasePath)) {
                onPurchase(exchange);
            } else if (method.equals("POST") && path.equals(queryPath)) {
                if (!injectFault(exchange)) {
                    onQuery(exchange);
                }
            } else if (path.startsWith("/pay/")) {
                onPage(exchange, method, path.substring("/pay/".length()));
            } else {
                respond(exchange, 404, "text/plain; charset=UTF-8", "not found".getBytes(StandardCharsets.UTF_8));
            }
        } catch (RuntimeException e) {
            respond(exchange, 500, "text/plain; charset=UTF-8", ("simulator error: " + e.getMessage()).getBytes(StandardCharsets.UTF_8));
        }
    }

    private void onPurchase(HttpExchange exchange) throws IOException {
        String pageId;
        try {
            pageId = purchase(parseForm(body(exchange)));
        } catch (PurchaseRejectedException e) {
            errorPage(exchange, e.code(), e.getMessage());
            return;
        } catch (IllegalArgumentException e) {
            errorPage(exchange, E_PARAMETER, "the form could not be read: " + e.getMessage());
            return;
        }
        redirect(exchange, base(exchange) + "/pay/" + pageId);
    }

    private void onPage(HttpExchange exchange, String method, String rest) throws IOException {
        String[] parts = rest.split("/");
        Purchase p = byPage.get(parts[0]);
        if (p == null) {
            errorPage(exchange, E_PARAMETER, "no such payment page");
            return;
        }
        if (method.equals("GET") && parts.length == 1) {
            page(exchange, p);
            return;
        }
        if (!method.equals("POST") || parts.length != 2) {
            respond(exchange, 405, "text/plain; charset=UTF-8", "method not allowed".getBytes(StandardCharsets.UTF_8));
            return;
        }
        Status outcome = switch (parts[1]) {
            case "pay" -> Status.PAID;
            case "decline" -> Status.DECLINED;
            case "cancel" -> Status.CANCELED;
            default -> null;
        };
        if (outcome == null) {
            respond(exchange, 404, "text/plain; charset=UTF-8", "not found".getBytes(StandardCharsets.UTF_8));
            return;
        }
        String next;
        try {
            next = complete(p, outcome, outcome == Status.CANCELED ? 0 : p.amount());
        } catch (IllegalStateException e) {
            errorPage(exchange, E_DUPLICATE, "this payment has already been processed");
            return;
        }
        redirect(exchange, next);
    }

    private void page(HttpExchange exchange, Purchase p) throws IOException {
        String label = METHOD_LABELS.get(value(p.fields, "pay_method"));
        String action = base(exchange) + "/pay/" + p.pageId;
        Status status;
        synchronized (p) {
            status = p.status;
        }
        StringBuilder html = new StringBuilder("<!doctype html><html lang=\"ja\"><head><meta charset=\"UTF-8\">")
                .append("<title>").append(html(label)).append(" お支払い（SBPS シミュレーター）</title></head><body>")
                .append("<h1>").append(html(label)).append("でのお支払い</h1>")
                .append("<p>SBペイメントサービス シミュレーター（実際の決済は行われません）</p><dl>")
                .append("<dt>ご請求内容</dt><dd>").append(html(value(p.fields, "item_name"))).append("</dd>")
                .append("<dt>金額</dt><dd>").append(String.format(Locale.ROOT, "%,d", p.amount())).append("円</dd>")
                .append("<dt>購入ID</dt><dd>").append(html(p.orderId)).append("</dd>")
                .append("<dt>加盟店</dt><dd>").append(html(merchantId + "-" + serviceId)).append("</dd></dl>");
        if (status == Status.PENDING) {
            html.append(button(action + "/pay", "支払う"))
                    .append(button(action + "/decline", "支払えない（決済エラー）"))
                    .append(button(action + "/cancel", "キャンセルして戻る"));
        } else {
            html.append("<p>このお支払いは処理済みです（").append(status).append("）。</p>");
        }
        respond(exchange, 200, "text/html; charset=UTF-8", html.append("</body></html>").toString().getBytes(StandardCharsets.UTF_8));
    }

    private static String button(String action, String label) {
        return "<form method=\"post\" action=\"" + html(action) + "\"><button type=\"submit\">" + html(label) + "</button></form>";
    }

    private static void errorPage(HttpExchange exchange, String code, String message) throws IOException {
        String page = "<!doctype html><html lang=\"ja\"><head><meta charset=\"UTF-8\"><title>エラー</title></head><body>"
                + "<h1>エラーが発生しました</h1><p>エラーコード: " + html(code) + "</p><p>" + html(message) + "</p></body></html>";
        respond(exchange, 400, "text/html; charset=UTF-8", page.getBytes(StandardCharsets.UTF_8));
    }

    /** Absolute URL of the simulator's mount, from the Host header and the context path. */
    private static String base(HttpExchange exchange) {
        String host = Optional.ofNullable(exchange.getRequestHeaders().getFirst("Host"))
                .orElse("127.0.0.1:" + exchange.getLocalAddress().getPort());
        String mount = exchange.getHttpContext().getPath();
        return "http://" + host + (mount.endsWith("/") ? mount.substring(0, mount.length() - 1) : mount);
    }

    // ---- XML API: payment result inquiry -------------------------------------------------------

    private void onQuery(HttpExchange exchange) throws IOException {
        String expected = "Basic " + Base64.getEncoder().encodeToString((apiUser + ":" + apiPassword).getBytes(StandardCharsets.UTF_8));
        String given = exchange.getRequestHeaders().getFirst("Authorization");
        if (given == null || !MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8))) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"SBPS API\"");
            respond(exchange, 401, "text/plain; charset=UTF-8", "unauthorized".getBytes(StandardCharsets.UTF_8));
            return;
        }
        Element root;
        try {
            root = parseXml(body(exchange));
        } catch (Exception e) {
            respond(exchange, 400, "text/plain; charset=UTF-8", "unreadable XML".getBytes(StandardCharsets.UTF_8));
            return;
        }
        String id = root.getAttribute("id");
        if (REFUND_REQUEST_IDS.containsKey(id)) {
            RefundBehaviour behaviour = takeRefundBehaviour();
            if (behaviour == RefundBehaviour.SERVER_ERROR) {
                respond(exchange, 500, "text/plain; charset=UTF-8", "simulated failure".getBytes(StandardCharsets.UTF_8));
                return;
            }
            String answer = refund(root, id, behaviour);
            if (behaviour == RefundBehaviour.TIME_OUT) {
                hangRefundAnswer();
            }
            respond(exchange, 200, "text/xml; charset=Shift_JIS", answer.getBytes(SJIS));
            return;
        }
        respond(exchange, 200, "text/xml; charset=Shift_JIS", inquiry(root, id).getBytes(SJIS));
    }

    /** How much of {@code orderId} was refunded (its whole amount once refunded). */
    public long refunded(String orderId) {
        Purchase p = find(orderId);
        synchronized (p) {
            return p.status == Status.REFUNDED ? p.paidAmount : 0;
        }
    }

    private String refund(Element root, String id, RefundBehaviour behaviour) {
        String payMethod = REFUND_REQUEST_IDS.get(id);
        String m = id.substring(id.length() - 3);
        Map<String, String> values = children(root);
        if (!root.getTagName().equals("sps-api-request")) {
            return ng(id, "00001999");
        }
        if (value(values, "merchant_id").isEmpty() || value(values, "service_id").isEmpty()
                || value(values, "tracking_id").isEmpty()) {
            return ng(id, m + "03001");
        }
        if (!merchantId.equals(value(values, "merchant_id")) || !serviceId.equals(value(values, "service_id"))) {
            return ng(id, m + "02001");
        }
        if (!sha1Hex(concat(REFUND_FIELDS, values) + hashKey, SJIS).equalsIgnoreCase(value(values, "sps_hashcode"))) {
            return ng(id, m + "05999");
        }
        String tracking = value(values, "tracking_id");
        Purchase p = byOrder.values().stream().filter(x -> x.trackingId.equals(tracking)).findFirst().orElse(null);
        if (p == null || !value(p.fields, "pay_method").equals(payMethod)) {
            return ng(id, m + "10999");
        }
        synchronized (p) {
            if (p.status == Status.REFUNDED) {
                return ng(id, m + "20999");
            }
            if (p.status != Status.PAID) {
                return ng(id, m + "10999");
            }
            if (behaviour == RefundBehaviour.CANNOT || clock.instant().isAfter(p.paidAt.plus(REFUND_WINDOW))) {
                return ng(id, m + "21999");
            }
            if (behaviour == RefundBehaviour.FAIL) {
                return ng(id, m + "22999");
            }
            p.status = Status.REFUNDED;
        }
        String now = stamp(clock.instant());
        return "<?xml version=\"1.0\" encoding=\"Shift_JIS\"?>\n<sps-api-response id=\"" + id + "\">\n"
                + "<res_result>OK</res_result>\n"
                + "<res_sps_transaction_id>" + p.transactionId + "</res_sps_transaction_id>\n"
                + "<res_process_date>" + now + "</res_process_date>\n<res_err_code/>\n"
                + "<res_date>" + now + "</res_date>\n</sps-api-response>\n";
    }

    private static Map<String, String> children(Element root) {
        Map<String, String> values = new LinkedHashMap<>();
        NodeList children = root.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            if (children.item(i).getNodeType() == Node.ELEMENT_NODE) {
                values.putIfAbsent(children.item(i).getNodeName(), children.item(i).getTextContent());
            }
        }
        return values;
    }

    private String inquiry(Element root, String id) {
        String payMethod = QUERY_REQUEST_IDS.get(id);
        if (!root.getTagName().equals("sps-api-request") || payMethod == null) {
            return ng(id, "00001999");
        }
        String m = id.substring(id.length() - 3);
        Map<String, String> values = new LinkedHashMap<>();
        NodeList children = root.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            if (children.item(i).getNodeType() == Node.ELEMENT_NODE) {
                values.putIfAbsent(children.item(i).getNodeName(), children.item(i).getTextContent());
            }
        }
        if (value(values, "merchant_id").isEmpty() || value(values, "service_id").isEmpty()) {
            return ng(id, m + "03001");
        }
        if (!merchantId.equals(value(values, "merchant_id")) || !serviceId.equals(value(values, "service_id"))) {
            return ng(id, m + "02001");
        }
        if (!sha1Hex(concat(QUERY_FIELDS, values) + hashKey, SJIS).equalsIgnoreCase(value(values, "sps_hashcode"))) {
            return ng(id, m + "05999");
        }
        if (value(values, "encrypted_flg").equals("1")) {
            return ng(id, m + "01010"); // 3DES-encrypted answers are not simulated
        }
        String tracking = value(values, "tracking_id");
        Purchase p = !tracking.isEmpty()
                ? byOrder.values().stream().filter(x -> x.trackingId.equals(tracking)).findFirst().orElse(null)
                : byOrder.get(value(values, "order_id"));
        if (p == null || !value(p.fields, "pay_method").equals(payMethod)) {
            return ng(id, m + "10999");
        }
        String status;
        long amount;
        Instant paidAt;
        synchronized (p) {
            status = switch (p.status) {
                case PENDING -> "0";
                case PAID -> "1";
                case CANCELED, REFUNDED -> "8";
                case DECLINED -> "9";
            };
            amount = p.status == Status.PAID ? p.paidAmount : p.amount();
            paidAt = p.paidAt;
        }
        String now = stamp(clock.instant());
        return "<?xml version=\"1.0\" encoding=\"Shift_JIS\"?>\n<sps-api-response id=\"" + id + "\">\n"
                + "<res_result>OK</res_result>\n"
                + "<res_sps_transaction_id>" + p.transactionId + "</res_sps_transaction_id>\n"
                + "<res_tracking_id>" + p.trackingId + "</res_tracking_id>\n"
                + "<res_pay_method_info>\n<payment_status>" + status + "</payment_status>\n"
                + "<amount>" + amount + "</amount>\n"
                + "<payment_date>" + (paidAt == null ? "" : stamp(paidAt)) + "</payment_date>\n</res_pay_method_info>\n"
                + "<res_process_date>" + now + "</res_process_date>\n<res_err_code/>\n"
                + "<res_date>" + now + "</res_date>\n</sps-api-response>\n";
    }

    private String ng(String id, String code) {
        return "<?xml version=\"1.0\" encoding=\"Shift_JIS\"?>\n<sps-api-response id=\"" + html(id) + "\">\n"
                + "<res_result>NG</res_result>\n<res_err_code>" + code + "</res_err_code>\n"
                + "<res_date>" + stamp(clock.instant()) + "</res_date>\n</sps-api-response>\n";
    }

    private static Element parseXml(byte[] body) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        factory.setExpandEntityReferences(false);
        DocumentBuilder builder = factory.newDocumentBuilder();
        builder.setErrorHandler(new DefaultHandler());
        return builder.parse(new ByteArrayInputStream(body)).getDocumentElement();
    }

    // ---- encoding helpers (SBPS's rules, written independently of Kokin's adapter) -------------

    /**
     * Parses a Shift_JIS {@code application/x-www-form-urlencoded} body; a repeated field is an error.
     * Percent-escapes and literal characters are both bytes of the Shift_JIS text: a browser leaves
     * a trail byte that is an ASCII letter unescaped (住 is {@code %8FZ}), so the bytes are gathered
     * first and decoded together.
     */
    static Map<String, String> parseForm(byte[] body) {
        Map<String, String> fields = new LinkedHashMap<>();
        String raw = new String(body, StandardCharsets.ISO_8859_1);
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = formDecode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : formDecode(pair.substring(eq + 1));
            if (fields.put(name, value) != null) {
                throw new IllegalArgumentException(name + " appears twice");
            }
        }
        return fields;
    }

    private static String formDecode(String s) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '+') {
                bytes.write(' ');
            } else if (c == '%' && i + 2 < s.length()) {
                bytes.write(HexFormat.fromHexDigits(s, i + 1, i + 3));
                i += 2;
            } else if (c == '%') {
                throw new IllegalArgumentException("truncated percent-escape");
            } else {
                bytes.write(c);
            }
        }
        return bytes.toString(SJIS);
    }

    /** The values of {@code order}, trimmed, concatenated (absent ones empty). */
    static String concat(List<String> order, Map<String, String> values) {
        StringBuilder sb = new StringBuilder();
        for (String field : order) {
            sb.append(value(values, field));
        }
        return sb.toString();
    }

    static String sha1Hex(String s, Charset charset) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(s.getBytes(charset)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String value(Map<String, String> values, String field) {
        String v = values.get(field);
        return v == null ? "" : v.trim();
    }

    private static String stamp(Instant at) {
        return STAMP.format(at.atZone(JST));
    }

    private static Optional<Instant> parseStamp(String s) {
        if (!s.matches("[0-9]{14}")) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDateTime.parse(s, STAMP).atZone(JST).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private String token(int length) {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    private String digits(int length) {
        StringBuilder sb = new StringBuilder(length);
        sb.append(1 + random.nextInt(9));
        for (int i = 1; i < length; i++) {
            sb.append(random.nextInt(10));
        }
        return sb.toString();
    }

}
