package jp.kokin.notification;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;

import jp.kokin.adapters.log.Log;
import jp.kokin.adapters.notification.Backoff;
import jp.kokin.adapters.notification.PortalNotificationSender;

/**
 * Delivers portal notifications from the notification queue, one signed Standard Webhooks
 * request each. Records are delivered concurrently, each within a time budget well under the
 * function timeout (a slow portal costs its own record, never the batch); each one that is to be retried is reported in {@code batchItemFailures}
 * after its visibility timeout has been set to the backoff for its attempt, so the queue brings
 * it back later; the dead-letter queue takes it after 10 receives.
 */
public final class PortalNotificationHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

    private final PortalNotificationDelivery delivery;

    /** Lambda. */
    public PortalNotificationHandler() {
        this(PortalNotificationWiring.fromEnv(System.getenv()));
    }

    public PortalNotificationHandler(PortalNotificationWiring wiring) {
        this.delivery = new PortalNotificationDelivery(wiring.catalog(), wiring.disableNotifications(), wiring.sender(),
                new Backoff(wiring.jitter()), wiring.redelivery(), wiring.secrets(), wiring.deliveries());
    }

    /**
     * The PortalNotificationFunction's timeout in template.yaml, for callers without a Lambda context
     * (the local runner's poller, tests); in Lambda the context says how much time is left.
     */
    static final Duration FUNCTION_TIMEOUT = Duration.ofSeconds(60);
    /** Kept free before the function's deadline: for the batch response and the visibility changes. */
    static final Duration SAFETY_MARGIN = Duration.ofSeconds(5);
    /** A record is tried only with at least this much time for it; otherwise it comes back later. */
    static final Duration MIN_ATTEMPT = Duration.ofSeconds(2);

    /**
     * Each record gets {@link PortalNotificationSender#REQUEST_TIMEOUT} or what is left of the function's
     * time minus {@link #SAFETY_MARGIN}, whichever is less; a record that cannot have
     * {@link #MIN_ATTEMPT} is not tried but reported as a batch item failure (retried later),
     * and so is one still running when the budget is spent.
     */
    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        List<SQSEvent.SQSMessage> records = event.getRecords() == null ? List.of() : event.getRecords();
        Duration left = context == null ? FUNCTION_TIMEOUT : Duration.ofMillis(context.getRemainingTimeInMillis());
        Duration budget = left.minus(SAFETY_MARGIN);
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        if (budget.compareTo(MIN_ATTEMPT) < 0) {
            for (SQSEvent.SQSMessage record : records) {
                Log.warn("notification.no_time_left", "messageId", record.getMessageId(), "remainingMillis", left.toMillis());
                failures.add(new SQSBatchResponse.BatchItemFailure(record.getMessageId()));
            }
            return new SQSBatchResponse(failures);
        }
        Duration deadline = budget.compareTo(PortalNotificationSender.REQUEST_TIMEOUT) < 0 ? budget : PortalNotificationSender.REQUEST_TIMEOUT;
        long giveUpAt = System.nanoTime() + budget.toNanos();
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
        try {
            List<Future<Boolean>> delivered = new ArrayList<>();
            for (SQSEvent.SQSMessage record : records) {
                delivered.add(threads.submit(() -> delivery.deliver(record, deadline)));
            }
            for (int i = 0; i < records.size(); i++) {
                if (!succeeded(delivered.get(i), giveUpAt)) {
                    failures.add(new SQSBatchResponse.BatchItemFailure(records.get(i).getMessageId()));
                }
            }
        } finally {
            threads.shutdownNow(); // anything still running is past the budget and already reported
        }
        return new SQSBatchResponse(failures);
    }

    private static boolean succeeded(Future<Boolean> result, long giveUpAt) {
        try {
            return result.get(Math.max(0, giveUpAt - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (TimeoutException e) {
            result.cancel(true);
            return false; // past the budget: retried later
        } catch (ExecutionException e) {
            return false; // deliver() catches everything; this is a defect, and the record is retried
        }
    }
}
