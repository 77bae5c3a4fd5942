package jp.kokin.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import jp.kokin.adapters.json.Json;
import jp.kokin.adapters.testing.HttpEvents;
import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.checkout.CheckoutStatus;
import jp.kokin.domain.checkout.ConfirmPayment;
import jp.kokin.domain.checkout.InMemoryCheckoutRepository;
import jp.kokin.domain.checkout.PaymentMethod;
import jp.kokin.domain.checkout.PaymentStatus;
import jp.kokin.domain.checkout.RecordingPaymentProvider;
import jp.kokin.domain.checkout.TestCheckouts;
import jp.kokin.domain.checkout.TestClock;
import jp.kokin.domain.provider.ProviderEvent;
import jp.kokin.domain.provider.ProviderEventException;
import jp.kokin.domain.provider.PaymentProvider;
import jp.kokin.domain.provider.ProviderStatus;
import jp.kokin.domain.provider.Providers;
import jp.kokin.domain.provider.Reply;
import jp.kokin.domain.receipt.RecordingReceiptDue;

/**
 * {@code ProviderEventFunction} over fakes: what a provider is answered for each outcome of its
 * notification, and that a receipt is due once, when the checkout became paid.
 */
class ProviderEventHandlerTest {
    private static final Reply ACK = new Reply(200, "text/plain", "OK");

    private final TestClock clock = new TestClock(TestCheckouts.CREATED_AT.plusSeconds(60));
    private final InMemoryCheckoutRepository checkouts = new InMemoryCheckoutRepository();
    private final RecordingPaymentProvider sandbox = new RecordingPaymentProvider("sandbox").acknowledgedWith(ACK);
    private final RecordingReceiptDue receiptDue = new RecordingReceiptDue();
    private final Providers providers = new Providers() {
        @Override
        public Optional<PaymentProvider> forMethod(String organizationCode, PaymentMethod method) {
            return Optional.of(sandbox);
        }

        @Override
        public Optional<PaymentProvider> named(String name) {
            if (name.equals("broken")) {
                throw new IllegalStateException("simulated defect");
            }
            return name.equals("sandbox") ? Optional.of(sandbox) : Optional.empty();
        }
    };
    private final ProviderEventHandler handler = new ProviderEventHandler(new ProviderEventWiring(checkouts, providers, receiptDue, clock));
    private final Checkout pending = TestCheckouts.start(TestCheckouts.created(), PaymentMethod.CARD, TestCheckouts.CREATED_AT);
    private final String paymentId = TestCheckouts.paymentId(pending, 1);

    ProviderEventHandlerTest() {
        checkouts.put(pending);
    }

    private APIGatewayV2HTTPResponse post(String provider) {
        return handler.handleRequest(HttpEvents.route("POST /webhooks/{provider}").path("provider", provider).json("{}").build(), null);
    }

    private APIGatewayV2HTTPResponse notify(ProviderEvent notification) {
        sandbox.verifies(notification);
        return post("sandbox");
    }

    private ProviderEvent.Report succeeded(String payment, long amount) {
        return new ProviderEvent.Report(payment, new ProviderStatus.Succeeded(amount, clock.instant()), clock.instant());
    }

    private static void assertAcknowledged(APIGatewayV2HTTPResponse r) {
        assertEquals(200, r.getStatusCode(), r.getBody());
        assertEquals("OK", r.getBody(), "the provider's own acknowledgement");
        assertEquals("text/plain", r.getHeaders().get("content-type"));
    }

    private static void assertProblem(int status, String code, APIGatewayV2HTTPResponse r) {
        assertEquals(status, r.getStatusCode(), r.getBody());
        assertEquals(code, Json.parse(r.getBody()).path("code").asText(), r.getBody());
    }

    private Checkout stored() {
        return checkouts.stored(pending.id());
    }

    @Test
    void a_verified_success_is_recorded_acknowledged_and_its_receipt_is_due_once() {
        assertAcknowledged(notify(succeeded(paymentId, 300)));
        assertEquals(CheckoutStatus.PAID, stored().status());
        assertEquals(List.of(pending.id()), receiptDue.due());

        assertAcknowledged(notify(succeeded(paymentId, 300))); // redelivered
        assertEquals(List.of(pending.id()), receiptDue.due(), "a repeat asks for no second receipt");
    }

