package jp.kokin.domain.checkout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import jp.kokin.domain.provider.ProviderStatus;

/** {@link ConfirmPayment} (hints, the return page) and {@link ReconcilePayments} (the janitor). */
class ConfirmAndReconcilePaymentsTest extends CheckoutUseCaseFixture {

    // ---- confirm and reconcile (the janitor) -------------------------------------------------------

    @Nested
    class ConfirmAndReconcile {

        private final Duration minAge = Duration.ofMinutes(3);
        private final Duration grace = Duration.ofMinutes(10);

        @Test
        void aHintIsConfirmedByAskingTheProviderAndRecordingItsAnswer() {
            Checkout checkout = aStoredCheckoutWithAttempts(PaymentMethod.PAYPAY);
            String paymentId = CheckoutIds.paymentId(checkout.id(), 1);
            Instant paidAt = clock.instant().plusSeconds(40);
            paypay.knows(paymentId, new ProviderStatus.Succeeded(300, paidAt));

            Recorded recorded = recorded(confirmation.confirm("paypay", paymentId));

            assertTrue(recorded.becamePaid());
            assertEquals(paidAt, repository.stored(checkout.id()).paidAt());
            assertEquals(List.of(paymentId), paypay.queried);
        }

        @Test
        void aPaymentConfirmedByAskingOrByTheJanitorHasItsReceiptDueOnce() {
            Checkout confirmed = aStoredCheckoutWithAttempts(PaymentMethod.PAYPAY);
            Checkout reconciled = aStoredCheckoutWithAttempts(PaymentMethod.PAYPAY);
            paypay.knows(CheckoutIds.paymentId(confirmed.id(), 1), new ProviderStatus.Succeeded(300, clock.instant()));
            paypay.knows(CheckoutIds.paymentId(reconciled.id(), 1), new ProviderStatus.Succeeded(300, clock.instant()));
            clock.advance(minAge);

            assertTrue(recorded(confirmation.confirm("paypay", CheckoutIds.paymentId(confirmed.id(), 1))).becamePaid());
            assertTrue(janitor.reconcile(repository.stored(reconciled.id()), minAge, grace).getFirst().becamePaid());
            recorded(confirmation.confirm("paypay", CheckoutIds.paymentId(confirmed.id(), 1))); // already paid: not asked

            assertEquals(List.of(confirmed.id(), reconciled.id()), receiptDue.due());
        }

        @Test
        void returnPageLoadsAndForgedHintsAskTheProviderAboutAPaymentAtMostOnceInTheQueryInterval() {
            Checkout checkout = aStoredCheckoutWithAttempts(PaymentMethod.PAYPAY);
            String paymentId = CheckoutIds.paymentId(checkout.id(), 1);
            Duration interval = ConfirmPayment.QUERY_INTERVAL;

            recorded(confirmation.confirm("paypay", paymentId)); // still pending at PayPay
            for (int i = 0; i < 19; i++) {
                rejected("asked_recently", confirmation.confirm("paypay", paymentId));
            }
            assertEquals(List.of(paymentId), paypay.queried, "one query for 20 triggers");

            clock.advance(interval.minusMillis(1));
            rejected("asked_recently", confirmation.confirm("paypay", paymentId));
            assertEquals(1, paypay.queried.size(), "not before the interval is over");

            clock.advance(Duration.ofMillis(1));
            recorded(confirmation.confirm("paypay", paymentId));
            assertEquals(List.of(paymentId, paymentId), paypay.queried, "asked again once the interval is over");
        }

        @Test
        void aConfirmationWithinTheQueryIntervalSaysThatTheProviderWasAskedRecentlyAndChangesNothing() {
            // The citizen's return page asks while PayPay still says CREATED; the citizen then pays and
            // PayPay's genuine hint arrives a moment later: it must not be taken as "nothing happened".
            Checkout checkout = aStoredCheckoutWithAttempts(PaymentMethod.PAYPAY);
            String paymentId = CheckoutIds.paymentId(checkout.id(), 1);
            recorded(confirmation.confirm("paypay", paymentId));
            Checkout afterTheReturnPage = repository.stored(checkout.id());
            paypay.knows(paymentId, new ProviderStatus.Succeeded(300, clock.instant()));
            clock.advance(Duration.ofSeconds(2));

            rejected("asked_recently", confirmation.confirm("paypay", paymentId));

            assertEquals(afterTheReturnPage, repository.stored(checkout.id()), "nothing was written");
            assertEquals(List.of(paymentId), paypay.queried, "PayPay was not asked again");

            clock.advance(ConfirmPayment.QUERY_INTERVAL);
            assertTrue(recorded(confirmation.confirm("paypay", paymentId)).becamePaid(), "the redelivered hint is confirmed");
        }

        @Test
        void aConfirmationAboutAnotherProvidersPaymentAsksNobody() {
            Checkout checkout = aStoredCheckoutWithAttempts(PaymentMethod.CARD);

            rejected("unknown_payment", confirmation.confirm("paypay", CheckoutIds.paymentId(checkout.id(), 1)));

            assertEquals(List.of(), paypay.queried);
            assertEquals(List.of(), sandbox.queried);
        }

