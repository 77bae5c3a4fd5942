package jp.kokin.adapters.provider.stripe;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import jp.kokin.adapters.json.Json;
import jp.kokin.adapters.provider.ProviderContext;
import jp.kokin.adapters.provider.ProviderFactory;
import jp.kokin.domain.catalog.Language;
import jp.kokin.domain.catalog.ProviderSettings;
import jp.kokin.domain.checkout.Checkout;
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
import jp.kokin.domain.refund.Refund;
import jp.kokin.domain.refund.RefundResult;

/**
 * Card payments (VISA, Mastercard, JCB, American Express, Diners Club) through Stripe Checkout's
 * hosted page: the citizen is redirected to Stripe, types the card there and passes EMV 3-D
 * Secure there, so Kokin never sees card data (PCI DSS SAQ A: a full redirect, no card field,
 * no iframe).
 *
 * <p>The protocol (docs.stripe.com/api/checkout/sessions):
 * <ul>
 *   <li>{@code start}: {@code POST /v1/checkout/sessions} with {@code mode=payment}, one line item
 *       per checkout item priced in {@code jpy} (a zero-decimal currency: {@code unit_amount} is
 *       yen), {@code payment_method_types[]=card},
 *       {@code payment_method_options[card][request_three_d_secure]=any} (Japan's Credit Card
 *       Security Guidelines require EMV 3-D Secure from the end of March 2025; {@code any} asks
 *       Stripe to run 3DS whenever the card supports it, where {@code automatic} would let an
 *       exemption skip it and lose the liability shift — docs.stripe.com/payments/3d-secure/japan-exemptions),
 *       {@code client_reference_id} and {@code metadata[kokin_payment_id]} = our payment id,
 *       {@code success_url}/{@code cancel_url} = our return page, {@code locale} ja/en and
 *       {@code expires_at}. The request's {@code Idempotency-Key} is our payment id, so a retried
 *       start finds the same session. The session's {@code url} is where the citizen goes; its
 *       id ({@code cs_…}) is the provider payment id.</li>
 *   <li>{@code expires_at} must lie between 30 minutes and 24 hours after creation
 *       (docs.stripe.com/payments/checkout/managing-limited-inventory): our checkout's expiry,
 *       raised to 32 minutes after the payment was started when it is sooner (so a retry within a
 *       minute sends the same parameters); a session that outlives our checkout is expired by the
 *       janitor through {@code cancel}, and a payment made meanwhile is recorded as late.</li>
 *   <li>{@code query}: {@code GET /v1/checkout/sessions/{id}?expand[]=payment_intent}:
 *       {@code status=complete} and {@code payment_status=paid} → paid {@code amount_total} at the
 *       PaymentIntent's creation (created when the citizen confirmed); {@code open} or complete
 *       but unpaid (delayed methods) → pending; {@code expired} → expired.</li>
 *   <li>{@code cancel}: {@code POST /v1/checkout/sessions/{id}/expire}; only an {@code open}
 *       session can be expired, so an error is followed by a look at the session.</li>
 *   <li>{@code verify}: the {@code Stripe-Signature} header ({@link StripeSignature}), then the
 *       event ({@link StripeEvents}). Configure the endpoint for {@code checkout.session.completed},
 *       {@code checkout.session.expired}, {@code checkout.session.async_payment_succeeded} and
 *       {@code checkout.session.async_payment_failed}, and for refunds {@code refund.created},
 *       {@code refund.updated} and {@code refund.failed}.</li>
 *   <li>{@code refund}: the session's PaymentIntent (read with {@code expand[]=payment_intent}), then
 *       {@code POST /v1/refunds} with {@code payment_intent}, {@code amount} (yen),
 *       {@code metadata[kokin_refund_id]} = our refund id (and our payment id), {@code reason=duplicate}
 *       for a duplicate payment, and {@code Idempotency-Key} = our refund id: a retry after a timeout
 *       gets Stripe's first answer, never a second refund. Refund {@code status}: {@code succeeded};
 *       {@code pending} and {@code requires_action} pending (events or the janitor tell the end);
 *       {@code failed} with {@code failure_reason} {@code expired_or_canceled_card} or
 *       {@code lost_or_stolen_card} cannot be refunded to the card (bank transfer), other reasons
 *       fail; {@code canceled} fails. Errors: {@code charge_expired_for_refund} cannot be refunded
 *       (bank transfer); other 4xx (e.g. {@code amount_too_large}, {@code charge_already_refunded})
 *       fail; an {@code idempotency_error} is settled by asking.</li>
 *   <li>{@code queryRefund}: {@code GET /v1/refunds?payment_intent=…&limit=100}, the refund whose
 *       {@code metadata[kokin_refund_id]} is ours; none is not found (Kokin makes at most
 *       {@code CheckoutLimits.MAX_REFUNDS} refunds per checkout, so one page holds them; should refunds
 *       made outside Kokin fill more than a page, the outcome is unknown rather than "not found",
 *       since an {@code Idempotency-Key} is only kept 24 hours).</li>
 * </ul>
 *
 * <p>Why not stripe-java: version 29.0.0's jar alone is 14.8 MB (14,832,219 bytes on Maven
 * Central) plus Gson, with thousands of generated model classes; a Lambda function pays for that
 * in package size and in cold start (class loading and Gson's reflective binding before the first
 * request). Kokin needs three endpoints and one HMAC: the JDK's {@code HttpClient}, JDK crypto and
 * the Jackson tree model already in the function do it in a few small classes.
 */
