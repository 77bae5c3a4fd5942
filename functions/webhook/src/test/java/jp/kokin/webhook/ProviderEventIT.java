package jp.kokin.webhook;

import jp.kokin.adapters.testing.HttpEvents;

import static jp.kokin.adapters.testing.TestCatalog.PORTAL_NOTIFICATION_SECRET;
import static jp.kokin.adapters.testing.TestCatalog.SANDBOX_PREVIOUS_SECRET;
import static jp.kokin.adapters.testing.TestCatalog.SANDBOX_SECRET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import jp.kokin.adapters.json.Json;
import jp.kokin.adapters.provider.sandbox.SandboxEvent;
import jp.kokin.adapters.provider.sandbox.SandboxEvents;
import jp.kokin.adapters.queue.QueuedReceiptDue;
import jp.kokin.adapters.queue.ReceiptQueue;
import jp.kokin.adapters.testing.Checkouts;
import jp.kokin.adapters.testing.TestAws;
import jp.kokin.domain.checkout.Change;
import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.checkout.ConfirmPayment;
import jp.kokin.domain.checkout.RecordOutcome;
import jp.kokin.domain.checkout.RecordPayment;
import jp.kokin.domain.checkout.Payment;
import jp.kokin.domain.checkout.PaymentMethod;
import jp.kokin.domain.checkout.TestClock;
import jp.kokin.domain.provider.Callbacks;
import jp.kokin.domain.provider.InboundProviderEvent;
import jp.kokin.domain.provider.ProviderEvent;
import jp.kokin.domain.provider.PaymentProvider;
import jp.kokin.domain.provider.ProviderSession;
import jp.kokin.domain.provider.ProviderStatus;
import jp.kokin.domain.provider.Providers;
import jp.kokin.domain.receipt.ReceiptService;
import jp.kokin.domain.webhook.StandardWebhook;

/**
 * {@code POST /webhooks/sandbox} through {@code ProviderEventFunction}'s real constructor, against
 * DynamoDB Local and ElasticMQ: only a verified report changes a checkout, a repeat changes
 * nothing, and a paid checkout reaches the receipt queue.
 */
class ProviderEventIT {
    private TestAws aws;
    private ProviderEventHandler handler;
    private String receiptQueue;

    @BeforeEach
    void freshPlatform() {
        aws = TestAws.create();
        handler = new ProviderEventHandler(ProviderEventWiring.fromEnv(aws.env("ProviderEventFunction")));
        receiptQueue = aws.queueUrl("ReceiptQueue");
    }

    // --- fixtures ---

    /** A checkout (300 yen) whose citizen started one attempt per method, stored; the attempts are pay_…_1, _2… */
    private Checkout pendingCheckout(PaymentMethod... methods) {
        Instant now = Instant.now();
        Checkout c = Checkouts.aCheckout().createdAt(now).build();
        for (PaymentMethod m : methods) {
            c = ((Change.Changed) c.startPayment(m, "sandbox", now)).checkout();
        }
        aws.ledger().create(c, null);
        return c;
    }

    private static SandboxEvent succeeded(String paymentId, long amount, Instant at) {
        return new SandboxEvent("sbx_" + paymentId, paymentId, SandboxEvent.Type.SUCCEEDED, amount, "JPY",
                PaymentMethod.PAYPAY, at);
    }

    private static SandboxEvent failed(String paymentId, Instant at) {
        return new SandboxEvent("sbx_" + paymentId, paymentId, SandboxEvent.Type.FAILED, 300, "JPY",
                PaymentMethod.PAYPAY, at);
    }

    private static APIGatewayV2HTTPEvent event(Map<String, String> headers, byte[] body) {
        HttpEvents e = HttpEvents.route("POST /webhooks/{provider}").path("provider", "sandbox")
                .json(new String(body, StandardCharsets.UTF_8));
        headers.forEach(e::header);
        return e.build();
    }

    private static APIGatewayV2HTTPEvent event(SandboxEvents.Signed signed) {
        return event(signed.headers(), signed.body());
    }

    private static SandboxEvents.Signed sign(SandboxEvent n) {
        return SandboxEvents.sign(n, SANDBOX_SECRET, SandboxEvents.newWebhookId(), Instant.now());
    }

    private APIGatewayV2HTTPResponse post(SandboxEvents.Signed signed) {
        return handler.handleRequest(event(signed), null);
    }

    private Checkout stored(Checkout c) {
        return aws.ledger().find(c.id()).orElseThrow();
    }

