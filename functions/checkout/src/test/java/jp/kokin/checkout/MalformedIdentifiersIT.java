package jp.kokin.checkout;

import static jp.kokin.adapters.testing.TestCatalog.PORTAL_KEY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Supplier;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import jp.kokin.adapters.json.Json;
import jp.kokin.adapters.testing.Checkouts;
import jp.kokin.adapters.testing.HttpEvents;
import jp.kokin.adapters.testing.TestAws;
import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.checkout.Result;
import jp.kokin.domain.receipt.Receipt;
import jp.kokin.domain.receipt.ReceiptService;

/**
 * Every route of {@code CheckoutFunction} that takes a path parameter parses it before any ledger
 * lookup: a malformed identifier is {@code 404}, with no DynamoDB read and no error in the log.
 */
class MalformedIdentifiersIT {
    private static final Instant PAID = Instant.parse("2026-11-26T03:00:00Z");
    private static final String HUGE = "9".repeat(3000);

    private TestAws aws;
    private CheckoutHandler handler;
    private Receipt receipt;

    @BeforeEach
    void aPaidCheckoutWithItsReceipt() {
        aws = TestAws.create();
        handler = new CheckoutHandler(CheckoutWiring.fromEnv(aws.env("CheckoutFunction")));
        Checkout checkout = Checkouts.aCheckout().paidAt(PAID).build();
        aws.ledger().create(checkout, null);
        var issued = new ReceiptService(aws.ledger(), jp.kokin.domain.checkout.TestCatalogs::standard, Clock.fixed(PAID.plusSeconds(30), ZoneOffset.UTC)).issue(checkout.id());
        receipt = ((ReceiptService.Issued) assertInstanceOf(Result.Ok.class, issued).value()).receipt();
    }

    private static long ledgerReads() {
        var counts = TestAws.embedded().counts();
        return counts.functions("DynamoDB_20120810.GetItem") + counts.functions("DynamoDB_20120810.Query");
    }

    /** Calls the handler and checks: 404, no ledger read, nothing logged at error level. */
    private void assertNotFoundWithoutLookup(String what, Supplier<APIGatewayV2HTTPResponse> call) {
        long before = ledgerReads();
        PrintStream stdout = System.out;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        APIGatewayV2HTTPResponse r;
        System.setOut(new PrintStream(log, true, StandardCharsets.UTF_8));
        try {
            r = call.get();
        } finally {
            System.setOut(stdout);
        }
        assertEquals(404, r.getStatusCode(), what + ": " + r.getBody());
        assertEquals(before, ledgerReads(), what + ": no DynamoDB lookup");
        assertFalse(log.toString(StandardCharsets.UTF_8).contains("\"level\":\"ERROR\""), what + ": " + log);
        if (r.getHeaders().get("content-type").startsWith("application/problem+json")) {
            assertEquals("not_found", Json.parse(r.getBody()).path("code").asText(), what);
        }
    }

    private APIGatewayV2HTTPResponse call(HttpEvents event) {
        return handler.handleRequest(event.build(), null);
    }

    @Test
    void a_3000_character_receipt_number_on_the_receipt_page_is_not_found_without_a_lookup() {
        assertNotFoundWithoutLookup("page", () -> call(HttpEvents.route("GET /receipts/{number}/{token}")
                .path("number", HUGE).path("token", receipt.token())));
    }

    @Test
    void malformed_receipt_numbers_and_tokens_are_not_found_without_a_lookup() {
        for (String number : List.of(HUGE, "131016-2026-1", "131016-2026-00000001", "../131016-2026-0000001",
                receipt.number() + " ", "131017-2026-0000001", "RCPT#x")) {
            assertNotFoundWithoutLookup("api " + number, () -> call(HttpEvents.route("GET /v1/receipts/{number}")
                    .path("number", number).bearer(PORTAL_KEY)));
            assertNotFoundWithoutLookup("page " + number, () -> call(HttpEvents.route("GET /receipts/{number}/{token}")
                    .path("number", number).path("token", receipt.token())));
        }
        for (String token : List.of(HUGE, receipt.token().toUpperCase(), receipt.token().substring(1), "x")) {
            assertNotFoundWithoutLookup("token " + token, () -> call(HttpEvents.route("GET /receipts/{number}/{token}")
                    .path("number", receipt.number()).path("token", token)));
        }
    }

    @Test
    void malformed_checkout_ids_are_not_found_without_a_lookup_on_every_route() {
        for (String id : List.of(HUGE, "chk_" + "a".repeat(3000), "CHK_AAAAAAAAAAAAAAAAAAAAAAAAAA", "../etc")) {
            assertNotFoundWithoutLookup("read", () -> call(HttpEvents.route("GET /v1/checkouts/{id}").path("id", id).bearer(PORTAL_KEY)));
            assertNotFoundWithoutLookup("cancel", () -> call(HttpEvents.route("POST /v1/checkouts/{id}/cancel").path("id", id)
                    .bearer(PORTAL_KEY)));
            assertNotFoundWithoutLookup("page", () -> call(HttpEvents.route("GET /pay/{id}").path("id", id)));
            assertNotFoundWithoutLookup("choose", () -> call(HttpEvents.route("POST /pay/{id}").path("id", id).form("method=paypay")));
            assertNotFoundWithoutLookup("return", () -> call(HttpEvents.route("GET /pay/{id}/return").path("id", id)
                    .query("payment", HUGE)));
            assertNotFoundWithoutLookup("return post", () -> call(HttpEvents.route("POST /pay/{id}/return").path("id", id)));
        }
    }

    @Test
    void the_well_formed_identifiers_still_find_the_receipt() {
        var page = call(HttpEvents.route("GET /receipts/{number}/{token}").path("number", receipt.number()).path("token", receipt.token()));
        assertEquals(200, page.getStatusCode());
        var api = call(HttpEvents.route("GET /v1/receipts/{number}").path("number", receipt.number()).bearer(PORTAL_KEY));
        assertEquals(200, api.getStatusCode(), api.getBody());
        assertTrue(api.getBody().contains(receipt.token()));
    }
}
