package jp.kokin.adapters.provider.paypay;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jp.kokin.adapters.json.Json;
import jp.kokin.adapters.provider.ProviderContext;
import jp.kokin.adapters.provider.ProviderFactory;
import jp.kokin.domain.catalog.Language;
import jp.kokin.domain.catalog.ProviderSettings;
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
 * PayPay through its Open Payment API, web payment with a dynamic QR code (settings:
 * {@link PayPaySettings}). Our payment id is PayPay's {@code merchantPaymentId}; PayPay's
 * {@code codeId} is the provider payment id we keep.
 * <ul>
 *   <li>{@link #start}: {@code POST /v2/codes} ({@code codeType ORDER_QR}, {@code redirectType
 *       WEB_LINK}, {@code isAuthorization false}; the code's lifetime is PayPay's, not ours) and the
 *       citizen is redirected to {@code data.url}. Any refusal, including
 *       {@code DUPLICATE_DYNAMIC_QR_REQUEST} (a code for this payment id already exists, e.g. after a
 *       timed-out first try), is a {@link ProviderException} with PayPay's result code: a duplicate
 *       is never taken for a success, since we would not know its URL.</li>
 *   <li>{@link #query}: {@code GET /v2/codes/payments/{merchantPaymentId}}. {@code COMPLETED} is a
 *       success for {@code data.amount.amount} at {@code acceptedAt} (a currency other than JPY is
 *       reported as {@code -1} yen, which never matches); {@code REFUNDED} too (the money was
 *       taken; refunds are handled elsewhere). {@code CREATED}, {@code AUTHORIZED} and
 *       {@code REAUTHORIZING} are pending: an expired web code stays {@code CREATED} at PayPay, so
 *       the checkout's expiry decides. {@code FAILED}, {@code CANCELED} and {@code EXPIRED} end the
 *       attempt. {@code DYNAMIC_QR_PAYMENT_NOT_FOUND} is documented as "the QR code is no longer
 *       available and no payment was found with this merchantPaymentId, hence payment for the QR
 *       code cannot be triggered": when we hold a code id, the code existed and is gone unpaid
 *       (expired or deleted) — {@code Expired}; without one, nothing was ever created at PayPay —
 *       {@code Failed}. Both are safe to believe: the domain still accepts a later success.</li>
 *   <li>{@link #cancel}: {@code DELETE /v2/codes/{codeId}} (answered {@code 404
 *       DYNAMIC_QR_NOT_FOUND} when already gone), then the details decide: paid (or being paid)
 *       is {@code false}, anything that can no longer be paid is {@code true}. A paid payment is
 *       never reversed here ({@code DELETE /v2/payments/{merchantPaymentId}} would give the money
 *       back, which is a refund decision, not an expiry). Without a code id the code cannot be
 *       deleted: {@code true} only if PayPay says it can no longer be paid.</li>
 *   <li>{@link #verify}: PayPay's webhooks are not signed (PayPay recommends an IP allow-list:
 *       {@code allowedSourceIps}). A {@code Transaction} notification about one of our payment ids
 *       is only a {@link ProviderEvent.Hint}: the caller confirms through {@link #query}, so a
 *       forged body can at most trigger a query.</li>
 *   <li>{@link #refund}: {@code POST /v2/refunds} with {@code merchantRefundId} = our refund id (so the
 *       same refund is only ever known to PayPay under one id), {@code paymentId} = PayPay's payment
 *       id, which we do not store (we keep the code id): it is read from the payment details
 *       ({@code GET /v2/codes/payments/{merchantPaymentId}}) first, then {@code amount},
 *       {@code requestedAt} and {@code reason} (our refund reason's wire name). Refund status
 *       {@code REFUNDED} is a success; {@code CREATED} (PayPay's batch has not run yet) and
 *       {@code REFUND_FAILED} (a temporary state PayPay retries until {@code REFUNDED}, per its FAQ) are
 *       pending, asked again by the janitor. Refusals: {@code REFUND_WINDOW_EXCEED} (after 23:59:59 on
 *       the 365th day after the payment), {@code REFUND_LIMIT_EXCEEDED} (more than 50 refunds of one
 *       payment) and {@code CANCELED_USER} (the user's PayPay account is closed) cannot be refunded
 *       through PayPay ({@link RefundResult.CannotRefund}: a bank transfer); {@code INVALID_PARAMS}
 *       (more than what remains refundable) and {@code RESOURCE_NOT_FOUND} (no such payment id) fail.
 *       Any other refusal (PayPay's temporary refusals, e.g. at night, or a repeated
 *       {@code merchantRefundId}) is settled by asking for the refund under our id: found, its status
 *       decides; not found, the outcome is unknown ({@link ProviderException}: retried later under the
 *       same id).</li>
 *   <li>{@link #queryRefund}: {@code GET /v2/refunds/{merchantRefundId}}; {@code 404} or
 *       {@code RESOURCE_NOT_FOUND} (or {@code NO_SUCH_REFUND_ORDER}) is {@link RefundResult.NotFound}.</li>
 * </ul>
 * PayPay's documented timeouts are 30 s to create a code and 15 s for the others; we wait
 * {@code timeoutMillis} (default: the function's provider timeout) and treat silence as unknown.
 *
 * <p><b>Why not the official SDK.</b> {@code jp.ne.paypay:paypayopa:1.0.8} (Java 8; its own jar is
 * 165 kB) depends on OkHttp 2.7.5 with Okio and its logging interceptor, Gson, Auth0 java-jwt, a
 * second Jackson (2.13), Apache Commons Lang, Hibernate Validator 7 with its annotation processor,
 * Jakarta EL and Swagger annotations: more than 3 MB in over a dozen jars, where the function
 * already has Jackson and the JDK's {@code HttpClient}. Its first "create a code" builds a Jakarta
 * Bean Validation factory ({@code Validation.buildDefaultValidatorFactory()}: Hibernate Validator
 * and EL are loaded and initialised) — cold-start time spent on every new Lambda container. It
 * also prints each request's URL to standard output, signs with {@code Instant.now()} (no clock to
 * inject in tests) and keeps the request being signed in one shared mutable {@code HmacAuth}, so a
 * client cannot safely sign two requests at once. The three calls we need are a few dozen lines
 * over the JDK's {@code HttpClient}, Jackson and JDK crypto ({@link OpaAuth}), and the signature
 * is pinned by PayPay's published vector.
 */
public final class PayPayProvider implements PaymentProvider {

    public static final String TYPE = "paypay";
    /** PayPay's limit on {@code orderDescription}. */
    static final int MAX_DESCRIPTION = 255;
    static final String PAYMENT_NOT_FOUND = "DYNAMIC_QR_PAYMENT_NOT_FOUND";
    static final String CODE_NOT_FOUND = "DYNAMIC_QR_NOT_FOUND";
    /** Refusals of a refund PayPay will never accept for this payment: pay it by bank transfer. */
    static final java.util.Set<String> CANNOT_REFUND = java.util.Set.of("REFUND_WINDOW_EXCEED", "REFUND_LIMIT_EXCEEDED",
            "CANCELED_USER");
    /** Refusals of this refund for good (over what remains refundable, no such payment). */
    static final java.util.Set<String> REFUND_REFUSED = java.util.Set.of("INVALID_PARAMS", "RESOURCE_NOT_FOUND");
    /** What the refund details answer for a merchantRefundId PayPay never received. */
    static final java.util.Set<String> REFUND_NOT_FOUND = java.util.Set.of("RESOURCE_NOT_FOUND", "NO_SUCH_REFUND_ORDER");
    private static final Pattern PATH_SAFE = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final String name;
    private final IpAllowList allowedSources;
    private final Clock clock;
    private final PayPayClient client;

    public PayPayProvider(ProviderSettings providerSettings, ProviderContext context) {
        Objects.requireNonNull(context, "context");
        this.name = providerSettings.name();
        PayPaySettings settings = PayPaySettings.from(providerSettings);
        this.allowedSources = IpAllowList.parse(settings.allowedSourceIps());
        this.clock = context.clock();
        Duration timeout = settings.timeout().orElse(context.timeout());
        this.client = new PayPayClient(settings.baseUrl(), settings.merchantId(), context.http(), context.clock(), timeout,
                () -> new PayPayClient.Credentials(context.secrets().resolve(settings.apiKey()),
                        context.secrets().resolve(settings.apiSecrets().getFirst())));
    }

    /** Builds PayPay accounts (type {@code paypay}); see {@link PayPaySettings} for the settings. */
    public static final ProviderFactory FACTORY = new ProviderFactory(TYPE, PayPaySettings::validate, PayPayProvider::new);

    @Override
    public String name() {
        return name;
    }

    @Override
    public ProviderSession start(Checkout checkout, Payment payment, Callbacks callbacks) throws ProviderException {
        String merchantPaymentId = pathSafe(payment.id());
        ObjectNode body = Json.object();
        body.put("merchantPaymentId", merchantPaymentId);
        ObjectNode amount = body.putObject("amount");
        amount.put("amount", payment.amount());
        amount.put("currency", "JPY");
        body.put("codeType", "ORDER_QR");
        body.put("orderDescription", orderDescription(checkout));
        body.put("requestedAt", clock.instant().getEpochSecond());
        body.put("redirectUrl", callbacks.returnUrl());
        body.put("redirectType", "WEB_LINK");
        body.put("isAuthorization", false);
        PayPayClient.Answer answer = client.send("POST", "/v2/codes", body);
        if (!answer.succeeded()) {
            throw new ProviderException("PayPay refused to create a code for " + merchantPaymentId + ": " + answer.describe());
        }
        String codeId = answer.data().path("codeId").asText("");
        String url = answer.data().path("url").asText("");
        if (codeId.isBlank() || !(url.startsWith("https://") || url.startsWith("http://"))) {
            throw new ProviderException("PayPay's answer to POST /v2/codes has no codeId or url");
        }
        return ProviderSession.redirectTo(codeId, url);
    }

    @Override
    public ProviderStatus query(Checkout checkout, Payment payment) throws ProviderException {
        PayPayClient.Answer answer = details(payment);
        if (!answer.succeeded()) {
            if (PAYMENT_NOT_FOUND.equals(answer.code())) {
                return payment.providerPaymentId() == null
                        ? new ProviderStatus.Failed("never created at PayPay")
                        : new ProviderStatus.Expired();
            }
            throw new ProviderException("PayPay refused the details of " + payment.id() + ": " + answer.describe());
        }
        JsonNode data = answer.data();
        String status = data.path("status").asText("");
        return switch (status) {
            case "CREATED", "AUTHORIZED", "REAUTHORIZING" -> new ProviderStatus.Pending();
            case "COMPLETED", "REFUNDED" -> succeeded(data);
            case "FAILED" -> new ProviderStatus.Failed("failed at PayPay");
            case "CANCELED" -> new ProviderStatus.Canceled();
            case "EXPIRED" -> new ProviderStatus.Expired();
            default -> throw new ProviderException("PayPay reported an unknown status for " + payment.id());
        };
    }

    @Override
    public boolean cancel(Payment payment) {
        try {
            if (payment.providerPaymentId() != null) {
                PayPayClient.Answer deleted = client.send("DELETE", "/v2/codes/" + pathSafe(payment.providerPaymentId()), null);
                if (!deleted.succeeded() && !CODE_NOT_FOUND.equals(deleted.code())) {
                    return false;
                }
            }
            PayPayClient.Answer answer = details(payment);
            if (!answer.succeeded()) {
                return PAYMENT_NOT_FOUND.equals(answer.code());
            }
            return switch (answer.data().path("status").asText("")) {
                case "CREATED" -> payment.providerPaymentId() != null; // deleted above: it can no longer be paid
                case "FAILED", "CANCELED", "EXPIRED" -> true;
                default -> false; // COMPLETED, REFUNDED, AUTHORIZED, REAUTHORIZING or unknown: paid or being paid
            };
        } catch (ProviderException e) {
            return false;
        }
    }

    @Override
    public ProviderEvent verify(InboundProviderEvent inbound) throws ProviderEventException {
        if (!allowedSources.isEmpty() && !allowedSources.allows(inbound.sourceIp())) {
            throw ProviderEventException.unauthenticated("the notification did not come from an allowed PayPay address");
        }
        PayPayEvent n;
        try {
            n = PayPayEvent.parse(inbound.body());
        } catch (PayPayEvent.UnreadableException e) {
            throw ProviderEventException.malformed(e.getMessage());
        }
        if (!n.isTransaction()) {
            return new ProviderEvent.Ignored("a PayPay notification that is not about a transaction");
        }
        if (CheckoutIds.checkoutOfPayment(n.merchantOrderId()).isEmpty()) {
            return new ProviderEvent.Ignored("merchant_order_id is not a Kokin payment id");
        }
        return new ProviderEvent.Hint(n.merchantOrderId());
    }

    /** PayPay recommends a 200 with a short text such as "OK". */
    @Override
    public Reply accepted() {
        return new Reply(200, "text/plain; charset=utf-8", "OK");
    }

    @Override
    public RefundResult refund(Checkout checkout, Payment payment, Refund refund) throws ProviderException {
        String merchantRefundId = pathSafe(refund.id());
        PayPayClient.Answer details = details(payment);
        if (!details.succeeded()) {
            throw new ProviderException("PayPay refused the details of " + payment.id() + ": " + details.describe());
        }
        String paymentId = details.data().path("paymentId").asText("");
        if (paymentId.isBlank()) {
            return new RefundResult.Failed("PayPay reports no payment for " + payment.id() + " (status "
                    + details.data().path("status").asText("?") + ")");
        }
        ObjectNode body = refundRequest(merchantRefundId, paymentId, refund, clock.instant());
        PayPayClient.Answer answer = client.send("POST", "/v2/refunds", body);
        if (answer.succeeded()) {
            return refundStatus(answer.data(), merchantRefundId);
        }
        String code = answer.code();
        if (CANNOT_REFUND.contains(code)) {
            return new RefundResult.CannotRefund("PayPay cannot refund " + payment.id() + ": " + answer.describe());
        }
        if (REFUND_REFUSED.contains(code)) {
            return new RefundResult.Failed("PayPay refused refund " + merchantRefundId + ": " + answer.describe());
        }
        // a temporary refusal, or our id seen before: what PayPay holds under our id decides
        RefundResult known = queryRefund(checkout, payment, refund);
        if (known instanceof RefundResult.NotFound) {
            throw new ProviderException("PayPay refused refund " + merchantRefundId + " for now: " + answer.describe());
        }
        return known;
    }

    /** The body of {@code POST /v2/refunds}. */
    static ObjectNode refundRequest(String merchantRefundId, String paymentId, Refund refund, Instant now) {
        ObjectNode body = Json.object();
        body.put("merchantRefundId", merchantRefundId);
        body.put("paymentId", paymentId);
        ObjectNode amount = body.putObject("amount");
        amount.put("amount", refund.amount());
        amount.put("currency", "JPY");
        body.put("requestedAt", now.getEpochSecond());
        body.put("reason", refund.reason().wire());
        return body;
    }

    @Override
    public RefundResult queryRefund(Checkout checkout, Payment payment, Refund refund) throws ProviderException {
        String merchantRefundId = pathSafe(refund.id());
        PayPayClient.Answer answer = client.send("GET", "/v2/refunds/" + merchantRefundId, null);
        if (answer.succeeded()) {
            return refundStatus(answer.data(), merchantRefundId);
        }
        if (answer.status() == 404 || REFUND_NOT_FOUND.contains(answer.code())) {
            return new RefundResult.NotFound();
        }
        throw new ProviderException("PayPay refused the details of refund " + merchantRefundId + ": " + answer.describe());
    }

    /** A refund's {@code status}: REFUNDED succeeded; CREATED and REFUND_FAILED pending (PayPay retries until refunded). */
    static RefundResult refundStatus(JsonNode data, String merchantRefundId) throws ProviderException {
        if (!merchantRefundId.equals(data.path("merchantRefundId").asText(merchantRefundId))) {
            throw new ProviderException("PayPay answered about another refund than " + merchantRefundId);
        }
        String status = data.path("status").asText("");
        JsonNode acceptedAt = data.path("acceptedAt");
        Instant at = acceptedAt.isIntegralNumber() ? Instant.ofEpochSecond(acceptedAt.asLong()) : null;
        return switch (status) {
            case "REFUNDED" -> new RefundResult.Succeeded(merchantRefundId, at);
            case "CREATED", "REFUND_FAILED" -> new RefundResult.Pending(merchantRefundId);
            default -> throw new ProviderException("PayPay reported an unknown refund status for " + merchantRefundId);
        };
    }

    private PayPayClient.Answer details(Payment payment) throws ProviderException {
        return client.send("GET", "/v2/codes/payments/" + pathSafe(payment.id()), null);
    }

    private static ProviderStatus succeeded(JsonNode data) throws ProviderException {
        JsonNode amount = data.path("amount").path("amount");
        if (!amount.isIntegralNumber() || !amount.canConvertToLong()) {
            throw new ProviderException("PayPay reported a payment without an amount");
        }
        JsonNode acceptedAt = data.path("acceptedAt");
        Instant at = acceptedAt.isIntegralNumber() ? Instant.ofEpochSecond(acceptedAt.asLong()) : null;
        boolean yen = "JPY".equals(data.path("amount").path("currency").asText());
        return new ProviderStatus.Succeeded(yen ? amount.asLong() : -1, at);
    }

    /** What the citizen sees in the PayPay app: the first item's name, and how many more there are. */
    static String orderDescription(Checkout checkout) {
        Language language = checkout.language() == null ? Language.JA : checkout.language();
        CheckoutItem first = checkout.items().getFirst();
        int more = checkout.items().size() - 1;
        String suffix = more == 0 ? "" : language == Language.EN ? " and " + more + " more" : " ほか" + more + "件";
        String name = first.name().in(language).strip();
        int room = MAX_DESCRIPTION - suffix.length();
        if (name.length() > room) {
            int end = room - 1;
            if (Character.isHighSurrogate(name.charAt(end - 1))) {
                end--;
            }
            name = name.substring(0, end) + "…";
        }
        return name + suffix;
    }

    /** Ids go into URL paths as they are: PayPay allows letters, digits, '-' and '_' (ours always are). */
    private static String pathSafe(String id) throws ProviderException {
        if (id == null || !PATH_SAFE.matcher(id).matches()) {
            throw new ProviderException("not a PayPay id: " + id);
        }
        return id;
    }
}
