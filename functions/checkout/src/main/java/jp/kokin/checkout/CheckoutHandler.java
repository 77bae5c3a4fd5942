package jp.kokin.checkout;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import jp.kokin.adapters.aws.ClientFactory;
import jp.kokin.adapters.catalog.CatalogRepository;
import jp.kokin.adapters.http.Authentication;
import jp.kokin.adapters.http.HttpRequest;
import jp.kokin.adapters.http.HttpResponses;
import jp.kokin.adapters.http.ProblemCode;
import jp.kokin.adapters.json.Json;
import jp.kokin.adapters.ledger.DynamoLedger;
import jp.kokin.adapters.log.Log;
import jp.kokin.adapters.provider.ProviderContext;
import jp.kokin.adapters.queue.ReceiptDue;
import jp.kokin.adapters.queue.ReceiptQueue;
import jp.kokin.adapters.provider.ProviderRegistry;
import jp.kokin.domain.provider.Callbacks;
import jp.kokin.domain.provider.ProviderSession;
import jp.kokin.domain.provider.Providers;
import jp.kokin.domain.catalog.ApiKey;
import jp.kokin.domain.catalog.Catalog;
import jp.kokin.domain.catalog.Language;
import jp.kokin.domain.catalog.Organization;
import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.checkout.CheckoutService;
import jp.kokin.domain.checkout.FieldError;
import jp.kokin.domain.checkout.Payment;
import jp.kokin.domain.checkout.PaymentMethod;
import jp.kokin.domain.checkout.Result;
import jp.kokin.domain.format.ReceiptNumber;
import jp.kokin.domain.receipt.Receipt;

/**
 * {@code CheckoutFunction}: the portals' checkout and receipt API, and the citizens' hosted
 * payment and receipt pages. Parses, calls one use case, maps the outcome; nothing else.
 */
