package jp.kokin.adapters.provider;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * What adapters share: the clock, one JDK HTTP client (no Apache or Netty in a function), the
 * secret resolver and the time allowed for one provider call ({@code PROVIDER_TIMEOUT_MS},
 * default 5000: one deadline for connecting, the headers and the whole body, through
 * {@link jp.kokin.adapters.http.OutgoingCall}; a call that takes longer is an unknown outcome,
 * asked about again later).
 */
public record ProviderContext(Clock clock, HttpClient http, SecretResolver secrets, Duration timeout) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    /** A provider's answer longer than this is refused unread (an unknown outcome); real ones are a few KB. */
    public static final int MAX_ANSWER_BYTES = 1024 * 1024;

    public static ProviderContext fromEnv(Map<String, String> env, Clock clock) {
        String ms = env.get("PROVIDER_TIMEOUT_MS");
        Duration timeout = ms == null || ms.isBlank() ? DEFAULT_TIMEOUT : Duration.ofMillis(Long.parseLong(ms));
        // one client (and one selector thread) for providers and secrets; built at first use unless init runs ahead
        HttpClient http = jp.kokin.adapters.http.LazyHttpClient.forInit(env, () -> httpClient(timeout));
        return new ProviderContext(clock, http, SecretResolver.fromEnv(env, clock, http), timeout);
    }

    public static HttpClient httpClient(Duration connectTimeout) {
        return HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }
}
