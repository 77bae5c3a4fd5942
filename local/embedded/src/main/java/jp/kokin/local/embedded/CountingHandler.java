package jp.kokin.local.embedded;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** Counts each request's {@code X-Amz-Target} then hands it to the wrapped handler (DynamoDB Local's own). */
final class CountingHandler extends Handler.Wrapper {

    private final RequestCounter counter;

    CountingHandler(RequestCounter counter, Handler next) {
        super(next);
        this.counter = counter;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        counter.count(request.getHeaders().get("X-Amz-Target"), request.getHeaders().get(RequestCounts.CALLER_HEADER));
        return super.handle(request, response, callback);
    }
}
