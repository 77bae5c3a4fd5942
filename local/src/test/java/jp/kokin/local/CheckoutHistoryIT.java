package jp.kokin.local;

import static jp.kokin.local.PlatformHttp.get;
import static jp.kokin.local.PlatformHttp.json;
import static jp.kokin.local.Waits.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import jp.kokin.adapters.console.DynamoCheckoutHistory;
import jp.kokin.adapters.console.DynamoNotificationDeliveries;
import jp.kokin.domain.console.HistoryDiff;
import jp.kokin.domain.console.HistoryEvent;
import jp.kokin.domain.console.NotificationDelivery;

/**
 * The console's data as the platform writes it, through the local runner: the ledger's stream feeds
 * the checkout history function (polled as Lambda would), and the notification function records each
 * delivery, so a paid checkout's page can show its history and its notifications.
 */
class CheckoutHistoryIT {
    private static final String PORTAL_KEY = "demo-portal-key";
    @RegisterExtension
    static final RunningPlatform running = new RunningPlatform();
    private final String base = running.baseUrl();
    private final PlatformHttp web = new PlatformHttp(base);

    @Test
    void aPaidCheckoutHasItsHistoryFromCreationToReceiptAndItsDeliveredNotifications() throws Exception {
        String id = json(web.send(web.post("/v1/checkouts", PORTAL_KEY, """
                {"organizationCode":"131016","items":[{"procedureCode":"juminhyo","quantity":1}],
                 "reference":"HISTORY-1","returnUrl":"%s/_local/portal/return"}
                """.formatted(base)), 201)).get("id").asText();
        web.payByCard(id);

        var table = running.platform().provisioned().tableName("LedgerTable");
        var history = new DynamoCheckoutHistory(running.platform().embeddedAws().dynamoDb(), table);
        List<String> types = waitFor("the history of " + id + " up to its receipt", () -> {
            List<String> t = history.of(id).stream().map(HistoryEvent::type).toList();
            return t.contains(HistoryDiff.RECEIPT_ISSUED) ? t : null;
        });
        assertEquals(HistoryDiff.CREATED, types.getFirst(), types.toString());
        assertTrue(types.indexOf(HistoryDiff.PAYMENT_STARTED) > 0, types.toString());
        assertTrue(types.indexOf(HistoryDiff.PAID) > types.indexOf(HistoryDiff.PAYMENT_STARTED), types.toString());
        assertTrue(types.indexOf(HistoryDiff.RECEIPT_ISSUED) > types.indexOf(HistoryDiff.PAID), types.toString());
        assertEquals(1, types.stream().filter(HistoryDiff.CREATED::equals).count(), "no event twice: " + types);

        var deliveries = new DynamoNotificationDeliveries(running.platform().embeddedAws().dynamoDb(), table, null, null);
        List<NotificationDelivery> delivered = waitFor("both notifications of " + id + " recorded as delivered", () -> {
            List<NotificationDelivery> d = deliveries.of(id);
            return d.size() == 2 && d.stream().allMatch(x -> x.status().equals("delivered")) ? d : null;
        });
        assertEquals(List.of("checkout.paid", "receipt.issued"), delivered.stream().map(NotificationDelivery::type).sorted().toList());
        delivered.forEach(d -> assertTrue(d.attempts() >= 1 && d.body().contains(id), d.toString()));
    }
}
