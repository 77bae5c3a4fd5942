package jp.kokin.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/** API Gateway HTTP API payload format 2.0: the event a request becomes, and the response an answer becomes. */
final class HttpEvents {

    private static final DateTimeFormatter REQUEST_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    /** A request as received, headers with their original names and repeated values. */
    record IncomingRequest(String method, String rawPath, String rawQuery, Map<String, List<String>> headers,
                           byte[] body, String sourceIp, String protocol) {}

    /** What goes back to the client. */
    record OutgoingResponse(int status, Map<String, List<String>> headers, byte[] body) {}

    private HttpEvents() {}

    static APIGatewayV2HTTPEvent toEvent(IncomingRequest request, Route route, String apiId,
                                         Map<String, String> pathParameters, Instant now) {
        var headers = new LinkedHashMap<String, String>();
        List<String> cookies = new ArrayList<>();
        request.headers().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.equals("cookie")) {
                for (String header : values) {
                    for (String cookie : header.split(";")) {
                        if (!cookie.isBlank()) {
                            cookies.add(cookie.strip());
                        }
                    }
                }
            } else {
                headers.merge(lower, String.join(",", values), (a, b) -> a + "," + b);
            }
        });

        String host = headers.getOrDefault("host", "127.0.0.1");
        String contentType = headers.getOrDefault("content-type", "");
        boolean hasBody = request.body() != null && request.body().length > 0;
        boolean text = isText(contentType);

        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey(route.routeKey())
                .withRawPath(request.rawPath())
                .withRawQueryString(request.rawQuery() == null ? "" : request.rawQuery())
                .withCookies(cookies.isEmpty() ? null : cookies)
                .withHeaders(headers)
                .withQueryStringParameters(queryParameters(request.rawQuery()))
                .withPathParameters(pathParameters.isEmpty() ? null : pathParameters)
                .withBody(!hasBody ? null : text ? new String(request.body(), StandardCharsets.UTF_8)
                        : Base64.getEncoder().encodeToString(request.body()))
                .withIsBase64Encoded(hasBody && !text)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withAccountId("000000000000")
                        .withApiId(apiId)
                        .withDomainName(host)
                        .withDomainPrefix(host.split("[.:]")[0])
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod(request.method())
                                .withPath(request.rawPath())
                                .withProtocol(request.protocol())
                                .withSourceIp(request.sourceIp())
                                .withUserAgent(headers.get("user-agent"))
                                .build())
                        .withRequestId(UUID.randomUUID().toString())
                        .withRouteKey(route.routeKey())
                        .withStage("$default")
                        .withTime(REQUEST_TIME.format(now))
                        .withTimeEpoch(now.toEpochMilli())
                        .build())
                .build();
    }

    /** Text bodies pass as is; anything else base64-encoded, as API Gateway does. */
    static boolean isText(String contentType) {
        String type = contentType.toLowerCase(Locale.ROOT).split(";")[0].strip();
        return type.startsWith("text/") || type.equals("application/json") || type.endsWith("+json")
                || type.equals("application/x-www-form-urlencoded") || type.equals("application/xml") || type.endsWith("+xml")
                || type.equals("application/javascript");
    }

    /** Decoded query parameters, repeated names joined with commas; null when there are none. */
    static Map<String, String> queryParameters(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return null;
        }
        var params = new LinkedHashMap<String, String>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            params.merge(name, value, (a, b) -> a + "," + b);
        }
        return params.isEmpty() ? null : params;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    static OutgoingResponse fromResponse(APIGatewayV2HTTPResponse response) {
        if (response == null) {
            return new OutgoingResponse(200, Map.of(), new byte[0]);
        }
        var headers = new LinkedHashMap<String, List<String>>();
        if (response.getHeaders() != null) {
            response.getHeaders().forEach((name, value) -> headers.computeIfAbsent(name, k -> new ArrayList<>()).add(value));
        }
        if (response.getMultiValueHeaders() != null) {
            response.getMultiValueHeaders().forEach((name, values) -> headers.computeIfAbsent(name, k -> new ArrayList<>()).addAll(values));
        }
        if (response.getCookies() != null && !response.getCookies().isEmpty()) {
            headers.computeIfAbsent("Set-Cookie", k -> new ArrayList<>()).addAll(response.getCookies());
        }
        String body = response.getBody();
        byte[] bytes = body == null ? new byte[0]
                : response.getIsBase64Encoded() ? Base64.getDecoder().decode(body) : body.getBytes(StandardCharsets.UTF_8);
        return new OutgoingResponse(response.getStatusCode() == 0 ? 200 : response.getStatusCode(), headers, bytes);
    }
}
