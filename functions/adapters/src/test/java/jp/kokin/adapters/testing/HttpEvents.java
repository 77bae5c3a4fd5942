package jp.kokin.adapters.testing;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;

/**
 * Builds API Gateway HTTP API (payload 2.0) events as the template's routes deliver them:
 * {@code HttpEvents.route("POST /v1/checkouts/{id}/cancel").path("id", id).bearer(key).build()}.
 */
public final class HttpEvents {
    public static final String DOMAIN = "pay.example.jp";

    private final String method;
    private final String routeKey;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final Map<String, String> pathParameters = new LinkedHashMap<>();
    private final Map<String, String> query = new LinkedHashMap<>();
    private String body;

    private HttpEvents(String routeKey) {
        this.routeKey = routeKey;
        this.method = routeKey.substring(0, routeKey.indexOf(' '));
    }

    public static HttpEvents route(String routeKey) {
        return new HttpEvents(routeKey);
    }

    /** {@code POST /v1/checkouts} with a JSON body and a portal key. */
    public static APIGatewayV2HTTPEvent createCheckout(String apiKey, String json) {
        return route("POST /v1/checkouts").bearer(apiKey).json(json).build();
    }

    public HttpEvents bearer(String apiKey) {
        return header("authorization", "Bearer " + apiKey);
    }

    public HttpEvents header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public HttpEvents path(String name, String value) {
        pathParameters.put(name, value);
        return this;
    }

    public HttpEvents query(String name, String value) {
        query.put(name, value);
        return this;
    }

    public HttpEvents json(String json) {
        header("content-type", "application/json");
        this.body = json;
        return this;
    }

    public HttpEvents form(String form) {
        header("content-type", "application/x-www-form-urlencoded");
        this.body = form;
        return this;
    }

    public APIGatewayV2HTTPEvent build() {
        String rawPath = routeKey.substring(routeKey.indexOf(' ') + 1);
        for (var p : pathParameters.entrySet()) {
            rawPath = rawPath.replace("{" + p.getKey() + "}", p.getValue());
        }
        headers.putIfAbsent("host", DOMAIN);
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey(routeKey)
                .withRawPath(rawPath)
                .withRawQueryString(String.join("&", query.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()))
                .withHeaders(new LinkedHashMap<>(headers))
                .withPathParameters(pathParameters.isEmpty() ? null : new LinkedHashMap<>(pathParameters))
                .withQueryStringParameters(query.isEmpty() ? null : new LinkedHashMap<>(query))
                .withBody(body)
                .withIsBase64Encoded(false)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withDomainName(DOMAIN)
                        .withRequestId(UUID.randomUUID().toString())
                        .withStage("$default")
                        .withRouteKey(routeKey)
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod(method).withPath(rawPath).withProtocol("HTTP/1.1")
                                .withSourceIp("203.0.113.10").withUserAgent("kokin-it").build())
                        .build())
                .build();
    }
}
