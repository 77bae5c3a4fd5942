package jp.kokin.domain.checkout;

import static jp.kokin.domain.checkout.TestCatalogs.CHIYODA;
import static jp.kokin.domain.checkout.TestCatalogs.JUMINHYO;
import static jp.kokin.domain.checkout.TestCatalogs.KOSEKI;
import static jp.kokin.domain.checkout.TestCatalogs.MOFA;
import static jp.kokin.domain.checkout.TestCatalogs.PASSPORT;
import static jp.kokin.domain.checkout.TestCatalogs.TOKYO;
import static jp.kokin.domain.checkout.TestCheckouts.CREATED_AT;
import static jp.kokin.domain.checkout.TestCheckouts.EXPIRES_AT;
import static jp.kokin.domain.checkout.TestCheckouts.aCheckout;
import static jp.kokin.domain.checkout.TestCheckouts.changed;
import static jp.kokin.domain.checkout.TestCheckouts.created;
import static jp.kokin.domain.checkout.TestCheckouts.fail;
import static jp.kokin.domain.checkout.TestCheckouts.paid;
import static jp.kokin.domain.checkout.TestCheckouts.paymentId;
import static jp.kokin.domain.checkout.TestCheckouts.start;
import static jp.kokin.domain.checkout.TestCheckouts.succeed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import jp.kokin.domain.catalog.Language;

class CheckoutTest {

    private static final Instant SOON = CREATED_AT.plus(Duration.ofMinutes(5));
    private static final Instant LATER = CREATED_AT.plus(Duration.ofMinutes(10));
    private static final Instant AFTER_EXPIRY = EXPIRES_AT.plus(Duration.ofMinutes(3));

    private static void assertRefused(String code, Change change) {
        Change.Refused refused = assertInstanceOf(Change.Refused.class, change);
        assertEquals(code, refused.code().wire(), refused.detail());
    }

    @Nested
    class ItemsAndAmount {

        @Test
        void aNewCheckoutIsCreatedWithTheCatalogPriceAndNoAttempts() {
            Checkout checkout = aCheckout().withItem(JUMINHYO, 1).build();
            assertEquals(CheckoutStatus.CREATED, checkout.status());
            assertEquals(300, checkout.amount());
            assertEquals(EXPIRES_AT, checkout.expiresAt());
            assertEquals(CREATED_AT, checkout.createdAt());
            assertEquals(List.of(), checkout.payments());
            assertNull(checkout.paidAt());
            assertNull(checkout.receipt());
            assertFalse(checkout.latePayment());
            assertEquals(0, checkout.version());
        }

        @Test
        void theQuantityMultipliesEveryLine() {
            CheckoutItem item = aCheckout().withItem(JUMINHYO, 3).build().items().getFirst();
            assertEquals(3, item.quantity());
            assertEquals(List.of(new LineAmount(CHIYODA, 300, 900)), item.lines());
            assertEquals(900, item.amount());
        }

        @Test
        void aPassportFeeHasOneLinePerCreditor() {
            Checkout checkout = aCheckout().forOrganization(TOKYO).withItem(PASSPORT, 1).build();
            assertEquals(List.of(new LineAmount(MOFA, 14000, 14000), new LineAmount(TOKYO, 2000, 2000)),
                    checkout.items().getFirst().lines());
            assertEquals(16000, checkout.amount());
            assertEquals(Set.of(MOFA, TOKYO), creditorsOf(checkout));
        }

        @Test
        void twoPassportsChargeEachCreditorTwice() {
            Checkout checkout = aCheckout().forOrganization(TOKYO).withItem(PASSPORT, 2).build();
            assertEquals(List.of(new LineAmount(MOFA, 14000, 28000), new LineAmount(TOKYO, 2000, 4000)),
                    checkout.items().getFirst().lines());
            assertEquals(32000, checkout.amount());
        }

