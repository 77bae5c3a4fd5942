package jp.kokin.receipt;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;

import jp.kokin.adapters.aws.ClientFactory;
import jp.kokin.adapters.json.Json;
import jp.kokin.adapters.ledger.DynamoLedger;
import jp.kokin.adapters.log.Log;
import jp.kokin.adapters.queue.ReceiptQueue;

/**
 * {@code ReceiptSweeperFunction}, every minute: paid checkouts that have waited more than
 * {@link #GRACE} for their receipt (the webhook function crashed between recording the payment and
 * queueing it, or the queue refused) are queued again. Issuing is idempotent, so a checkout that
 * was only slow gets its one receipt all the same.
 */
public final class ReceiptSweeperHandler implements RequestStreamHandler {
    static final Duration GRACE = Duration.ofMinutes(1);
    private static final int BATCH = 100;

    private final DynamoLedger ledger;
    private final ReceiptQueue queue;
    private final Clock clock;

    public ReceiptSweeperHandler() {
        this(System.getenv());
    }

    public ReceiptSweeperHandler(Map<String, String> env) {
        this(DynamoLedger.fromEnv(ClientFactory.dynamoDb(env), env), ReceiptQueue.fromEnv(ClientFactory.sqs(env), env),
                Clock.systemUTC());
        Log.configure(env);
    }

    public ReceiptSweeperHandler(DynamoLedger ledger, ReceiptQueue queue, Clock clock) {
        this.ledger = ledger;
        this.queue = queue;
        this.clock = clock;
    }

    /** Queues every checkout awaiting its receipt for longer than the grace period; returns how many. */
    public int sweep() {
        Instant cutoff = clock.instant().minus(GRACE);
        List<String> ids = ledger.awaitingReceipt(cutoff, BATCH);
        for (String id : ids) {
            queue.enqueue(id);
            Log.warn("receipt.swept", "checkoutId", id);
        }
        return ids.size();
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        input.readAllBytes();
        int enqueued = sweep();
        output.write(Json.write(Json.object().put("enqueued", enqueued)).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
