package jp.kokin.local.embedded;

import java.io.InputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * A counting reverse proxy in front of ElasticMQ (whose Pekko HTTP server offers no hook of its own):
 * counts the operation, forwards the request as is and copies the answer back; then weighs it by
 * queue and payload as SQS bills it ({@link CapacityMeter#sqs}).
 */
final class CountingForwarder extends Handler.Abstract {

    /** Hop-by-hop headers and those the JDK client sets itself. */
    private static final Set<String> SKIPPED = Set.of(
            "host", "connection", "content-length", "expect", "upgrade", "transfer-encoding", "keep-alive",
            "te", "trailer", "proxy-connection", "http2-settings");

    private final RequestCounter counter;
    private volatile URI target;
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    CountingForwarder(RequestCounter counter) {
        super(InvocationType.BLOCKING);
        this.counter = counter;
    }

    /** Set once ElasticMQ listens (its port is chosen after this proxy's). */
    void target(URI target) {
        this.target = target;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        byte[] body;
        try (InputStream in = Request.asInputStream(request)) {
            body = in.readAllBytes();
        }
        var headers = request.getHeaders();
        String operation = operation(headers.get("X-Amz-Target"), headers.get("Content-Type"), body);
        String caller = headers.get(RequestCounts.CALLER_HEADER);
        counter.count(operation, caller);

        var uri = request.getHttpURI();
        var forward = HttpRequest.newBuilder(target.resolve(uri.getPathQuery() == null ? "/" : uri.getPathQuery()))
                .timeout(Duration.ofSeconds(30))
                .method(request.getMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
        for (HttpField field : headers) {
            if (!SKIPPED.contains(field.getLowerCaseName())) {
                forward.header(field.getName(), field.getValue());
            }
        }
        HttpResponse<byte[]> answer = client.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
        counter.capacity().sqs(caller, operation, body, answer.body());
        response.setStatus(answer.statusCode());
        answer.headers().map().forEach((name, values) -> {
            if (!SKIPPED.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                values.forEach(v -> response.getHeaders().add(name, v));
            }
        });
        response.write(true, ByteBuffer.wrap(answer.body()), callback);
        return true;
    }

    /** The JSON protocol names the operation in a header; the older query protocol in the form body. */
    static String operation(String target, String contentType, byte[] body) {
        if (target != null) {
            return target;
        }
        if (contentType != null && contentType.startsWith("application/x-www-form-urlencoded")) {
            for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
                if (pair.startsWith("Action=")) {
                    return "AmazonSQS." + URLDecoder.decode(pair.substring(7), StandardCharsets.UTF_8);
                }
            }
        }
        return "unknown";
    }

    void close() {
        client.close();
    }
}