        @Test
        void aProviderThatCannotBeReachedChangesNothing() {
            Checkout checkout = aStoredCheckoutWithAttempts(PaymentMethod.PAYPAY);
            Checkout before = repository.stored(checkout.id());
            paypay.down();

            rejected("provider_unavailable", confirmation.confirm("paypay", CheckoutIds.paymentId(checkout.id(), 1)));
            List<ReconcilePayments.Reconciled> outcomes = janitor.reconcile(before, Duration.ZERO, grace);

            assertEquals(List.of(ReconcilePayments.Reconciled.Outcome.UNKNOWN),
                    outcomes.stream().map(ReconcilePayments.Reconciled::outcome).toList());
            // only the time we asked is stored (QUERY_INTERVAL); the attempt and the checkout are as they were
            Checkout after = repository.stored(checkout.id());
            assertEquals(before.status(), after.status());
            assertEquals(before.payments().stream().map(p -> p.askedAt(clock.instant())).toList(), after.payments());
        }

        @Test
        void theJanitorLeavesYoungAttemptsAloneAndResolvesOldOnesWhoseWebhookNeverCame() {
            Checkout checkout = aStoredCheckoutWithAttempts(PaymentMethod.PAYPAY);
            String paymentId = CheckoutIds.paymentId(checkout.id(), 1);
            paypay.knows(paymentId, new ProviderStatus.Succeeded(300, clock.instant()));

            assertEquals(List.of(), janitor.reconcile(repository.stored(checkout.id()), minAge, grace));
            assertEquals(List.of(), paypay.queried);

            clock.advance(minAge);
            List<ReconcilePayments.Reconciled> outcomes = janitor.reconcile(repository.stored(checkout.id()), minAge, grace);

            assertEquals(ReconcilePayments.Reconciled.Outcome.RECORDED, outcomes.getFirst().outcome());
            assertTrue(outcomes.getFirst().recorded().becamePaid());
            assertEquals(CheckoutStatus.PAID, repository.stored(checkout.id()).status());
        }

        @Test
        void theJanitorRecordsDeclinedAndExpiredAnswers() {
            Checkout checkout = aStoredCheckoutWithAttempts(PaymentMethod.PAYPAY);
            String paymentId = CheckoutIds.paymentId(checkout.id(), 1);
            paypay.knows(paymentId, new ProviderStatus.Expired());
            clock.advance(minAge);

            janitor.reconcile(repository.stored(checkout.id()), minAge, grace);

            Checkout stored = repository.stored(checkout.id());
            assertEquals(PaymentStatus.EXPIRED, stored.payment(paymentId).orElseThrow().status());
            assertEquals(CheckoutStatus.CREATED, stored.status(), "the citizen may try again while the checkout is open");
        }

        @Test
        void anAttemptStillPendingLongAfterExpiryIsCanceledAtTheProviderThenExpired() {
            Checkout checkout = aStoredCheckoutWithAttempts(PaymentMethod.PAYPAY);
            String paymentId = CheckoutIds.paymentId(checkout.id(), 1);
            clock.set(checkout.expiresAt());
            assertEquals(ReconcilePayments.Reconciled.Outcome.STILL_PENDING,
                    janitor.reconcile(repository.stored(checkout.id()), minAge, grace).getFirst().outcome());
            assertEquals(List.of(), paypay.canceled);

            clock.set(checkout.expiresAt().plus(grace));
            janitor.reconcile(repository.stored(checkout.id()), minAge, grace);

            assertEquals(List.of(paymentId), paypay.canceled);
            assertEquals(PaymentStatus.EXPIRED, repository.stored(checkout.id()).payment(paymentId).orElseThrow().status());
        }

        @Test
        void aPaymentThatRacedTheCancelIsRecordedAsPaidNotExpired() {
            Checkout checkout = aStoredCheckoutWithAttempts(PaymentMethod.PAYPAY);
            Instant paidAt = checkout.expiresAt().minusSeconds(5);
            paypay.afterCancel(new ProviderStatus.Succeeded(300, paidAt));
            clock.set(checkout.expiresAt().plus(grace));

            janitor.reconcile(repository.stored(checkout.id()), minAge, grace);

            Checkout stored = repository.stored(checkout.id());
            assertEquals(CheckoutStatus.PAID, stored.status());
            assertEquals(paidAt, stored.paidAt());
            assertEquals(PaymentStatus.SUCCEEDED, stored.payments().getFirst().status());
        }

        @Test
        void aProviderThatWillNotConfirmTheCancelKeepsThePaymentPending() {
            paypay.cannotCancel();
            Checkout checkout = aStoredCheckoutWithAttempts(PaymentMethod.PAYPAY);
            clock.set(checkout.expiresAt().plus(grace));

            var outcome = janitor.reconcile(repository.stored(checkout.id()), minAge, grace).getFirst();

            assertEquals(ReconcilePayments.Reconciled.Outcome.UNKNOWN, outcome.outcome());
            assertEquals(PaymentStatus.PENDING, repository.stored(checkout.id()).payments().getFirst().status());
        }

        @Test
        void aWrongAmountIsNeverRecordedAsPaidAndIsReportedForAPerson() {
            Checkout checkout = aStoredCheckoutWithAttempts(PaymentMethod.PAYPAY);
            String paymentId = CheckoutIds.paymentId(checkout.id(), 1);
            paypay.knows(paymentId, new ProviderStatus.Succeeded(30, clock.instant()));
            clock.advance(minAge);

            var outcome = janitor.reconcile(repository.stored(checkout.id()), minAge, grace).getFirst();

            assertEquals(ReconcilePayments.Reconciled.Outcome.REFUSED, outcome.outcome());
            assertTrue(outcome.detail().startsWith("amount_mismatch"), outcome.detail());
            assertEquals(PaymentStatus.PENDING, repository.stored(checkout.id()).payments().getFirst().status());
            clock.advance(ConfirmPayment.QUERY_INTERVAL); // the janitor has just asked; a later confirmation asks again
            rejected("amount_mismatch", confirmation.confirm("paypay", paymentId));
        }
    }
}