public final class StripeProvider implements PaymentProvider {

    public static final String TYPE = "stripe";
    private static final Pattern SESSION_ID = Pattern.compile("cs_[A-Za-z0-9_]{1,250}");
    static final Duration MIN_LIFETIME = Duration.ofMinutes(30);
    static final Duration MAX_LIFETIME = Duration.ofHours(24);
    /** Room for a retry and for clock skew between us and Stripe on both ends of the window. */
    static final Duration MARGIN = Duration.ofMinutes(2);

    private final String name;
    private final StripeSettings settings;
    private final ProviderContext context;
    private final StripeApi api;

    public StripeProvider(ProviderSettings settings, ProviderContext context) {
        this.name = Objects.requireNonNull(settings, "settings").name();
        this.settings = StripeSettings.of(settings);
        this.context = Objects.requireNonNull(context, "context");
        Duration timeout = this.settings.timeout().orElse(context.timeout());
        this.api = new StripeApi(context.http() != null ? context.http() : ProviderContext.httpClient(timeout),
                this.settings.baseUrl(), this.settings.apiVersion(), timeout,
                () -> context.secrets().resolve(this.settings.secretKey()));
    }

    /** Builds Stripe accounts; see {@link StripeSettings} for the settings. */
    public static final ProviderFactory FACTORY = new ProviderFactory(TYPE, StripeSettings::problems, StripeProvider::new);

    @Override
    public String name() {
        return name;
    }

    @Override
    public ProviderSession start(Checkout checkout, Payment payment, Callbacks callbacks) throws ProviderException {
        StripeApi.Form form = sessionForm(checkout, payment, callbacks, context.clock().instant());
        StripeApi.Answer answer = api.post("/v1/checkout/sessions", form, payment.id());
        if (!answer.ok()) {
            throw new ProviderException(answer.errorMessage());
        }
        JsonNode session = answer.body();
        String id = session.path("id").asText("");
        String url = session.path("url").asText("");
        if (!SESSION_ID.matcher(id).matches() || !url.startsWith("http")) {
            throw new ProviderException("Stripe's Checkout Session has no usable id or url");
        }
        if (!payment.id().equals(session.path("client_reference_id").asText())) {
            throw new ProviderException("Stripe returned a Checkout Session for another payment");
        }
        return ProviderSession.redirectTo(id, url);
    }

