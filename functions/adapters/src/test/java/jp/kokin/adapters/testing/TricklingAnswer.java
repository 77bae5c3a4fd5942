package jp.kokin.adapters.testing;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CountDownLatch;

import com.sun.net.httpserver.HttpHandler;

/**
 * A loopback server's slow answer: {@code 200} at once, then {@code first} bytes, then one byte
 * every {@code gapMillis} ms ({@code trickle} bytes at most). {@code hungUp} opens when the client
 * drops the connection before the server is done. With no trickle the length is declared;
 * otherwise the answer is chunked, so the client cannot know where it ends.
 */
public final class TricklingAnswer {
    private TricklingAnswer() {}

    public static HttpHandler handler(int first, int trickle, long gapMillis, CountDownLatch hungUp) {
        return exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                in.readAllBytes();
            }
            exchange.sendResponseHeaders(200, trickle == 0 ? first : 0);
            try (var out = exchange.getResponseBody()) {
                out.write(new byte[first]);
                out.flush();
                for (int i = 0; i < trickle; i++) {
                    Thread.sleep(gapMillis); // the slow peer being simulated, not a test waiting
                    out.write('x');
                    out.flush();
                }
            } catch (IOException e) {
                hungUp.countDown();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
    }
}
