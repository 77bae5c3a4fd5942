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
import jp.kokin.adapters.json.Json;
import jp.kokin.adapters.ledger.DynamoLedger;
import jp.kokin.adapters.log.Log;
import jp.kokin.adapters.provider.sandbox.InvalidNotificationException;
import jp.kokin.adapters.provider.sandbox.SandboxNotification;
import jp.kokin.adapters.provider.sandbox.SandboxProvider;
import jp.kokin.adapters.provider.sandbox.SandboxWebhooks;
import jp.kokin.adapters.queue.ReceiptQueue;
import jp.kokin.domain.catalog.Catalog;
import jp.kokin.domain.catalog.ProviderSettings;
import jp.kokin.domain.checkout.CheckoutService;
import jp.kokin.domain.checkout.CheckoutStatus;
import jp.kokin.domain.checkout.PaymentEvent;
import jp.kokin.domain.checkout.Result;
import jp.kokin.domain.webhook.WebhookVerificationException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@code WebhookFunction}: a provider's notification is verified before it is believed, recorded
 * through the checkout state machine (a repeat changes nothing), and a newly paid checkout is
 * queued for its receipt. A crash between the write and the enqueue is caught by the receipt sweeper.
 */
public final class WebhookHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final Supplier<Catalog> catalog;
    private final CheckoutService checkouts;
    private final ReceiptQueue receipts;
    private final Clock clock;

    public WebhookHandler() {
        this(System.getenv());
    }

    public WebhookHandler(Map<String, String> env) {
        this(env, ClientFactory.dynamoDb(env));
    }

    private WebhookHandler(Map<String, String> env, DynamoDbClient dynamoDb) {
        this(CatalogRepository.fromEnv(dynamoDb, env), DynamoLedger.fromEnv(dynamoDb, env),
                ReceiptQueue.fromEnv(ClientFactory.sqs(env), env), Clock.systemUTC());
        Log.configure(env);
        jp.kokin.adapters.aws.Priming.prime("WebhookFunction", catalog);
    }

    public WebhookHandler(Supplier<Catalog> catalog, DynamoLedger ledger, ReceiptQueue receipts, Clock clock) {
        this.catalog = catalog;
        // Recording a report never starts a payment, so no provider is needed here.
        this.checkouts = new CheckoutService(catalog, ledger, method -> {
            throw new IllegalStateException("webhooks do not start payments");
        }, clock);
        this.receipts = receipts;
        this.clock = clock;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        HttpRequest request = new HttpRequest(event);
        String provider = Optional.ofNullable(request.pathParameter("provider")).orElse("");
        try {
            return switch (provider) {
                case SandboxProvider.NAME -> sandbox(request);
                default -> HttpResponses.problem(404, "not_found", "no webhook endpoint for provider '" + provider + "'");
            };
        } catch (RuntimeException e) {
            Log.error("webhook.unexpected_error", e, "provider", provider, "requestId", request.requestId());
            return HttpResponses.problem(500, "internal_error", "could not process the notification; retry later");
        }
    }

    private APIGatewayV2HTTPResponse sandbox(HttpRequest request) {
        Optional<ProviderSettings> settings = catalog.get().provider(SandboxProvider.NAME);
        if (settings.isEmpty()) {
            return HttpResponses.problem(404, "not_found", "the sandbox provider is not configured");
        }
        SandboxNotification notification;
        try {
            notification = SandboxWebhooks.verifyAndParse(request.headers(), request.bodyBytes(),
                    settings.get().webhookSecrets(), clock.instant());
        } catch (WebhookVerificationException e) {
            Log.warn("webhook.rejected_signature", "provider", SandboxProvider.NAME,
                    "webhookId", request.header("webhook-id").orElse("-"), "reason", e.getMessage());
            return HttpResponses.problem(401, "invalid_signature", e.getMessage());
        } catch (InvalidNotificationException e) {
            return HttpResponses.problem(400, "invalid_request", e.getMessage());
        }
        PaymentEvent event = notification.type() == SandboxNotification.Type.SUCCEEDED ? PaymentEvent.SUCCEEDED : PaymentEvent.FAILED;
        String webhookId = request.header("webhook-id").orElse("-");
        return switch (checkouts.recordPaymentEvent(SandboxProvider.NAME, notification.merchantPaymentId(), event, notification.amount(),
                notification.occurredAt())) {
            case Result.Ok<CheckoutService.Recorded> ok -> {
                var recorded = ok.value();
                var checkout = recorded.checkout();
                Log.info("webhook.recorded", "provider", SandboxProvider.NAME, "webhookId", webhookId,
                        "checkoutId", checkout.id(), "paymentId", notification.merchantPaymentId(), "outcome", event.name(),
                        "changed", String.valueOf(recorded.changed()), "checkoutStatus", checkout.status().wire());
                checkout.payment(notification.merchantPaymentId()).filter(p -> p.duplicatePayment() && recorded.changed())
                        .ifPresent(p -> Log.warn("payment.duplicate", "checkoutId", checkout.id(), "paymentId", p.id(),
                                "amount", p.amount()));
                boolean awaitingReceipt = checkout.status() == CheckoutStatus.PAID && checkout.receipt() == null;
                if (recorded.becamePaid() || (event == PaymentEvent.SUCCEEDED && awaitingReceipt)) {
                    enqueueReceipt(checkout.id());
                }
                yield HttpResponses.json(200, Json.object().put("received", true));
            }
            case Result.Err<CheckoutService.Recorded> err when err.rejection().code().equals("invalid_transition") -> {
                // e.g. "failed" after "succeeded": the provider's report is verified but cannot change
                // what is recorded. Acknowledge it (a retry would not change it either) and keep a trace.
                Log.warn("webhook.ignored", "provider", SandboxProvider.NAME, "webhookId", webhookId,
                        "paymentId", notification.merchantPaymentId(), "detail", err.rejection().detail());
                yield HttpResponses.json(200, Json.object().put("received", true).put("ignored", err.rejection().detail()));
            }
            case Result.Err<CheckoutService.Recorded> err -> {
                Log.warn("webhook.refused", "provider", SandboxProvider.NAME, "webhookId", webhookId,
                        "paymentId", notification.merchantPaymentId(), "code", err.rejection().code());
                yield HttpResponses.problem(err.rejection());
            }
        };
    }

    private void enqueueReceipt(String checkoutId) {
        try {
            receipts.enqueue(checkoutId);
        } catch (RuntimeException e) {
            // The payment is recorded; the receipt sweeper finds the paid checkout without a receipt.
            Log.error("receipt.enqueue_failed", e, "checkoutId", checkoutId);
        }
    }
}
