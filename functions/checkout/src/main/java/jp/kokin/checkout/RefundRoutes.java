package jp.kokin.checkout;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import jp.kokin.adapters.http.HttpRequest;
import jp.kokin.adapters.http.HttpResponses;
import jp.kokin.adapters.http.ProblemCode;
import jp.kokin.adapters.json.Json;
import jp.kokin.adapters.log.Log;
import jp.kokin.domain.catalog.ApiKey;
import jp.kokin.domain.checkout.FieldError;
import jp.kokin.domain.checkout.Result;
import jp.kokin.domain.refund.AfterApproval;
import jp.kokin.domain.refund.DecideRefund;
import jp.kokin.domain.refund.FindRefunds;
import jp.kokin.domain.refund.Refund;
import jp.kokin.domain.refund.RequestRefund;

/**
 * The refund routes of {@code CheckoutFunction} (authenticated by {@link CheckoutHandler}): each
 * parses, calls one use case and maps its outcome.
 */
final class RefundRoutes {
    /** The routes served here, as the template declares them. */
    static final List<String> ROUTES = List.of("POST /v1/checkouts/{id}/refunds", "GET /v1/checkouts/{id}/refunds",
            "GET /v1/refunds/{id}", "POST /v1/refunds/{id}/approve", "POST /v1/refunds/{id}/reject");

    private final RequestRefund requests;
    private final DecideRefund decisions;
    private final FindRefunds find;

    RefundRoutes(CheckoutWiring wiring) {
        AfterApproval afterApproval = wiring.afterApproval();
        this.requests = new RequestRefund(wiring.catalog(), wiring.checkouts(), afterApproval, wiring.clock());
        this.decisions = new DecideRefund(wiring.checkouts(), afterApproval, wiring.clock());
        this.find = new FindRefunds(wiring.checkouts());
    }

    APIGatewayV2HTTPResponse route(HttpRequest request, ApiKey key) {
        String id = request.pathParameter("id");
        return switch (request.routeKey()) {
            case "POST /v1/checkouts/{id}/refunds" -> request(request, key, id);
            case "GET /v1/checkouts/{id}/refunds" -> find.ofCheckout(key, id)
                    .map(c -> HttpResponses.json(200, RefundJson.refunds(c)))
                    .orElseGet(() -> notFound("checkout"));
            case "GET /v1/refunds/{id}" -> find.byId(key, id)
                    .map(f -> HttpResponses.json(200, RefundJson.refund(f.refund())))
                    .orElseGet(() -> notFound("refund"));
            case "POST /v1/refunds/{id}/approve" -> decide(request, "note", note -> decisions.approve(key, id, note));
            case "POST /v1/refunds/{id}/reject" -> decide(request, "reason", reason -> decisions.reject(key, id, reason));
            default -> throw new IllegalArgumentException("not a refund route: " + request.routeKey());
        };
    }

    private APIGatewayV2HTTPResponse request(HttpRequest request, ApiKey key, String checkoutId) {
        Optional<APIGatewayV2HTTPResponse> unreadable = unreadable(request);
        if (unreadable.isPresent()) {
            return unreadable.get();
        }
        Optional<String> idempotencyKey = request.header("idempotency-key");
        if (idempotencyKey.isPresent()
                && (idempotencyKey.get().isEmpty() || idempotencyKey.get().length() > CreateRequest.MAX_IDEMPOTENCY_KEY)) {
            return HttpResponses.problem(ProblemCode.INVALID_REQUEST, "Idempotency-Key must be 1 to 255 characters");
        }
        RefundJson.Parsed parsed = RefundJson.parseRequest(Json.parse(request.body()));
        if (parsed.request() == null) {
            return HttpResponses.problem(ProblemCode.INVALID_REQUEST, "the request has invalid fields", parsed.errors());
        }
        return switch (requests.request(key, checkoutId, parsed.request(), idempotencyKey.orElse(null))) {
            case Result.Ok<RequestRefund.Requested> ok when ok.value().replayed() -> HttpResponses.json(200,
                    RefundJson.refund(ok.value().refund()), Map.of("idempotent-replayed", "true",
                            "location", location(ok.value().refund())));
            case Result.Ok<RequestRefund.Requested> ok -> {
                Refund r = ok.value().refund();
                Log.info("refund.requested", "refundId", r.id(), "paymentId", r.paymentId(), "amount", r.amount(),
                        "reason", r.reason().wire(), "status", r.status().wire(), "requestedBy", r.requestedBy());
                yield HttpResponses.json(201, RefundJson.refund(r), Map.of("location", location(r)));
            }
            case Result.Err<RequestRefund.Requested> err -> HttpResponses.problem(err.rejection());
        };
    }

    private APIGatewayV2HTTPResponse decide(HttpRequest request, String field,
                                            java.util.function.Function<String, Result<DecideRefund.Decided>> decision) {
        Optional<APIGatewayV2HTTPResponse> unreadable = unreadable(request);
        if (unreadable.isPresent()) {
            return unreadable.get();
        }
        RefundJson.Decision parsed = RefundJson.parseDecision(request.body(), field);
        if (!parsed.errors().isEmpty()) {
            return HttpResponses.problem(ProblemCode.INVALID_REQUEST, "the request has invalid fields", parsed.errors());
        }
        return switch (decision.apply(parsed.text())) {
            case Result.Ok<DecideRefund.Decided> ok -> {
                Refund r = ok.value().refund();
                Log.info("refund.decided", "refundId", r.id(), "status", r.status().wire(), "decidedBy", r.decidedBy());
                yield HttpResponses.json(200, RefundJson.refund(r));
            }
            case Result.Err<DecideRefund.Decided> err -> HttpResponses.problem(err.rejection());
        };
    }

    /** A body we do not read: not JSON, or over {@link CheckoutJson#MAX_BODY_BYTES}. */
    private static Optional<APIGatewayV2HTTPResponse> unreadable(HttpRequest request) {
        Optional<String> contentType = request.header("content-type");
        if (contentType.isPresent() && !contentType.get().toLowerCase(Locale.ROOT).startsWith("application/json")) {
            return Optional.of(HttpResponses.problem(ProblemCode.UNSUPPORTED_MEDIA_TYPE, "send the body as application/json"));
        }
        if (request.bodyBytes().length > CheckoutJson.MAX_BODY_BYTES) {
            return Optional.of(HttpResponses.problem(ProblemCode.INVALID_REQUEST, "the request has invalid fields", List.of(
                    new FieldError("", "too_large", "the body is larger than " + CheckoutJson.MAX_BODY_BYTES + " bytes"))));
        }
        return Optional.empty();
    }

    private static String location(Refund r) {
        return "/v1/refunds/" + r.id();
    }

    private static APIGatewayV2HTTPResponse notFound(String what) {
        return HttpResponses.problem(ProblemCode.NOT_FOUND, "no such " + what + " for this key");
    }
}
