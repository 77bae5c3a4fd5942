package jp.kokin.adapters.provider.stripe;

import java.time.Instant;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import jp.kokin.domain.checkout.CheckoutIds;
import jp.kokin.domain.provider.ProviderEvent;
import jp.kokin.domain.provider.ProviderEventException;
import jp.kokin.domain.provider.ProviderStatus;

/**
 * Reads a verified Stripe event ({@code {"id":"evt_…","object":"event","type","created",
 * "data":{"object":{…}}}}, docs.stripe.com/api/events/object) about a Checkout Session
 * (docs.stripe.com/api/checkout/sessions/object), whose {@code client_reference_id} is our
 * payment id:
 * <ul>
 *   <li>{@code checkout.session.completed} with {@code payment_status=paid}, and
 *       {@code checkout.session.async_payment_succeeded}: paid ({@code amount_total}, in yen since
 *       JPY is zero-decimal; another currency is reported as amount -1, which never matches);</li>
 *   <li>{@code checkout.session.completed} still {@code unpaid} (a delayed method): only a hint;</li>
 *   <li>{@code checkout.session.async_payment_failed}: failed;</li>
 *   <li>{@code checkout.session.expired}: expired (unpaid at {@code expires_at}, or expired by us);</li>
 *   <li>anything else, or a session that is not ours: ignored.</li>
 * </ul>
 * A declined card does not end a session: the citizen may try another card until it expires.
 *
 * <p>Refund events ({@code refund.created}, {@code refund.updated}, {@code refund.failed}; API
 * 2024-10-28 and later) carry a Refund object whose {@code metadata[kokin_refund_id]} names our
 * refund: reported as a {@link ProviderEvent.RefundReport} of the refund's status (see
 * {@link StripeProvider#refundResult}); a refund without our id (made in Stripe's dashboard) is ignored.
 */
final class StripeEvents {

    private StripeEvents() {}

    static ProviderEvent read(JsonNode event, Instant receivedAt) throws ProviderEventException {
        if (!event.isObject() || !event.path("type").isTextual()) {
            throw ProviderEventException.malformed("not a Stripe event: no type");
        }
        String type = event.get("type").asText();
        if (type.equals("refund.created") || type.equals("refund.updated") || type.equals("refund.failed")) {
            return refund(event, type, receivedAt);
        }
        if (!type.startsWith("checkout.session.")) {
            return new ProviderEvent.Ignored("Stripe event " + type + " is not about a Checkout Session");
        }
        JsonNode session = event.path("data").path("object");
        if (!session.isObject()) {
            throw ProviderEventException.malformed("Stripe event " + type + " has no data.object");
        }
        if (!"checkout.session".equals(session.path("object").asText())) {
            return new ProviderEvent.Ignored("Stripe event " + type + " does not carry a Checkout Session");
        }
        Optional<String> paymentId = ourPaymentId(session);
        if (paymentId.isEmpty()) {
            return new ProviderEvent.Ignored("Checkout Session without one of our payment ids as client_reference_id");
        }
        Instant at = event.path("created").canConvertToLong() ? Instant.ofEpochSecond(event.get("created").asLong()) : receivedAt;
        return switch (type) {
            case "checkout.session.completed" -> "paid".equals(session.path("payment_status").asText())
                    ? new ProviderEvent.Report(paymentId.get(), new ProviderStatus.Succeeded(amount(session), at), at)
                    : new ProviderEvent.Hint(paymentId.get());
            case "checkout.session.async_payment_succeeded" ->
                    new ProviderEvent.Report(paymentId.get(), new ProviderStatus.Succeeded(amount(session), at), at);
            case "checkout.session.async_payment_failed" ->
                    new ProviderEvent.Report(paymentId.get(), new ProviderStatus.Failed("the payment failed at Stripe"), at);
            case "checkout.session.expired" -> new ProviderEvent.Report(paymentId.get(), new ProviderStatus.Expired(), at);
            default -> new ProviderEvent.Ignored("Stripe event " + type + " does not change a payment");
        };
    }

    /** The Refund metadata key that carries our refund id. */
    static final String REFUND_METADATA = "kokin_refund_id";

    private static ProviderEvent refund(JsonNode event, String type, Instant receivedAt) throws ProviderEventException {
        JsonNode refund = event.path("data").path("object");
        if (!refund.isObject() || !"refund".equals(refund.path("object").asText())) {
            throw ProviderEventException.malformed("Stripe event " + type + " does not carry a Refund");
        }
        String refundId = refund.path("metadata").path(REFUND_METADATA).asText("");
        if (CheckoutIds.checkoutOfRefund(refundId).isEmpty()) {
            return new ProviderEvent.Ignored("a Stripe refund without one of our refund ids in metadata");
        }
        Instant at = event.path("created").canConvertToLong() ? Instant.ofEpochSecond(event.get("created").asLong()) : receivedAt;
        try {
            return new ProviderEvent.RefundReport(refundId, StripeProvider.refundResult(refund, refundId), at);
        } catch (jp.kokin.domain.provider.ProviderException e) {
            throw ProviderEventException.malformed(e.getMessage());
        }
    }

    static Optional<String> ourPaymentId(JsonNode session) {
        JsonNode ref = session.path("client_reference_id");
        if (!ref.isTextual() || CheckoutIds.checkoutOfPayment(ref.asText()).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(ref.asText());
    }

    /** {@code amount_total} in yen; -1 (never our amount) when it is not a JPY amount. */
    static long amount(JsonNode session) {
        JsonNode total = session.path("amount_total");
        boolean yen = "jpy".equalsIgnoreCase(session.path("currency").asText(""));
        return yen && total.isIntegralNumber() && total.canConvertToLong() ? total.asLong() : -1;
    }
}