    /** Every message on the receipt queue now (received, so gone for the visibility timeout). */
    private List<String> receiptMessages(String queueUrl) {
        List<String> bodies = new ArrayList<>();
        while (true) {
            var messages = aws.sqs().receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
            if (messages.isEmpty()) {
                return bodies;
            }
            messages.forEach(m -> bodies.add(m.body()));
        }
    }

    private static void assertProblem(int status, String code, APIGatewayV2HTTPResponse r) {
        assertEquals(status, r.getStatusCode(), r.getBody());
        assertEquals("application/problem+json", r.getHeaders().get("content-type"));
        assertEquals(code, Json.parse(r.getBody()).path("code").asText(), r.getBody());
    }

    /** A refused webhook left the checkout exactly as it was and queued nothing. */
    private void assertNothingChanged(Checkout before) {
        Checkout after = stored(before);
        assertEquals(before.version(), after.version(), "the checkout was not written");
        assertEquals(before.status(), after.status());
        assertEquals(before.payments(), after.payments());
        assertEquals(List.of(), receiptMessages(receiptQueue), "nothing queued");
    }

    // --- verified reports ---

    @Test
    void with_the_sandbox_disabled_a_signed_sandbox_webhook_is_404_and_changes_nothing() {
        Map<String, String> env = new LinkedHashMap<>(aws.env("ProviderEventFunction"));
        env.put("SANDBOX_ENABLED", "false");
        ProviderEventHandler production = new ProviderEventHandler(ProviderEventWiring.fromEnv(env));
        Checkout c = pendingCheckout(PaymentMethod.PAYPAY);

        var r = production.handleRequest(event(sign(succeeded(c.payments().getFirst().id(), 300, Instant.now()))), null);

        assertEquals(404, r.getStatusCode(), r.getBody());
        assertEquals(c.status(), stored(c).status());
        assertEquals(c.payments(), stored(c).payments());
        assertEquals(List.of(), receiptMessages(receiptQueue));
    }

    @Test
    void aSignedSuccessPaysThePendingCheckoutAndQueuesItsReceipt() {
        Checkout c = pendingCheckout(PaymentMethod.PAYPAY);
        String paymentId = c.payments().getFirst().id();
        Instant occurredAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);

        var r = post(sign(succeeded(paymentId, 300, occurredAt)));