        @Test
        void theAmountIsTheSumOfAllItems() {
            Checkout checkout = aCheckout().withItem(JUMINHYO, 2).withItem(KOSEKI, 1).build();
            assertEquals(2 * 300 + 450, checkout.amount());
            assertEquals(Set.of(CHIYODA), creditorsOf(checkout));
        }

        @Test
        void anAmountOtherThanTheItemsSumCannotBeConstructed() {
            Checkout c = created();
            assertThrows(IllegalArgumentException.class, () -> new Checkout(c.id(), c.status(), c.organizationCode(),
                    c.portalId(), c.reference(), c.items(), c.amount() - 1, c.returnUrl(), c.language(), c.methods(),
                    c.expiresAt(), c.createdAt(), null, false, List.of(), null, Map.of(), null, 0));
        }

        @Test
        void anItemAmountOtherThanItsLinesCannotBeConstructed() {
            CheckoutItem item = created().items().getFirst();
            assertThrows(IllegalArgumentException.class,
                    () -> new CheckoutItem(item.procedureCode(), item.name(), 1, item.lines(), item.amount() + 1));
        }

        @Test
        void expiryIsNeverStoredAsAStatus() {
            Checkout c = created();
            assertThrows(IllegalArgumentException.class, () -> new Checkout(c.id(), CheckoutStatus.EXPIRED,
                    c.organizationCode(), c.portalId(), c.reference(), c.items(), c.amount(), c.returnUrl(),
                    c.language(), c.methods(), c.expiresAt(), c.createdAt(), null, false, List.of(), null, Map.of(), null, 0));
        }

        @Test
        void noMethodsRequestedOffersEveryMethod() {
            assertEquals(List.of(PaymentMethod.values()), created().methods());
        }

        @Test
        void requestedMethodsAreOfferedOnceEachInTheirStandardOrder() {
            Checkout checkout = aCheckout().offering(PaymentMethod.CARD, PaymentMethod.PAYPAY, PaymentMethod.CARD).build();
            assertEquals(List.of(PaymentMethod.PAYPAY, PaymentMethod.CARD), checkout.methods());
        }
    }

    @Nested
    class StatusAt {

        @Test
        void anOpenCheckoutIsExpiredFromItsExpiryInstantOn() {
            Checkout checkout = created();
            assertEquals(CheckoutStatus.CREATED, checkout.statusAt(EXPIRES_AT.minusNanos(1)));
            assertEquals(CheckoutStatus.EXPIRED, checkout.statusAt(EXPIRES_AT));
            assertEquals(CheckoutStatus.EXPIRED, checkout.statusAt(AFTER_EXPIRY));
        }

        @Test
        void aPendingCheckoutExpiresToo() {
            Checkout pending = start(created(), PaymentMethod.PAYPAY, SOON);
            assertEquals(CheckoutStatus.PENDING, pending.statusAt(EXPIRES_AT.minusNanos(1)));
            assertEquals(CheckoutStatus.EXPIRED, pending.statusAt(EXPIRES_AT));
        }

        @Test
        void paidAndCanceledCheckoutsKeepTheirStatusAfterExpiry() {
            assertEquals(CheckoutStatus.PAID, paid(created(), SOON).statusAt(AFTER_EXPIRY));
            assertEquals(CheckoutStatus.CANCELED, changed(created().cancel(SOON)).checkout().statusAt(AFTER_EXPIRY));
        }
    }

    @Nested
    class StartPayment {

        @Test
        void startingAPaymentMakesTheCheckoutPendingWithANewPendingAttempt() {
            Checkout checkout = created();
            Change.Changed change = changed(checkout.startPayment(PaymentMethod.PAYPAY, "paypay", SOON));

            assertEquals(CheckoutStatus.PENDING, change.checkout().status());
            Payment payment = change.payment();
            assertEquals(List.of(payment), change.checkout().payments());
            assertEquals(paymentId(checkout, 1), payment.id());
            assertEquals(PaymentStatus.PENDING, payment.status());
            assertEquals(PaymentMethod.PAYPAY, payment.method());
            assertEquals("paypay", payment.provider());
            assertEquals(checkout.amount(), payment.amount());
            assertEquals(SOON, payment.createdAt());
            assertNull(payment.completedAt());
            assertFalse(change.becamePaid());
        }

