package jp.kokin.receipt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;

import jp.kokin.adapters.queue.ReceiptQueue;
import jp.kokin.domain.catalog.Catalog;
import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.checkout.TestCatalogs;
import jp.kokin.domain.checkout.TestCheckouts;
import jp.kokin.domain.checkout.TestClock;
import jp.kokin.domain.notification.PortalNotification;
import jp.kokin.domain.notification.PortalNotifications;
import jp.kokin.domain.receipt.InMemoryReceiptLedger;
import jp.kokin.domain.receipt.Receipt;
import jp.kokin.domain.receipt.ReceiptLedger;

/** {@code ReceiptFunction} over an in-memory ledger and notification queue. */
class ReceiptHandlerTest {
    private static final Instant PAID_AT = TestCheckouts.CREATED_AT.plus(Duration.ofMinutes(5));
    private static final String BASE_URL = "https://pay.example.jp";

    private final InMemoryReceiptLedger ledger = new InMemoryReceiptLedger();
    private Catalog catalog = TestCatalogs.standard();
    private final TestClock clock = new TestClock(PAID_AT.plusSeconds(2));
    private final List<PortalNotification> queued = new ArrayList<>();
    /** How many of the next enqueue calls the notification queue refuses. */
    private int refusals;
    private final PortalNotifications notifications = batch -> {
        if (refusals > 0) {
            refusals--;
            throw new IllegalStateException("notification queue refused 2 messages");
        }
        queued.addAll(batch);
    };

    private ReceiptHandler handler(ReceiptLedger receiptLedger) {
        return new ReceiptHandler(new ReceiptWiring(receiptLedger, () -> catalog, notifications, BASE_URL, clock));
    }

    private ReceiptHandler handler() {
        return handler(ledger);
    }

    private Checkout paid() {
        Checkout c = TestCheckouts.paid(TestCheckouts.created(), PAID_AT);
        ledger.put(c);
        return c;
    }

