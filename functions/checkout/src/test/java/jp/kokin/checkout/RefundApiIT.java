package jp.kokin.checkout;

import static jp.kokin.adapters.testing.TestCatalog.CITY_KEY;
import static jp.kokin.adapters.testing.TestCatalog.OPERATOR_KEY;
import static jp.kokin.adapters.testing.TestCatalog.PORTAL_KEY;
import static jp.kokin.adapters.testing.TestCatalog.SCOPED_OPERATOR_KEY;
import static jp.kokin.adapters.testing.TestCatalog.TOKYO_KEY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

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
import jp.kokin.domain.refund.Refund;
import jp.kokin.domain.refund.RefundRules;

/**
 * The refund API through {@code CheckoutFunction}'s real constructor, against DynamoDB Local: the
 * guard under concurrent requests, four eyes, idempotency, and who sees which refunds.
 */
class RefundApiIT {
    private static final Instant PAID = Instant.parse("2026-11-26T03:00:00Z");

    private TestAws aws;
    private CheckoutHandler handler;

    @BeforeEach
    void freshPlatform() {
        aws = TestAws.create();
        handler = new CheckoutHandler(CheckoutWiring.fromEnv(aws.env("CheckoutFunction")));
    }

    /** A paid passport-like checkout of 千代田区 (created by the My Number Portal): 14,000 + 2,000 yen. */
    private Checkout aPaidCheckout() {
        Checkout c = Checkouts.aCheckout().withProcedure("passport-10y", new FeeLine("MOFA", 14_000), new FeeLine("131016", 2_000))
                .paidAt(PAID).build();
        aws.ledger().create(c, null);
        return c;
    }

    private APIGatewayV2HTTPResponse post(String route, String id, String key, String json, String idempotencyKey) {
        HttpEvents e = HttpEvents.route(route).path("id", id).bearer(key).json(json);
        if (idempotencyKey != null) {
            e.header("idempotency-key", idempotencyKey);
        }
        return handler.handleRequest(e.build(), null);
    }

    private APIGatewayV2HTTPResponse requestRefund(String checkoutId, String key, long amount) {
        return post("POST /v1/checkouts/{id}/refunds", checkoutId, key, "{\"amount\":%d,\"reason\":\"overpaid\"}".formatted(amount),
                null);
    }

    private APIGatewayV2HTTPResponse get(String route, String id, String key) {
        return handler.handleRequest(HttpEvents.route(route).path("id", id).bearer(key).build(), null);
    }

    private static JsonNode body(int status, APIGatewayV2HTTPResponse r) {
        assertEquals(status, r.getStatusCode(), r.getBody());
        return Json.parse(r.getBody());
    }

    private static void assertProblem(int status, String code, APIGatewayV2HTTPResponse r) {
        assertEquals(code, body(status, r).path("code").asText(), r.getBody());
    }

    @Test
    void aPortalRequestsARefundAndTheCheckoutShowsWhatRemainsRefundable() {
        Checkout c = aPaidCheckout();
        var r = post("POST /v1/checkouts/{id}/refunds", c.id(), PORTAL_KEY, """
                {"amount":1001,"reason":"overpaid","note":"paid for two copies, issued one","decisionReference":"千代田区-R8-0042"}""",
                null);
        JsonNode refund = body(201, r);
        String id = refund.path("id").asText();
        assertTrue(id.matches("rfd_[a-z2-7]{26}_1"), id);
        assertEquals("/v1/refunds/" + id, r.getHeaders().get("location"));
        assertEquals(c.id(), refund.path("checkoutId").asText());
        assertEquals(c.payments().getFirst().id(), refund.path("paymentId").asText());
        assertEquals("requested", refund.path("status").asText());
        assertTrue(refund.path("requestedBy").asText().matches("key_[0-9a-f]{16}"), refund.toString());
        assertTrue(refund.path("approvedBy").isNull());
        assertEquals("[{\"item\":0,\"line\":0,\"procedureCode\":\"passport-10y\",\"creditor\":\"MOFA\",\"amount\":876},"
                + "{\"item\":0,\"line\":1,\"procedureCode\":\"passport-10y\",\"creditor\":\"131016\",\"amount\":125}]",
                refund.path("lines").toString());

        JsonNode checkout = body(200, get("GET /v1/checkouts/{id}", c.id(), PORTAL_KEY));
        assertEquals(0, checkout.path("refundedAmount").asLong(), "nothing went back yet");
        assertEquals(16_000 - 1_001, checkout.path("refundableAmount").asLong());
        assertEquals("[\"" + id + "\"]", checkout.path("refunds").toString());
        assertEquals(refund, body(200, get("GET /v1/refunds/{id}", id, PORTAL_KEY)));
        assertEquals(refund, body(200, get("GET /v1/checkouts/{id}/refunds", c.id(), OPERATOR_KEY)).path("refunds").get(0));
    }

