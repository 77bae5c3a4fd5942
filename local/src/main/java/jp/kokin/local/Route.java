package jp.kokin.local;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One HttpApi route, {@code POST /v1/checkouts/{id}/cancel}: a method (or {@code ANY}) and a path whose
 * segments are literals, {@code {param}}, or a final greedy {@code {proxy+}}.
 */
record Route(String functionId, String method, String path) {

    /** The route key API Gateway puts in the event, {@code "POST /v1/checkouts/{id}/cancel"}. */
    String routeKey() {
        return method + " " + path;
    }

    /** The path parameters if this route takes the request, else empty. */
    Optional<Map<String, String>> match(String requestMethod, String requestPath) {
        if (!method.equals("ANY") && !method.equalsIgnoreCase(requestMethod)) {
            return Optional.empty();
        }
        List<String> pattern = segments(path);
        List<String> actual = segments(requestPath);
        var params = new LinkedHashMap<String, String>();
        for (int i = 0; i < pattern.size(); i++) {
            String p = pattern.get(i);
            if (p.startsWith("{") && p.endsWith("+}")) {
                if (i >= actual.size()) {
                    return Optional.empty();
                }
                params.put(p.substring(1, p.length() - 2), String.join("/", actual.subList(i, actual.size())));
                return Optional.of(params);
            }
            if (i >= actual.size()) {
                return Optional.empty();
            }
            String a = actual.get(i);
            if (p.startsWith("{") && p.endsWith("}")) {
                if (a.isEmpty()) {
                    return Optional.empty();
                }
                params.put(p.substring(1, p.length() - 1), java.net.URLDecoder.decode(a.replace("+", "%2B"),
                        java.nio.charset.StandardCharsets.UTF_8));
            } else if (!p.equals(a)) {
                return Optional.empty();
            }
        }
        return pattern.size() == actual.size() ? Optional.of(params) : Optional.empty();
    }

    /**
     * How specific a route is, for choosing among several matches as API Gateway does: more literal
     * segments first, then more segments, greedy last, a method over {@code ANY}.
     */
    int specificity() {
        int score = 0;
        for (String s : segments(path)) {
            score += s.endsWith("+}") ? 0 : s.startsWith("{") ? 100 : 10_000;
        }
        return score * 2 + (method.equals("ANY") ? 0 : 1);
    }

    private static List<String> segments(String path) {
        var result = new ArrayList<String>();
        for (String s : path.split("/", -1)) {
            result.add(s);
        }
        if (!result.isEmpty() && result.getFirst().isEmpty()) {
            result.removeFirst();
        }
        return result;
    }
}
