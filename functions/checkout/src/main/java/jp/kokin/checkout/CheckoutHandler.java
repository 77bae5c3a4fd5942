package jp.kokin.checkout;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import jp.kokin.adapters.http.Authentication;
import jp.kokin.adapters.http.HttpRequest;
import jp.kokin.adapters.http.HttpResponses;
import jp.kokin.adapters.http.ProblemCode;
import jp.kokin.adapters.json.Json;
import jp.kokin.adapters.log.Log;
import jp.kokin.domain.PlatformLinks;
import jp.kokin.domain.catalog.ApiKey;
import jp.kokin.domain.catalog.Catalog;
import jp.kokin.domain.checkout.CancelCheckout;
import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.checkout.CreateCheckout;
import jp.kokin.domain.checkout.FindCheckout;
import jp.kokin.domain.checkout.Result;
import jp.kokin.domain.receipt.FindReceipt;

/**
 * {@code CheckoutFunction}: the portals' checkout, refund ({@link RefundRoutes}) and receipt API, and the citizens' hosted
 * payment and receipt pages ({@link CitizenPages}). Each route parses, calls one use case and maps
 * its outcome.
 */
public final class CheckoutHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final Supplier<Catalog> catalog;
    private final CreateCheckout create;
    private final FindCheckout find;
    private final CancelCheckout cancel;
    private final FindReceipt receipts;
    private final CitizenPages pages;
    private final RefundRoutes refunds;
    private final String publicBaseUrl;
    private final Clock clock;
    private final BankAccountPages bankAccounts;

    public CheckoutHandler() {
        this(CheckoutWiring.fromEnv(System.getenv()));
    }

    public CheckoutHandler(CheckoutWiring wiring) {
        this.catalog = wiring.catalog();
        this.create = new CreateCheckout(wiring.catalog(), wiring.checkouts(), wiring.clock());
        this.find = new FindCheckout(wiring.checkouts());
        this.cancel = new CancelCheckout(wiring.checkouts(), wiring.clock());
        this.receipts = new FindReceipt(wiring.receipts());
        this.pages = new CitizenPages(wiring);
        this.refunds = new RefundRoutes(wiring);
        this.publicBaseUrl = wiring.publicBaseUrl();
        this.clock = wiring.clock();
        this.bankAccounts = new BankAccountPages(wiring);
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        HttpRequest request = new HttpRequest(event);
        try {
            return route(request, request.baseUrl(publicBaseUrl));
        } catch (Json.InvalidJsonException e) {
            return HttpResponses.problem(ProblemCode.INVALID_REQUEST, e.getMessage());
        } catch (RuntimeException e) {
            Log.error("checkout.unexpected_error", e, "route", request.routeKey(), "requestId", request.requestId());
            return HttpResponses.problem(ProblemCode.INTERNAL_ERROR, "an unexpected error occurred; request id " + request.requestId());
        }
    }

    private APIGatewayV2HTTPResponse route(HttpRequest request, String baseUrl) {
        String id = request.pathParameter("id");
        return switch (request.routeKey()) {
            case "POST /v1/checkouts" -> authenticated(request, key -> create(request, key, baseUrl));
            case "GET /v1/checkouts/{id}" -> authenticated(request, key -> find.forPortal(key, id)
                    .map(c -> checkout(200, c, baseUrl, Map.of()))
                    .orElseGet(() -> notFound("checkout")));
            case "POST /v1/checkouts/{id}/cancel" -> authenticated(request, key -> switch (cancel.cancel(key, id)) {
                case Result.Ok<Checkout> ok -> {
                    Log.info("checkout.canceled", "checkoutId", ok.value().id());
                    yield checkout(200, ok.value(), baseUrl, Map.of());
                }
                case Result.Err<Checkout> err -> HttpResponses.problem(err.rejection());
            });
            case "GET /v1/receipts/{number}" -> authenticated(request, key -> receipts.byNumber(request.pathParameter("number"))
                    // receipts of the checkouts the key sees, with what was refunded of them
                    .flatMap(r -> find.forPortal(key, r.checkoutId())
                            .map(c -> HttpResponses.json(200, CheckoutJson.receipt(r, c, baseUrl))))
                    .orElseGet(() -> notFound("receipt")));
            // refunds (RefundRoutes)
            case "POST /v1/checkouts/{id}/refunds", "GET /v1/checkouts/{id}/refunds", "GET /v1/refunds/{id}",
                 "POST /v1/refunds/{id}/approve", "POST /v1/refunds/{id}/reject" ->
                    authenticated(request, key -> refunds.route(request, key));
            case "GET /receipts/{number}/{token}" -> pages.receipt(request);
            case "GET /pay/{id}" -> pages.payment(request);
            case "POST /pay/{id}" -> pages.choose(request, baseUrl);
            case "GET /pay/{id}/return", "POST /pay/{id}/return" -> pages.returned(request);
            case "GET /refunds/{refundId}/bank-account/{token}" -> bankAccounts.show(request);
            case "POST /refunds/{refundId}/bank-account/{token}" -> bankAccounts.submit(request);
            default -> HttpResponses.problem(ProblemCode.NOT_FOUND, "no route " + request.routeKey());
        };
    }

    private APIGatewayV2HTTPResponse authenticated(HttpRequest request, Function<ApiKey, APIGatewayV2HTTPResponse> action) {
        Optional<ApiKey> key = Authentication.apiKey(request, catalog.get());
        return key.isEmpty() ? Authentication.unauthorized() : action.apply(key.get());
    }

    private APIGatewayV2HTTPResponse create(HttpRequest request, ApiKey key, String baseUrl) {
        return switch (CreateRequest.parse(request)) {
            case CreateRequest.Invalid invalid -> invalid.problem();
            case CreateRequest.Valid valid -> created(create.create(key, valid.checkout(), valid.idempotencyKey()), baseUrl);
        };
    }

    private APIGatewayV2HTTPResponse created(Result<CreateCheckout.Created> result, String baseUrl) {
        return switch (result) {
            case Result.Ok<CreateCheckout.Created> ok when ok.value().replayed() -> checkout(200, ok.value().checkout(), baseUrl,
                    Map.of("idempotent-replayed", "true", "location", PlatformLinks.RELATIVE.checkout(ok.value().checkout().id())));
            case Result.Ok<CreateCheckout.Created> ok -> {
                Checkout c = ok.value().checkout();
                Log.info("checkout.created", "checkoutId", c.id(), "organization", c.organizationCode(),
                        "portal", c.portalId(), "amount", c.amount());
                yield checkout(201, c, baseUrl, Map.of("location", PlatformLinks.RELATIVE.checkout(c.id())));
            }
            case Result.Err<CreateCheckout.Created> err -> HttpResponses.problem(err.rejection());
        };
    }

    private APIGatewayV2HTTPResponse checkout(int status, Checkout c, String baseUrl, Map<String, String> headers) {
        return HttpResponses.json(status, CheckoutJson.checkout(c, clock.instant(), baseUrl), headers);
    }

    private static APIGatewayV2HTTPResponse notFound(String what) {
        return HttpResponses.problem(ProblemCode.NOT_FOUND, "no such " + what + " for this key");
    }
}
