package jp.kokin.checkout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;

import jp.kokin.adapters.json.Json;
import jp.kokin.adapters.testing.HttpEvents;
import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.checkout.InMemoryCheckoutRepository;
import jp.kokin.domain.checkout.PaymentMethod;
import jp.kokin.domain.checkout.TestCatalogs;
import jp.kokin.domain.checkout.TestCheckouts;
import jp.kokin.domain.checkout.TestClock;
import jp.kokin.domain.provider.PaymentProvider;
import jp.kokin.domain.provider.Providers;
import jp.kokin.domain.receipt.RecordingReceiptDue;

/**
 * {@code POST /v1/checkouts/{id}/refunds} through {@code CheckoutFunction} over fakes, with 外務省
 * paid into the treasury ({@link TestCatalogs#aTreasuryCatalog()}): a refund of the passport's
 * national line names the ministry's repayment decision.
 */
class NationalRefundApiTest {
    private static final String PORTAL_KEY = "myna-key";

    private final TestClock clock = new TestClock(TestCheckouts.CREATED_AT.plusSeconds(3600));
    private final InMemoryCheckoutRepository checkouts = new InMemoryCheckoutRepository();
    private final Providers noProviders = new Providers() {
        @Override
        public Optional<PaymentProvider> forMethod(String organizationCode, PaymentMethod method) {
            return Optional.empty();
        }

        @Override
        public Optional<PaymentProvider> named(String name) {
            return Optional.empty();
        }
    };
    private final CheckoutHandler handler = new CheckoutHandler(new CheckoutWiring(
            () -> TestCatalogs.aTreasuryCatalog().build(), checkouts, number -> Optional.empty(), noProviders,
            new RecordingReceiptDue(), "https://pay.example.jp", clock));
    private final Checkout passport = TestCheckouts.paid(TestCheckouts.aCheckout().forOrganization(TestCatalogs.TOKYO)
            .withItem(TestCatalogs.PASSPORT, 1).build(), TestCheckouts.CREATED_AT.plusSeconds(60));

    NationalRefundApiTest() {
        checkouts.create(passport, null);
    }

    private APIGatewayV2HTTPResponse refund(String body) {
        return handler.handleRequest(HttpEvents.route("POST /v1/checkouts/{id}/refunds").path("id", passport.id())
                .bearer(PORTAL_KEY).json(body).build(), null);
    }

    @Test
    void a_refund_of_the_passports_national_line_without_the_ministrys_decision_is_422_and_nothing_is_stored() {
        var r = refund("""
                {"amount":14000,"reason":"overpaid","lines":[{"item":0,"line":0,"amount":14000}]}""");

        assertEquals(422, r.getStatusCode(), r.getBody());
        assertEquals("application/problem+json", r.getHeaders().get("content-type"));
        JsonNode problem = Json.parse(r.getBody());
        assertEquals("decision_reference_required", problem.path("code").asText(), r.getBody());
        assertTrue(checkouts.find(passport.id()).orElseThrow().refunds().isEmpty());
    }

    @Test
    void with_the_decision_reference_it_is_201_and_the_refund_keeps_it() {
        var r = refund("""
                {"amount":14000,"reason":"overpaid","decisionReference":"外務省会計課 還付決議 R8-0012",
                 "lines":[{"item":0,"line":0,"amount":14000}]}""");

        assertEquals(201, r.getStatusCode(), r.getBody());
        assertEquals("外務省会計課 還付決議 R8-0012", Json.parse(r.getBody()).path("decisionReference").asText(), r.getBody());
        assertEquals(1, checkouts.find(passport.id()).orElseThrow().refunds().size());
    }

    @Test
    void a_refund_of_only_the_prefectures_line_needs_no_decision() {
        var r = refund("""
                {"amount":2000,"reason":"overpaid","lines":[{"item":0,"line":1,"amount":2000}]}""");

        assertEquals(201, r.getStatusCode(), r.getBody());
    }
}
