package jp.kokin.simulators;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

/**
 * A payment provider's simulator: an HTTP handler mounted at a path (the local runner mounts each
 * at {@code /_sim/{name}}, tests at {@code /} of their own server) that speaks that provider's wire
 * format, hosts its payment page, and posts its notifications to Kokin. Tests can make it fail
 * ({@link #failNext}), hang ({@link #hangNext}) or lose notifications ({@link #dropNotifications}).
 */
public abstract class Simulator implements HttpHandler, AutoCloseable {

    /** One notification the simulator sent (or tried to). */
    public record Sent(String url, Map<String, String> headers, byte[] body, int status) {}

    protected final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ExecutorService senders = Executors.newFixedThreadPool(2, Thread.ofPlatform().daemon().name("sim-notify-", 0).factory());
    private final AtomicInteger failures = new AtomicInteger();
    private volatile int failureStatus = 500;
    private final AtomicInteger hangs = new AtomicInteger();
    private volatile Duration hangFor = Duration.ofSeconds(10);
    private volatile boolean dropNotifications;
    private final List<Sent> sent = new ArrayList<>(); // guarded by itself; waiters are woken on each add
    private final java.util.concurrent.atomic.AtomicReference<RefundBehaviour> nextRefund =
            new java.util.concurrent.atomic.AtomicReference<>(RefundBehaviour.SUCCEED);
    private volatile Duration refundHang = Duration.ofSeconds(10);

    /**
     * What the next refund request does (a test control; afterwards refunds succeed again):
     * <ul>
     *   <li>{@code SUCCEED}: the provider refunds at once (the default);</li>
     *   <li>{@code FAIL}: refused for good (the provider's own "failed" answer);</li>
     *   <li>{@code TIME_OUT}: the refund is made but the answer comes after {@link #refundHang} (the
     *       client gives up; asking afterwards finds it);</li>
     *   <li>{@code SERVER_ERROR}: answered 500 and nothing is done (asking afterwards finds nothing);</li>
     *   <li>{@code PENDING}: accepted, not final: the first query afterwards finds it succeeded;</li>
     *   <li>{@code CANNOT}: the provider cannot refund this payment (window passed, card closed,
     *       partial refund unsupported: each simulator answers its provider's code for it).</li>
     * </ul>
     * Over HTTP: {@code POST {mount}/_control/next-refund?behaviour=fail} (lower case; 204).
     */
    public enum RefundBehaviour { SUCCEED, FAIL, TIME_OUT, SERVER_ERROR, PENDING, CANNOT }

    protected Simulator(Clock clock) {
        this.clock = clock;
    }

    /** The next {@code count} API calls (not the hosted page) answer {@code status} without doing anything. */
    public void failNext(int count, int status) {
        failureStatus = status;
        failures.set(count);
    }

    /** The next {@code count} API calls wait {@code duration} before being handled (a client timeout). */
    public void hangNext(int count, Duration duration) {
        hangFor = duration;
        hangs.set(count);
    }

    /** The next refund request behaves as {@code behaviour} (see {@link RefundBehaviour}). */
    public void nextRefund(RefundBehaviour behaviour) {
        nextRefund.set(java.util.Objects.requireNonNull(behaviour, "behaviour"));
    }

    /** How long a {@link RefundBehaviour#TIME_OUT} refund waits before answering (default 10 s). */
    public void refundHang(Duration duration) {
        refundHang = duration;
    }

    /** The behaviour forced for this refund request, and back to {@code SUCCEED} for the next. */
    protected RefundBehaviour takeRefundBehaviour() {
        return nextRefund.getAndSet(RefundBehaviour.SUCCEED);
    }