    /**
     * 20 requests for one payment released together (seeded amounts of 1,000 to 2,000 yen, together
     * about twice the 16,000 paid; half under their own Idempotency-Key, so both writes race): the
     * refunds stored never add up to more than was paid, overall or per fee line, and every answer
     * is a refund or {@code refund_exceeds_refundable} (at worst {@code contention}).
     */
    @Test
    void twentyConcurrentRequestsNeverRefundMoreThanWasPaid() throws Exception {
        long seed = Long.getLong("kokin.seed", 11L);
        System.out.println("RefundApiIT concurrent requests, seed " + seed);
        Random random = new Random(seed);
        Checkout c = aPaidCheckout();
        int requests = 20;
        long[] amounts = new long[requests];
        for (int i = 0; i < requests; i++) {
            amounts[i] = 1_000 + random.nextInt(1_001);
        }
        CountDownLatch ready = new CountDownLatch(requests);
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(requests);
        List<Future<APIGatewayV2HTTPResponse>> answers = new ArrayList<>();
        long started;
        try {
            for (int i = 0; i < requests; i++) {
                int n = i;
                answers.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return post("POST /v1/checkouts/{id}/refunds", c.id(), n % 2 == 0 ? PORTAL_KEY : OPERATOR_KEY,
                            "{\"amount\":%d,\"reason\":\"overpaid\"}".formatted(amounts[n]), n % 4 < 2 ? "concurrent-" + n : null);
                }));
            }
            assertTrue(ready.await(30, TimeUnit.SECONDS));
            started = System.nanoTime();
            go.countDown();
            Map<String, Integer> outcomes = new TreeMap<>();
            long answered = 0;
            for (Future<APIGatewayV2HTTPResponse> f : answers) {
                APIGatewayV2HTTPResponse r = f.get(60, TimeUnit.SECONDS);
                JsonNode b = Json.parse(r.getBody());
                String outcome = r.getStatusCode() + (r.getStatusCode() == 201 ? "" : " " + b.path("code").asText());
                outcomes.merge(outcome, 1, Integer::sum);
                if (r.getStatusCode() == 201) {
                    answered += b.path("amount").asLong();
                } else {
                    assertTrue(outcome.equals("409 refund_exceeds_refundable") || outcome.equals("503 contention"), outcome);
                }
            }
            System.out.printf("RefundApiIT: %s in %d ms%n", outcomes, (System.nanoTime() - started) / 1_000_000);

            Checkout stored = aws.ledger().find(c.id()).orElseThrow();
            long held = stored.refunds().stream().filter(r -> r.status().holdsMoney()).mapToLong(Refund::amount).sum();
            assertEquals(answered, held, "every 201 is stored, nothing else");
            assertTrue(held <= 16_000, held + " yen held of 16,000 paid");
            assertTrue(held > 16_000 - 2_000, "refused only when the next one no longer fitted: " + held);
            for (long[] item : RefundRules.remainingByLine(stored, stored.payments().getFirst().id())) {
                for (long line : item) {
                    assertTrue(line >= 0, "a fee line refunded beyond its amount");
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theKeyThatRequestedARefundCannotApproveItAndPortalKeysCannotDecide() {
        Checkout c = aPaidCheckout();
        String id = body(201, requestRefund(c.id(), OPERATOR_KEY, 500)).path("id").asText();

        assertProblem(403, "same_principal", post("POST /v1/refunds/{id}/approve", id, OPERATOR_KEY, "{}", null));
        assertProblem(403, "same_principal", post("POST /v1/refunds/{id}/reject", id, OPERATOR_KEY, "{\"reason\":\"no\"}", null));
        assertProblem(403, "forbidden", post("POST /v1/refunds/{id}/approve", id, PORTAL_KEY, "{}", null));
        assertProblem(403, "forbidden", post("POST /v1/refunds/{id}/reject", id, PORTAL_KEY, "{\"reason\":\"no\"}", null));
        assertEquals("requested", body(200, get("GET /v1/refunds/{id}", id, OPERATOR_KEY)).path("status").asText());

        assertEquals(0, notificationsQueued(), "nothing is sent before the second person approves");
        JsonNode approved = body(200, post("POST /v1/refunds/{id}/approve", id, SCOPED_OPERATOR_KEY,
                "{\"note\":\"checked the application\"}", null));
        assertEquals("succeeded", approved.path("status").asText(), "approved, submitted, and the sandbox refunded at once");
        assertTrue(approved.path("submittedAt").isTextual() && approved.path("completedAt").isTextual(), approved.toString());
        assertTrue(approved.path("noticeNumber").isTextual(), approved.toString());
        assertEquals(1, notificationsQueued(), "refund.succeeded for the portal");
        assertTrue(approved.path("approvedBy").asText().startsWith("key_"));
        assertTrue(!approved.path("approvedBy").asText().equals(approved.path("requestedBy").asText()));
        assertEquals("checked the application", approved.path("approvalNote").asText());
        assertProblem(409, "invalid_transition", post("POST /v1/refunds/{id}/reject", id, SCOPED_OPERATOR_KEY,
                "{\"reason\":\"changed my mind\"}", null));
    }

    private int notificationsQueued() {
        return Integer.parseInt(aws.sqs().getQueueAttributes(b -> b.queueUrl(aws.queueUrl("PortalNotificationQueue"))
                .attributeNamesWithStrings("ApproximateNumberOfMessages")).attributesAsStrings().get("ApproximateNumberOfMessages"));
    }

    @Test
    void anApprovalWhoseProviderDoesNotAnswerIsAnsweredSubmittedNotAnError() {
        Checkout c = aPaidCheckout();
        String id = body(201, post("POST /v1/checkouts/{id}/refunds", c.id(), PORTAL_KEY,
                "{\"amount\":300,\"reason\":\"overpaid\",\"note\":\"[sandbox:timeout]\"}", null)).path("id").asText();
        JsonNode approved = body(200, post("POST /v1/refunds/{id}/approve", id, OPERATOR_KEY, "", null));
        assertEquals("submitted", approved.path("status").asText(), approved.toString());
        assertTrue(approved.path("completedAt").isNull());
        assertEquals(0, notificationsQueued());
        assertProblem(409, "invalid_transition", post("POST /v1/refunds/{id}/reject", id, SCOPED_OPERATOR_KEY,
                "{\"reason\":\"too late\"}", null));
        assertEquals(16_000 - 300, body(200, get("GET /v1/checkouts/{id}", c.id(), PORTAL_KEY)).path("refundableAmount").asLong(),
                "a submitted refund still holds its amount");
    }

    @Test
    void aRejectedRefundNamesWhoAndWhyAndGivesItsAmountBack() {
        Checkout c = aPaidCheckout();
        String id = body(201, requestRefund(c.id(), PORTAL_KEY, 16_000)).path("id").asText();
        assertProblem(400, "invalid_request", post("POST /v1/refunds/{id}/reject", id, OPERATOR_KEY, "{}", null));
        JsonNode rejected = body(200, post("POST /v1/refunds/{id}/reject", id, OPERATOR_KEY,
                "{\"reason\":\"the fee is not refundable\"}", null));
        assertEquals("rejected", rejected.path("status").asText());
        assertEquals("the fee is not refundable", rejected.path("rejectionReason").asText());
        assertTrue(rejected.path("completedAt").isTextual());
        assertEquals(16_000, body(200, get("GET /v1/checkouts/{id}", c.id(), PORTAL_KEY)).path("refundableAmount").asLong());
        body(201, requestRefund(c.id(), PORTAL_KEY, 16_000));
    }

    @Test
    void aRetryUnderTheSameKeyReplaysAndAnotherBodyIsRefused() {
        Checkout c = aPaidCheckout();
        String json = "{\"amount\":16000,\"reason\":\"not_rendered\"}";
        JsonNode first = body(201, post("POST /v1/checkouts/{id}/refunds", c.id(), PORTAL_KEY, json, "refund-1"));
        var replay = post("POST /v1/checkouts/{id}/refunds", c.id(), PORTAL_KEY, json, "refund-1");
        assertEquals(first, body(200, replay), "the refund as it is now");
        assertEquals("true", replay.getHeaders().get("idempotent-replayed"));
        assertProblem(409, "idempotency_key_reused", post("POST /v1/checkouts/{id}/refunds", c.id(), PORTAL_KEY,
                json.replace("16000", "15000"), "refund-1"));
        assertProblem(409, "refund_exceeds_refundable", post("POST /v1/checkouts/{id}/refunds", c.id(), PORTAL_KEY, json,
                "refund-2"));
        assertEquals(1, aws.ledger().find(c.id()).orElseThrow().refunds().size());
    }

    @Test
    void aRefundBeyondWhatRemainsSaysWhatRemains() {
        Checkout c = aPaidCheckout();
        body(201, requestRefund(c.id(), PORTAL_KEY, 10_000));
        JsonNode problem = body(409, requestRefund(c.id(), PORTAL_KEY, 6_001));
        assertEquals("refund_exceeds_refundable", problem.path("code").asText());
        assertEquals(6_000, problem.path("refundableAmount").asLong());
        JsonNode line = body(409, post("POST /v1/checkouts/{id}/refunds", c.id(), PORTAL_KEY,
                "{\"amount\":2000,\"reason\":\"overpaid\",\"lines\":[{\"item\":0,\"line\":1,\"amount\":2000}]}", null));
        assertEquals(750, line.path("refundableAmount").asLong(), "10,000 × 2,000 / 16,000 = 1,250 of the line is taken");
        assertEquals(1, line.path("line").asLong());
    }

    @Test
    void aCheckoutThatIsNotPaidCannotBeRefunded() {
        Checkout created = Checkouts.aCheckout().build();
        aws.ledger().create(created, null);
        assertProblem(409, "checkout_not_paid", requestRefund(created.id(), PORTAL_KEY, 100));
    }

    @Test
    void badRequestsAreFieldErrorsAndStoreNothing() {
        Checkout c = aPaidCheckout();
        String[] bodies = {
                "{\"amount\":100}",
                "{\"amount\":100,\"reason\":\"mistake\"}",
                "{\"amount\":0,\"reason\":\"overpaid\"}",
                "{\"amount\":1.5,\"reason\":\"overpaid\"}",
                "{\"amount\":100,\"reason\":\"discretionary\"}",
                "{\"amount\":100,\"reason\":\"overpaid\",\"currency\":\"JPY\"}",
                "{\"amount\":100,\"reason\":\"overpaid\",\"note\":\"" + "x".repeat(201) + "\"}",
                "{\"amount\":100,\"reason\":\"overpaid\",\"lines\":[{\"item\":0,\"line\":0,\"amount\":99}]}",
                "{\"amount\":100,\"reason\":\"overpaid\",\"lines\":[{\"item\":5,\"line\":0,\"amount\":100}]}",
                "{\"amount\":100,\"reason\":\"overpaid\",\"paymentId\":\"pay_nope_1\"}",
                "[]", "not json"};
        for (String json : bodies) {
            assertProblem(400, "invalid_request", post("POST /v1/checkouts/{id}/refunds", c.id(), PORTAL_KEY, json, null));
        }
        assertTrue(aws.ledger().find(c.id()).orElseThrow().refunds().isEmpty());
    }

    @Test
    void aBodyOver64KiBOrNotJsonIsRefusedUnread() {
        Checkout c = aPaidCheckout();
        String huge = "{\"amount\":100,\"reason\":\"overpaid\",\"note\":\"" + "x".repeat(CheckoutJson.MAX_BODY_BYTES) + "\"}";
        JsonNode problem = body(400, post("POST /v1/checkouts/{id}/refunds", c.id(), PORTAL_KEY, huge, null));
        assertEquals("too_large", problem.path("errors").get(0).path("code").asText(), problem.toString());
        var form = handler.handleRequest(HttpEvents.route("POST /v1/checkouts/{id}/refunds").path("id", c.id())
                .bearer(PORTAL_KEY).form("amount=100&reason=overpaid").build(), null);
        assertProblem(415, "unsupported_media_type", form);
        assertProblem(400, "invalid_request", post("POST /v1/checkouts/{id}/refunds", c.id(), PORTAL_KEY,
                "{\"amount\":100,\"reason\":\"overpaid\"}", "k".repeat(256)));
        assertTrue(aws.ledger().find(c.id()).orElseThrow().refunds().isEmpty());
    }

    @Test
    void aPortalSeesOnlyTheRefundsOfItsOwnCheckouts() {
        Checkout c = aPaidCheckout();
        String id = body(201, requestRefund(c.id(), PORTAL_KEY, 100)).path("id").asText();
        for (String other : List.of(CITY_KEY, TOKYO_KEY)) {
            assertProblem(404, "not_found", get("GET /v1/refunds/{id}", id, other));
            assertProblem(404, "not_found", get("GET /v1/checkouts/{id}/refunds", c.id(), other));
            assertProblem(404, "not_found", requestRefund(c.id(), other, 100));
        }
        assertProblem(404, "not_found", get("GET /v1/refunds/{id}", "rfd_garbage", PORTAL_KEY));
        assertProblem(404, "not_found", get("GET /v1/refunds/{id}", id.substring(0, id.length() - 1) + "2", PORTAL_KEY));
        assertProblem(404, "not_found", post("POST /v1/refunds/{id}/approve", "rfd_garbage", OPERATOR_KEY, "{}", null));
        assertProblem(401, "unauthorized", get("GET /v1/refunds/{id}", id, "nobody"));
        assertEquals(1, aws.ledger().find(c.id()).orElseThrow().refunds().size());
    }
}
