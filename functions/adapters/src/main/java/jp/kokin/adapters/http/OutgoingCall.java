package jp.kokin.adapters.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Every call we make to someone else's server (portals, payment providers, the secrets extension)
 * goes through here, so each one has ONE deadline that covers connecting, the headers AND the
 * body ({@link HttpRequest#timeout} alone bounds only the wait for the headers: a server that then
 * sends one byte a second holds the caller for as long as it likes), and reads at most
 * {@code maxBytes} of the answer: past that the connection is dropped and the answer is marked
 * {@link Answer#truncated()} without reading the rest.
 */
public final class OutgoingCall {

    private OutgoingCall() {}

    /** The status and at most {@code maxBytes} of the body; {@code truncated} when there was more. */
    public record Answer(int status, byte[] body, boolean truncated) {}

    /** A call that did not complete within its deadline (a kind of {@link HttpTimeoutException}). */
    public static final class DeadlineExceeded extends HttpTimeoutException {
        public DeadlineExceeded(Duration deadline) {
            super("no complete answer within " + deadline.toMillis() + " ms");
        }
    }

    /** An answer longer than the caller's limit: refused without reading the rest. */
    public static final class AnswerTooLarge extends IOException {
        public AnswerTooLarge(int maxBytes) {
            super("the answer is longer than " + maxBytes + " bytes");
        }
    }

    /**
     * As {@link #send}, for callers that need the whole body (a provider's or the secrets
     * extension's answer): one longer than {@code maxBytes} is refused ({@link AnswerTooLarge}).
     */
    public static Answer sendWhole(HttpClient http, HttpRequest request, Duration deadline, int maxBytes)
            throws IOException, InterruptedException {
        Answer answer = send(http, request, deadline, maxBytes);
        if (answer.truncated()) {
            throw new AnswerTooLarge(maxBytes);
        }
        return answer;
    }

    /**
     * Sends {@code request} and reads the answer, all within {@code deadline}.
     *
     * @throws DeadlineExceeded    the answer (headers and body) was not complete in time; the exchange is canceled
     * @throws IOException         the server could not be reached or the connection broke
     * @throws InterruptedException the calling thread was interrupted; the exchange is canceled
     */
    public static Answer send(HttpClient http, HttpRequest request, Duration deadline, int maxBytes)
            throws IOException, InterruptedException {
        if (deadline.isNegative() || deadline.isZero()) {
            throw new DeadlineExceeded(deadline);
        }
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes must not be negative");
        }
        CompletableFuture<HttpResponse<Capped>> call = http.sendAsync(request, info -> new CappedBody(maxBytes));
        try {
            HttpResponse<Capped> response = call.get(deadline.toNanos(), TimeUnit.NANOSECONDS);
            return new Answer(response.statusCode(), response.body().bytes(), response.body().truncated());
        } catch (TimeoutException e) {
            call.cancel(true);
            throw new DeadlineExceeded(deadline);
        } catch (InterruptedException e) {
            call.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new IOException(cause);
        }
    }

    private record Capped(byte[] bytes, boolean truncated) {}

    /** Collects at most {@code max} bytes, then cancels the subscription (the connection is dropped). */
    private static final class CappedBody implements HttpResponse.BodySubscriber<Capped> {
        private final int max;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final CompletableFuture<Capped> result = new CompletableFuture<>();
        private Flow.Subscription subscription;

        CappedBody(int max) {
            this.max = max;
        }

        @Override
        public CompletionStage<Capped> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(1);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            if (result.isDone()) {
                return;
            }
            for (ByteBuffer buffer : buffers) {
                int room = max - bytes.size();
                if (buffer.remaining() > room) {
                    byte[] part = new byte[room];
                    buffer.get(part);
                    bytes.write(part, 0, room);
                    result.complete(new Capped(bytes.toByteArray(), true));
                    subscription.cancel();
                    return;
                }
                byte[] all = new byte[buffer.remaining()];
                buffer.get(all);
                bytes.write(all, 0, all.length);
            }
            subscription.request(1);
        }

        @Override
        public void onError(Throwable error) {
            result.completeExceptionally(error);
        }

        @Override
        public void onComplete() {
            result.complete(new Capped(bytes.toByteArray(), false));
        }
    }
}