        @Test
        void paymentIdsCarryTheCheckoutTokenAndTheAttemptNumber() {
            Checkout checkout = created();
            String token = checkout.id().substring("chk_".length());
            Checkout twice = start(start(checkout, PaymentMethod.PAYPAY, SOON), PaymentMethod.CARD, LATER);
            assertEquals(List.of("pay_" + token + "_1", "pay_" + token + "_2"),
                    twice.payments().stream().map(Payment::id).toList());
            assertEquals(Optional.of(checkout.id()), CheckoutIds.checkoutOfPayment(twice.payments().get(1).id()));
        }

        @Test
        void anotherAttemptWhilePendingKeepsTheFirstRecordedAndPending() {
            Checkout twice = start(start(created(), PaymentMethod.PAYPAY, SOON), PaymentMethod.CARD, LATER);
            assertEquals(CheckoutStatus.PENDING, twice.status());
            assertEquals(List.of(PaymentStatus.PENDING, PaymentStatus.PENDING),
                    twice.payments().stream().map(Payment::status).toList());
        }

        @Test
        void aMethodTheCheckoutDoesNotOfferIsRefused() {
            Checkout cardOnly = aCheckout().offering(PaymentMethod.CARD).build();
            assertRefused("method_not_offered", cardOnly.startPayment(PaymentMethod.PAYPAY, "paypay", SOON));
        }

        @Test
        void twentyAttemptsAreAllowedAndTheTwentyFirstIsRefused() {
            Checkout checkout = created();
            for (int attempt = 1; attempt <= Checkout.MAX_ATTEMPTS; attempt++) {
                checkout = fail(start(checkout, PaymentMethod.CARD, SOON), attempt, SOON);
            }
            assertEquals(20, checkout.payments().size());
            assertEquals(paymentId(checkout, 20), checkout.payments().getLast().id());
            assertRefused("too_many_attempts", checkout.startPayment(PaymentMethod.CARD, "sandbox", SOON));
        }

        @Test
        void aPaidCheckoutIsNotPayable() {
            assertRefused("checkout_not_payable", paid(created(), SOON).startPayment(PaymentMethod.CARD, "sandbox", LATER));
        }

        @Test
        void anExpiredCheckoutIsNotPayableFromItsExpiryInstant() {
            assertRefused("checkout_not_payable", created().startPayment(PaymentMethod.CARD, "sandbox", EXPIRES_AT));
            Checkout pending = start(created(), PaymentMethod.PAYPAY, SOON);
            assertRefused("checkout_not_payable", pending.startPayment(PaymentMethod.CARD, "sandbox", EXPIRES_AT));
        }

        @Test
        void aCanceledCheckoutIsNotPayable() {
            Checkout canceled = changed(created().cancel(SOON)).checkout();
            assertRefused("checkout_not_payable", canceled.startPayment(PaymentMethod.CARD, "sandbox", LATER));
        }
    }

    @Nested
    class PaymentEvents {

        @Test
        void aSuccessOfTheRightAmountPaysTheCheckoutAtTheProvidersTime() {
            Checkout pending = start(created(), PaymentMethod.PAYPAY, SOON);
            Instant providerCompleted = LATER;
            Instant webhookArrived = LATER.plusSeconds(40);

            Change.Changed change = changed(pending.applyPaymentEvent(paymentId(pending, 1), PaymentEvent.SUCCEEDED,
                    300, providerCompleted, webhookArrived));

            Checkout paid = change.checkout();
            assertEquals(CheckoutStatus.PAID, paid.status());
            assertEquals(providerCompleted, paid.paidAt());
            assertFalse(paid.latePayment());
            assertTrue(change.becamePaid());
            assertEquals(PaymentStatus.SUCCEEDED, change.payment().status());
            assertEquals(providerCompleted, change.payment().completedAt());
            assertFalse(change.payment().duplicatePayment());
            assertEquals(Optional.of(change.payment()), paid.winningPayment());
        }

