package jp.kokin.webhook;

import java.time.Clock;
import java.util.Optional;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import jp.kokin.adapters.http.HttpRequest;
import jp.kokin.domain.checkout.ConfirmPayment;
import jp.kokin.domain.checkout.RecordPayment;
import jp.kokin.domain.provider.InboundProviderEvent;
import jp.kokin.domain.provider.ProviderEvent;
import jp.kokin.domain.provider.ProviderEventException;
import jp.kokin.domain.provider.PaymentProvider;
import jp.kokin.domain.provider.Providers;
import jp.kokin.domain.refund.RecordRefund;

/**
 * {@code ProviderEventFunction}: {@code POST /webhooks/{provider}}, where {@code provider} is a provider
 * account's name in the catalog. The account's adapter verifies the notification before anything
 * is believed: a signed report is recorded ({@link RecordPayment}); an unsigned hint (PayPay) is
 * confirmed by asking the provider ({@link ConfirmPayment}); a signed refund report is recorded
 * ({@link RecordRefund}: a repeat changes nothing and notifies nothing). {@link WebhookAnswers} maps each outcome.
 */
public final class ProviderEventHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final Providers providers;
    private final RecordPayment record;
    private final ConfirmPayment confirm;
    private final RecordRefund recordRefund;
    private final Clock clock;

    public ProviderEventHandler() {
        this(ProviderEventWiring.fromEnv(System.getenv()));
    }

    public ProviderEventHandler(ProviderEventWiring wiring) {
        this.providers = wiring.providers();
        this.record = new RecordPayment(wiring.checkouts(), wiring.receiptDue(), wiring.refunds().policies(), wiring.clock());
        this.recordRefund = RecordRefund.of(wiring.checkouts(), wiring.refunds().notices(),
                wiring.refunds().notifications(), wiring.refunds().links(), wiring.clock());
        this.confirm = new ConfirmPayment(wiring.checkouts(), wiring.providers(), record, wiring.clock());
        this.clock = wiring.clock();
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        HttpRequest request = new HttpRequest(event);
        String name = Optional.ofNullable(request.pathParameter("provider")).orElse("");
        try {
            return providers.named(name).map(provider -> receive(provider, request))
                    .orElseGet(() -> WebhookAnswers.noEndpoint(name));
        } catch (RuntimeException e) {
            return WebhookAnswers.failed(name, request.requestId(), e);
        }
    }

    private APIGatewayV2HTTPResponse receive(PaymentProvider provider, HttpRequest request) {
        try {
            return switch (provider.verify(new InboundProviderEvent(request.headers(), request.bodyBytes(),
                    request.sourceIp(), clock.instant()))) {
                case ProviderEvent.Ignored ignored -> WebhookAnswers.ignored(provider, ignored.why());
                case ProviderEvent.Report report ->
                        WebhookAnswers.answer(provider, report, record.report(provider.name(), report));
                case ProviderEvent.RefundReport refund -> WebhookAnswers.answer(provider, refund,
                        recordRefund.record(provider.name(), refund.refundId(), refund.result()));
                case ProviderEvent.Hint hint ->
                        WebhookAnswers.answer(provider, hint, confirm.confirm(provider.name(), hint.paymentId()));
            };
        } catch (ProviderEventException e) {
            return WebhookAnswers.unverified(provider, request.sourceIp(), e);
        }
    }
}