public final class CheckoutHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private static final int MAX_IDEMPOTENCY_KEY = 255;

    private final Supplier<Catalog> catalog;
    private final Providers providers;
    private final DynamoLedger ledger;
    private final ReceiptDue receiptDue;
    private final String publicBaseUrl;
    private final Clock clock;

    public CheckoutHandler() {
        this(System.getenv());
    }

    public CheckoutHandler(Map<String, String> env) {
        this(env, ClientFactory.dynamoDb(env));
    }

    private CheckoutHandler(Map<String, String> env, software.amazon.awssdk.services.dynamodb.DynamoDbClient dynamoDb) {
        this(env, CatalogRepository.fromEnv(dynamoDb, env), DynamoLedger.fromEnv(dynamoDb, env), Clock.systemUTC());
    }

    private CheckoutHandler(Map<String, String> env, Supplier<Catalog> catalog, DynamoLedger ledger, Clock clock) {
        this(catalog, new ProviderRegistry(catalog, ProviderContext.fromEnv(env, clock),
                ProviderRegistry.Sandbox.fromEnv(env)), ledger,
                ReceiptQueue.fromEnv(ClientFactory.sqs(env), env), env.getOrDefault("PUBLIC_BASE_URL", ""), clock);
        Log.configure(env);
        jp.kokin.adapters.aws.Priming.prime("CheckoutFunction", catalog);
    }

    public CheckoutHandler(Supplier<Catalog> catalog, Providers providers, DynamoLedger ledger, ReceiptQueue receipts,
                           String publicBaseUrl, Clock clock) {
        this.catalog = catalog;
        this.providers = providers;
        this.receiptDue = new ReceiptDue(receipts);
        this.ledger = ledger;
        this.publicBaseUrl = publicBaseUrl;
        this.clock = clock;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        HttpRequest request = new HttpRequest(event);
        try {
            return route(request);
        } catch (Json.InvalidJsonException e) {
            return HttpResponses.problem(ProblemCode.INVALID_REQUEST, e.getMessage());
        } catch (RuntimeException e) {
            Log.error("checkout.unexpected_error", e, "route", request.routeKey(), "requestId", request.requestId());
            return HttpResponses.problem(ProblemCode.INTERNAL_ERROR, "an unexpected error occurred; request id " + request.requestId());
        }
    }

    private APIGatewayV2HTTPResponse route(HttpRequest request) {
        String baseUrl = request.baseUrl(publicBaseUrl);
        CheckoutService service = new CheckoutService(catalog, ledger, providers, clock);
        return switch (request.routeKey()) {
            case "POST /v1/checkouts" -> authenticated(request, key -> create(request, key, service, baseUrl));
            case "GET /v1/checkouts/{id}" -> authenticated(request, key -> service.get(key, request.pathParameter("id"))
                    .map(c -> HttpResponses.json(200, CheckoutJson.checkout(c, clock.instant(), baseUrl)))
                    .orElseGet(() -> notFound("checkout")));
            case "POST /v1/checkouts/{id}/cancel" -> authenticated(request, key ->
                    switch (service.cancel(key, request.pathParameter("id"))) {
                        case Result.Ok<Checkout> ok -> {
                            Log.info("checkout.canceled", "checkoutId", ok.value().id());
                            yield HttpResponses.json(200, CheckoutJson.checkout(ok.value(), clock.instant(), baseUrl));
                        }
                        case Result.Err<Checkout> err -> HttpResponses.problem(err.rejection());
                    });
            case "GET /v1/receipts/{number}" -> authenticated(request, key -> receipt(request.pathParameter("number"))
                    .filter(r -> service.get(key, r.checkoutId()).isPresent()) // receipts of the checkouts the key sees
                    .map(r -> HttpResponses.json(200, CheckoutJson.receipt(r, baseUrl)))
                    .orElseGet(() -> notFound("receipt")));
            case "GET /receipts/{number}/{token}" -> receiptPage(request);
            case "GET /pay/{id}" -> service.getForCitizen(request.pathParameter("id"))
                    .map(c -> HttpResponses.html(200, paymentPage(c, null)))
                    .orElseGet(() -> HttpResponses.html(404, Pages.notFound(Language.JA)));
            case "POST /pay/{id}" -> choose(request, service, baseUrl);
            case "GET /pay/{id}/return", "POST /pay/{id}/return" -> returned(request, service);
            default -> HttpResponses.problem(ProblemCode.NOT_FOUND, "no route " + request.routeKey());
        };
    }

    private APIGatewayV2HTTPResponse authenticated(HttpRequest request,
                                                   java.util.function.Function<ApiKey, APIGatewayV2HTTPResponse> action) {
        Optional<ApiKey> key = Authentication.apiKey(request, catalog.get());
        if (key.isEmpty()) {
            return Authentication.unauthorized();
        }
        return action.apply(key.get());
    }

    private APIGatewayV2HTTPResponse create(HttpRequest request, ApiKey key, CheckoutService service, String baseUrl) {
        Optional<String> contentType = request.header("content-type");
        if (contentType.isPresent() && !contentType.get().toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            return HttpResponses.problem(ProblemCode.UNSUPPORTED_MEDIA_TYPE, "send the checkout as application/json");
        }
        Optional<String> idempotencyKey = request.header("idempotency-key");
        if (idempotencyKey.isPresent() && (idempotencyKey.get().isEmpty() || idempotencyKey.get().length() > MAX_IDEMPOTENCY_KEY)) {
            return HttpResponses.problem(ProblemCode.INVALID_REQUEST, "Idempotency-Key must be 1 to 255 characters");
        }
        if (request.bodyBytes().length > CheckoutJson.MAX_BODY_BYTES) {
            return HttpResponses.problem(ProblemCode.INVALID_REQUEST, "the request has invalid fields", List.of(
                    new FieldError("", "too_large", "the body is larger than " + CheckoutJson.MAX_BODY_BYTES + " bytes")));
        }
        CheckoutJson.Parsed parsed = CheckoutJson.parseCreate(Json.parse(request.body()));
        if (parsed.request() == null) {
            return HttpResponses.problem(ProblemCode.INVALID_REQUEST, "the request has invalid fields", parsed.errors());
        }
        return switch (service.create(key, parsed.request(), idempotencyKey.orElse(null))) {
            case Result.Ok<CheckoutService.Created> ok -> {
                Checkout c = ok.value().checkout();
                if (!ok.value().replayed()) {
                    Log.info("checkout.created", "checkoutId", c.id(), "organization", c.organizationCode(),
                            "portal", c.portalId(), "amount", c.amount());
                }
                yield HttpResponses.json(ok.value().replayed() ? 200 : 201, CheckoutJson.checkout(c, clock.instant(), baseUrl),
                        ok.value().replayed() ? Map.of("idempotent-replayed", "true", "location", "/v1/checkouts/" + c.id())
                                : Map.of("location", "/v1/checkouts/" + c.id()));
            }
            case Result.Err<CheckoutService.Created> err -> HttpResponses.problem(err.rejection());
        };
    }

    /** The payment page, offering the checkout's methods that a usable provider serves (not a disabled sandbox). */
    private String paymentPage(Checkout c, String error) {
        List<PaymentMethod> available = c.methods().stream()
                .filter(m -> providers.forMethod(c.organizationCode(), m).isPresent())
                .toList();
        return Pages.payment(c, available, organizationName(c), clock.instant(), error);
    }

    private APIGatewayV2HTTPResponse choose(HttpRequest request, CheckoutService service, String baseUrl) {
        String id = request.pathParameter("id");
        Optional<Checkout> checkout = service.getForCitizen(id);
        if (checkout.isEmpty()) {
            return HttpResponses.html(404, Pages.notFound(Language.JA));
        }
        Checkout c = checkout.get();
        boolean en = c.language() == Language.EN;
        Optional<PaymentMethod> method = PaymentMethod.fromWire(request.form().get("method"));
        if (method.isEmpty()) {
            return HttpResponses.html(400, paymentPage(c, en ? "Please choose a payment method." : "お支払い方法を選んでください。"));
        }
        return switch (service.startPayment(c, method.get(), p -> Callbacks.forAttempt(baseUrl, c.id(), p.id(), p.provider()))) {
            case Result.Ok<CheckoutService.Started> ok -> {
                Log.info("payment.started", "checkoutId", id, "paymentId", ok.value().payment().id(),
                        "method", method.get().wire(), "provider", ok.value().payment().provider());
                yield switch (ok.value().redirect()) {
                    case ProviderSession.Redirect.Get get -> HttpResponses.redirect(get.url());
                    case ProviderSession.Redirect.FormPost form ->
                            HttpResponses.html(200, Pages.formPost(ok.value().checkout(), method.get(), form));
                };
            }
            case Result.Err<CheckoutService.Started> err -> {
                Checkout current = err.rejection().code().equals("conflict") ? service.getForCitizen(id).orElse(c) : c;
                String message = switch (err.rejection().code()) {
                    case "provider_unavailable" -> en ? "The payment provider is not available. Please try again later."
                            : "お支払い事業者に接続できませんでした。しばらくしてからお試しください。";
                    case "method_not_offered" -> en ? "That method is not available for this payment."
                            : "この支払いではその方法は使えません。";
                    case "too_many_attempts" -> en ? "Too many attempts. Please start again from the portal."
                            : "試行回数が上限に達しました。ポータルからやり直してください。";
                    default -> null;
                };
                if (err.rejection().code().equals("provider_unavailable")) {
                    Log.warn("payment.provider_unavailable", "checkoutId", id, "method", method.get().wire());
                }
                yield HttpResponses.html(err.rejection().code().equals("provider_unavailable") ? 503 : 409,
                        paymentPage(current, message));
            }
        };
    }

    private APIGatewayV2HTTPResponse returned(HttpRequest request, CheckoutService service) {
        Optional<Checkout> checkout = service.getForCitizen(request.pathParameter("id"));
        if (checkout.isEmpty()) {
            return HttpResponses.html(404, Pages.notFound(Language.JA));
        }
        Checkout c = checkout.get();
        Payment payment = request.query("payment").flatMap(c::payment).orElse(null);
        if (payment != null && payment.status() == jp.kokin.domain.checkout.PaymentStatus.PENDING) {
            // Back before the provider's notification: ask the provider rather than make the citizen wait.
            // Nothing is believed from the redirect itself; an unreachable provider leaves the page "confirming".
            if (service.confirm(payment.provider(), payment.id()) instanceof Result.Ok<CheckoutService.Recorded> ok) {
                c = ok.value().checkout();
                payment = c.payment(payment.id()).orElse(payment);
                if (ReceiptDue.isDue(ok.value())) {
                    Log.info("payment.confirmed_on_return", "checkoutId", c.id(), "paymentId", payment.id());
                }
                receiptDue.queueIfDue(ok.value());
            }
        }
        return HttpResponses.html(200, Pages.result(c, payment, organizationName(c), clock.instant()));
    }

    private APIGatewayV2HTTPResponse receiptPage(HttpRequest request) {
        String token = request.pathParameter("token");
        Optional<Receipt> receipt = !Receipt.isToken(token) ? Optional.empty() : receipt(request.pathParameter("number"))
                .filter(r -> MessageDigest.isEqual(r.token().getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8)));
        return receipt.map(r -> HttpResponses.html(200, Pages.receipt(r,
                        catalog.get().organization(r.organizationCode()).map(Organization::name).orElse(r.organizationCode()))))
                .orElseGet(() -> HttpResponses.html(404, Pages.notFound(Language.JA)));
    }

    /** The receipt of a number from a path, parsed before the lookup: a malformed number is not looked up. */
    private Optional<Receipt> receipt(String number) {
        return ReceiptNumber.fromCanonical(number).flatMap(n -> ledger.findReceipt(n.format()));
    }

    private String organizationName(Checkout c) {
        return catalog.get().organization(c.organizationCode()).map(Organization::name).orElse(c.organizationCode());
    }

    private static APIGatewayV2HTTPResponse notFound(String what) {
        return HttpResponses.problem(ProblemCode.NOT_FOUND, "no such " + what + " for this key");
    }

}
