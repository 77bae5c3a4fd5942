package jp.kokin.console.web;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import jp.kokin.domain.console.Permission;

/**
 * One console route: method, path pattern ({@code {name}} matches one path segment), and the
 * permission it needs. {@link jp.kokin.console.ConsoleHandler} checks, before calling {@code action}:
 * a session (else sign-in), the permission over some organization (else 403), and on a POST the CSRF
 * token (else 403). The action then checks the permission over the organization of what it reads or
 * changes, and answers 404 when the user may not see it (never revealing that it exists).
 *
 * @param permission empty only for the sign-in routes
 * @param movesMoney a POST that needs a recent sign-in ({@code CONSOLE_REAUTH_MINUTES}); else the user signs in again
 */
public record Route(String method, String pattern, Optional<Permission> permission, boolean movesMoney, Action action) {
    @FunctionalInterface
    public interface Action {
        APIGatewayV2HTTPResponse handle(ConsoleRequest request);
    }

    public Route {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(pattern, "pattern");
        Objects.requireNonNull(permission, "permission");
        Objects.requireNonNull(action, "action");
        if (!pattern.startsWith("/console")) {
            throw new IllegalArgumentException("console routes live under /console: " + pattern);
        }
    }

    public static Route get(String pattern, Permission permission, Action action) {
        return new Route("GET", pattern, Optional.of(permission), false, action);
    }

    public static Route post(String pattern, Permission permission, Action action) {
        return new Route("POST", pattern, Optional.of(permission), false, action);
    }

    /** A POST that moves or releases money: needs a sign-in within {@code CONSOLE_REAUTH_MINUTES}. */
    public static Route postMovingMoney(String pattern, Permission permission, Action action) {
        return new Route("POST", pattern, Optional.of(permission), true, action);
    }

    /** A route anyone may call (sign-in, callback, language). */
    public static Route open(String method, String pattern, Action action) {
        return new Route(method, pattern, Optional.empty(), false, action);
    }

    /** The path parameters if {@code path} matches, else empty. */
    public Optional<Map<String, String>> match(String path) {
        String[] want = pattern.split("/", -1);
        String[] got = path.split("/", -1);
        if (want.length != got.length) {
            return Optional.empty();
        }
        var params = new HashMap<String, String>();
        for (int i = 0; i < want.length; i++) {
            String w = want[i];
            if (w.startsWith("{") && w.endsWith("}")) {
                if (got[i].isEmpty()) {
                    return Optional.empty();
                }
                params.put(w.substring(1, w.length() - 1), got[i]);
            } else if (!w.equals(got[i])) {
                return Optional.empty();
            }
        }
        return Optional.of(params);
    }
}
