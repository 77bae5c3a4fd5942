package jp.kokin.receipt;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;

import jp.kokin.adapters.json.Json;
import jp.kokin.adapters.log.Log;
import jp.kokin.domain.receipt.ReceiptBacklog;
import jp.kokin.domain.receipt.ReceiptRequests;

/**
 * {@code ReceiptSweeperFunction}, every minute: paid checkouts that have waited more than
 * {@link #GRACE} for their receipt (the webhook function crashed between recording the payment and
 * queueing it, or the queue refused) are queued again. Issuing is idempotent, so a checkout that
 * was only slow gets its one receipt all the same.
 */
public final class ReceiptSweeperHandler implements RequestStreamHandler {
    static final Duration GRACE = Duration.ofMinutes(1);
    /** At most this many checkouts are queued per sweep; the rest wait for the next minute. */
    static final int BATCH = 100;

    private final ReceiptBacklog backlog;
    private final ReceiptRequests queue;
    private final Clock clock;

    /** Lambda. */
    public ReceiptSweeperHandler() {
        this(ReceiptSweeperWiring.fromEnv(System.getenv()));
    }

    public ReceiptSweeperHandler(ReceiptSweeperWiring wiring) {
        this.backlog = wiring.backlog();
        this.queue = wiring.receipts();
        this.clock = wiring.clock();
    }

    /** What one sweep did: checkouts queued again, and checkouts that could not be queued. */
    public record Swept(int enqueued, int failed) {}

    /**
     * Queues every checkout awaiting its receipt for longer than the grace period. Each checkout
     * is queued on its own: one the queue refuses is logged at error level with its id, counted,
     * and found again by the next sweep.
     */
    public Swept sweep() {
        Instant cutoff = clock.instant().minus(GRACE);
        List<String> ids = backlog.awaitingReceipt(cutoff, BATCH);
        int enqueued = 0;
        int failed = 0;
        for (String id : ids) {
            try {
                queue.enqueue(id);
                enqueued++;
                Log.warn("receipt.swept", "checkoutId", id);
            } catch (RuntimeException e) {
                failed++;
                Log.error("receipt.sweep_failed", e, "checkoutId", id);
            }
        }
        return new Swept(enqueued, failed);
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        input.readAllBytes();
        Swept swept = sweep();
        output.write(Json.write(Json.object().put("enqueued", swept.enqueued()).put("failed", swept.failed()))
                .getBytes(StandardCharsets.UTF_8));
    }
}
