package jp.kokin.console.web;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import jp.kokin.console.auth.Session;
import jp.kokin.domain.console.StaffUser;

/**
 * One console request, parsed: path parameters from the matched {@link Route}, the query, the form
 * (POST, {@code application/x-www-form-urlencoded}), the cookies, the language and, once signed in,
 * the session.
 *
 * @param path     without the query, e.g. {@code /console/payments/chk_…}
 * @param lang     {@code ja} (default) or {@code en}: the {@code kokin_console_lang} cookie, or {@code ?lang=}
 * @param session  empty before sign-in (only public routes see it empty)
 * @param now      the wiring's clock, read once per request
 */
public record ConsoleRequest(String method, String path, Map<String, String> pathParams, Map<String, String> query,
                             Map<String, String> form, Map<String, String> cookies, Map<String, String> headers,
                             String sourceIp, String userAgent, String baseUrl, String lang,
                             Optional<Session> session, Instant now) {
    public ConsoleRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        pathParams = Map.copyOf(pathParams);
        query = Map.copyOf(query);
        form = Map.copyOf(form);
        cookies = Map.copyOf(cookies);
        headers = Map.copyOf(headers);
        Objects.requireNonNull(session, "session");
    }

    public boolean english() {
        return "en".equals(lang);
    }

    /** The Japanese or the English text, by the request's language. */
    public String t(String ja, String en) {
        return english() ? en : ja;
    }

    /** The signed-in user (routes with a permission are only called with one). */
    public StaffUser user() {
        return session.orElseThrow(() -> new IllegalStateException("no session")).user();
    }

    /** The CSRF token for this session's forms ({@code <input type=hidden name=_csrf>}; see {@link Layout#csrfField}). */
    public String csrfToken() {
        return session.map(Session::csrfToken).orElse("");
    }

    public String pathParam(String name) {
        String v = pathParams.get(name);
        if (v == null) {
            throw new IllegalArgumentException("no path parameter " + name);
        }
        return v;
    }

    /** A query parameter, trimmed, empty when absent or blank. */
    public Optional<String> q(String name) {
        String v = query.get(name);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.strip());
    }

    /** A form field, trimmed, empty when absent or blank. */
    public Optional<String> f(String name) {
        String v = form.get(name);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.strip());
    }

    public ConsoleRequest withPathParams(Map<String, String> params) {
        return new ConsoleRequest(method, path, params, query, form, cookies, headers, sourceIp, userAgent, baseUrl,
                lang, session, now);
    }

    public ConsoleRequest withSession(Optional<Session> s) {
        return new ConsoleRequest(method, path, pathParams, query, form, cookies, headers, sourceIp, userAgent, baseUrl,
                lang, s, now);
    }
}
