package jp.kokin.sandbox;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import jp.kokin.adapters.http.HttpRequest;
import jp.kokin.adapters.http.HttpResponses;
import jp.kokin.adapters.http.OutgoingCall;
import jp.kokin.adapters.log.Log;
import jp.kokin.adapters.provider.sandbox.SandboxEvent;
import jp.kokin.adapters.provider.sandbox.SandboxProvider;
import jp.kokin.adapters.provider.sandbox.SandboxToken;
import jp.kokin.adapters.provider.sandbox.SandboxEvents;
import jp.kokin.domain.PlatformLinks;
import jp.kokin.domain.catalog.Catalog;
import jp.kokin.domain.catalog.ProviderSettings;

/**
 * The sandbox payment provider's pages (demo and test environments only; everything is 404
 * unless {@code SANDBOX_ENABLED} is {@code true}).
 * <ul>
 *   <li>{@code GET /sandbox/checkout/{providerPaymentId}}: the attempt (method, amount) with
 *       Pay and Decline buttons, from the signed id alone (forged or unknown: 404).</li>
 *   <li>{@code POST} the same, form {@code outcome=succeeded|failed}: posts a signed
 *       {@code payment.succeeded} or {@code payment.failed} notification to our
 *       {@code /webhooks/sandbox}, then sends the citizen (303) to our return page. A webhook
 *       that fails is logged; the return page then shows the payment as pending.</li>
 * </ul>
 * The webhook goes to {@code PUBLIC_BASE_URL} or, when that is empty, to the host of the return
 * page in the signed id: the sandbox has its own API and host, so the host of the request
 * reaching it is not ours.
 */
public final class SandboxProviderHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    /**
     * The whole webhook call (connecting, the headers and the answer's body) is given up after this
     * ({@link OutgoingCall}), so a slow receiver cannot hold the citizen's Pay button.
     */
    public static final Duration WEBHOOK_TIMEOUT = Duration.ofSeconds(5);
    /** At most this much of the webhook's answer is read (only its status is used). */
    public static final int MAX_ANSWER_BYTES = 4 * 1024;

    private final Supplier<Catalog> catalog;
    private final boolean enabled;
    private final String publicBaseUrl;
    private final HttpClient http;
    private final Clock clock;

    /** Lambda. */
    public SandboxProviderHandler() {
        this(SandboxWiring.fromEnv(System.getenv()));
    }

    public SandboxProviderHandler(SandboxWiring wiring) {
        this.catalog = wiring.catalog();
        this.enabled = wiring.enabled();
        this.publicBaseUrl = wiring.publicBaseUrl();
        this.http = wiring.http();
        this.clock = wiring.clock();
    }

    public static HttpClient defaultHttpClient() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(WEBHOOK_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        if (!enabled) {
            return HttpResponses.html(404, SandboxPages.notFound());
        }
        HttpRequest request = new HttpRequest(event);
        try {
            String providerPaymentId = request.pathParameter("providerPaymentId");
            Optional<ProviderSettings> settings = catalog.get().provider(SandboxProvider.NAME);
            Optional<SandboxToken> token = settings.flatMap(s -> SandboxToken.decode(providerPaymentId, s.webhookSecrets()));
            if (token.isEmpty()) {
                Log.warn("sandbox.unknown_payment", "requestId", request.requestId(),
                        "configured", settings.isPresent());
                return HttpResponses.html(404, SandboxPages.notFound());
            }
            return switch (request.method()) {
                case "GET" -> HttpResponses.html(200, SandboxPages.checkout(providerPaymentId, token.get()));
                case "POST" -> outcome(request, providerPaymentId, token.get(), settings.get().webhookSecrets());
                default -> HttpResponses.html(404, SandboxPages.notFound());
            };
        } catch (RuntimeException e) {
            Log.error("sandbox.unexpected_error", e, "requestId", request.requestId());
            return HttpResponses.html(500, SandboxPages.error());
        }
    }

    private APIGatewayV2HTTPResponse outcome(HttpRequest request, String providerPaymentId, SandboxToken token,
                                             List<String> secrets) {
        SandboxEvent.Type type = switch (request.form().getOrDefault("outcome", "")) {
            case "succeeded" -> SandboxEvent.Type.SUCCEEDED;
            case "failed" -> SandboxEvent.Type.FAILED;
            default -> null;
        };
        if (type == null) {
            return HttpResponses.html(400, SandboxPages.badOutcome());
        }
        Instant now = clock.instant();
        SandboxEvents.Signed signed = SandboxEvents.sign(SandboxEvent.of(providerPaymentId, token, type, now),
                secrets.getFirst(), SandboxEvents.newWebhookId(), now);
        URI target = webhookUrl(token);
        String result = post(target, signed);
        Object[] fields = {"webhookId", signed.webhookId(), "checkoutId", token.checkoutId(),
                "paymentId", token.merchantPaymentId(), "event", type.wire(), "webhook", result};
        if (result.startsWith("HTTP 2")) {
            Log.info("sandbox.outcome", fields);
        } else {
            Log.warn("sandbox.outcome_not_accepted", fields); // the return page shows the payment as pending
        }
        return HttpResponses.redirect(token.returnUrl());
    }

    /** {@code {PUBLIC_BASE_URL}/webhooks/sandbox}, or on the host of our return page in the signed id. */
    URI webhookUrl(SandboxToken token) {
        String base = publicBaseUrl;
        if (base.isEmpty()) {
            URI returnUrl = URI.create(token.returnUrl());
            base = returnUrl.getScheme() + "://" + returnUrl.getRawAuthority();
        }
        return URI.create(new PlatformLinks(base).providerEvents("sandbox"));
    }

    /** Posts the notification; returns what happened, for the log (never throws). */
    private String post(URI target, SandboxEvents.Signed signed) {
        var builder = java.net.http.HttpRequest.newBuilder(target).timeout(WEBHOOK_TIMEOUT)
                .header("user-agent", "Kokin-Sandbox/1")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(signed.body()));
        signed.headers().forEach(builder::header);
        try {
            int status = OutgoingCall.send(http, builder.build(), WEBHOOK_TIMEOUT, MAX_ANSWER_BYTES).status();
            return "HTTP " + status;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (IOException | RuntimeException e) {
            Log.warn("sandbox.webhook_failed", "webhookId", signed.webhookId(), "error", e.getClass().getSimpleName());
            return "failed: " + e.getClass().getSimpleName();
        }
    }
}
