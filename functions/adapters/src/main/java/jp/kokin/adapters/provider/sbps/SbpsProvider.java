package jp.kokin.adapters.provider.sbps;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import jp.kokin.adapters.provider.ProviderContext;
import jp.kokin.adapters.provider.ProviderFactory;
import jp.kokin.adapters.provider.SecretResolver;
import jp.kokin.domain.catalog.Language;
import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.checkout.CheckoutIds;
import jp.kokin.domain.checkout.CheckoutItem;
import jp.kokin.domain.checkout.Payment;
import jp.kokin.domain.provider.Callbacks;
import jp.kokin.domain.provider.InboundProviderEvent;
import jp.kokin.domain.provider.ProviderEvent;
import jp.kokin.domain.provider.ProviderEventException;
import jp.kokin.domain.provider.PaymentProvider;
import jp.kokin.domain.provider.ProviderException;
import jp.kokin.domain.provider.ProviderSession;
import jp.kokin.domain.provider.ProviderStatus;
import jp.kokin.domain.provider.Reply;
import jp.kokin.domain.refund.Refund;
import jp.kokin.domain.refund.RefundResult;

/**
 * SB Payment Service (SBPS, SBペイメントサービス), "link type" (リンク型): d払い and au PAY on SBPS's
 * hosted page. The protocol, as SBPS's developer site and public integrations describe it:
 * <ol>
 *   <li><b>Purchase request</b> (購入要求, A01-1): the citizen's browser POSTs a Shift_JIS form to
 *       {@code baseUrl + purchasePath}; Kokin makes no server call, so there is no provider id to
 *       store ({@code res_tracking_id} only comes back later). Fields, in the definition's order:
 *       {@code pay_method} ({@code docomo} = d払い, {@code auone} = au PAY), {@code merchant_id},
 *       {@code service_id}, {@code cust_code} (our checkout id), {@code order_id} (our payment id,
 *       ≤ 38), {@code item_id}, {@code item_name} (≤ 40 bytes), {@code amount}, {@code pay_type} 0
 *       (one-time), {@code service_type} 0 (sale), {@code terminal_type} 0, {@code success_url} /
 *       {@code cancel_url} / {@code error_url} (our return, cancel, return pages), {@code pagecon_url}
 *       (our webhook), {@code request_date} ({@code yyyyMMddHHmmss}, JST), {@code limit_second} (how
 *       long SBPS accepts the request: until the checkout expires, 60–9999 s), every other field
 *       empty but present, and {@code sps_hashcode} (see {@link SbpsHash}). Every value is made
 *       Shift_JIS-safe first (characters a browser would send differently become ？), so the bytes
 *       SBPS hashes are the ones we hashed.</li>
 *   <li><b>Result notification</b> (結果CGI, A02-1): SBPS POSTs the purchase fields plus
 *       {@code res_result}, {@code res_tracking_id}, {@code res_payment_date}, {@code res_err_code},
 *       {@code res_date}… as a Shift_JIS form (in no particular order, charset usually not declared)
 *       to {@code pagecon_url} before sending the browser back, and expects the plain-text answer
 *       {@code OK,} ({@code NG,<reason>} refuses it and SBPS retries or alerts the merchant).
 *       {@code res_result}: OK paid, NG declined, CN expired, PY money received (offline methods).
 *       SBPS notifies "as a rule only when OK"; a page left unpaid produces nothing.</li>
 *   <li><b>Inquiry</b> ({@link SbpsInquiry}): optional, see there — its d払い / au PAY details are
 *       assumptions.</li>
 * </ol>
 * A notification is believed only if its {@code sps_hashcode} matches under one of the hash keys
 * (current first, then previous: rotation), its {@code merchant_id} and {@code service_id} are
 * ours, and its {@code res_date} (else {@code request_date}) is no older than
 * {@code notificationMaxAgeSeconds} and not in the future. The link type has no nonce, so a
 * notification replayed within that window is believed again; it can only repeat what SBPS said
 * (the hash covers every field), and recording it twice changes nothing. The hash covers the values
 * joined without separators, so characters can move between adjacent fields under the same hash:
 * every purchase field the result echoes (pay_method, merchant_id, service_id, cust_code, order_id,
 * item_id, item_name, amount, request_date, limit_second… and those sent empty) must also be what
 * {@link #start} sent for the payment it names (computed again from the stored checkout and
 * attempt; the report's {@link ProviderEvent.Echo}), and the {@code res_*} fields must have their
 * formats ({@code res_result} one of {@code resultCodes}), or the notification is refused.
 *
 * <p>Settings (the catalog's {@code providers.{name}} object; lists and objects replace the defaults):
 * <table>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>baseUrl</td><td>required</td><td>SBPS's link host, e.g. {@code https://stbfep.sps-system.com} (sandbox)</td></tr>
 *   <tr><td>merchantId, serviceId</td><td>required</td><td>5 and 3 digits, assigned by SBPS</td></tr>
 *   <tr><td>hashKey</td><td>required</td><td>secret; a list is current first, then previous</td></tr>
 *   <tr><td>purchasePath</td><td>{@code /f01/FepBuyInfoReceive.do}</td><td>purchase request address</td></tr>
 *   <tr><td>fields</td><td>A01-1 / A02-1 orders</td><td>{@code {"purchase": […], "result": […], "query": […]}}</td></tr>
 *   <tr><td>payMethods</td><td>{@code {"dpay": "docomo", "aupay": "auone"}}</td><td>our method → pay_method</td></tr>
 *   <tr><td>fixedValues</td><td>{@code {}}</td><td>purchase field values to send as given (e.g. terminal_type)</td></tr>
 *   <tr><td>resultCodes</td><td>{@code {"OK": "succeeded", "NG": "failed", "CN": "expired", "PY": "succeeded"}}</td><td>res_result → outcome</td></tr>
 *   <tr><td>notificationMaxAgeSeconds</td><td>{@code "86400"}</td><td>older notifications are refused</td></tr>
 *   <tr><td>hashCharset, queryHashCharset</td><td>{@code UTF-8}, {@code Shift_JIS}</td><td>bytes hashed by the link type and the API</td></tr>
 *   <tr><td>queryPath</td><td>none (inquiry off)</td><td>{@code /api/xmlapi.do} turns the inquiry on</td></tr>
 *   <tr><td>queryBaseUrl</td><td>baseUrl</td><td>the API host (production: {@code https://api.sps-system.com})</td></tr>
 *   <tr><td>queryUser, queryPassword</td><td>merchantId + serviceId, first hashKey</td><td>Basic authentication (password secret)</td></tr>
 *   <tr><td>queryRequestIds</td><td>{@code {"docomo": "MG01-00101-401", "auone": "MG01-00101-402"}}</td><td>assumed</td></tr>
 *   <tr><td>queryStatuses</td><td>0 pending, 1–3 succeeded, 8 canceled, 9 failed</td><td>assumed</td></tr>
 *   <tr><td>queryNotFoundCodes</td><td>{@code ["40110999", "40210999"]}</td><td>assumed "no such order" codes</td></tr>
 * </table>
 * The contract is assumed to sell immediately (自動売上): a designated-sale contract would need a
 * sales request (売上要求) after each payment, which Kokin does not send.
 *
 * <p><b>Refunds</b> (assumptions, all settings; confirm with SBPS): the XML API's 取消・返金要求
 * ({@code refundRequestIds}: {@code ST02-00303-401} d払い, {@code ST02-00303-402} au PAY, as
 * third-party integrations report them) on the inquiry's endpoint and authentication
 * ({@code queryPath} must be set), children {@code refundFields} (merchant_id, service_id,
 * tracking_id, processing_datetime, request_date, limit_second) and {@code sps_hashcode}. SBPS makes
 * it a cancel (取消) while the sale is not confirmed and a refund (返金) afterwards. The request
 * names the payment by SBPS's {@code tracking_id}, which we do not store: it is read from the
 * inquiry (by our order id) first. It carries no amount and no merchant refund id, so:
 * <ul>
 *   <li>only whole payments are refunded ({@code partialRefunds}: the pay_methods allowed a partial
 *       one, none by default); a partial refund cannot be made through SBPS ({@link RefundResult.CannotRefund},
 *       paid by bank transfer), nor one more than {@code refundWindowDays} (60) after the payment;</li>
 *   <li>the same refund is identified by the payment's tracking id: sending it again after a timeout
 *       cannot return the money twice (the payment is cancelled once), and the inquiry tells whether
 *       it was: {@code payment_status} canceled ({@code 8}) is a success, still sold means SBPS never
 *       received it ({@link RefundResult.NotFound}).</li>
 *   <li>{@code res_result} OK is a success; NG is checked against the inquiry (cancelled meanwhile:
 *       success), then {@code refundCannotCodes} (past SBPS's deadline) cannot be refunded, other
 *       codes fail.</li>
 * </ul>
 */
