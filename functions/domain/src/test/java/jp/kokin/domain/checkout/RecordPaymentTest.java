package jp.kokin.domain.checkout;

import static jp.kokin.domain.checkout.TestCheckouts.CREATED_AT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import jp.kokin.domain.provider.ProviderStatus;

/** {@link RecordPayment}: reports and events through the payment state machine; the receipt due once. */
class RecordPaymentTest extends CheckoutUseCaseFixture {

    @Nested
    class RecordPaymentEvent {

        @Test
        void aSuccessIsStoredAsPaidAtTheProvidersTime() {
            Checkout checkout = aStoredCheckoutWithAttempts(PaymentMethod.PAYPAY);
            Instant completed = CREATED_AT.plus(Duration.ofMinutes(4));
            clock.set(completed.plusSeconds(20));

            Recorded recorded = recorded(recording.event("paypay", CheckoutIds.paymentId(checkout.id(), 1),
                    PaymentEvent.SUCCEEDED, 300, completed));

            assertTrue(recorded.changed());
            assertTrue(recorded.becamePaid());
            Checkout stored = repository.stored(checkout.id());
            assertEquals(CheckoutStatus.PAID, stored.status());
            assertEquals(completed, stored.paidAt());
            assertEquals(recorded.checkout().atVersion(stored.version()), stored);
        }

        @Test
        void onlyTheWriteThatMakesTheCheckoutPaidSaysThatItsReceiptIsDue() {
            paypay.cannotCancel();
            Checkout checkout = aStoredCheckoutWithAttempts(PaymentMethod.PAYPAY, PaymentMethod.CARD);
            String first = CheckoutIds.paymentId(checkout.id(), 1);
            String second = CheckoutIds.paymentId(checkout.id(), 2);

            recorded(recording.event("sandbox", second, PaymentEvent.SUCCEEDED, 300, clock.instant()));
            assertEquals(List.of(checkout.id()), receiptDue.due(), "paid: the receipt is due");

            recorded(recording.event("sandbox", second, PaymentEvent.SUCCEEDED, 300, clock.instant()));
            recorded(recording.event("paypay", first, PaymentEvent.SUCCEEDED, 300, clock.instant()));
            assertEquals(List.of(checkout.id()), receiptDue.due(), "a repeat and a duplicate payment ask for nothing more");
        }

        @Test
        void aRefusedReportSaysNoReceiptIsDue() {
            Checkout checkout = aStoredCheckoutWithAttempts(PaymentMethod.PAYPAY);
            rejected("amount_mismatch", recording.event("paypay", CheckoutIds.paymentId(checkout.id(), 1),
                    PaymentEvent.SUCCEEDED, 30, clock.instant()));
            assertEquals(List.of(), receiptDue.due());
        }

        @Test
        void aRepeatedReportIsAcknowledgedWithoutWriting() {
            Checkout checkout = aStoredCheckoutWithAttempts(PaymentMethod.PAYPAY);
            String paymentId = CheckoutIds.paymentId(checkout.id(), 1);
            recorded(recording.event("paypay", paymentId, PaymentEvent.SUCCEEDED, 300, clock.instant()));
            int writes = repository.writes();

            Recorded repeat = recorded(recording.event("paypay", paymentId, PaymentEvent.SUCCEEDED, 300,
                    clock.instant()));

            assertFalse(repeat.changed());
            assertFalse(repeat.becamePaid());
            assertEquals(writes, repository.writes());
        }

        @Test
        void aPaymentIdThatIsNotOursIsUnknown() {
            rejected("unknown_payment", recording.event("sandbox", "pi_3NxYZ", PaymentEvent.SUCCEEDED, 300,
                    clock.instant()));
            rejected("unknown_payment", recording.event("sandbox", null, PaymentEvent.SUCCEEDED, 300,
                    clock.instant()));
        }

        @Test
        void aPaymentIdOfNoStoredCheckoutIsUnknown() {
            String orphan = CheckoutIds.paymentId(CheckoutIds.newCheckoutId(), 1);
            rejected("unknown_payment", recording.event("sandbox", orphan, PaymentEvent.SUCCEEDED, 300,
                    clock.instant()));
        }

        @Test
        void anAttemptTheCheckoutNeverHadIsUnknown() {
            Checkout checkout = aStoredCheckoutWithAttempts(PaymentMethod.PAYPAY);
            rejected("unknown_payment", recording.event("sandbox", CheckoutIds.paymentId(checkout.id(), 2),
                    PaymentEvent.SUCCEEDED, 300, clock.instant()));
            assertEquals(checkout, repository.stored(checkout.id()));
        }

        @Test
        void aProviderCannotReportOnAnotherProvidersPayment() {
            Checkout checkout = aStoredCheckoutWithAttempts(PaymentMethod.PAYPAY);
            rejected("unknown_payment", recording.event("sandbox", CheckoutIds.paymentId(checkout.id(), 1),
                    PaymentEvent.SUCCEEDED, 300, clock.instant()));
            assertEquals(CheckoutStatus.PENDING, repository.stored(checkout.id()).status());
        }