    /** Waits as a {@link RefundBehaviour#TIME_OUT} refund does (call it outside any lock). */
    protected void hangRefundAnswer() {
        try {
            Thread.sleep(refundHang.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Handles the test controls common to every simulator ({@code POST /_control/next-refund?behaviour=…});
     * true when {@code path} was one (answered).
     */
    protected boolean control(HttpExchange exchange, String path) throws IOException {
        if (!path.equals("/_control/next-refund")) {
            return false;
        }
        String query = exchange.getRequestURI().getRawQuery();
        String wanted = query == null ? "" : query.replaceFirst("^.*behaviour=([a-z_]+).*$", "$1");
        RefundBehaviour behaviour = null;
        for (RefundBehaviour b : RefundBehaviour.values()) {
            if (b.name().toLowerCase(java.util.Locale.ROOT).equals(wanted)) {
                behaviour = b;
            }
        }
        if (!exchange.getRequestMethod().equals("POST") || behaviour == null) {
            respond(exchange, 400, "text/plain; charset=utf-8",
                    "POST /_control/next-refund?behaviour=succeed|fail|time_out|server_error|pending|cannot"
                            .getBytes(StandardCharsets.UTF_8));
            return true;
        }
        nextRefund(behaviour);
        respond(exchange, 204, "text/plain", new byte[0]);
        return true;
    }

    /** Notifications are not delivered (a lost webhook) while true. */
    public void dropNotifications(boolean drop) {
        dropNotifications = drop;
    }

    /** Every notification sent so far, oldest first (dropped ones are not listed). */
    public List<Sent> sent() {
        synchronized (sent) {
            return List.copyOf(sent);
        }
    }

    /**
     * Waits until the notifications sent so far satisfy {@code until} (e.g. {@code l -> l.size() >= 2}),
     * at most {@code timeout}; returns them either way, so the caller asserts on what it got.
     */
    public List<Sent> awaitSent(Predicate<List<Sent>> until, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (sent) {
            while (!until.test(List.copyOf(sent))) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                TimeUnit.NANOSECONDS.timedWait(sent, left);
            }
            return List.copyOf(sent);
        }
    }

    private void record(Sent s) {
        synchronized (sent) {
            sent.add(s);
            sent.notifyAll();
        }
    }

    /**
     * Applies injected faults to an API call: true when the call was answered (failed) and the
     * subclass must not handle it.
     */
    protected boolean injectFault(HttpExchange exchange) throws IOException {
        if (hangs.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            try {
                Thread.sleep(hangFor.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            respond(exchange, failureStatus, "text/plain", "simulated failure".getBytes(StandardCharsets.UTF_8));
            return true;
        }
        return false;
    }

    /** The request path below the simulator's mount path, starting with {@code /}. */
    protected static String relativePath(HttpExchange exchange) {
        String mount = exchange.getHttpContext().getPath();
        String path = exchange.getRequestURI().getRawPath();
        String rest = mount.equals("/") ? path : path.substring(Math.min(path.length(), mount.length()));
        return rest.isEmpty() ? "/" : rest;
    }

    protected static byte[] body(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            return in.readAllBytes();
        }
    }

    protected static void respond(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
        exchange.close();
    }

    protected static void redirect(HttpExchange exchange, String location) throws IOException {
        exchange.getResponseHeaders().set("Location", location);
        exchange.sendResponseHeaders(303, -1);
        exchange.close();
    }

    /**
     * Posts a notification in the background, retrying a few times on failure like the providers
     * do (1 s, 2 s, 4 s); nothing is posted while notifications are dropped. True when it will be posted.
     */
    protected boolean notify(String url, Map<String, String> headers, byte[] body) {
        if (dropNotifications || url == null || url.isBlank()) {
            return false;
        }
        senders.submit(() -> {
            for (int attempt = 0; attempt < 4; attempt++) {
                int status = post(url, headers, body);
                record(new Sent(url, Map.copyOf(headers), body, status));
                if (status >= 200 && status < 300) {
                    return;
                }
                try {
                    Thread.sleep(1000L << attempt);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        return true;
    }

    /** Posts synchronously; the HTTP status, or -1 when Kokin could not be reached. */
    protected int post(String url, Map<String, String> headers, byte[] body) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            headers.forEach(b::header);
            return http.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    protected static String html(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    protected static Charset shiftJis() {
        return Charset.forName("Shift_JIS");
    }

    @Override
    public void close() {
        senders.shutdownNow();
        try {
            senders.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
