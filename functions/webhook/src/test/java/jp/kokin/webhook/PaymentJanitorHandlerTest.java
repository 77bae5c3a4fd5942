package jp.kokin.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import jp.kokin.adapters.json.Json;
import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.checkout.CheckoutStatus;
import jp.kokin.domain.checkout.InMemoryCheckoutRepository;
import jp.kokin.domain.checkout.PaymentMethod;
import jp.kokin.domain.checkout.PaymentStatus;
import jp.kokin.domain.checkout.RecordingPaymentProvider;
import jp.kokin.domain.checkout.TestCheckouts;
import jp.kokin.domain.checkout.TestClock;
import jp.kokin.domain.provider.PaymentProvider;
import jp.kokin.domain.provider.ProviderStatus;
import jp.kokin.domain.provider.Providers;
import jp.kokin.domain.receipt.RecordingReceiptDue;

/**
 * {@code PaymentJanitorFunction} over fakes: each pending attempt's outcome is counted in the
 * run's answer, a checkout that fails does not stop the run, and a payment found paid has its
 * receipt due once.
 */
class PaymentJanitorHandlerTest {
    private static final Duration MIN_AGE = Duration.ofMinutes(3);
    private static final Duration GRACE = Duration.ofMinutes(10);

    private final TestClock clock = new TestClock(TestCheckouts.CREATED_AT.plus(Duration.ofMinutes(5)));
    private final InMemoryCheckoutRepository checkouts = new InMemoryCheckoutRepository();
    private final RecordingPaymentProvider sandbox = new RecordingPaymentProvider("sandbox");
    private final RecordingReceiptDue receiptDue = new RecordingReceiptDue();
    private final Providers providers = new Providers() {
        @Override
        public Optional<PaymentProvider> forMethod(String organizationCode, PaymentMethod method) {
            return Optional.of(sandbox);
        }

        @Override
        public Optional<PaymentProvider> named(String name) {
            return name.equals("sandbox") ? Optional.of(sandbox) : Optional.empty();
        }
    };
    private final PaymentJanitorHandler janitor = new PaymentJanitorHandler(new PaymentJanitorWiring(checkouts, checkouts,
            providers, receiptDue, clock, MIN_AGE, GRACE, 100));

    /** A stored checkout whose one attempt started {@code ago} before now. */
    private Checkout pendingSince(Duration ago) {
        Checkout c = TestCheckouts.aCheckout().createdAt(clock.instant().minus(ago)).build();
        c = TestCheckouts.start(c, PaymentMethod.CARD, clock.instant().minus(ago));
        checkouts.put(c);
        return c;
    }

    private static String attempt(Checkout c) {
        return TestCheckouts.paymentId(c, 1);
    }

    private JsonNode run() throws IOException {
        var out = new ByteArrayOutputStream();
        janitor.handleRequest(new ByteArrayInputStream("{}".getBytes(StandardCharsets.UTF_8)), out, null);
        return Json.parse(out.toString(StandardCharsets.UTF_8));
    }

    private static Map<String, Integer> counts(JsonNode answer) {
        return Map.of("recorded", answer.path("recorded").asInt(), "still_pending", answer.path("still_pending").asInt(),
                "unknown", answer.path("unknown").asInt(), "refused", answer.path("refused").asInt(),
                "failed", answer.path("failed").asInt());
    }

    @Test
    void a_payment_whose_notification_never_came_is_recorded_and_its_receipt_is_due_once() throws IOException {
        Checkout lost = pendingSince(Duration.ofMinutes(4));
        sandbox.knows(attempt(lost), new ProviderStatus.Succeeded(lost.amount(), lost.createdAt()));

        assertEquals(Map.of("recorded", 1, "still_pending", 0, "unknown", 0, "refused", 0, "failed", 0), counts(run()));

        assertEquals(CheckoutStatus.PAID, checkouts.stored(lost.id()).status());
        assertEquals(List.of(lost.id()), receiptDue.due());
        run(); // paid: no longer on the work list
        assertEquals(List.of(lost.id()), receiptDue.due());
        assertEquals(List.of(attempt(lost)), sandbox.queried);
    }

    @Test
    void each_answer_is_counted_by_its_outcome_and_young_attempts_are_left_alone() throws IOException {
        Checkout stillPending = pendingSince(Duration.ofMinutes(4));
        Checkout wrongAmount = pendingSince(Duration.ofMinutes(4));
        Checkout young = pendingSince(Duration.ofMinutes(1));
        sandbox.knows(attempt(wrongAmount), new ProviderStatus.Succeeded(30, clock.instant()));

        assertEquals(Map.of("recorded", 0, "still_pending", 1, "unknown", 0, "refused", 1, "failed", 0), counts(run()));

        assertEquals(PaymentStatus.PENDING, checkouts.stored(wrongAmount.id()).payments().getFirst().status());
        assertEquals(2, sandbox.queried.size());
        assertEquals(Set.of(attempt(stillPending), attempt(wrongAmount)), Set.copyOf(sandbox.queried));
        assertEquals(young, checkouts.stored(young.id()), "not asked before its minimum age");
        assertEquals(List.of(), receiptDue.due());
    }

    @Test
    void a_provider_that_cannot_be_reached_is_an_unknown_answer_left_for_the_next_run() throws IOException {
        Checkout c = pendingSince(Duration.ofMinutes(4));
        sandbox.down();

        assertEquals(Map.of("recorded", 0, "still_pending", 0, "unknown", 1, "refused", 0, "failed", 0), counts(run()));

        assertEquals(PaymentStatus.PENDING, checkouts.stored(c.id()).payments().getFirst().status());
    }

    @Test
    void a_checkout_that_fails_is_counted_as_failed_and_the_run_goes_on_with_the_others() throws IOException {
        Checkout failing = pendingSince(Duration.ofMinutes(6));
        Checkout fine = pendingSince(Duration.ofMinutes(4));
        sandbox.knows(attempt(fine), new ProviderStatus.Succeeded(fine.amount(), clock.instant()));
        checkouts.concurrently(c -> { // the first write of the run (the failing checkout's) meets a defect
            throw new IllegalStateException("simulated defect");
        });

        assertEquals(Map.of("recorded", 1, "still_pending", 0, "unknown", 0, "refused", 0, "failed", 1), counts(run()));

        assertEquals(PaymentStatus.PENDING, checkouts.stored(failing.id()).payments().getFirst().status());
        assertEquals(CheckoutStatus.PAID, checkouts.stored(fine.id()).status());
    }
}
