package jp.kokin.local.embedded;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Counts each request's {@code X-Amz-Target} then hands it to the wrapped handler (DynamoDB Local's own).
 * A data request (GetItem, PutItem, Query, TransactWriteItems…) also goes through the
 * {@link CapacityMeter}: it is sent on with {@code ReturnConsumedCapacity: INDEXES} (unless the caller
 * asked for capacity itself), the answer's {@code ConsumedCapacity} is recorded, and removed again
 * (with {@code x-amz-crc32} recomputed) when the caller had not asked: callers see what they would
 * have seen.
 */
final class CountingHandler extends Handler.Wrapper {

    private final RequestCounter counter;

    CountingHandler(RequestCounter counter, Handler next) {
        super(next);
        this.counter = counter;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String target = request.getHeaders().get("X-Amz-Target");
        String caller = request.getHeaders().get(RequestCounts.CALLER_HEADER);
        counter.count(target, caller);
        if (!CapacityMeter.meters(target)) {
            return super.handle(request, response, callback);
        }
        byte[] body;
        try (InputStream in = Request.asInputStream(request)) {
            body = in.readAllBytes();
        }
        CapacityMeter.Asked asked = CapacityMeter.ask(body);
        var metered = new MeteredResponse(request, response, (status, answer) -> {
            counter.capacity().dynamoDb(caller, target, asked.body(), status, answer);
            return asked.added() ? CapacityMeter.hide(answer) : answer;
        });
        return super.handle(new ReplayedRequest(request, asked.body()), metered, callback);
    }

    /** The request with its body read already (and perhaps rewritten). */
    private static final class ReplayedRequest extends Request.Wrapper {
        private final byte[] body;
        private final HttpFields headers;
        private boolean read;

        ReplayedRequest(Request wrapped, byte[] body) {
            super(wrapped);
            this.body = body;
            this.headers = HttpFields.build(wrapped.getHeaders()).put(HttpHeader.CONTENT_LENGTH, Long.toString(body.length))
                    .asImmutable();
        }

        @Override
        public HttpFields getHeaders() {
            return headers;
        }

        @Override
        public long getLength() {
            return body.length;
        }

        @Override
        public Content.Chunk read() {
            if (read) {
                return Content.Chunk.EOF;
            }
            read = true;
            return Content.Chunk.from(ByteBuffer.wrap(body), true);
        }

        @Override
        public void demand(Runnable demandCallback) {
            demandCallback.run();
        }
    }

    @FunctionalInterface
    private interface AnswerFilter {
        byte[] apply(int status, byte[] answer);
    }

    /** Holds the answer until its last write, then passes it through the filter (fixing its checksum). */
    private static final class MeteredResponse extends Response.Wrapper {
        private final AnswerFilter filter;
        private final ByteArrayOutputStream buffered = new ByteArrayOutputStream();

        MeteredResponse(Request request, Response wrapped, AnswerFilter filter) {
            super(request, wrapped);
            this.filter = filter;
        }

        @Override
        public void write(boolean last, ByteBuffer content, Callback callback) {
            if (content != null) {
                byte[] chunk = new byte[content.remaining()];
                content.get(chunk);
                buffered.writeBytes(chunk);
            }
            if (!last) {
                callback.succeeded();
                return;
            }
            byte[] answer = buffered.toByteArray();
            byte[] shown = filter.apply(getStatus(), answer);
            if (shown != answer) {
                getHeaders().put("x-amz-crc32", CapacityMeter.crc32(shown));
                if (getHeaders().contains(HttpHeader.CONTENT_LENGTH)) {
                    getHeaders().put(HttpHeader.CONTENT_LENGTH, Long.toString(shown.length));
                }
            }
            super.write(true, ByteBuffer.wrap(shown), callback);
        }
    }
}