        @Test
        void aSuccessForAnotherAmountIsRefusedAndChangesNothing() {
            Checkout pending = start(created(), PaymentMethod.PAYPAY, SOON);
            for (long wrong : new long[] {0, 299, 301, 3000}) {
                assertRefused("amount_mismatch", pending.applyPaymentEvent(paymentId(pending, 1),
                        PaymentEvent.SUCCEEDED, wrong, LATER, LATER));
            }
            assertEquals(PaymentStatus.PENDING, pending.payments().getFirst().status());
        }

        @Test
        void aSecondSuccessOfAnotherAmountOnAPaidCheckoutIsRefusedToo() {
            Checkout twice = start(start(created(), PaymentMethod.PAYPAY, SOON), PaymentMethod.CARD, SOON);
            Checkout paid = succeed(twice, 1, LATER);
            assertRefused("amount_mismatch", paid.applyPaymentEvent(paymentId(paid, 2), PaymentEvent.SUCCEEDED,
                    1, LATER, LATER));
        }

        @Test
        void aRepeatedReportChangesNothing() {
            Checkout paid = paid(created(), LATER);
            Change repeat = paid.applyPaymentEvent(paymentId(paid, 1), PaymentEvent.SUCCEEDED, 300,
                    LATER.plusSeconds(1), LATER.plusSeconds(60));
            assertSame(paid, assertInstanceOf(Change.Unchanged.class, repeat).checkout());

            Checkout failed = fail(start(created(), PaymentMethod.PAYPAY, SOON), 1, LATER);
            assertInstanceOf(Change.Unchanged.class,
                    failed.applyPaymentEvent(paymentId(failed, 1), PaymentEvent.FAILED, 0, LATER, LATER));
        }

        @Test
        void aReportForAPaymentOfAnotherCheckoutIsRefused() {
            Checkout pending = start(created(), PaymentMethod.PAYPAY, SOON);
            Checkout other = start(created(), PaymentMethod.PAYPAY, SOON);
            assertRefused("unknown_payment", pending.applyPaymentEvent(paymentId(other, 1), PaymentEvent.SUCCEEDED,
                    300, LATER, LATER));
            assertRefused("unknown_payment", pending.applyPaymentEvent(paymentId(pending, 2), PaymentEvent.FAILED,
                    0, LATER, LATER));
        }

        @Test
        void aFailedLastAttemptReturnsTheCheckoutToCreatedSoAnotherMethodCanBeTried() {
            Checkout pending = start(created(), PaymentMethod.PAYPAY, SOON);
            Change.Changed change = changed(pending.applyPaymentEvent(paymentId(pending, 1), PaymentEvent.FAILED, 0,
                    LATER, LATER));
            assertEquals(CheckoutStatus.CREATED, change.checkout().status());
            assertEquals(PaymentStatus.FAILED, change.payment().status());
            assertEquals(LATER, change.payment().completedAt());
            assertFalse(change.becamePaid());

            Checkout retried = start(change.checkout(), PaymentMethod.CARD, LATER);
            assertEquals(CheckoutStatus.PENDING, retried.status());
        }

        @Test
        void aFailedAttemptLeavesTheCheckoutPendingWhileAnotherAttemptIsPending() {
            Checkout twice = start(start(created(), PaymentMethod.PAYPAY, SOON), PaymentMethod.CARD, SOON);
            Checkout firstFailed = fail(twice, 1, LATER);
            assertEquals(CheckoutStatus.PENDING, firstFailed.status());

            Checkout bothFailed = fail(firstFailed, 2, LATER);
            assertEquals(CheckoutStatus.CREATED, bothFailed.status());
        }

