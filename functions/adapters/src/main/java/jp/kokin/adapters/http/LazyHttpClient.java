package jp.kokin.adapters.http;

import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * A JDK {@link java.net.http.HttpClient} built on first use rather than at cold start: building one
 * (its selector thread, and the default TLS context where the SDK has not built it yet) costs
 * about 100 ms that a first request which calls no provider does not need. Every method is the
 * built client's.
 */
public final class LazyHttpClient extends java.net.http.HttpClient {
    private final Supplier<java.net.http.HttpClient> factory;
    private volatile java.net.http.HttpClient client;

    public LazyHttpClient(Supplier<java.net.http.HttpClient> factory) {
        this.factory = Objects.requireNonNull(factory, "factory");
    }

    /** The client, built by the first caller. */
    public java.net.http.HttpClient client() {
        java.net.http.HttpClient c = client;
        if (c == null) {
            synchronized (this) {
                c = client;
                if (c == null) {
                    c = Objects.requireNonNull(factory.get(), "the factory built no client");
                    client = c;
                }
            }
        }
        return c;
    }

    @Override public Optional<CookieHandler> cookieHandler() { return client().cookieHandler(); }
    @Override public Optional<Duration> connectTimeout() { return client().connectTimeout(); }
    @Override public Redirect followRedirects() { return client().followRedirects(); }
    @Override public Optional<ProxySelector> proxy() { return client().proxy(); }
    @Override public SSLContext sslContext() { return client().sslContext(); }
    @Override public SSLParameters sslParameters() { return client().sslParameters(); }
    @Override public Optional<Authenticator> authenticator() { return client().authenticator(); }
    @Override public Version version() { return client().version(); }
    @Override public Optional<Executor> executor() { return client().executor(); }
    @Override public WebSocket.Builder newWebSocketBuilder() { return client().newWebSocketBuilder(); }

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
            throws IOException, InterruptedException {
        return client().send(request, handler);
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        return client().sendAsync(request, handler);
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler,
                                                            HttpResponse.PushPromiseHandler<T> pushPromiseHandler) {
        return client().sendAsync(request, handler, pushPromiseHandler);
    }

    // Closing a client never built builds none.
    @Override public void shutdown() { if (client != null) client.shutdown(); }
    @Override public void shutdownNow() { if (client != null) client.shutdownNow(); }
    @Override public boolean isTerminated() { return client == null || client.isTerminated(); }
    @Override public void close() { if (client != null) client.close(); }

    @Override
    public boolean awaitTermination(Duration duration) throws InterruptedException {
        return client == null || client.awaitTermination(duration);
    }
}