    @Test
    void a_notification_about_no_payment_of_ours_is_acknowledged_and_changes_nothing() {
        assertAcknowledged(notify(succeeded("pi_3NxYZ", 300)));
        assertAcknowledged(notify(succeeded(TestCheckouts.paymentId(pending, 2), 300)));
        assertEquals(pending, stored());
        assertEquals(List.of(), receiptDue.due());
    }

    @Test
    void a_change_the_state_machine_does_not_allow_is_acknowledged() {
        notify(succeeded(paymentId, 300));
        Checkout paid = stored();

        assertAcknowledged(notify(new ProviderEvent.Report(paymentId, new ProviderStatus.Failed("declined"), clock.instant())));

        assertEquals(paid, stored());
    }

    @Test
    void an_amount_that_differs_from_ours_is_refused_and_never_paid() {
        assertProblem(422, "amount_mismatch", notify(succeeded(paymentId, 30)));
        assertEquals(PaymentStatus.PENDING, stored().payments().getFirst().status());
        assertEquals(List.of(), receiptDue.due());
    }

    @Test
    void a_report_whose_echo_differs_from_what_was_sent_is_refused_as_not_authentic() {
        var forged = new ProviderEvent.Report(paymentId, new ProviderStatus.Succeeded(300, clock.instant()), clock.instant(),
                (c, p) -> Optional.of("amount"));
        assertProblem(401, "invalid_signature", notify(forged));
        assertEquals(pending, stored());
    }

    @Test
    void a_report_that_loses_every_race_is_a_conflict_for_the_provider_to_retry() {
        for (int i = 0; i < 5; i++) {
            checkouts.concurrently(c -> c);
        }
        assertProblem(409, "conflict", notify(succeeded(paymentId, 300)));
        assertEquals(List.of(), receiptDue.due());
    }

    @Test
    void a_notification_that_fails_verification_is_401_or_400_and_changes_nothing() {
        sandbox.refuses(ProviderEventException.unauthenticated("bad signature"));
        assertProblem(401, "invalid_signature", post("sandbox"));
        sandbox.refuses(ProviderEventException.malformed("not JSON"));
        assertProblem(400, "invalid_request", post("sandbox"));
        assertEquals(pending, stored());
    }

    @Test
    void a_verified_notification_about_something_else_is_acknowledged() {
        assertAcknowledged(notify(new ProviderEvent.Ignored("customer.created")));
    }

    @Test
    void an_unknown_provider_is_404_and_our_own_failure_is_500() {
        assertProblem(404, "not_found", post("nobody"));
        assertProblem(500, "internal_error", post("broken"));
    }

    @Test
    void a_hint_is_confirmed_by_asking_the_provider_and_its_receipt_is_due_once() {
        sandbox.knows(paymentId, new ProviderStatus.Succeeded(300, clock.instant()));

        assertAcknowledged(notify(new ProviderEvent.Hint(paymentId)));

        assertEquals(List.of(paymentId), sandbox.queried);
        assertEquals(CheckoutStatus.PAID, stored().status());
        assertEquals(List.of(pending.id()), receiptDue.due());
    }

    @Test
    void a_hint_about_a_payment_asked_about_a_moment_ago_is_503_with_retry_after_and_changes_nothing() {
        assertAcknowledged(notify(new ProviderEvent.Hint(paymentId))); // asked: still pending
        Checkout asked = stored();
        sandbox.knows(paymentId, new ProviderStatus.Succeeded(300, clock.instant()));

        var early = notify(new ProviderEvent.Hint(paymentId));

        assertProblem(503, "asked_recently", early);
        assertEquals(Long.toString(ConfirmPayment.QUERY_INTERVAL.toSeconds()), early.getHeaders().get("retry-after"));
        assertEquals(asked, stored());
        assertEquals(List.of(paymentId), sandbox.queried);
    }

    @Test
    void a_hint_whose_provider_cannot_be_asked_is_acknowledged_and_left_to_the_janitor() {
        sandbox.down();

        assertAcknowledged(notify(new ProviderEvent.Hint(paymentId)));

        assertEquals(PaymentStatus.PENDING, stored().payments().getFirst().status());
        assertNull(stored().paidAt());
        assertEquals(List.of(), receiptDue.due());
    }
}