        @Test
        void aCanceledLastAttemptReturnsTheCheckoutToCreated() {
            Checkout pending = start(created(), PaymentMethod.PAYPAY, SOON);
            Change.Changed change = changed(pending.cancelAttempt(paymentId(pending, 1), LATER));
            assertEquals(CheckoutStatus.CREATED, change.checkout().status());
            assertEquals(PaymentStatus.CANCELED, change.payment().status());
        }

        @Test
        void aSuccessAfterExpiryIsPaidAndFlaggedLate() {
            Checkout pending = start(created(), PaymentMethod.PAYPAY, SOON);
            Change.Changed change = changed(pending.applyPaymentEvent(paymentId(pending, 1), PaymentEvent.SUCCEEDED,
                    300, AFTER_EXPIRY, AFTER_EXPIRY));
            assertEquals(CheckoutStatus.PAID, change.checkout().status());
            assertEquals(CheckoutStatus.PAID, change.checkout().statusAt(AFTER_EXPIRY));
            assertTrue(change.checkout().latePayment());
            assertEquals(AFTER_EXPIRY, change.checkout().paidAt());
            assertTrue(change.becamePaid());
        }

        @Test
        void aSuccessOfAFailedAttemptAfterExpiryIsPaidAndFlaggedLate() {
            Checkout failed = fail(start(created(), PaymentMethod.PAYPAY, SOON), 1, LATER);
            Checkout paid = succeed(failed, 1, AFTER_EXPIRY);
            assertEquals(CheckoutStatus.PAID, paid.status());
            assertTrue(paid.latePayment());
        }

        @Test
        void aSuccessOnACanceledCheckoutIsPaidAndFlaggedLate() {
            Checkout failed = fail(start(created(), PaymentMethod.PAYPAY, SOON), 1, SOON);
            Checkout canceled = changed(failed.cancel(SOON)).checkout();
            assertEquals(CheckoutStatus.CANCELED, canceled.status());

            Change.Changed change = changed(canceled.applyPaymentEvent(paymentId(canceled, 1), PaymentEvent.SUCCEEDED,
                    300, LATER, LATER));
            assertEquals(CheckoutStatus.PAID, change.checkout().status());
            assertTrue(change.checkout().latePayment());
            assertEquals(LATER, change.checkout().paidAt());
            assertTrue(change.becamePaid());
        }

        @Test
        void aSecondSuccessIsRecordedAsADuplicateAndDoesNotMovePaidAt() {
            Checkout twice = start(start(created(), PaymentMethod.PAYPAY, SOON), PaymentMethod.CARD, SOON);
            Checkout paid = succeed(twice, 2, LATER);
            Payment winner = paid.winningPayment().orElseThrow();

            Change.Changed change = changed(paid.applyPaymentEvent(paymentId(paid, 1), PaymentEvent.SUCCEEDED, 300,
                    LATER.plusSeconds(30), LATER.plusSeconds(31)));

            Checkout after = change.checkout();
            assertEquals(CheckoutStatus.PAID, after.status());
            assertEquals(LATER, after.paidAt());
            assertFalse(change.becamePaid());
            assertTrue(change.payment().duplicatePayment());
            assertEquals(PaymentStatus.SUCCEEDED, change.payment().status());
            assertEquals(LATER.plusSeconds(30), change.payment().completedAt());
            assertEquals(Optional.of(winner), after.winningPayment());
            assertEquals(2, after.payments().stream().filter(p -> p.status() == PaymentStatus.SUCCEEDED).count());
        }

        @Test
        void aDuplicateAfterExpiryKeepsTheOriginalPaymentOnTime() {
            Checkout twice = start(start(created(), PaymentMethod.PAYPAY, SOON), PaymentMethod.CARD, SOON);
            Checkout paid = succeed(twice, 1, LATER);
            Checkout duplicate = succeed(paid, 2, AFTER_EXPIRY);
            assertFalse(duplicate.latePayment());
            assertEquals(LATER, duplicate.paidAt());
            assertTrue(duplicate.payment(paymentId(paid, 2)).orElseThrow().duplicatePayment());
        }