public final class SbpsProvider implements PaymentProvider {

    /** Tolerated clock difference for a notification dated in the future. */
    static final Duration FUTURE_TOLERANCE = Duration.ofMinutes(5);

    /** Purchase fields that carry our callback URLs: not echoed in a result, so not compared. */
    private static final Set<String> CALLBACK_FIELDS = Set.of("success_url", "cancel_url", "error_url", "pagecon_url");

    /**
     * Formats of a result's own fields, checked once its hash matches (a blank field is allowed unless
     * said otherwise): res_tracking_id X(14), required when paid; res_sps_transaction_id X(32);
     * res_err_code (4 characters for the link type, 8 for the API); SBPS's customer, payment and
     * payment-info keys; dates {@code yyyyMMddHHmmss}.
     */
    static final Pattern RES_TRACKING_ID = Pattern.compile("[0-9A-Za-z]{14}");
    static final Pattern RES_TRANSACTION_ID = Pattern.compile("[0-9A-Za-z]{1,32}");
    static final Pattern RES_ERR_CODE = Pattern.compile("[0-9A-Za-z]{1,8}");
    static final Pattern RES_KEY = Pattern.compile("[0-9A-Za-z_-]{1,64}");
    static final Pattern RES_DATE = Pattern.compile("[0-9]{14}");