        assertEquals(200, r.getStatusCode(), r.getBody());
        Checkout paid = stored(c);
        assertEquals("paid", paid.status().wire());
        assertEquals(occurredAt, paid.paidAt());
        assertEquals("succeeded", paid.payment(paymentId).orElseThrow().status().wire());
        assertEquals(List.of(ReceiptQueue.body(c.id())), receiptMessages(receiptQueue));
    }

    @Test
    void aSignatureWithThePreviousSecretIsStillAccepted() {
        Checkout c = pendingCheckout(PaymentMethod.CARD);
        var signed = SandboxEvents.sign(succeeded(c.payments().getFirst().id(), 300, Instant.now()), SANDBOX_PREVIOUS_SECRET,
                SandboxEvents.newWebhookId(), Instant.now());

        assertEquals(200, post(signed).getStatusCode());
        assertEquals("paid", stored(c).status().wire());
    }

    @Test
    void aFailureEndsTheAttemptAndAnotherAttemptCanThenSucceed() {
        Checkout c = pendingCheckout(PaymentMethod.PAYPAY);
        String first = c.payments().getFirst().id();

        assertEquals(200, post(sign(failed(first, Instant.now()))).getStatusCode());
        Checkout afterFailure = stored(c);
        assertEquals("created", afterFailure.status().wire(), "the citizen may choose again");
        assertEquals("failed", afterFailure.payment(first).orElseThrow().status().wire());
        assertEquals(List.of(), receiptMessages(receiptQueue));

        Checkout retried = ((Change.Changed) afterFailure.startPayment(PaymentMethod.CARD, "sandbox", Instant.now())).checkout();
        assertTrue(aws.ledger().update(retried).isPresent());
        String second = retried.payments().get(1).id();
        assertEquals(200, post(sign(succeeded(second, 300, Instant.now()))).getStatusCode());

        Checkout paid = stored(c);
        assertEquals("paid", paid.status().wire());
        assertEquals(second, paid.winningPayment().orElseThrow().id());
        assertEquals("failed", paid.payment(first).orElseThrow().status().wire());
        assertEquals(List.of(ReceiptQueue.body(c.id())), receiptMessages(receiptQueue));
    }

    @Test
    void aSuccessOfAnotherAttemptOfAPaidCheckoutIsRecordedAsADuplicatePayment() {
        Checkout c = pendingCheckout(PaymentMethod.PAYPAY, PaymentMethod.CARD);
        String first = c.payments().get(0).id();
        String second = c.payments().get(1).id();
        Instant paidAt = Instant.now().minusSeconds(30).truncatedTo(ChronoUnit.MILLIS);
        assertEquals(200, post(sign(succeeded(second, 300, paidAt))).getStatusCode());

        var r = post(sign(succeeded(first, 300, Instant.now())));

        assertEquals(200, r.getStatusCode(), r.getBody());
        Checkout after = stored(c);
        assertEquals("paid", after.status().wire());
        assertEquals(paidAt, after.paidAt(), "paidAt is the first success");
        assertTrue(after.payment(first).orElseThrow().duplicatePayment(), "money to refund");
        assertFalse(after.payment(second).orElseThrow().duplicatePayment());
        assertEquals(second, after.winningPayment().orElseThrow().id());
    }

    @Test
    void theSameWebhookAgainChangesNothing() {
        Checkout c = pendingCheckout(PaymentMethod.PAYPAY);
        var signed = sign(succeeded(c.payments().getFirst().id(), 300, Instant.now()));
        assertEquals(200, post(signed).getStatusCode());
        Checkout paid = stored(c);
        receiptMessages(receiptQueue);

        var again = post(signed);

        assertEquals(200, again.getStatusCode(), again.getBody());
        Checkout after = stored(c);
        assertEquals(paid.version(), after.version(), "a repeat writes nothing");
        assertEquals(paid, after);
    }

    @Test
    void aRepeatAfterTheReceiptExistsQueuesNothing() {
        Checkout c = pendingCheckout(PaymentMethod.PAYPAY);
        var signed = sign(succeeded(c.payments().getFirst().id(), 300, Instant.now()));
        post(signed);
        new ReceiptService(aws.ledger(), jp.kokin.domain.checkout.TestCatalogs::standard, Clock.systemUTC()).issue(c.id());
        receiptMessages(receiptQueue);

        assertEquals(200, post(signed).getStatusCode());
        assertEquals(List.of(), receiptMessages(receiptQueue), "the receipt exists: nothing to queue");
    }

    @Test
    void aWrongAmountIsRefusedAndTheCheckoutStaysUnpaid() {
        Checkout c = pendingCheckout(PaymentMethod.PAYPAY);

        var r = post(sign(succeeded(c.payments().getFirst().id(), 299, Instant.now())));

        assertProblem(422, "amount_mismatch", r);
        assertNothingChanged(c);
    }

    @Test
    void aVerifiedReportAboutAnUnknownPaymentIsAcknowledgedAndChangesNothing() {
        // e.g. another system's payment on a shared provider account: a refusal would only make the provider retry
        Checkout c = pendingCheckout(PaymentMethod.PAYPAY);
        assertEquals(200, post(sign(succeeded("pay_" + "a".repeat(26) + "_1", 300, Instant.now()))).getStatusCode());
        assertEquals(200, post(sign(succeeded(c.payments().getFirst().id().replace("_1", "_2"), 300, Instant.now()))).getStatusCode());
        assertNothingChanged(c);
        assertEquals(List.of(), receiptMessages(receiptQueue));
    }

    // --- forged, incomplete or stale reports ---

    @Test
    void aForgedSignatureIs401AndChangesNothing() {
        Checkout c = pendingCheckout(PaymentMethod.PAYPAY);
        var forged = SandboxEvents.sign(succeeded(c.payments().getFirst().id(), 300, Instant.now()), PORTAL_NOTIFICATION_SECRET,
                SandboxEvents.newWebhookId(), Instant.now());

        assertProblem(401, "invalid_signature", post(forged));
        assertNothingChanged(c);
    }

    @Test
    void aBodyChangedAfterSigningIs401() {
        Checkout c = pendingCheckout(PaymentMethod.PAYPAY);
        var signed = sign(succeeded(c.payments().getFirst().id(), 1, Instant.now()));
        byte[] tampered = new String(signed.body(), StandardCharsets.UTF_8).replace("\"amount\":1", "\"amount\":300")
                .getBytes(StandardCharsets.UTF_8);

        assertProblem(401, "invalid_signature", handler.handleRequest(event(signed.headers(), tampered), null));
        assertNothingChanged(c);
    }

    @ParameterizedTest
    @ValueSource(strings = {StandardWebhook.ID_HEADER, StandardWebhook.TIMESTAMP_HEADER, StandardWebhook.SIGNATURE_HEADER})
    void aMissingHeaderIs401(String header) {
        Checkout c = pendingCheckout(PaymentMethod.PAYPAY);
        var signed = sign(succeeded(c.payments().getFirst().id(), 300, Instant.now()));
        Map<String, String> headers = new LinkedHashMap<>(signed.headers());
        headers.remove(header);

        assertProblem(401, "invalid_signature", handler.handleRequest(event(headers, signed.body()), null));
        assertNothingChanged(c);
    }

    @ParameterizedTest
    @ValueSource(strings = {"timestamp:abc", "timestamp:1e10", "timestamp:-1", "signature:v1,!!!", "signature:v2,abc",
            "signature:v1,", "signature:garbage", "id: "})
    void aMalformedHeaderIs401Not500(String change) {
        Checkout c = pendingCheckout(PaymentMethod.PAYPAY);
        var signed = sign(succeeded(c.payments().getFirst().id(), 300, Instant.now()));
        Map<String, String> headers = new LinkedHashMap<>(signed.headers());
        String[] kv = change.split(":", 2);
        headers.put("webhook-" + kv[0], kv[1]);

        assertProblem(401, "invalid_signature", handler.handleRequest(event(headers, signed.body()), null));
        assertNothingChanged(c);
    }

    @ParameterizedTest
    @ValueSource(ints = {-6, 6})
    void aTimestampMoreThanFiveMinutesOffIs401(int minutes) {
        Checkout c = pendingCheckout(PaymentMethod.PAYPAY);
        var stale = SandboxEvents.sign(succeeded(c.payments().getFirst().id(), 300, Instant.now()), SANDBOX_SECRET,
                SandboxEvents.newWebhookId(), Instant.now().plus(Duration.ofMinutes(minutes)));

        assertProblem(401, "invalid_signature", post(stale));
        assertNothingChanged(c);
    }

    @Test
    void aSignedBodyThatIsNotANotificationIs400() {
        Checkout c = pendingCheckout(PaymentMethod.PAYPAY);
        for (String body : List.of("not json", "{}", "{\"type\":\"payment.refunded\",\"data\":{}}",
                "{\"type\":\"payment.succeeded\",\"data\":{\"providerPaymentId\":\"s\",\"merchantPaymentId\":\"" + c.payments().getFirst().id()
                        + "\",\"amount\":\"300\",\"currency\":\"JPY\",\"method\":\"paypay\",\"occurredAt\":\"2026-11-26T00:00:00Z\"}}")) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            long now = Instant.now().getEpochSecond();
            String id = SandboxEvents.newWebhookId();
            Map<String, String> headers = Map.of(StandardWebhook.ID_HEADER, id, StandardWebhook.TIMESTAMP_HEADER, Long.toString(now),
                    StandardWebhook.SIGNATURE_HEADER, StandardWebhook.sign(SANDBOX_SECRET, id, now, bytes));
            assertProblem(400, "invalid_request", handler.handleRequest(event(headers, bytes), null));
        }
        assertNothingChanged(c);
    }

    @Test
    void anUnknownProviderIs404() {
        var r = handler.handleRequest(HttpEvents.route("POST /webhooks/{provider}").path("provider", "paypay").json("{}").build(), null);
        assertProblem(404, "not_found", r);
    }

    // --- unsigned hints (PayPay): confirmed by asking, at most once per query interval ---

    /** A PayPay-like account: its notifications are unsigned hints (the body is our payment id); it says what it is told. */
    private static final class HintingProvider implements PaymentProvider, Providers {
        volatile ProviderStatus status = new ProviderStatus.Pending();
        final List<String> queried = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public String name() {
            return "paypay";
        }

        @Override
        public ProviderSession start(Checkout checkout, Payment payment, Callbacks callbacks) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ProviderStatus query(Checkout checkout, Payment payment) {
            queried.add(payment.id());
            return status;
        }

        @Override
        public boolean cancel(Payment payment) {
            return false;
        }

        @Override
        public ProviderEvent verify(InboundProviderEvent notification) {
            return new ProviderEvent.Hint(new String(notification.body(), StandardCharsets.UTF_8));
        }

        @Override
        public Optional<PaymentProvider> forMethod(String organizationCode, PaymentMethod method) {
            return Optional.of(this);
        }

        @Override
        public Optional<PaymentProvider> named(String name) {
            return name.equals("paypay") ? Optional.of(this) : Optional.empty();
        }
    }

    @Test
    void aGenuineHintJustAfterTheReturnPageAskedIs503AndIsConfirmedWhenDeliveredAgainAfterTheInterval() {
        TestClock clock = new TestClock(Instant.now().truncatedTo(ChronoUnit.MILLIS));
        HintingProvider paypay = new HintingProvider();
        ProviderEventHandler webhooks = new ProviderEventHandler(new ProviderEventWiring(aws.ledger(), paypay, new QueuedReceiptDue(aws.receiptQueue()), clock));
        Checkout c = Checkouts.aCheckout().createdAt(clock.instant()).build();
        c = ((Change.Changed) c.startPayment(PaymentMethod.PAYPAY, "paypay", clock.instant())).checkout();
        aws.ledger().create(c, null);
        String paymentId = c.payments().getFirst().id();
        APIGatewayV2HTTPEvent hint = HttpEvents.route("POST /webhooks/{provider}").path("provider", "paypay")
                .json(paymentId).build();

        // the citizen's return page asks (what CheckoutFunction does): PayPay still says CREATED
        var returnPage = new ConfirmPayment(aws.ledger(), paypay, new RecordPayment(aws.ledger(),
                new QueuedReceiptDue(aws.receiptQueue()), clock), clock).confirm("paypay", paymentId);
        assertTrue(returnPage instanceof RecordOutcome.Recorded, returnPage.toString());
        Checkout afterTheReturnPage = stored(c);
        // then the citizen pays, and PayPay's notification comes 2 s after the return page asked
        paypay.status = new ProviderStatus.Succeeded(300, clock.instant());
        clock.advance(Duration.ofSeconds(2));

        var early = webhooks.handleRequest(hint, null);

        assertProblem(503, "asked_recently", early);
        assertEquals("5", early.getHeaders().get("retry-after"));
        assertEquals(List.of(paymentId), paypay.queried, "PayPay was not asked again");
        assertEquals(afterTheReturnPage.version(), stored(c).version(), "nothing was written");
        assertNothingChanged(afterTheReturnPage);

        // PayPay delivers it again once the interval is over: confirmed, recorded, receipt queued
        clock.advance(ConfirmPayment.QUERY_INTERVAL.minusSeconds(2));
        var again = webhooks.handleRequest(hint, null);

        assertEquals(200, again.getStatusCode(), again.getBody());
        assertEquals(List.of(paymentId, paymentId), paypay.queried);
        assertEquals("paid", stored(c).status().wire());
        assertEquals(List.of(ReceiptQueue.body(c.id())), receiptMessages(receiptQueue));
    }

    // --- a crash between the state write and the enqueue ---

    @Test
    void whenTheReceiptQueueFailsTheWebhookStillRecordsThePaymentAndTheSweeperCanFindIt() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Clock clock = Clock.fixed(now, ZoneOffset.UTC);
        ProviderEventHandler withBrokenQueue = new ProviderEventHandler(new ProviderEventWiring(aws.ledger(), aws.providers(clock),
                new QueuedReceiptDue(new ReceiptQueue(aws.sqs(), receiptQueue + "-does-not-exist")), clock));
        Checkout c = pendingCheckout(PaymentMethod.PAYPAY);

        var r = withBrokenQueue.handleRequest(event(SandboxEvents.sign(succeeded(c.payments().getFirst().id(), 300, now),
                SANDBOX_SECRET, SandboxEvents.newWebhookId(), now)), null);

        assertEquals(200, r.getStatusCode(), "the provider must not retry a payment we recorded: " + r.getBody());
        Checkout paid = stored(c);
        assertEquals("paid", paid.status().wire());
        assertNull(paid.receipt());
        assertEquals(List.of(), receiptMessages(receiptQueue), "the enqueue was lost");
        // what ReceiptSweeperFunction reads (ReceiptSweeperIT takes it from here: queued again, exactly one receipt)
        assertEquals(List.of(), aws.ledger().awaitingReceipt(now.minusSeconds(1), 10), "not before it was paid");
        assertEquals(List.of(c.id()), aws.ledger().awaitingReceipt(now.plus(Duration.ofMinutes(1)), 10));
    }
}
