package jp.kokin.adapters.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;

/** A read-only view of an API Gateway HTTP API (payload 2.0) request. */
public final class HttpRequest {
    private final APIGatewayV2HTTPEvent event;
    private final Map<String, String> headers = new LinkedHashMap<>();

    public HttpRequest(APIGatewayV2HTTPEvent event) {
        this.event = event;
        if (event.getHeaders() != null) {
            event.getHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v));
        }
    }

    public String method() {
        var ctx = event.getRequestContext();
        if (ctx != null && ctx.getHttp() != null && ctx.getHttp().getMethod() != null) {
            return ctx.getHttp().getMethod();
        }
        String route = event.getRouteKey();
        return route != null && route.contains(" ") ? route.substring(0, route.indexOf(' ')) : "GET";
    }

    /** The route as declared in the template, e.g. {@code POST /v1/checkouts/{id}/cancel}. */
    /** The caller's address as API Gateway saw it (empty when unknown). */
    public String sourceIp() {
        var ctx = event.getRequestContext();
        return ctx != null && ctx.getHttp() != null && ctx.getHttp().getSourceIp() != null ? ctx.getHttp().getSourceIp() : "";
    }

    public String routeKey() {
        return event.getRouteKey() == null ? "" : event.getRouteKey();
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }

    /** Headers with lower-case names. */
    public Map<String, String> headers() {
        return java.util.Collections.unmodifiableMap(headers);
    }

    public byte[] bodyBytes() {
        String body = event.getBody();
        if (body == null) {
            return new byte[0];
        }
        return event.getIsBase64Encoded() ? Base64.getDecoder().decode(body) : body.getBytes(StandardCharsets.UTF_8);
    }

    public String body() {
        return new String(bodyBytes(), StandardCharsets.UTF_8);
    }

    /** The body as an HTML form ({@code application/x-www-form-urlencoded}); the first value of each name. */
    public Map<String, String> form() {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : body().split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            form.putIfAbsent(name, value);
        }
        return form;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    public String pathParameter(String name) {
        Map<String, String> params = event.getPathParameters();
        return params == null ? null : params.get(name);
    }

    public Optional<String> query(String name) {
        Map<String, String> params = event.getQueryStringParameters();
        return params == null ? Optional.empty() : Optional.ofNullable(params.get(name));
    }

    /** The public base URL: the configured one, or {@code https://} and the host the request came to. */
    public String baseUrl(String publicBaseUrl) {
        if (publicBaseUrl != null && !publicBaseUrl.isBlank()) {
            return publicBaseUrl.endsWith("/") ? publicBaseUrl.substring(0, publicBaseUrl.length() - 1) : publicBaseUrl;
        }
        var ctx = event.getRequestContext();
        String host = ctx != null && ctx.getDomainName() != null ? ctx.getDomainName() : header("host").orElse("localhost");
        return "https://" + host;
    }

    public String requestId() {
        var ctx = event.getRequestContext();
        return ctx != null && ctx.getRequestId() != null ? ctx.getRequestId() : "-";
    }
}
