package jp.kokin.receipt;


import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;

import jp.kokin.adapters.json.Json;
import jp.kokin.adapters.log.Log;
import jp.kokin.adapters.queue.ReceiptQueue;
import jp.kokin.adapters.queue.SqsBatches;
import jp.kokin.domain.PlatformLinks;
import jp.kokin.domain.checkout.Result;
import jp.kokin.domain.notification.PortalNotifications;
import jp.kokin.domain.receipt.ReceiptService;

/**
 * {@code ReceiptFunction}: for each paid checkout on the queue, issues its one receipt (gapless
 * number, atomically) and queues the portal's notifications. A repeat finds the receipt and
 * queues the same notifications again (same ids: the portal drops repeats). Failures are
 * reported per record; after 5 receives a message goes to the dead-letter queue.
 */
public final class ReceiptHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    private final ReceiptService receipts;
    private final PortalNotifications notifications;
    private final String publicBaseUrl;

    /** Lambda. */
    public ReceiptHandler() {
        this(ReceiptWiring.fromEnv(System.getenv()));
    }

    public ReceiptHandler(ReceiptWiring wiring) {
        this.receipts = new ReceiptService(wiring.ledger(), wiring.catalog(), wiring.clock());
        this.notifications = wiring.notifications();
        this.publicBaseUrl = wiring.publicBaseUrl();
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return SqsBatches.process(event, this::process);
    }

    private boolean process(SQSEvent.SQSMessage message) {
        String checkoutId;
        try {
            checkoutId = ReceiptQueue.checkoutId(message.getBody());
        } catch (Json.InvalidJsonException e) {
            Log.error("receipt.bad_message", e, "messageId", message.getMessageId());
            return false;
        }
        try {
            return switch (receipts.issue(checkoutId)) {
                case Result.Ok<ReceiptService.Issued> ok -> {
                    var issued = ok.value();
                    if (issued.newlyIssued()) {
                        Log.info("receipt.issued", "checkoutId", checkoutId, "receiptNumber", issued.receipt().number());
                    }
                    PlatformLinks links = new PlatformLinks(publicBaseUrl);
                    String url = links.isRelative() ? null : links.receiptPage(issued.receipt().number(), issued.receipt().token());
                    notifications.enqueue(ReceiptService.notificationsFor(issued.checkout(), issued.receipt(), url));
                    yield true;
                }
                case Result.Err<ReceiptService.Issued> err -> {
                    Log.warn("receipt.not_issued", "checkoutId", checkoutId, "code", err.rejection().code(),
                            "detail", err.rejection().detail());
                    yield false;
                }
            };
        } catch (RuntimeException e) {
            Log.error("receipt.failed", e, "checkoutId", checkoutId);
            return false;
        }
    }
}
