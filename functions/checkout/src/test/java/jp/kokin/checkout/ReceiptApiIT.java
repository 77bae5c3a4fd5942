package jp.kokin.checkout;

import jp.kokin.adapters.testing.HttpEvents;

import static jp.kokin.adapters.testing.TestCatalog.CITY_KEY;
import static jp.kokin.adapters.testing.TestCatalog.OPERATOR_KEY;
import static jp.kokin.adapters.testing.TestCatalog.PORTAL_KEY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import jp.kokin.adapters.json.Json;
import jp.kokin.adapters.testing.Checkouts;
import jp.kokin.adapters.testing.TestAws;
import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.checkout.Result;
import jp.kokin.domain.receipt.Receipt;
import jp.kokin.domain.receipt.ReceiptService;

/** The receipts API and the citizen's receipt page, through {@code CheckoutFunction}. */
class ReceiptApiIT {
    private static final Instant PAID = Instant.parse("2026-11-26T03:00:00Z");

    private TestAws aws;
    private CheckoutHandler handler;
    private Checkout checkout;
    private Receipt receipt;

    @BeforeEach
    void aPaidCheckoutWithItsReceipt() {
        aws = TestAws.create();
        handler = new CheckoutHandler(CheckoutWiring.fromEnv(aws.env("CheckoutFunction")));
        checkout = Checkouts.aCheckout().paidAt(PAID).build();
        aws.ledger().create(checkout, null);
        var issued = new ReceiptService(aws.ledger(), jp.kokin.domain.checkout.TestCatalogs::standard, Clock.fixed(PAID.plusSeconds(30), ZoneOffset.UTC)).issue(checkout.id());
        receipt = ((ReceiptService.Issued) assertInstanceOf(Result.Ok.class, issued).value()).receipt();
    }

    private JsonNode get(String key, String number, int status) {
        var r = handler.handleRequest(HttpEvents.route("GET /v1/receipts/{number}").path("number", number).bearer(key).build(), null);
        assertEquals(status, r.getStatusCode(), r.getBody());
        return Json.parse(r.getBody());
    }

    @Test
    void thePortalReadsTheReceipt() {
        JsonNode r = get(PORTAL_KEY, receipt.number(), 200);
        assertEquals("131016-2026-0000001", r.path("number").asText());
        assertEquals(checkout.id(), r.path("checkoutId").asText());
        assertEquals(300, r.path("amount").asLong());
        assertEquals("2026-11-26", r.path("paymentDate").asText());
        assertEquals(aws.publicBaseUrl() + "/receipts/" + receipt.number() + "/" + receipt.token(), r.path("url").asText());
        assertEquals(200, handler.handleRequest(HttpEvents.route("GET /v1/receipts/{number}").path("number", receipt.number())
                .bearer(OPERATOR_KEY).build(), null).getStatusCode(), "operators see every receipt");
    }

    /** The stored checkout with a refund of {@code amount} yen that succeeded at {@code at} and has its notice number. */
    private void refunded(long amount, Instant at, String noticeNumber) {
        Checkout stored = aws.ledger().find(checkout.id()).orElseThrow();
        var refund = jp.kokin.domain.refund.Refund.requested(
                        jp.kokin.domain.checkout.CheckoutIds.refundId(stored.id(), stored.refunds().size() + 1),
                        stored.payments().getFirst().id(), amount, jp.kokin.domain.refund.RefundReason.OVERPAID,
                        java.util.List.of(new jp.kokin.domain.refund.RefundLine(0, 0, stored.items().getFirst().procedureCode(),
                                stored.organizationCode(), amount)), null, null, null, "key_requester0000", at)
                .decided(jp.kokin.domain.refund.RefundStatus.APPROVED, "key_approver00000", at, null).submitted(at)
                .answered(jp.kokin.domain.refund.RefundStatus.SUCCEEDED, "sbx_r", null, at).withNoticeNumber(noticeNumber);
        aws.ledger().update(stored.withRefund(refund)).orElseThrow();
    }

    @Test
    void theReceiptShowsWhatWasRefundedWithoutChangingTheReceipt() {
        refunded(100, Instant.parse("2026-12-01T02:00:00Z"), "131016-2026-R0000001");

        JsonNode r = get(PORTAL_KEY, receipt.number(), 200);
        assertEquals(300, r.path("amount").asLong(), "the receipt's amount stays what was paid");
        assertEquals(100, r.path("refundedAmount").asLong());
        assertEquals(1, r.path("refunds").size());
        assertEquals(100, r.path("refunds").get(0).path("amount").asLong());
        assertEquals("2026-12-01T02:00:00Z", r.path("refunds").get(0).path("completedAt").asText());
        assertEquals("131016-2026-R0000001", r.path("refunds").get(0).path("noticeNumber").asText());
        assertEquals(receipt, aws.ledger().findReceipt(receipt.number()).orElseThrow(), "the receipt item is unchanged");

        var page = handler.handleRequest(HttpEvents.route("GET /receipts/{number}/{token}")
                .path("number", receipt.number()).path("token", receipt.token()).build(), null);
        assertEquals(200, page.getStatusCode());
        assertTrue(page.getBody().contains("返金通知番号") && page.getBody().contains("131016-2026-R0000001")
                && page.getBody().contains("100円") && page.getBody().contains("令和8年12月1日"), page.getBody());
    }

    @Test
    void aReceiptWithoutRefundsSaysSo() {
        JsonNode r = get(PORTAL_KEY, receipt.number(), 200);
        assertEquals(0, r.path("refundedAmount").asLong());
        assertTrue(r.path("refunds").isArray() && r.path("refunds").isEmpty());
    }

    @Test
    void theCheckoutNamesItsReceipt() {
        var r = handler.handleRequest(HttpEvents.route("GET /v1/checkouts/{id}").path("id", checkout.id()).bearer(PORTAL_KEY).build(), null);
        JsonNode c = Json.parse(r.getBody());
        assertEquals("paid", c.path("status").asText());
        assertEquals(receipt.number(), c.path("receipt").path("number").asText());
    }

    @Test
    void anotherPortalGets404() {
        assertEquals("not_found", get(CITY_KEY, receipt.number(), 404).path("code").asText());
        assertEquals("not_found", get(PORTAL_KEY, "131016-2026-0000002", 404).path("code").asText());
        assertEquals("not_found", get(PORTAL_KEY, "garbage", 404).path("code").asText());
        assertEquals("unauthorized", get("nobody", receipt.number(), 401).path("code").asText());
    }

    @Test
    void theReceiptPageNeedsItsToken() {
        var page = handler.handleRequest(HttpEvents.route("GET /receipts/{number}/{token}")
                .path("number", receipt.number()).path("token", receipt.token()).build(), null);
        assertEquals(200, page.getStatusCode());
        assertTrue(page.getBody().contains("<html lang=\"ja\">") && page.getBody().contains("領収書")
                && page.getBody().contains(receipt.number()) && page.getBody().contains("300円"), page.getBody());

        var wrong = handler.handleRequest(HttpEvents.route("GET /receipts/{number}/{token}")
                .path("number", receipt.number()).path("token", "x".repeat(32)).build(), null);
        assertEquals(404, wrong.getStatusCode());
        assertTrue(!wrong.getBody().contains(receipt.number()), "a wrong token reveals nothing");
        var unknown = handler.handleRequest(HttpEvents.route("GET /receipts/{number}/{token}")
                .path("number", "131016-2026-0000009").path("token", receipt.token()).build(), null);
        assertEquals(404, unknown.getStatusCode());
    }
}
