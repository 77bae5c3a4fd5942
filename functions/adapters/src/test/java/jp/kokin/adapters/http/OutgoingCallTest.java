package jp.kokin.adapters.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import jp.kokin.adapters.testing.TricklingAnswer;

/**
 * One deadline for the whole exchange and a cap on what is read, against a loopback server that
 * sends {@code first} bytes at once and then one byte every {@code gapMillis} ms (bounded).
 */
class OutgoingCallTest {
    private static final int LIMIT = 1024;

    private HttpServer server;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final CountDownLatch hungUp = new CountDownLatch(1);

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        server.createContext("/", exchange -> {
            String[] q = exchange.getRequestURI().getQuery().split(",");
            TricklingAnswer.handler(Integer.parseInt(q[0]), Integer.parseInt(q[1]), Long.parseLong(q[2]), hungUp)
                    .handle(exchange);
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private HttpRequest request(int first, int trickle, long gapMillis) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getAddress().getPort()
                + "/?" + first + "," + trickle + "," + gapMillis)).GET().build();
    }

    @Test
    void an_answer_at_the_limit_is_read_whole() throws Exception {
        OutgoingCall.Answer answer = OutgoingCall.sendWhole(http, request(LIMIT, 0, 0), Duration.ofSeconds(10), LIMIT);

        assertEquals(200, answer.status());
        assertArrayEquals(new byte[LIMIT], answer.body());
        assertFalse(answer.truncated());
    }

    @Test
    void an_answer_one_byte_past_the_limit_is_truncated_and_the_rest_is_not_read() throws Exception {
        OutgoingCall.Answer answer = OutgoingCall.send(http, request(LIMIT + 1, 300, 100), Duration.ofSeconds(10), LIMIT);

        assertEquals(LIMIT, answer.body().length);
        assertTrue(answer.truncated());
        assertTrue(hungUp.await(30, TimeUnit.SECONDS), "the connection was dropped");
    }

    @Test
    void an_answer_past_the_limit_is_refused_when_the_whole_body_is_needed() {
        assertThrows(OutgoingCall.AnswerTooLarge.class,
                () -> OutgoingCall.sendWhole(http, request(LIMIT + 1, 300, 100), Duration.ofSeconds(10), LIMIT));
    }

    @Test
    void a_body_that_trickles_past_the_deadline_is_given_up() throws Exception {
        // headers at once, then a byte a second for 30 s; the deadline covers the body
        var e = assertThrows(HttpTimeoutException.class,
                () -> OutgoingCall.send(http, request(0, 30, 1000), Duration.ofSeconds(2), LIMIT));
        assertTrue(e instanceof OutgoingCall.DeadlineExceeded, e.toString());
        assertTrue(hungUp.await(30, TimeUnit.SECONDS), "the connection was dropped");
    }
}