    /** The parameters of {@code POST /v1/checkout/sessions}, in the order they are sent. */
    static StripeApi.Form sessionForm(Checkout checkout, Payment payment, Callbacks callbacks, Instant now) {
        Language language = checkout.language() == null ? Language.JA : checkout.language();
        StripeApi.Form form = new StripeApi.Form().add("mode", "payment");
        List<CheckoutItem> items = checkout.items();
        long itemsTotal = items.stream().mapToLong(CheckoutItem::amount).sum();
        if (itemsTotal == payment.amount()) {
            for (int i = 0; i < items.size(); i++) {
                CheckoutItem item = items.get(i);
                boolean perUnit = item.amount() % item.quantity() == 0;
                String name = item.name().in(language) + (perUnit || item.quantity() == 1 ? "" : " × " + item.quantity());
                lineItem(form, i, name, perUnit ? item.amount() / item.quantity() : item.amount(), perUnit ? item.quantity() : 1);
            }
        } else { // never expected: the attempt's amount is the checkout's; charge what the attempt says
            lineItem(form, 0, language == Language.EN ? "Payment " + checkout.reference() : "お支払い " + checkout.reference(),
                    payment.amount(), 1);
        }
        return form.add("payment_method_types[0]", "card")
                .add("payment_method_options[card][request_three_d_secure]", "any")
                .add("client_reference_id", payment.id())
                .add("metadata[kokin_payment_id]", payment.id())
                .add("metadata[kokin_checkout_id]", checkout.id())
                .add("payment_intent_data[metadata][kokin_payment_id]", payment.id())
                .add("success_url", callbacks.returnUrl())
                .add("cancel_url", callbacks.cancelUrl())
                .add("expires_at", expiresAt(checkout.expiresAt(), payment.createdAt(), now).getEpochSecond())
                .add("locale", language.tag());
    }

    private static void lineItem(StripeApi.Form form, int index, String name, long unitAmount, int quantity) {
        String p = "line_items[" + index + "]";
        form.add(p + "[price_data][currency]", "jpy")
                .add(p + "[price_data][unit_amount]", unitAmount)
                .add(p + "[price_data][product_data][name]", name)
                .add(p + "[quantity]", quantity);
    }

    /**
     * Our checkout's expiry, kept within Stripe's window: at least 30 minutes (plus a margin)
     * after the attempt started, or after now for a start retried later; at most 24 hours
     * (minus a margin) after the attempt started. Whole seconds.
     */
    static Instant expiresAt(Instant checkoutExpiresAt, Instant paymentCreatedAt, Instant now) {
        Instant earliest = paymentCreatedAt.plus(MIN_LIFETIME).plus(MARGIN);
        Instant earliestNow = now.plus(MIN_LIFETIME).plus(MARGIN.dividedBy(2));
        if (earliestNow.isAfter(earliest)) {
            earliest = earliestNow;
        }
        Instant latest = paymentCreatedAt.plus(MAX_LIFETIME).minus(MARGIN);
        Instant at = checkoutExpiresAt.isBefore(earliest) ? earliest : checkoutExpiresAt;
        if (at.isAfter(latest)) {
            at = latest.isBefore(earliest) ? earliest : latest;
        }
        return Instant.ofEpochSecond(at.getEpochSecond());
    }

    @Override
    public ProviderStatus query(Checkout checkout, Payment payment) throws ProviderException {
        JsonNode session = retrieve(payment);
        if (!payment.id().equals(session.path("client_reference_id").asText())) {
            throw new ProviderException("Stripe's Checkout Session " + payment.providerPaymentId()
                    + " does not belong to payment " + payment.id());
        }
        String status = session.path("status").asText("");
        return switch (status) {
            case "complete" -> "paid".equals(session.path("payment_status").asText())
                    ? new ProviderStatus.Succeeded(StripeEvents.amount(session), paidAt(session))
                    : new ProviderStatus.Pending();
            case "open" -> new ProviderStatus.Pending();
            case "expired" -> new ProviderStatus.Expired();
            default -> throw new ProviderException("Stripe's Checkout Session has an unknown status '" + status + "'");
        };
    }