        @Test
        void aSuccessForAnotherAmountIsRefusedAndNothingIsStored() {
            Checkout checkout = aStoredCheckoutWithAttempts(PaymentMethod.PAYPAY);
            rejected("amount_mismatch", recording.event("paypay", CheckoutIds.paymentId(checkout.id(), 1),
                    PaymentEvent.SUCCEEDED, 30, clock.instant()));
            assertEquals(checkout, repository.stored(checkout.id()));
        }

        @Test
        void aSecondSuccessIsStoredAsADuplicate() {
            paypay.cannotCancel();
            Checkout checkout = aStoredCheckoutWithAttempts(PaymentMethod.PAYPAY, PaymentMethod.CARD);
            Instant first = clock.instant();
            recorded(recording.event("sandbox", CheckoutIds.paymentId(checkout.id(), 2), PaymentEvent.SUCCEEDED, 300,
                    first));
            clock.advance(Duration.ofMinutes(1));

            Recorded duplicate = recorded(recording.event("paypay", CheckoutIds.paymentId(checkout.id(), 1),
                    PaymentEvent.SUCCEEDED, 300, clock.instant()));

            assertTrue(duplicate.changed());
            assertFalse(duplicate.becamePaid());
            Checkout stored = repository.stored(checkout.id());
            assertTrue(stored.payment(CheckoutIds.paymentId(checkout.id(), 1)).orElseThrow().duplicatePayment());
            assertEquals(first, stored.paidAt());
        }

        @Test
        void aReportRetriesOnAConcurrentWriteAndKeepsTheOtherWritersChange() {
            paypay.cannotCancel();
            Checkout checkout = aStoredCheckoutWithAttempts(PaymentMethod.PAYPAY, PaymentMethod.CARD);
            String first = CheckoutIds.paymentId(checkout.id(), 1);
            String second = CheckoutIds.paymentId(checkout.id(), 2);
            Instant now = clock.instant();
            repository.concurrently(c -> TestCheckouts.changed(
                    c.applyPaymentEvent(first, PaymentEvent.FAILED, 0, now, now)).checkout());

            Recorded recorded = recorded(recording.event("sandbox", second, PaymentEvent.SUCCEEDED, 300, now));

            assertTrue(recorded.becamePaid());
            Checkout stored = repository.stored(checkout.id());
            assertEquals(CheckoutStatus.PAID, stored.status());
            assertEquals(PaymentStatus.FAILED, stored.payment(first).orElseThrow().status(),
                    "the other writer's change survives: the retry re-read the checkout");
            assertEquals(PaymentStatus.SUCCEEDED, stored.payment(second).orElseThrow().status());
            assertEquals(checkout.version() + 2, stored.version());
        }

        @Test
        void aReportThatLosesEveryRaceIsAConflictForTheProviderToRetry() {
            Checkout checkout = aStoredCheckoutWithAttempts(PaymentMethod.PAYPAY);
            for (int i = 0; i < 5; i++) {
                repository.concurrently(c -> c);
            }
            rejected("conflict", recording.event("paypay", CheckoutIds.paymentId(checkout.id(), 1),
                    PaymentEvent.SUCCEEDED, 300, clock.instant()));
            assertEquals(CheckoutStatus.PENDING, repository.stored(checkout.id()).status());
        }
    }

    @Nested
    class RecordReport {

        @Test
        void a_report_whose_echo_differs_from_what_was_sent_is_refused_and_changes_nothing() {
            Checkout checkout = aStoredCheckoutWithAttempts(PaymentMethod.PAYPAY);
            String paymentId = CheckoutIds.paymentId(checkout.id(), 1);
            Checkout before = repository.stored(checkout.id());
            var forged = new jp.kokin.domain.provider.ProviderEvent.Report(paymentId,
                    new ProviderStatus.Succeeded(300, clock.instant()), clock.instant(),
                    (c, p) -> c.id().equals(checkout.id()) && p.id().equals(paymentId) ? Optional.of("amount") : Optional.empty());

            Rejection rejection = rejected("invalid_signature", recording.report("paypay", forged));

            assertTrue(rejection.detail().contains("amount"), rejection.detail());
            assertEquals(before, repository.stored(checkout.id()));
        }

        @Test
        void a_report_whose_echo_agrees_is_recorded() {
            Checkout checkout = aStoredCheckoutWithAttempts(PaymentMethod.PAYPAY);
            String paymentId = CheckoutIds.paymentId(checkout.id(), 1);
            var report = new jp.kokin.domain.provider.ProviderEvent.Report(paymentId,
                    new ProviderStatus.Succeeded(300, clock.instant()), clock.instant(), (c, p) -> Optional.empty());

            assertTrue(recorded(recording.report("paypay", report)).becamePaid());
        }
    }
}
