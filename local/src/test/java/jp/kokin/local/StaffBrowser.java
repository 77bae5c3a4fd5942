package jp.kokin.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A member of staff's browser without a browser: the JDK HTTP client, redirects looked at one by one,
 * and a cookie jar that keeps what the console sets (by name and path; {@code Secure} cookies are
 * sent over {@code http://127.0.0.1} as browsers do for loopback, which the JDK's own cookie manager
 * does not). {@link #signIn} goes through the real flow: the console, the development provider's
 * page, its form, the callback.
 */
final class StaffBrowser {
    private static final Pattern HIDDEN = Pattern.compile("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\">");
    private static final Pattern META_REFRESH = Pattern.compile("<meta http-equiv=\"refresh\" content=\"0;url=([^\"]+)\">");

    private record Cookie(String value, String path) {}

    private final String base;
    private final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, Cookie> jar = new LinkedHashMap<>();

    StaffBrowser(String base) {
        this.base = base;
    }

    /** Signs in as a demo user starting from {@code path}; returns the page the console then shows. */
    HttpResponse<String> signIn(String username, String path) throws Exception {
        HttpResponse<String> r = get(base + path);
        assertEquals(303, r.statusCode(), r.body());
        r = get(absolute(location(r))); // /console/auth/sign-in?next=…
        assertEquals(303, r.statusCode(), r.body());
        String authorize = location(r);
        assertTrue(authorize.startsWith(base + "/_oidc/authorize?"), authorize);
        r = get(authorize);
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().contains("<form id=\"dev-sign-in\""), r.body());
        assertTrue(r.body().contains("id=\"user-" + username + "\""), r.body());
        var form = new LinkedHashMap<String, String>();
        Matcher m = HIDDEN.matcher(r.body());
        while (m.find()) {
            form.put(m.group(1), m.group(2).replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&"));
        }
        form.put("user", username);
        r = post(base + "/_oidc/authorize", form);
        assertEquals(303, r.statusCode(), r.body());
        r = get(location(r)); // the console's callback
        assertEquals(200, r.statusCode(), r.body());
        Matcher refresh = META_REFRESH.matcher(r.body());
        assertTrue(refresh.find(), r.body());
        return get(absolute(refresh.group(1).replace("&amp;", "&")));
    }

    HttpResponse<String> get(String url) throws Exception {
        var b = HttpRequest.newBuilder(URI.create(url)).GET();
        cookieHeader(url).ifPresentOrElse(c -> b.header("Cookie", c), () -> { });
        return keep(client.send(b.build(), HttpResponse.BodyHandlers.ofString()));
    }

    HttpResponse<String> post(String url, Map<String, String> form) throws Exception {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        var b = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        cookieHeader(url).ifPresentOrElse(c -> b.header("Cookie", c), () -> { });
        return keep(client.send(b.build(), HttpResponse.BodyHandlers.ofString()));
    }

    boolean hasCookie(String name) {
        return jar.containsKey(name);
    }

    String absolute(String location) {
        return location.startsWith("/") ? base + location : location;
    }

    static String location(HttpResponse<String> r) {
        return r.headers().firstValue("location").orElseThrow(() -> new AssertionError("no Location: " + r.statusCode() + " " + r.body()));
    }

    private java.util.Optional<String> cookieHeader(String url) {
        String path = URI.create(url).getRawPath();
        String header = jar.entrySet().stream().filter(e -> path.startsWith(e.getValue().path()))
                .map(e -> e.getKey() + "=" + e.getValue().value()).collect(Collectors.joining("; "));
        return header.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(header);
    }

    private HttpResponse<String> keep(HttpResponse<String> response) {
        for (String setCookie : response.headers().allValues("set-cookie")) {
            String[] parts = setCookie.split(";");
            int eq = parts[0].indexOf('=');
            String name = parts[0].substring(0, eq).strip();
            String value = parts[0].substring(eq + 1).strip();
            String path = "/";
            boolean expired = false;
            for (int i = 1; i < parts.length; i++) {
                String attr = parts[i].strip();
                if (attr.regionMatches(true, 0, "Path=", 0, 5)) {
                    path = attr.substring(5);
                } else if (attr.equalsIgnoreCase("Max-Age=0")) {
                    expired = true;
                }
            }
            if (expired || value.isEmpty()) {
                jar.remove(name);
            } else {
                jar.put(name, new Cookie(value, path));
            }
        }
        return response;
    }
}