    private JsonNode retrieve(Payment payment) throws ProviderException {
        String id = sessionId(payment);
        StripeApi.Answer answer = api.get("/v1/checkout/sessions/" + id + "?expand%5B%5D=payment_intent");
        if (!answer.ok()) {
            throw new ProviderException(answer.errorMessage());
        }
        return answer.body();
    }

    /** When the PaymentIntent was created (at confirmation), else now. */
    private Instant paidAt(JsonNode session) {
        JsonNode created = session.path("payment_intent").path("created");
        return created.canConvertToLong() && created.asLong() > 0 ? Instant.ofEpochSecond(created.asLong())
                : context.clock().instant();
    }

    private static String sessionId(Payment payment) throws ProviderException {
        String id = payment.providerPaymentId();
        if (id == null) {
            throw new ProviderException("payment " + payment.id() + " has no Stripe Checkout Session id");
        }
        if (!SESSION_ID.matcher(id).matches()) {
            throw new ProviderException("payment " + payment.id() + " has no valid Stripe Checkout Session id");
        }
        return id;
    }

    /** Stripe's refund {@code failure_reason}s that mean the card cannot take money back. */
    static final java.util.Set<String> CARD_GONE = java.util.Set.of("expired_or_canceled_card", "lost_or_stolen_card");
    /** Stripe's error codes that mean this charge can no longer be refunded through Stripe. */
    static final java.util.Set<String> CANNOT_REFUND = java.util.Set.of("charge_expired_for_refund");
    private static final Pattern INTENT_ID = Pattern.compile("pi_[A-Za-z0-9_]{1,250}");

    @Override
    public RefundResult refund(Checkout checkout, Payment payment, Refund refund) throws ProviderException {
        String intent = paymentIntent(payment);
        StripeApi.Answer answer = api.post("/v1/refunds", refundForm(intent, payment, refund), refund.id());
        if (answer.ok()) {
            return refundResult(answer.body(), refund.id());
        }
        String code = answer.body().path("error").path("code").asText("");
        String type = answer.body().path("error").path("type").asText("");
        if (CANNOT_REFUND.contains(code)) {
            return new RefundResult.CannotRefund("Stripe cannot refund " + payment.id() + ": " + code);
        }
        if (type.equals("idempotency_error")) {
            RefundResult known = queryRefund(checkout, payment, refund);
            if (known instanceof RefundResult.NotFound) {
                throw new ProviderException(answer.errorMessage());
            }
            return known;
        }
        return new RefundResult.Failed(answer.errorMessage() + (code.isEmpty() ? "" : " (" + code + ")"));
    }

    /** The parameters of {@code POST /v1/refunds}, in the order they are sent. */
    static StripeApi.Form refundForm(String paymentIntent, Payment payment, Refund refund) {
        return new StripeApi.Form()
                .add("payment_intent", paymentIntent)
                .add("amount", refund.amount())
                .add("metadata[kokin_refund_id]", refund.id())
                .add("metadata[kokin_payment_id]", payment.id())
                .add("reason", refund.reason() == jp.kokin.domain.refund.RefundReason.DUPLICATE ? "duplicate" : null);
    }

