package jp.kokin.domain.checkout;

import static jp.kokin.domain.checkout.TestCatalogs.JUMINHYO;
import static jp.kokin.domain.checkout.TestCatalogs.MYNA_KEY;
import static jp.kokin.domain.checkout.TestCatalogs.RETURN_URL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** {@link StartPayment}. */
class StartPaymentTest extends CheckoutUseCaseFixture {

    // ---- startPayment --------------------------------------------------------------------------

    @Nested
    class StartAPayment {

        @Test
        void startingAPaymentCreatesTheAttemptAtTheProviderAndStoresItPending() {
            Checkout checkout = aStoredCheckout();
            clock.advance(Duration.ofMinutes(2));

            StartPayment.Outcome.Started started = ok(startPayment(checkout.id(), PaymentMethod.PAYPAY));

            String paymentId = CheckoutIds.paymentId(checkout.id(), 1);
            assertEquals(List.of(new RecordingPaymentProvider.StartCall(checkout.id(), paymentId, 300, RETURN_URL)),
                    paypay.started);
            assertEquals(new jp.kokin.domain.provider.ProviderSession.Redirect.Get(paypay.redirectUrl(paymentId)),
                    started.redirect());
            Checkout stored = repository.stored(checkout.id());
            assertEquals(CheckoutStatus.PENDING, stored.status());
            Payment payment = stored.payment(paymentId).orElseThrow();
            assertEquals(started.payment(), payment);
            assertEquals(PaymentStatus.PENDING, payment.status());
            assertEquals("paypay", payment.provider());
            assertEquals(RecordingPaymentProvider.providerPaymentId(paymentId), payment.providerPaymentId());
            assertEquals(clock.instant(), payment.createdAt());
        }

        @Test
        void a_provider_payment_id_at_the_limit_is_stored_and_a_longer_one_fails_the_attempt_unstored() {
            Checkout checkout = aStoredCheckout();
            String atLimit = "i".repeat(CheckoutLimits.MAX_PROVIDER_PAYMENT_ID);
            paypay.givesPaymentId(atLimit);
            ok(startPayment(checkout.id(), PaymentMethod.PAYPAY));
            assertEquals(atLimit, repository.stored(checkout.id()).payments().getFirst().providerPaymentId());

            paypay.givesPaymentId(atLimit + "i");
            var refused = startPayment(checkout.id(), PaymentMethod.PAYPAY);
            assertEquals("provider_unavailable", ((Result.Err<StartPayment.Outcome.Started>) refused).rejection().code());
            Payment second = repository.stored(checkout.id()).payments().get(1);
            assertEquals(PaymentStatus.FAILED, second.status());
            assertEquals(null, second.providerPaymentId(), "never stored");
        }

        @Test
        void anotherAttemptCancelsTheSupersededOneAtItsProviderAndRecordsItCanceled() {
            Checkout checkout = aStoredCheckoutWithAttempts(PaymentMethod.PAYPAY);
            String first = CheckoutIds.paymentId(checkout.id(), 1);
            String second = CheckoutIds.paymentId(checkout.id(), 2);

            ok(startPayment(checkout.id(), PaymentMethod.CARD));

            assertEquals(List.of(first), paypay.canceled, "canceled at the provider that has it");
            assertEquals(List.of(), sandbox.canceled);
            Checkout stored = repository.stored(checkout.id());
            assertEquals(CheckoutStatus.PENDING, stored.status());
            assertEquals(PaymentStatus.CANCELED, stored.payment(first).orElseThrow().status());
            assertEquals(PaymentStatus.PENDING, stored.payment(second).orElseThrow().status());
        }

        @Test
        void anAttemptTheProviderCannotCancelStaysPendingSoItsOutcomeIsStillRecorded() {
            paypay.cannotCancel();
            Checkout checkout = aStoredCheckoutWithAttempts(PaymentMethod.PAYPAY, PaymentMethod.CARD);

            assertEquals(List.of(PaymentStatus.PENDING, PaymentStatus.PENDING),
                    checkout.payments().stream().map(Payment::status).toList());

            Recorded recorded = recorded(recording.event("paypay", CheckoutIds.paymentId(checkout.id(), 1),
                    PaymentEvent.SUCCEEDED, 300, clock.instant()));
            assertTrue(recorded.becamePaid());
        }

        @Test
        void theAttemptIsStoredBeforeTheProviderIsCalledAndFailsWhenTheProviderCannotBeReached() {
            Checkout checkout = aStoredCheckout();
            paypay.down();

            rejected("provider_unavailable", startPayment(checkout.id(), PaymentMethod.PAYPAY));

            Checkout stored = repository.stored(checkout.id());
            Payment attempt = stored.payments().getFirst();
            assertEquals(PaymentStatus.FAILED, attempt.status(), "the citizen never got the provider's page");
            assertEquals(null, attempt.providerPaymentId());
            assertEquals(CheckoutStatus.CREATED, stored.status(), "the checkout can be paid again");
            paypay.up();
            ok(startPayment(checkout.id(), PaymentMethod.PAYPAY));
        }

        @Test
        void aProviderFailureLeavesTheEarlierAttemptAlone() {
            Checkout checkout = aStoredCheckoutWithAttempts(PaymentMethod.CARD);
            paypay.down();

            rejected("provider_unavailable", startPayment(checkout.id(), PaymentMethod.PAYPAY));

            assertEquals(List.of(), sandbox.canceled);
            Checkout stored = repository.stored(checkout.id());
            assertEquals(PaymentStatus.PENDING, stored.payments().getFirst().status());
            assertEquals(CheckoutStatus.PENDING, stored.status());
        }

        @Test
        void aRefusedStartNeverReachesTheProvider() {
            Checkout cardOnly = ok(creation.create(MYNA_KEY, aRequest().withItem(JUMINHYO, 1)
                    .offering(PaymentMethod.CARD).build(), null)).checkout();

            rejected("method_not_offered", startPayment(cardOnly.id(), PaymentMethod.PAYPAY));

            assertEquals(List.of(), paypay.started);
        }

        @Test
        void anExpiredCheckoutIsNotPayable() {
            Checkout checkout = aStoredCheckout();
            clock.set(checkout.expiresAt());
            rejected("checkout_not_payable", startPayment(checkout.id(), PaymentMethod.PAYPAY));
            assertEquals(List.of(), paypay.started);
        }

        @Test
        void anUnknownCheckoutIsNotFound() {
            // what the page read is not (or no longer) stored: the attempt cannot be stored either
            Checkout neverStored = TestCheckouts.aCheckout().withId(CheckoutIds.newCheckoutId()).build();

            rejected("not_found", started(starts.start(neverStored, PaymentMethod.PAYPAY, CheckoutUseCaseFixture::callbacks)));

            assertEquals(Optional.empty(), find.forCitizen(neverStored.id()));
            assertEquals(List.of(), paypay.started);
        }

        @Test
        void aStartRetriesWhenAnotherWriterWasFirst() {
            Checkout checkout = aStoredCheckout();
            repository.concurrently(c -> c);

            StartPayment.Outcome.Started started = ok(startPayment(checkout.id(), PaymentMethod.PAYPAY));

            Checkout stored = repository.stored(checkout.id());
            assertEquals(List.of(started.payment()), stored.payments());
            assertEquals(3, stored.version(), "the concurrent write, the attempt, its provider id");
        }
    }
}