        @Test
        void aCanceledAttemptCanStillSucceedBecauseTheMoneyMoved() {
            Checkout twice = start(start(created(), PaymentMethod.PAYPAY, SOON), PaymentMethod.CARD, SOON);
            Checkout firstCanceled = changed(twice.cancelAttempt(paymentId(twice, 1), SOON)).checkout();

            Checkout paid = succeed(firstCanceled, 1, LATER);
            assertEquals(CheckoutStatus.PAID, paid.status());
            assertEquals(paymentId(twice, 1), paid.winningPayment().orElseThrow().id());
        }

        @Test
        void aFailedAttemptCanStillSucceed() {
            Checkout failed = fail(start(created(), PaymentMethod.PAYPAY, SOON), 1, SOON);
            Checkout paid = succeed(failed, 1, LATER);
            assertEquals(CheckoutStatus.PAID, paid.status());
            assertFalse(paid.latePayment());
        }

        @Test
        void aFailureReportedAfterSuccessIsRefusedAndTheMoneyStaysRecorded() {
            Checkout paid = paid(created(), LATER);
            assertRefused("invalid_transition", paid.applyPaymentEvent(paymentId(paid, 1), PaymentEvent.FAILED, 0,
                    LATER, LATER));
            assertRefused("invalid_transition", paid.cancelAttempt(paymentId(paid, 1), LATER));
        }

        @Test
        void aChangedCopyKeepsTheVersionItWasReadAt() {
            Checkout stored = start(created(), PaymentMethod.PAYPAY, SOON).atVersion(7);
            assertEquals(7, succeed(stored, 1, LATER).version());
        }
    }

    @Nested
    class Cancel {

        @Test
        void aCreatedCheckoutCanBeCanceled() {
            Change.Changed change = changed(created().cancel(SOON));
            assertEquals(CheckoutStatus.CANCELED, change.checkout().status());
            assertNull(change.payment());
        }

        @Test
        void aCheckoutWithAnAttemptUnderWayCannotBeCanceled() {
            assertRefused("checkout_not_cancelable", start(created(), PaymentMethod.PAYPAY, SOON).cancel(LATER));
        }

        @Test
        void a_canceled_checkout_cannot_be_canceled_again() {
            Checkout canceled = changed(created().cancel(SOON)).checkout();
            assertRefused("checkout_not_cancelable", canceled.cancel(LATER));
        }

        @Test
        void paidAndExpiredCheckoutsCannotBeCanceled() {
            assertRefused("checkout_not_cancelable", paid(created(), SOON).cancel(LATER));
            assertRefused("checkout_not_cancelable", created().cancel(EXPIRES_AT));
        }
    }

    @Test
    void theReturnUrlLanguageAndMetadataAreKeptAsGiven() {
        Checkout checkout = Checkout.create("chk_aaaaaaaaaaaaaaaaaaaaaaaaaa", CHIYODA, "myna", "APP-1",
                created().items(), TestCatalogs.RETURN_URL, Language.EN, List.of(), Duration.ofMinutes(30),
                Map.of("applicant", "42"), CREATED_AT);
        assertEquals(TestCatalogs.RETURN_URL, checkout.returnUrl());
        assertEquals(Language.EN, checkout.language());
        assertEquals(Map.of("applicant", "42"), checkout.metadata());
        assertEquals(CREATED_AT.plus(Duration.ofMinutes(30)), checkout.expiresAt());
    }

    private static java.util.Set<String> creditorsOf(Checkout checkout) {
        java.util.Set<String> creditors = new java.util.LinkedHashSet<>();
        checkout.items().forEach(item -> item.lines().forEach(line -> creditors.add(line.creditor())));
        return creditors;
    }
}