    @Override
    public RefundResult queryRefund(Checkout checkout, Payment payment, Refund refund) throws ProviderException {
        String intent = paymentIntent(payment);
        StripeApi.Answer answer = api.get("/v1/refunds?payment_intent=" + intent + "&limit=100");
        if (!answer.ok()) {
            throw new ProviderException(answer.errorMessage());
        }
        for (JsonNode r : answer.body().path("data")) {
            if (refund.id().equals(r.path("metadata").path(StripeEvents.REFUND_METADATA).asText())) {
                return refundResult(r, refund.id());
            }
        }
        if (answer.body().path("has_more").asBoolean(false)) {
            // more than 100 refunds on one PaymentIntent (made outside Kokin): "not found" would be a guess
            throw new ProviderException("Stripe lists more refunds of " + payment.id() + " than one page; refund "
                    + refund.id() + " is not among the newest");
        }
        return new RefundResult.NotFound();
    }

    /** What a Stripe Refund object says (docs.stripe.com/api/refunds/object). */
    static RefundResult refundResult(JsonNode r, String refundId) throws ProviderException {
        if (!"refund".equals(r.path("object").asText())
                || !refundId.equals(r.path("metadata").path(StripeEvents.REFUND_METADATA).asText())) {
            throw new ProviderException("Stripe answered with something else than our refund " + refundId);
        }
        String id = r.path("id").asText(null);
        String status = r.path("status").asText("");
        JsonNode created = r.path("created");
        Instant at = created.canConvertToLong() ? Instant.ofEpochSecond(created.asLong()) : null;
        String failure = r.path("failure_reason").asText("");
        return switch (status) {
            case "succeeded" -> new RefundResult.Succeeded(id, at);
            case "pending", "requires_action" -> new RefundResult.Pending(id);
            case "failed" -> CARD_GONE.contains(failure)
                    ? new RefundResult.CannotRefund("the card cannot take the refund back (" + failure + ")")
                    : new RefundResult.Failed("the refund failed at Stripe" + (failure.isEmpty() ? "" : " (" + failure + ")"));
            case "canceled" -> new RefundResult.Failed("the refund was canceled at Stripe");
            default -> throw new ProviderException("Stripe's refund has an unknown status '" + status + "'");
        };
    }

    /** The PaymentIntent of the payment's Checkout Session (refunds name it). */
    private String paymentIntent(Payment payment) throws ProviderException {
        JsonNode session = retrieve(payment);
        if (!payment.id().equals(session.path("client_reference_id").asText())) {
            throw new ProviderException("Stripe's Checkout Session " + payment.providerPaymentId()
                    + " does not belong to payment " + payment.id());
        }
        JsonNode pi = session.path("payment_intent");
        String id = pi.isObject() ? pi.path("id").asText("") : pi.asText("");
        if (!INTENT_ID.matcher(id).matches()) {
            throw new ProviderException("Stripe's Checkout Session for " + payment.id() + " has no PaymentIntent");
        }
        return id;
    }

    @Override
    public boolean cancel(Payment payment) {
        try {
            String id = sessionId(payment);
            StripeApi.Answer answer = api.post("/v1/checkout/sessions/" + id + "/expire", new StripeApi.Form(), null);
            if (answer.ok()) {
                return "expired".equals(answer.body().path("status").asText());
            }
            if (answer.status() == 404) {
                return false;
            }
            // only an open session can be expired: one that is already expired is what we wanted
            return "expired".equals(retrieve(payment).path("status").asText());
        } catch (ProviderException e) {
            return false;
        }
    }

    @Override
    public ProviderEvent verify(InboundProviderEvent inbound) throws ProviderEventException {
        List<String> secrets = settings.webhookSecrets().stream().map(context.secrets()::resolve).toList();
        try {
            StripeSignature.verify(inbound.header(StripeSignature.HEADER).orElse(null), inbound.body(), secrets,
                    inbound.receivedAt(), settings.tolerance());
        } catch (StripeSignature.InvalidSignatureException e) {
            throw ProviderEventException.unauthenticated(e.getMessage());
        }
        JsonNode event;
        try {
            event = Json.parse(inbound.body());
        } catch (Json.InvalidJsonException e) {
            throw ProviderEventException.malformed(e.getMessage());
        }
        return StripeEvents.read(event, inbound.receivedAt());
    }
}
