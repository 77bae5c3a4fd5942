package jp.kokin.checkout;

import static jp.kokin.adapters.testing.TestCatalog.OPERATOR_KEY;
import static jp.kokin.adapters.testing.TestCatalog.PORTAL_KEY;
import static jp.kokin.adapters.testing.TestCatalog.RETURN_URL;
import static jp.kokin.adapters.testing.TestCatalog.SCOPED_OPERATOR_KEY;
import static jp.kokin.adapters.testing.TestCatalog.TOKYO_KEY;
import static jp.kokin.adapters.testing.TestCatalog.TOKYO_RETURN_URL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;

import jp.kokin.adapters.json.Json;
import jp.kokin.adapters.testing.Checkouts;
import jp.kokin.adapters.testing.HttpEvents;
import jp.kokin.adapters.testing.TestAws;
import jp.kokin.domain.catalog.FeeLine;
import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.checkout.Result;
import jp.kokin.domain.receipt.Receipt;
import jp.kokin.domain.receipt.ReceiptService;

/**
 * Two portals serving the same organization: the My Number Portal ({@code myna}) and 東京都's own
 * portal ({@code tokyo}) both serve 130001 (東京都). A portal key sees only the checkouts its
 * portal created and their receipts; an operator key sees its organizations' checkouts whoever
 * created them.
 */
class PortalIsolationIT {
    private static final Instant PAID = Instant.parse("2026-11-26T03:00:00Z");

    private TestAws aws;
    private CheckoutHandler handler;

    @BeforeEach
    void freshPlatform() {
        aws = TestAws.create();
        handler = new CheckoutHandler(CheckoutWiring.fromEnv(aws.env("CheckoutFunction")));
    }

    private APIGatewayV2HTTPResponse read(String key, String id) {
        return handler.handleRequest(HttpEvents.route("GET /v1/checkouts/{id}").path("id", id).bearer(key).build(), null);
    }

    private APIGatewayV2HTTPResponse cancel(String key, String id) {
        return handler.handleRequest(HttpEvents.route("POST /v1/checkouts/{id}/cancel").path("id", id).bearer(key).build(), null);
    }

    private APIGatewayV2HTTPResponse receipt(String key, String number) {
        return handler.handleRequest(HttpEvents.route("GET /v1/receipts/{number}").path("number", number).bearer(key).build(), null);
    }

    /** A 東京都 passport checkout created through the API by the portal of {@code key}. */
    private String passportBy(String key, String returnUrl) {
        var r = handler.handleRequest(HttpEvents.createCheckout(key, """
                {"organizationCode":"130001","items":[{"procedureCode":"passport-10y","quantity":1}],
                 "reference":"PASS-0001","returnUrl":"%s","metadata":{"applicant":"secret-of-the-portal"}}"""
                .formatted(returnUrl)), null);
        assertEquals(201, r.getStatusCode(), r.getBody());
        return Json.parse(r.getBody()).path("id").asText();
    }

    /** A paid 東京都 checkout of {@code portal}, stored, with its receipt issued. */
    private Receipt paidWithReceipt(String portal) {
        Checkout c = Checkouts.aCheckout().forOrganization("130001").byPortal(portal)
                .withProcedure("passport-10y", new FeeLine("MOFA", 14000), new FeeLine("130001", 2000))
                .paidAt(PAID).build();
        aws.ledger().create(c, null);
        var issued = new ReceiptService(aws.ledger(), jp.kokin.domain.checkout.TestCatalogs::standard, Clock.fixed(PAID.plusSeconds(30), ZoneOffset.UTC)).issue(c.id());
        return ((ReceiptService.Issued) assertInstanceOf(Result.Ok.class, issued).value()).receipt();
    }

    private static void assertNotFound(APIGatewayV2HTTPResponse r) {
        assertEquals(404, r.getStatusCode(), r.getBody());
        assertEquals("not_found", Json.parse(r.getBody()).path("code").asText(), r.getBody());
    }

    @Test
    void a_portal_key_cannot_read_another_portals_checkout_of_the_same_organization() {
        String id = passportBy(PORTAL_KEY, RETURN_URL);

        APIGatewayV2HTTPResponse theirs = read(TOKYO_KEY, id);

        assertNotFound(theirs);
        assertFalse(theirs.getBody().contains("secret-of-the-portal"), "no metadata of the other portal");
        assertEquals(200, read(PORTAL_KEY, id).getStatusCode(), "the creating portal still reads it");
    }

    @Test
    void a_portal_key_cannot_cancel_another_portals_checkout_of_the_same_organization() {
        String id = passportBy(PORTAL_KEY, RETURN_URL);
        long version = aws.ledger().find(id).orElseThrow().version();

        assertNotFound(cancel(TOKYO_KEY, id));

        Checkout stored = aws.ledger().find(id).orElseThrow();
        assertEquals("created", stored.status().wire());
        assertEquals(version, stored.version(), "nothing was written");
        assertEquals(200, cancel(PORTAL_KEY, id).getStatusCode(), "the creating portal still cancels it");
    }

    @Test
    void a_portal_key_cannot_walk_the_receipt_numbers_of_another_portals_checkouts() {
        Receipt first = paidWithReceipt("myna");
        Receipt own = paidWithReceipt("tokyo");
        Receipt third = paidWithReceipt("myna");
        assertEquals("130001-2026-0000002", own.number(), "the receipt numbers are sequential per organization");

        for (Receipt other : new Receipt[] {first, third}) {
            APIGatewayV2HTTPResponse r = receipt(TOKYO_KEY, other.number());
            assertNotFound(r);
            assertFalse(r.getBody().contains(other.token()), "the secret page URL is not handed out");
        }
        JsonNode mine = Json.parse(receipt(TOKYO_KEY, own.number()).getBody());
        assertEquals(own.checkoutId(), mine.path("checkoutId").asText(), mine.toString());
        assertEquals(200, receipt(PORTAL_KEY, first.number()).getStatusCode());
        assertNotFound(receipt(PORTAL_KEY, own.number()));
    }

    @Test
    void an_operator_key_sees_every_portals_checkouts_and_receipts_of_its_organizations() {
        String mynas = passportBy(PORTAL_KEY, RETURN_URL);
        String tokyos = passportBy(TOKYO_KEY, TOKYO_RETURN_URL);
        Receipt receipt = paidWithReceipt("tokyo");

        assertEquals(200, read(OPERATOR_KEY, mynas).getStatusCode());
        assertEquals(200, read(OPERATOR_KEY, tokyos).getStatusCode());
        assertEquals(200, receipt(OPERATOR_KEY, receipt.number()).getStatusCode());
        assertEquals(200, cancel(OPERATOR_KEY, tokyos).getStatusCode());

        assertNotFound(read(SCOPED_OPERATOR_KEY, mynas));
        assertNotFound(receipt(SCOPED_OPERATOR_KEY, receipt.number()));
        assertNotFound(cancel(SCOPED_OPERATOR_KEY, mynas));
    }
}
