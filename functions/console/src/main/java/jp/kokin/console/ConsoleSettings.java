package jp.kokin.console;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * The console's settings ({@code template.yaml}; README "Console").
 *
 * @param publicBaseUrl  {@code PUBLIC_BASE_URL} (empty: from the request's host)
 * @param reauth         {@code CONSOLE_REAUTH_MINUTES} (default 5): how recent a sign-in must be to move money
 * @param idle           {@code CONSOLE_IDLE_MINUTES} (default 15): a session unused this long is over
 * @param lifetime       {@code CONSOLE_SESSION_HOURS} (default 8): a session this old is over
 * @param pageSize       rows per page of a list (50)
 */
public record ConsoleSettings(String publicBaseUrl, Duration reauth, Duration idle, Duration lifetime, int pageSize) {
    public static final int PAGE_SIZE = 50;

    public ConsoleSettings {
        Objects.requireNonNull(publicBaseUrl, "publicBaseUrl");
        if (pageSize < 1 || pageSize > 500) {
            throw new IllegalArgumentException("pageSize between 1 and 500");
        }
    }

    public static ConsoleSettings defaults(String publicBaseUrl) {
        return new ConsoleSettings(publicBaseUrl, Duration.ofMinutes(5), Duration.ofMinutes(15), Duration.ofHours(8), PAGE_SIZE);
    }

    public static ConsoleSettings fromEnv(Map<String, String> env) {
        return new ConsoleSettings(env.getOrDefault("PUBLIC_BASE_URL", ""),
                Duration.ofMinutes(positive(env, "CONSOLE_REAUTH_MINUTES", 5)),
                Duration.ofMinutes(positive(env, "CONSOLE_IDLE_MINUTES", 15)),
                Duration.ofHours(positive(env, "CONSOLE_SESSION_HOURS", 8)), PAGE_SIZE);
    }

    private static long positive(Map<String, String> env, String name, long dflt) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        long n = Long.parseLong(v.strip());
        if (n < 1) {
            throw new IllegalArgumentException(name + " must be at least 1");
        }
        return n;
    }
}
