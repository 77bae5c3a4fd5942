package jp.kokin.webhook;

import java.util.Map;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import jp.kokin.adapters.http.HttpResponses;
import jp.kokin.adapters.http.ProblemCode;
import jp.kokin.adapters.log.Log;
import jp.kokin.domain.checkout.RecordOutcome;
import jp.kokin.domain.provider.ProviderEvent;
import jp.kokin.domain.refund.RecordRefund;
import jp.kokin.domain.provider.ProviderEventException;
import jp.kokin.domain.provider.PaymentProvider;
import jp.kokin.domain.provider.ProviderStatus;
import jp.kokin.domain.provider.Reply;

/**
 * What {@code ProviderEventFunction} answers a provider, and logs, for each outcome. A verified
 * notification that cannot change anything (about no payment of ours, a transition that is not
 * allowed) is acknowledged: a retry would change nothing either, and a provider that keeps
 * retrying disables the endpoint. A hint whose provider cannot be asked now is acknowledged too:
 * the janitor asks later. A hint about a payment asked about a moment ago is answered
 * {@code 503 asked_recently} with {@code Retry-After}, so the provider delivers it again. A
 * report is refused (a problem, so the provider retries) only when it must not or could not be
 * recorded.
 */
final class WebhookAnswers {
    private WebhookAnswers() {}

    static APIGatewayV2HTTPResponse noEndpoint(String name) {
        return HttpResponses.problem(ProblemCode.NOT_FOUND, "no webhook endpoint for provider '" + name + "'");
    }

    static APIGatewayV2HTTPResponse failed(String name, String requestId, RuntimeException e) {
        Log.error("webhook.unexpected_error", e, "provider", name, "requestId", requestId);
        return HttpResponses.problem(ProblemCode.INTERNAL_ERROR, "could not process the notification; retry later");
    }

    static APIGatewayV2HTTPResponse unverified(PaymentProvider provider, String sourceIp, ProviderEventException e) {
        if (e.kind() == ProviderEventException.Kind.UNAUTHENTICATED) {
            Log.warn("webhook.rejected_signature", "provider", provider.name(), "sourceIp", sourceIp, "reason", e.getMessage());
            return HttpResponses.problem(ProblemCode.INVALID_SIGNATURE, e.getMessage());
        }
        Log.warn("webhook.malformed", "provider", provider.name(), "reason", e.getMessage());
        return HttpResponses.problem(ProblemCode.INVALID_REQUEST, e.getMessage());
    }

    static APIGatewayV2HTTPResponse ignored(PaymentProvider provider, String why) {
        Log.info("webhook.ignored", "provider", provider.name(), "reason", why);
        return accepted(provider);
    }

    static APIGatewayV2HTTPResponse answer(PaymentProvider provider, ProviderEvent.Report report, RecordOutcome outcome) {
        return answer(provider, report.paymentId(), report.status(), outcome);
    }

    static APIGatewayV2HTTPResponse answer(PaymentProvider provider, ProviderEvent.Hint hint, RecordOutcome outcome) {
        return answer(provider, hint.paymentId(), null, outcome);
    }

    private static APIGatewayV2HTTPResponse answer(PaymentProvider provider, String paymentId, ProviderStatus reported,
                                                   RecordOutcome outcome) {
        String name = provider.name();
        return switch (outcome) {
            case RecordOutcome.Recorded recorded -> {
                var checkout = recorded.checkout();
                var payment = checkout.payment(paymentId);
                Log.info("webhook.recorded", "provider", name, "checkoutId", checkout.id(), "paymentId", paymentId,
                        "paymentStatus", payment.map(p -> p.status().wire()).orElse("-"),
                        "changed", String.valueOf(recorded.changed()), "checkoutStatus", checkout.status().wire());
                payment.filter(p -> p.duplicatePayment() && recorded.changed())
                        .ifPresent(p -> Log.warn("payment.duplicate", "checkoutId", checkout.id(), "paymentId", p.id(),
                                "amount", p.amount()));
                yield accepted(provider);
            }
            case RecordOutcome.UnknownPayment unknown -> {
                // e.g. another system sharing the provider account, a deleted checkout: nothing changes
                Log.warn("webhook.unknown_payment", "provider", name, "paymentId", paymentId,
                        "detail", unknown.rejection().detail());
                yield accepted(provider);
            }
            case RecordOutcome.NotApplicable notApplicable -> {
                Log.warn("webhook.ignored", "provider", name, "paymentId", paymentId,
                        "detail", notApplicable.rejection().detail());
                yield accepted(provider);
            }
            case RecordOutcome.ProviderUnavailable unavailable -> {
                // a hint is believed only once the provider confirms it; the janitor asks again
                Log.warn("webhook.confirmation_deferred", "provider", name, "paymentId", paymentId,
                        "detail", unavailable.rejection().detail());
                yield accepted(provider);
            }
            case RecordOutcome.AskedRecently recently -> {
                // asked a moment ago (the citizen's return page, perhaps before paying): no answer now
                Log.info("webhook.asked_recently", "provider", name, "paymentId", paymentId);
                yield HttpResponses.problem(recently.rejection(),
                        Map.of("retry-after", Long.toString(recently.retryAfter().toSeconds())));
            }
            case RecordOutcome.AmountMismatch mismatch -> {
                Log.error("payment.amount_mismatch", null, "provider", name, "paymentId", paymentId,
                        "detail", mismatch.rejection().detail());
                yield HttpResponses.problem(mismatch.rejection());
            }
            case RecordOutcome.Refused refused -> refused(name, paymentId, reported, refused);
            case RecordOutcome.KeptChanging conflict -> refused(name, paymentId, reported, conflict);
        };
    }

    /**
     * A verified refund report: recorded (or a repeat) and an unknown refund or a move the table refuses
     * (a failure after success) are acknowledged; contention is refused so the provider delivers it again.
     */
    static APIGatewayV2HTTPResponse answer(PaymentProvider provider, ProviderEvent.RefundReport report,
                                           RecordRefund.Outcome outcome) {
        String name = provider.name();
        return switch (outcome) {
            case RecordRefund.Outcome.Recorded recorded -> {
                Log.info("webhook.refund_recorded", "provider", name, "checkoutId", recorded.checkout().id(),
                        "refundId", report.refundId(), "refundStatus", recorded.refund().status().wire(),
                        "changed", String.valueOf(recorded.changed()));
                yield accepted(provider);
            }
            case RecordRefund.Outcome.NotRecorded notRecorded -> {
                if (notRecorded.rejection().kind() == jp.kokin.domain.checkout.Rejection.Code.CONFLICT) {
                    Log.warn("webhook.refused", "provider", name, "refundId", report.refundId(),
                            "code", notRecorded.rejection().code());
                    yield HttpResponses.problem(notRecorded.rejection());
                }
                Log.warn("webhook.refund_ignored", "provider", name, "refundId", report.refundId(),
                        "code", notRecorded.rejection().code(), "detail", notRecorded.rejection().detail());
                yield accepted(provider);
            }
        };
    }

    private static APIGatewayV2HTTPResponse refused(String name, String paymentId, ProviderStatus reported,
                                                    RecordOutcome.NotRecorded outcome) {
        Log.warn("webhook.refused", "provider", name, "paymentId", paymentId, "code", outcome.rejection().code(),
                "reported", reported == null ? "-" : reported.getClass().getSimpleName());
        return HttpResponses.problem(outcome.rejection());
    }

    private static APIGatewayV2HTTPResponse accepted(PaymentProvider provider) {
        Reply reply = provider.accepted();
        return HttpResponses.text(reply.status(), reply.contentType(), reply.body());
    }
}