    private static final int ITEM_NAME_MAX_BYTES = 40;
    private static final int ITEM_ID_MAX = 32;
    private static final long LIMIT_SECOND_MIN = 60;
    private static final long LIMIT_SECOND_MAX = 9999;

    private final SbpsSettings settings;
    private final ProviderContext context;
    private final SbpsInquiry inquiry;

    SbpsProvider(SbpsSettings settings, ProviderContext context) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.context = Objects.requireNonNull(context, "context");
        this.inquiry = new SbpsInquiry(settings, context);
    }

    /** Builds SB Payment Service accounts; see {@link SbpsSettings} for the settings. */
    public static final ProviderFactory FACTORY = new ProviderFactory("sbps", SbpsSettings::problems,
            (settings, context) -> new SbpsProvider(SbpsSettings.from(settings), context));

    @Override
    public String name() {
        return settings.name();
    }

    /** The form the citizen's browser posts to SBPS; nothing is sent from here. */
    @Override
    public ProviderSession start(Checkout checkout, Payment payment, Callbacks callbacks) throws ProviderException {
        if (settings.payMethods().get(payment.method().wire()) == null) {
            throw new ProviderException("SBPS account " + name() + " has no pay_method for " + payment.method().wire());
        }
        String hashKey = resolve(settings.hashKeys().getFirst());
        Map<String, String> values = new HashMap<>(purchase(checkout, payment));
        values.put("success_url", callbacks.returnUrl());
        values.put("cancel_url", callbacks.cancelUrl());
        values.put("error_url", callbacks.returnUrl());
        values.put("pagecon_url", callbacks.notificationUrl());
        values.putAll(settings.fixedValues());
        List<Map.Entry<String, String>> fields = new ArrayList<>();
        Map<String, String> sent = new HashMap<>();
        for (String field : settings.purchaseFields()) {
            String value = SbpsCodec.shiftJisSafe(values.getOrDefault(field, ""));
            fields.add(Map.entry(field, value));
            sent.put(field, value);
        }
        fields.add(Map.entry("sps_hashcode",
                SbpsHash.compute(settings.purchaseFields(), sent, hashKey, settings.hashCharset())));
        return new ProviderSession(null, new ProviderSession.Redirect.FormPost(
                settings.baseUrl() + settings.purchasePath(), fields, "Shift_JIS"));
    }

    /**
     * The purchase values that follow from the checkout and the payment alone (all but our callback
     * URLs), before the fixed values: what {@link #start} sends, and what a result must echo. The
     * request is dated when the attempt was created, so it can be computed again from the stored
     * attempt.
     */
    private Map<String, String> purchase(Checkout checkout, Payment payment) {
        Instant requested = payment.createdAt();
        long limit = Math.clamp(Duration.between(requested, checkout.expiresAt()).toSeconds(), LIMIT_SECOND_MIN, LIMIT_SECOND_MAX);
        Map<String, String> values = new HashMap<>();
        values.put("pay_method", settings.payMethods().getOrDefault(payment.method().wire(), ""));
        values.put("merchant_id", settings.merchantId());
        values.put("service_id", settings.serviceId());
        values.put("cust_code", checkout.id());
        values.put("order_id", payment.id());
        values.put("item_id", itemId(checkout));
        values.put("item_name", itemName(checkout));
        values.put("amount", Long.toString(payment.amount()));
        values.put("pay_type", "0");
        values.put("service_type", "0");
        values.put("terminal_type", "0");
        values.put("request_date", SbpsCodec.timestamp(requested));
        values.put("limit_second", Long.toString(limit));
        return values;
    }

    /**
     * The first field that a result echoes (a purchase field among the result fields, callback
     * URLs aside) whose value is not what {@link #start} sent for this payment; empty when all agree.
     */
    Optional<String> echoMismatch(Map<String, String> result, Checkout checkout, Payment payment) {
        Map<String, String> values = new HashMap<>(purchase(checkout, payment));
        values.putAll(settings.fixedValues());
        for (String field : settings.resultFields()) {
            if (!settings.purchaseFields().contains(field) || CALLBACK_FIELDS.contains(field)) {
                continue;
            }
            String sent = SbpsCodec.shiftJisSafe(values.getOrDefault(field, ""));
            if (!sent.equals(result.getOrDefault(field, "").trim())) {
                return Optional.of(field);
            }
        }
        return Optional.empty();
    }

    /**
     * Asks SBPS's inquiry API when {@code queryPath} is set and the payment's pay_method has a
     * function id; otherwise (and when SBPS has no such order) the payment is pending: the domain
     * expires it after the checkout's expiry, and a late result notification still records a payment.
     */
    @Override
    public ProviderStatus query(Checkout checkout, Payment payment) throws ProviderException {
        if (!settings.queryEnabled()) {
            return new ProviderStatus.Pending();
        }
        String payMethod = settings.payMethods().get(payment.method().wire());
        String requestId = payMethod == null ? null : settings.queryRequestIds().get(payMethod);
        if (requestId == null) {
            return new ProviderStatus.Pending();
        }
        return inquiry.ask(requestId, payment.id(), payment.providerPaymentId(),
                resolve(settings.hashKeys().getFirst()), resolve(settings.queryPassword()));
    }

    @Override
    public RefundResult refund(Checkout checkout, Payment payment, Refund refund) throws ProviderException {
        String payMethod = settings.payMethods().get(payment.method().wire());
        String requestId = payMethod == null ? null : settings.refundRequestIds().get(payMethod);
        String queryId = payMethod == null ? null : settings.queryRequestIds().get(payMethod);
        if (!settings.queryEnabled() || requestId == null || queryId == null) {
            return new RefundResult.CannotRefund("SBPS refunds are not configured for " + payment.method().wire());
        }
        if (refund.amount() != payment.amount() && !settings.partialRefunds().contains(payMethod)) {
            return new RefundResult.CannotRefund("SBPS refunds " + payMethod + " payments only in whole");
        }
        Instant paidAt = payment.completedAt() == null ? payment.createdAt() : payment.completedAt();
        if (context.clock().instant().isAfter(paidAt.plus(settings.refundWindow()))) {
            return new RefundResult.CannotRefund("past SBPS's refund window of " + settings.refundWindow().toDays() + " days");
        }
        String hashKey = resolve(settings.hashKeys().getFirst());
        String password = resolve(settings.queryPassword());
        SbpsInquiry.Found found = inquiry.find(queryId, payment.id(), hashKey, password).orElse(null);
        if (found == null || found.trackingId() == null) {
            return new RefundResult.Failed("SBPS has no sale for " + payment.id());
        }
        if (found.outcome().equals("canceled")) {
            return new RefundResult.Succeeded(found.trackingId(), context.clock().instant()); // cancelled already (our earlier request)
        }
        Map<String, String> values = refundValues(found.trackingId(), context.clock().instant());
        org.w3c.dom.Element answer = inquiry.call(requestId, settings.refundFields(), values, hashKey, password, "refund");
        String result = SbpsInquiry.text(answer, "res_result").orElse("");
        if (result.equals("OK")) {
            Instant at = SbpsInquiry.text(answer, "res_date").flatMap(SbpsCodec::parseTimestamp).orElse(context.clock().instant());
            return new RefundResult.Succeeded(found.trackingId(), at);
        }
        if (!result.equals("NG")) {
            throw new ProviderException("SBPS answered the refund with res_result '" + result + "'");
        }
        String code = SbpsInquiry.text(answer, "res_err_code").orElse("");
        RefundResult now = queryRefund(checkout, payment, refund);
        if (now instanceof RefundResult.Succeeded) {
            return now;
        }
        return settings.refundCannotCodes().contains(code)
                ? new RefundResult.CannotRefund("SBPS refused to refund " + payment.id() + ": res_err_code " + code)
                : new RefundResult.Failed("SBPS refused to refund " + payment.id() + ": res_err_code " + code);
    }

    /** The 取消・返金要求's values (JST timestamps). */
    Map<String, String> refundValues(String trackingId, Instant now) {
        Map<String, String> values = new java.util.LinkedHashMap<>();
        values.put("merchant_id", settings.merchantId());
        values.put("service_id", settings.serviceId());
        values.put("tracking_id", trackingId);
        values.put("processing_datetime", SbpsCodec.timestamp(now));
        values.put("request_date", SbpsCodec.timestamp(now));
        values.put("limit_second", "");
        return values;
    }

    /** The inquiry: cancelled is refunded; still sold is a refund SBPS never received. */
    @Override
    public RefundResult queryRefund(Checkout checkout, Payment payment, Refund refund) throws ProviderException {
        String payMethod = settings.payMethods().get(payment.method().wire());
        String queryId = payMethod == null ? null : settings.queryRequestIds().get(payMethod);
        if (!settings.queryEnabled() || queryId == null) {
            // the refund may have been sent before the configuration changed: its outcome is unknown,
            // and "cannot refund" here would pay it a second time by bank transfer
            throw new ProviderException("SBPS inquiry is not configured for " + payment.method().wire()
                    + ": the refund's outcome cannot be asked");
        }
        SbpsInquiry.Found found = inquiry.find(queryId, payment.id(), resolve(settings.hashKeys().getFirst()),
                resolve(settings.queryPassword())).orElse(null);
        if (found == null) {
            return new RefundResult.NotFound();
        }
        return switch (found.outcome()) {
            case "canceled" -> new RefundResult.Succeeded(found.trackingId(), context.clock().instant());
            case "succeeded" -> new RefundResult.NotFound();
            default -> throw new ProviderException("SBPS reports payment_status " + found.paymentStatus() + " for "
                    + payment.id() + " after a refund");
        };
    }

    /**
     * Nothing to cancel: a link-type purchase that was never completed exists at SBPS only as a
     * form in the citizen's browser, which SBPS refuses once {@code limit_second} has passed (we set
     * it to end with the checkout). A payment completed meanwhile is still notified and recorded.
     */
    @Override
    public boolean cancel(Payment payment) {
        return true;
    }

    @Override
    public ProviderEvent verify(InboundProviderEvent inbound) throws ProviderEventException {
        Map<String, String> f;
        try {
            f = SbpsCodec.decodeForm(inbound.body(), SbpsCodec.WINDOWS_31J);
        } catch (SbpsCodec.MalformedFormException e) {
            throw ProviderEventException.malformed("not a form: " + e.getMessage());
        }
        for (String required : List.of("merchant_id", "service_id", "order_id", "res_result", "sps_hashcode")) {
            if (f.getOrDefault(required, "").isBlank()) {
                throw ProviderEventException.malformed("missing " + required);
            }
        }
        if (!settings.merchantId().equals(f.get("merchant_id").trim())
                || !settings.serviceId().equals(f.get("service_id").trim())) {
            throw ProviderEventException.unauthenticated("not for merchant " + settings.merchantId() + "-" + settings.serviceId());
        }
        boolean signed = false;
        for (String key : settings.hashKeys()) {
            String expected = SbpsHash.compute(settings.resultFields(), f, context.secrets().resolve(key), settings.hashCharset());
            signed |= SbpsHash.matches(f.get("sps_hashcode"), expected);
        }
        if (!signed) {
            throw ProviderEventException.unauthenticated("sps_hashcode does not match");
        }
        String dated = f.getOrDefault("res_date", "").isBlank() ? "request_date" : "res_date";
        Instant stamp = SbpsCodec.parseTimestamp(f.get(dated))
                .orElseThrow(() -> ProviderEventException.malformed(dated + " is not yyyyMMddHHmmss"));
        if (stamp.isBefore(inbound.receivedAt().minus(settings.notificationMaxAge()))) {
            throw ProviderEventException.unauthenticated("stale: " + dated + " " + f.get(dated));
        }
        if (stamp.isAfter(inbound.receivedAt().plus(FUTURE_TOLERANCE))) {
            throw ProviderEventException.unauthenticated("dated in the future: " + dated + " " + f.get(dated));
        }
        String code = f.get("res_result").trim();
        String outcome = settings.resultCodes().get(code);
        if (outcome == null) {
            throw ProviderEventException.malformed("res_result is not one of " + new java.util.TreeSet<>(settings.resultCodes().keySet()));
        }
        checkResultFormats(f, outcome);
        String orderId = f.get("order_id").trim();
        if (CheckoutIds.checkoutOfPayment(orderId).isEmpty()) {
            return new ProviderEvent.Ignored("order_id " + orderId + " is not a Kokin payment");
        }
        ProviderStatus status = switch (outcome) {
            case "succeeded" -> {
                String amount = f.getOrDefault("amount", "").trim();
                if (!amount.matches("[0-9]{1,12}")) {
                    throw ProviderEventException.malformed("amount is not a number of yen");
                }
                Instant paidAt = SbpsCodec.parseTimestamp(f.get("res_payment_date")).orElse(stamp);
                yield new ProviderStatus.Succeeded(Long.parseLong(amount), paidAt);
            }
            case "failed" -> new ProviderStatus.Failed("declined at SBPS"
                    + Optional.ofNullable(f.get("res_err_code")).filter(c -> !c.isBlank()).map(c -> " (res_err_code " + c.trim() + ")").orElse(""));
            case "canceled" -> new ProviderStatus.Canceled();
            case "expired" -> new ProviderStatus.Expired();
            default -> new ProviderStatus.Pending();
        };
        Map<String, String> result = Map.copyOf(f);
        return new ProviderEvent.Report(orderId, status, stamp, (checkout, payment) -> echoMismatch(result, checkout, payment));
    }

    /** The res_* fields in their formats (see {@link #RES_TRACKING_ID} and the others); malformed otherwise. */
    private static void checkResultFormats(Map<String, String> f, String outcome) throws ProviderEventException {
        String payMethod = f.getOrDefault("pay_method", "").trim();
        String resPayMethod = f.getOrDefault("res_pay_method", "").trim();
        if (!resPayMethod.isEmpty() && !resPayMethod.equals(payMethod)) {
            throw ProviderEventException.malformed("res_pay_method is not the pay_method sent");
        }
        String tracking = f.getOrDefault("res_tracking_id", "").trim();
        if (tracking.isEmpty() ? outcome.equals("succeeded") : !RES_TRACKING_ID.matcher(tracking).matches()) {
            throw ProviderEventException.malformed("res_tracking_id is not 14 letters or digits");
        }
        Map<String, Pattern> formats = Map.of(
                "res_sps_transaction_id", RES_TRANSACTION_ID, "res_err_code", RES_ERR_CODE,
                "res_sps_cust_no", RES_KEY, "res_sps_payment_no", RES_KEY, "res_payinfo_key", RES_KEY,
                "res_payment_date", RES_DATE, "res_date", RES_DATE);
        for (var format : new java.util.TreeMap<>(formats).entrySet()) {
            String value = f.getOrDefault(format.getKey(), "").trim();
            if (!value.isEmpty() && !format.getValue().matcher(value).matches()) {
                throw ProviderEventException.malformed(format.getKey() + " is malformed");
            }
        }
        for (String date : List.of("res_payment_date", "res_date")) {
            String value = f.getOrDefault(date, "").trim();
            if (!value.isEmpty() && SbpsCodec.parseTimestamp(value).isEmpty()) {
                throw ProviderEventException.malformed(date + " is not a date (yyyyMMddHHmmss)");
            }
        }
    }

    /** SBPS's result CGI expects exactly {@code OK,} in plain text. */
    @Override
    public Reply accepted() {
        return new Reply(200, "text/plain; charset=Shift_JIS", "OK,");
    }

    /**
     * How SBPS expects a refusal: {@code NG,<reason>} (HTTP 200, ASCII reason). Kokin's webhook
     * answers refusals with 4xx instead, which SBPS treats the same way (not {@code OK,}).
     */
    public static Reply refused(String reason) {
        return new Reply(200, "text/plain; charset=Shift_JIS", "NG," + SbpsCodec.ascii(reason.replace(' ', '_'), 100));
    }

    private String resolve(String secret) throws ProviderException {
        try {
            return context.secrets().resolve(secret);
        } catch (SecretResolver.SecretException e) {
            throw new ProviderException("the SBPS secret of " + name() + " could not be read", e);
        }
    }

    /** The first procedure's code (SBPS: ≤ 32 single-byte characters). */
    private static String itemId(Checkout checkout) {
        String id = SbpsCodec.ascii(checkout.items().getFirst().procedureCode(), ITEM_ID_MAX);
        return id.isEmpty() ? "kokin" : id;
    }

    /** The first procedure's Japanese name, "他N件" when there are more, within 40 Shift_JIS bytes. */
    static String itemName(Checkout checkout) {
        List<CheckoutItem> items = checkout.items();
        String suffix = items.size() > 1 ? " 他" + (items.size() - 1) + "件" : "";
        int room = ITEM_NAME_MAX_BYTES - suffix.getBytes(SbpsCodec.SHIFT_JIS).length;
        String name = SbpsCodec.truncateBytes(SbpsCodec.shiftJisSafe(items.getFirst().name().in(Language.JA)), room);
        return name + suffix;
    }
}
