package jp.kokin.checkout;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import jp.kokin.adapters.http.HttpRequest;
import jp.kokin.adapters.http.HttpResponses;
import jp.kokin.adapters.http.ProblemCode;
import jp.kokin.adapters.json.Json;
import jp.kokin.domain.checkout.FieldError;
import jp.kokin.domain.checkout.NewCheckout;

/** {@code POST /v1/checkouts} as received: its media type, Idempotency-Key and size checked, then its body parsed. */
sealed interface CreateRequest {
    /** An Idempotency-Key is 1 to this many characters. */
    int MAX_IDEMPOTENCY_KEY = 255;

    /** A checkout to create; {@code idempotencyKey} null when none was sent. */
    record Valid(NewCheckout checkout, String idempotencyKey) implements CreateRequest {}

    /** Not a request to act on: answered with {@code problem}. */
    record Invalid(APIGatewayV2HTTPResponse problem) implements CreateRequest {}

    static CreateRequest parse(HttpRequest request) {
        Optional<String> contentType = request.header("content-type");
        if (contentType.isPresent() && !contentType.get().toLowerCase(Locale.ROOT).startsWith("application/json")) {
            return invalid(ProblemCode.UNSUPPORTED_MEDIA_TYPE, "send the checkout as application/json", List.of());
        }
        Optional<String> key = request.header("idempotency-key");
        if (key.isPresent() && (key.get().isEmpty() || key.get().length() > MAX_IDEMPOTENCY_KEY)) {
            return invalid(ProblemCode.INVALID_REQUEST, "Idempotency-Key must be 1 to 255 characters", List.of());
        }
        if (request.bodyBytes().length > CheckoutJson.MAX_BODY_BYTES) {
            return invalid(ProblemCode.INVALID_REQUEST, "the request has invalid fields", List.of(
                    new FieldError("", "too_large", "the body is larger than " + CheckoutJson.MAX_BODY_BYTES + " bytes")));
        }
        CheckoutJson.Parsed parsed = CheckoutJson.parseCreate(Json.parse(request.body()));
        if (parsed.request() == null) {
            return invalid(ProblemCode.INVALID_REQUEST, "the request has invalid fields", parsed.errors());
        }
        return new Valid(parsed.request(), key.orElse(null));
    }

    private static CreateRequest invalid(ProblemCode code, String detail, List<FieldError> errors) {
        return new Invalid(HttpResponses.problem(code, detail, errors));
    }
}
