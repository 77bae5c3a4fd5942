package jp.kokin.simulators.stripe;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;

/** Kokin's webhook endpoint, as far as the simulator can tell: records what is posted, answers 200. */
final class WebhookReceiver implements AutoCloseable {

    record Received(Map<String, String> headers, String body) {}

    private final HttpServer server;
    private final LinkedBlockingQueue<Received> received = new LinkedBlockingQueue<>();

    WebhookReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/webhooks/stripe", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(new Received(Map.of(
                    "stripe-signature", String.valueOf(exchange.getRequestHeaders().getFirst("Stripe-Signature")),
                    "content-type", String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type"))), body));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/webhooks/stripe";
    }

    /** The next notification, waiting up to 5 s; fails when none comes. */
    Received next() throws InterruptedException {
        Received r = received.poll(5, TimeUnit.SECONDS);
        if (r == null) {
            throw new AssertionError("no notification was posted");
        }
        return r;
    }

    int pending() {
        return received.size();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
