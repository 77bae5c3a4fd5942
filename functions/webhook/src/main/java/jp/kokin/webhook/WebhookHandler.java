package jp.kokin.webhook;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import jp.kokin.adapters.aws.ClientFactory;
import jp.kokin.adapters.catalog.CatalogRepository;
import jp.kokin.adapters.http.HttpRequest;
import jp.kokin.adapters.http.HttpResponses;
import jp.kokin.adapters.http.ProblemCode;
import jp.kokin.adapters.ledger.DynamoLedger;
import jp.kokin.adapters.log.Log;
import jp.kokin.adapters.provider.ProviderContext;
import jp.kokin.adapters.provider.ProviderRegistry;
import jp.kokin.adapters.queue.ReceiptDue;
import jp.kokin.adapters.queue.ReceiptQueue;
import jp.kokin.domain.catalog.Catalog;
import jp.kokin.domain.checkout.CheckoutService;
import jp.kokin.domain.checkout.Rejection;
import jp.kokin.domain.checkout.Result;
import jp.kokin.domain.provider.InboundNotification;
import jp.kokin.domain.provider.Notification;
import jp.kokin.domain.provider.NotificationException;
import jp.kokin.domain.provider.PaymentProvider;
import jp.kokin.domain.provider.ProviderStatus;
import jp.kokin.domain.provider.Reply;
import jp.kokin.domain.provider.Providers;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@code WebhookFunction}: {@code POST /webhooks/{provider}}, where {@code provider} is a provider
 * account's name in the catalog. The account's adapter verifies the notification before anything
 * is believed: a signed report is recorded through the checkout state machine (a repeat changes
 * nothing); an unsigned hint (PayPay) is confirmed by asking the provider first, and one about a
 * payment asked about less than {@link CheckoutService#QUERY_INTERVAL} ago is answered
 * {@code 503 asked_recently} with {@code Retry-After}, so the provider delivers it again. Only the write
 * that made the checkout paid queues its receipt ({@link ReceiptDue}), so a repeated success,
 * even a concurrent one, notifies the portal once; a crash between the write and the enqueue is
 * caught by the receipt sweeper, and a provider that cannot be asked now is asked again by the janitor.
 */
public final class WebhookHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final Providers providers;
    private final CheckoutService checkouts;
    private final ReceiptDue receiptDue;
    private final Clock clock;

    public WebhookHandler() {
        this(System.getenv());
    }

    public WebhookHandler(Map<String, String> env) {
        this(env, ClientFactory.dynamoDb(env));
    }

    private WebhookHandler(Map<String, String> env, DynamoDbClient dynamoDb) {
        this(env, CatalogRepository.fromEnv(dynamoDb, env), DynamoLedger.fromEnv(dynamoDb, env),
                ReceiptQueue.fromEnv(ClientFactory.sqs(env), env), Clock.systemUTC());
    }

    private WebhookHandler(Map<String, String> env, Supplier<Catalog> catalog, DynamoLedger ledger, ReceiptQueue receipts,
                           Clock clock) {
        this(catalog, new ProviderRegistry(catalog, ProviderContext.fromEnv(env, clock),
                ProviderRegistry.Sandbox.fromEnv(env)), ledger, receipts, clock);
        Log.configure(env);
        jp.kokin.adapters.aws.Priming.prime("WebhookFunction", catalog);
    }

    public WebhookHandler(Supplier<Catalog> catalog, Providers providers, DynamoLedger ledger, ReceiptQueue receipts,
                          Clock clock) {
        this.providers = providers;
        this.checkouts = new CheckoutService(catalog, ledger, providers, clock);
        this.receiptDue = new ReceiptDue(receipts);
        this.clock = clock;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        HttpRequest request = new HttpRequest(event);
        String name = Optional.ofNullable(request.pathParameter("provider")).orElse("");
        try {
            Optional<PaymentProvider> provider = providers.named(name);
            if (provider.isEmpty()) {
                return HttpResponses.problem(ProblemCode.NOT_FOUND, "no webhook endpoint for provider '" + name + "'");
            }
            return receive(provider.get(), request);
        } catch (RuntimeException e) {
            Log.error("webhook.unexpected_error", e, "provider", name, "requestId", request.requestId());
            return HttpResponses.problem(ProblemCode.INTERNAL_ERROR, "could not process the notification; retry later");
        }
    }

    private APIGatewayV2HTTPResponse receive(PaymentProvider provider, HttpRequest request) {
        String name = provider.name();
        Notification notification;
        try {
            notification = provider.verify(new InboundNotification(request.headers(), request.bodyBytes(),
                    request.sourceIp(), clock.instant()));
        } catch (NotificationException e) {
            if (e.kind() == NotificationException.Kind.UNAUTHENTICATED) {
                Log.warn("webhook.rejected_signature", "provider", name, "sourceIp", request.sourceIp(), "reason", e.getMessage());
                return HttpResponses.problem(ProblemCode.INVALID_SIGNATURE, e.getMessage());
            }
            Log.warn("webhook.malformed", "provider", name, "reason", e.getMessage());
            return HttpResponses.problem(ProblemCode.INVALID_REQUEST, e.getMessage());
        }
        return switch (notification) {
            case Notification.Ignored ignored -> {
                Log.info("webhook.ignored", "provider", name, "reason", ignored.why());
                yield accepted(provider);
            }
            case Notification.Report report -> outcome(provider, report.paymentId(), report.status(),
                    checkouts.recordReport(name, report));
            case Notification.Hint hint -> {
                var result = checkouts.confirm(name, hint.paymentId());
                if (result instanceof Result.Err<CheckoutService.Recorded> err
                        && err.rejection().code().equals("provider_unavailable")) {
                    // The hint is believed only once the provider confirms it; the janitor asks again.
                    Log.warn("webhook.confirmation_deferred", "provider", name, "paymentId", hint.paymentId(),
                            "detail", err.rejection().detail());
                    yield accepted(provider);
                }
                if (result instanceof Result.Err<CheckoutService.Recorded> err
                        && err.rejection().kind() == Rejection.Code.ASKED_RECENTLY) {
                    // PayPay was asked a moment ago (the citizen's return page, perhaps before paying):
                    // no answer now, so not acknowledged; PayPay delivers the hint again after the interval.
                    Log.info("webhook.asked_recently", "provider", name, "paymentId", hint.paymentId());
                    yield HttpResponses.problem(err.rejection(),
                            Map.of("retry-after", Long.toString(CheckoutService.QUERY_INTERVAL.toSeconds())));
                }
                yield outcome(provider, hint.paymentId(), null, result);
            }
        };
    }

    private APIGatewayV2HTTPResponse outcome(PaymentProvider provider, String paymentId, ProviderStatus reported,
                                             Result<CheckoutService.Recorded> result) {
        String name = provider.name();
        return switch (result) {
            case Result.Ok<CheckoutService.Recorded> ok -> {
                var recorded = ok.value();
                var checkout = recorded.checkout();
                var payment = checkout.payment(paymentId);
                Log.info("webhook.recorded", "provider", name, "checkoutId", checkout.id(), "paymentId", paymentId,
                        "paymentStatus", payment.map(p -> p.status().wire()).orElse("-"),
                        "changed", String.valueOf(recorded.changed()), "checkoutStatus", checkout.status().wire());
                payment.filter(p -> p.duplicatePayment() && recorded.changed())
                        .ifPresent(p -> Log.warn("payment.duplicate", "checkoutId", checkout.id(), "paymentId", p.id(),
                                "amount", p.amount()));
                receiptDue.queueIfDue(recorded);
                yield accepted(provider);
            }
            case Result.Err<CheckoutService.Recorded> err when err.rejection().code().equals("unknown_payment") -> {
                // Verified, but about no payment of ours (another system sharing the provider account, a
                // deleted checkout): acknowledge it, or the provider would retry for days and then disable
                // the endpoint. Nothing changes.
                Log.warn("webhook.unknown_payment", "provider", name, "paymentId", paymentId, "detail", err.rejection().detail());
                yield accepted(provider);
            }
            case Result.Err<CheckoutService.Recorded> err when err.rejection().code().equals("invalid_transition") -> {
                // e.g. "failed" after "succeeded": verified, but it cannot change what is recorded.
                // Acknowledge it (a retry would not change it either) and keep a trace.
                Log.warn("webhook.ignored", "provider", name, "paymentId", paymentId, "detail", err.rejection().detail());
                yield accepted(provider);
            }
            case Result.Err<CheckoutService.Recorded> err -> {
                if (err.rejection().code().equals("amount_mismatch")) {
                    Log.error("payment.amount_mismatch", null, "provider", name, "paymentId", paymentId,
                            "detail", err.rejection().detail());
                } else {
                    Log.warn("webhook.refused", "provider", name, "paymentId", paymentId, "code", err.rejection().code(),
                            "reported", reported == null ? "-" : reported.getClass().getSimpleName());
                }
                yield HttpResponses.problem(err.rejection());
            }
        };
    }

    private static APIGatewayV2HTTPResponse accepted(PaymentProvider provider) {
        Reply reply = provider.accepted();
        return HttpResponses.text(reply.status(), reply.contentType(), reply.body());
    }
}
