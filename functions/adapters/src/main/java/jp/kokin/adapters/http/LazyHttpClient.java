package jp.kokin.adapters.http;

import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

import jp.kokin.adapters.aws.Lazy;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * A JDK {@link java.net.http.HttpClient} built on first use rather than at cold start: building one
 * (its selector thread, and the default TLS context where the SDK has not built it yet) costs
 * about 100 ms that a first request which calls no provider does not need. Every method is the
 * built client's.
 */
public final class LazyHttpClient extends java.net.http.HttpClient {
    private final Lazy<java.net.http.HttpClient> client;

    public LazyHttpClient(Supplier<java.net.http.HttpClient> factory) {
        this.client = new Lazy<>(factory);
    }

    /** {@code build} now when init runs ahead of requests, else at first use ({@link Lazy#atInitOrFirstUse}). */
    public static java.net.http.HttpClient forInit(java.util.Map<String, String> env, Supplier<java.net.http.HttpClient> build) {
        return Lazy.atInitOrFirstUse(env, build, LazyHttpClient::new);
    }

    /** The client, built by the first caller. */
    public java.net.http.HttpClient client() {
        return client.get();
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
    @Override public void shutdown() { client.ifBuilt(java.net.http.HttpClient::shutdown); }
    @Override public void shutdownNow() { client.ifBuilt(java.net.http.HttpClient::shutdownNow); }
    @Override public boolean isTerminated() { return !client.built() || client.get().isTerminated(); }
    @Override public void close() { client.ifBuilt(java.net.http.HttpClient::close); }

    @Override
    public boolean awaitTermination(Duration duration) throws InterruptedException {
        return !client.built() || client.get().awaitTermination(duration);
    }
}