    private static Set<String> failed(SQSBatchResponse response) {
        return response.getBatchItemFailures().stream().map(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .collect(Collectors.toSet());
    }

    @Test
    void a_batch_issues_one_receipt_per_paid_checkout_and_reports_only_the_records_that_failed() {
        Checkout paid = paid();
        Checkout unpaid = TestCheckouts.created();
        ledger.put(unpaid);

        var response = handler().handleRequest(SqsEvents.event(
                SqsEvents.message("m-paid-1", ReceiptQueue.body(paid.id())),
                SqsEvents.message("m-paid-2", ReceiptQueue.body(paid.id())),
                SqsEvents.message("m-malformed", "{\"checkout\": 42"),
                SqsEvents.message("m-no-id", "{\"checkoutId\": 7}"),
                SqsEvents.message("m-unknown", ReceiptQueue.body("chk_" + "a".repeat(26))),
                SqsEvents.message("m-unpaid", ReceiptQueue.body(unpaid.id()))), null);

        assertEquals(Set.of("m-malformed", "m-no-id", "m-unknown", "m-unpaid"), failed(response));
        assertEquals(1, ledger.receiptCount(), "one receipt for two deliveries");
        assertEquals("131016-2026-0000001", ledger.stored(paid.id()).receipt().number());
        assertNull(ledger.stored(unpaid.id()).receipt());
    }

    @Test
    void the_portal_is_told_of_the_payment_and_of_the_receipt_with_its_page_and_stable_ids() {
        Checkout paid = paid();

        handler().handleRequest(SqsEvents.event(SqsEvents.message(ReceiptQueue.body(paid.id()))), null);
        handler().handleRequest(SqsEvents.event(SqsEvents.message(ReceiptQueue.body(paid.id()))), null); // redelivered

        Receipt receipt = ledger.findReceipt("131016-2026-0000001").orElseThrow();
        Map<String, String> typeById = new TreeMap<>();
        queued.forEach(n -> typeById.put(n.id(), n.type()));
        assertEquals(Map.of("msg_" + paid.id() + "_paid", PortalNotification.CHECKOUT_PAID,
                "msg_" + paid.id() + "_receipt", PortalNotification.RECEIPT_ISSUED), typeById,
                "a repeat carries the same ids, so the portal drops it");
        assertEquals(4, queued.size());
        for (PortalNotification n : queued) {
            assertEquals(paid.portalId(), n.portalId());
            assertEquals(receipt.number(), n.data().get("receiptNumber"), "every repeat names the one receipt");
            if (n.type().equals(PortalNotification.RECEIPT_ISSUED)) {
                assertEquals(BASE_URL + "/receipts/" + receipt.number() + "/" + receipt.token(), n.data().get("receiptUrl"));
            } else {
                assertFalse(n.data().containsKey("receiptUrl"));
            }
        }
    }

    @Test
    void a_passport_paid_where_mofa_pays_into_the_treasury_gets_its_notice_and_the_portal_is_told_its_number() {
        catalog = TestCatalogs.aTreasuryCatalog().build();
        Checkout passport = TestCheckouts.paid(TestCheckouts.aCheckout().forOrganization(TestCatalogs.TOKYO)
                .withItem(TestCatalogs.PASSPORT, 1).build(), PAID_AT);
        ledger.put(passport);

        var response = handler().handleRequest(SqsEvents.event(SqsEvents.message("m1", ReceiptQueue.body(passport.id()))), null);

        assertEquals(Set.of(), failed(response));
        Receipt receipt = ledger.findReceipt(ledger.stored(passport.id()).receipt().number()).orElseThrow();
        assertEquals(2000, receipt.receiptAmount());
        assertEquals("MOFA-2026-N0000001", receipt.notices().getFirst().number());
        PortalNotification issued = queued.stream().filter(n -> n.type().equals(PortalNotification.RECEIPT_ISSUED))
                .findFirst().orElseThrow();
        assertEquals("msg_" + passport.id() + "_receipt", issued.id());
        assertEquals(List.of(Map.of("number", "MOFA-2026-N0000001", "organizationCode", TestCatalogs.MOFA, "amount", 14000L)),
                issued.data().get("notices"));
    }

    @Test
    void a_notification_queue_that_refuses_fails_the_record_and_its_redelivery_notifies_with_the_same_receipt() {
        Checkout paid = paid();
        refusals = 1;

        var first = handler().handleRequest(SqsEvents.event(SqsEvents.message("m1", ReceiptQueue.body(paid.id()))), null);
        var again = handler().handleRequest(SqsEvents.event(SqsEvents.message("m1", ReceiptQueue.body(paid.id()))), null);

        assertEquals(Set.of("m1"), failed(first), "the queue brings the record back");
        assertEquals(Set.of(), failed(again));
        assertEquals(1, ledger.receiptCount(), "issued on the first delivery, found on the second");
        assertEquals(List.of("131016-2026-0000001", "131016-2026-0000001"),
                queued.stream().map(n -> n.data().get("receiptNumber")).toList());
    }

    @Test
    void a_ledger_that_cannot_be_read_fails_its_record_not_the_batch() {
        Checkout paid = paid();
        Checkout unreadable = paid();
        ReceiptLedger failing = new ReceiptLedger() {
            @Override
            public Optional<Checkout> findCheckout(String checkoutId) {
                if (checkoutId.equals(unreadable.id())) {
                    throw new IllegalStateException("DynamoDB unavailable");
                }
                return ledger.findCheckout(checkoutId);
            }

            @Override
            public long lastSequence(String organizationCode, int fiscalYear) {
                return ledger.lastSequence(organizationCode, fiscalYear);
            }

            @Override
            public long lastPayerNoticeSequence(String organizationCode, int fiscalYear) {
                return ledger.lastPayerNoticeSequence(organizationCode, fiscalYear);
            }

            @Override
            public IssueResult issue(Checkout paidCheckout, Receipt receipt, long previousSequence,
                                     List<Long> previousNoticeSequences) {
                return ledger.issue(paidCheckout, receipt, previousSequence, previousNoticeSequences);
            }

            @Override
            public Optional<Receipt> findReceipt(String number) {
                return ledger.findReceipt(number);
            }
        };

        var response = handler(failing).handleRequest(SqsEvents.event(
                SqsEvents.message("m-unreadable", ReceiptQueue.body(unreadable.id())),
                SqsEvents.message("m-paid", ReceiptQueue.body(paid.id()))), null);

        assertEquals(Set.of("m-unreadable"), failed(response));
        assertEquals("131016-2026-0000001", ledger.stored(paid.id()).receipt().number());
        assertNull(ledger.stored(unreadable.id()).receipt());
    }

    @Test
    void the_receipt_is_dated_by_the_functions_clock() {
        Checkout paid = paid();
        clock.set(PAID_AT.plus(Duration.ofMinutes(3)));

        handler().handleRequest(SqsEvents.event(SqsEvents.message(ReceiptQueue.body(paid.id()))), null);

        assertEquals(PAID_AT.plus(Duration.ofMinutes(3)), ledger.findReceipt("131016-2026-0000001").orElseThrow().issuedAt());
    }
}
