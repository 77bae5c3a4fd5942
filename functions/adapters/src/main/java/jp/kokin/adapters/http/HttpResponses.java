package jp.kokin.adapters.http;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jp.kokin.adapters.json.Json;
import jp.kokin.domain.checkout.FieldError;
import jp.kokin.domain.checkout.Rejection;

/**
 * Builds API Gateway responses: JSON, RFC 9457 problems, HTML pages, redirects, files. Every
 * answer carries {@code x-content-type-options: nosniff} and HSTS.
 */
public final class HttpResponses {
    /** Pages carry no script and may not be framed (clickjacking on a payment page). */
    private static final String PAGE_CSP =
            "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; frame-ancestors 'none'";
    /**
     * HSTS on every answer, whatever the request's scheme: API Gateway serves only HTTPS, and a
     * browser ignores the header on a plain-http answer (the local runner). Two years; the API's
     * own host and its subdomains.
     */
    static final String STRICT_TRANSPORT_SECURITY = "max-age=63072000; includeSubDomains";

    /** A problem lists at most this many field errors, and says how many more there were ({@code errorsOmitted}). */
    public static final int MAX_LISTED_ERRORS = 20;

    private HttpResponses() {}

    public static APIGatewayV2HTTPResponse json(int status, JsonNode body) {
        return response(status, "application/json", Json.write(body), Map.of());
    }

    public static APIGatewayV2HTTPResponse json(int status, JsonNode body, Map<String, String> extraHeaders) {
        return response(status, "application/json", Json.write(body), extraHeaders);
    }

    public static APIGatewayV2HTTPResponse problem(ProblemCode code, String detail) {
        return problem(code, detail, List.of());
    }

    /** A refusal as a problem; its {@code amounts} become members of the answer (e.g. {@code refundableAmount}). */
    public static APIGatewayV2HTTPResponse problem(Rejection rejection) {
        return problem(ProblemCode.of(rejection.kind()), rejection.detail(), rejection.errors(), rejection.amounts());
    }

    /** As {@link #problem(Rejection)}, with more headers (e.g. {@code retry-after} on a 503). */
    public static APIGatewayV2HTTPResponse problem(Rejection rejection, Map<String, String> extraHeaders) {
        APIGatewayV2HTTPResponse r = problem(rejection);
        Map<String, String> headers = new LinkedHashMap<>(r.getHeaders());
        headers.putAll(extraHeaders);
        r.setHeaders(headers);
        return r;
    }

    /** An RFC 9457 problem: {@code type}, {@code title}, {@code status}, {@code detail}, {@code code}, {@code errors}. */
    public static APIGatewayV2HTTPResponse problem(ProblemCode problem, String detail, List<FieldError> errors) {
        return problem(problem, detail, errors, Map.of());
    }

    private static APIGatewayV2HTTPResponse problem(ProblemCode problem, String detail, List<FieldError> errors,
                                                   Map<String, Long> amounts) {
        int status = problem.status();
        String code = problem.code();
        ObjectNode body = Json.object();
        body.put("type", "urn:kokin:problem:" + code);
        body.put("title", problem.title());
        body.put("status", status);
        int omitted = Math.max(0, errors.size() - MAX_LISTED_ERRORS);
        body.put("detail", omitted == 0 ? detail : detail + " (the first " + MAX_LISTED_ERRORS + " field errors are listed; "
                + omitted + " more were not)");
        body.put("code", code);
        if (!errors.isEmpty()) {
            var array = body.putArray("errors");
            for (FieldError e : errors.subList(0, errors.size() - omitted)) {
                array.addObject().put("field", e.field()).put("code", e.code()).put("message", e.message());
            }
        }
        if (omitted > 0) {
            body.put("errorsOmitted", omitted);
        }
        new java.util.TreeMap<>(amounts).forEach(body::put);
        Map<String, String> headers = status == 401 ? Map.of("www-authenticate", "Bearer") : Map.of();
        return response(status, "application/problem+json", Json.write(body), headers);
    }

    public static APIGatewayV2HTTPResponse html(int status, String page) {
        return response(status, "text/html; charset=utf-8", page, Map.of("content-security-policy", PAGE_CSP,
                "referrer-policy", "no-referrer"));
    }

    public static APIGatewayV2HTTPResponse redirect(String location) {
        return response(303, "text/plain; charset=utf-8", "See " + location, Map.of("location", location));
    }


    /** A text body as given (e.g. a provider's fixed acknowledgement). */
    public static APIGatewayV2HTTPResponse text(int status, String contentType, String body) {
        return response(status, contentType, body, Map.of());
    }

    /** A binary body (e.g. a Zengin file), base64 in the API Gateway response. */
    public static APIGatewayV2HTTPResponse bytes(int status, String contentType, byte[] body, Map<String, String> extraHeaders) {
        Map<String, String> headers = baseHeaders(contentType);
        headers.putAll(extraHeaders);
        return APIGatewayV2HTTPResponse.builder().withStatusCode(status).withHeaders(headers)
                .withBody(Base64.getEncoder().encodeToString(body)).withIsBase64Encoded(true).build();
    }

    private static APIGatewayV2HTTPResponse response(int status, String contentType, String body, Map<String, String> extra) {
        Map<String, String> headers = baseHeaders(contentType);
        headers.putAll(extra);
        return APIGatewayV2HTTPResponse.builder().withStatusCode(status).withHeaders(headers)
                .withBody(body).withIsBase64Encoded(false).build();
    }

    private static Map<String, String> baseHeaders(String contentType) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", contentType);
        headers.put("cache-control", "no-store");
        headers.put("x-content-type-options", "nosniff");
        headers.put("strict-transport-security", STRICT_TRANSPORT_SECURITY);
        return headers;
    }

}
