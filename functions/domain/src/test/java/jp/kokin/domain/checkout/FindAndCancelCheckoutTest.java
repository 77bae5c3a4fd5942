package jp.kokin.domain.checkout;

import static jp.kokin.domain.checkout.TestCatalogs.MYNA_KEY;
import static jp.kokin.domain.checkout.TestCatalogs.OPERATOR_KEY;
import static jp.kokin.domain.checkout.TestCatalogs.SHINJUKU_KEY;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** {@link FindCheckout} and {@link CancelCheckout}. */
class FindAndCancelCheckoutTest extends CheckoutUseCaseFixture {

    // ---- get and cancel ------------------------------------------------------------------------

    @Nested
    class GetAndCancel {

        @Test
        void aKeySeesCheckoutsOfItsOrganizationsOnly() {
            Checkout chiyoda = aStoredCheckout();
            assertEquals(Optional.of(chiyoda), find.forPortal(MYNA_KEY, chiyoda.id()));
            assertEquals(Optional.of(chiyoda), find.forPortal(OPERATOR_KEY, chiyoda.id()));
            assertEquals(Optional.empty(), find.forPortal(SHINJUKU_KEY, chiyoda.id()));
        }

        @Test
        void malformedAndUnknownIdsAreNotFound() {
            assertEquals(Optional.empty(), find.forPortal(MYNA_KEY, "chk_../../etc"));
            assertEquals(Optional.empty(), find.forPortal(MYNA_KEY, CheckoutIds.newCheckoutId()));
            assertEquals(Optional.empty(), find.forCitizen("pay_x"));
        }

        @Test
        void theCitizenPageFindsAnyCheckoutByItsId() {
            Checkout chiyoda = aStoredCheckout();
            assertEquals(Optional.of(chiyoda), find.forCitizen(chiyoda.id()));
        }

        @Test
        void cancelingACreatedCheckoutStoresItCanceled() {
            Checkout checkout = aStoredCheckout();

            Checkout canceled = ok(cancellation.cancel(MYNA_KEY, checkout.id()));

            assertEquals(CheckoutStatus.CANCELED, canceled.status());
            assertEquals(CheckoutStatus.CANCELED, repository.stored(checkout.id()).status());
            assertEquals(checkout.version() + 1, repository.stored(checkout.id()).version());
        }

        @Test
        void aKeyCannotCancelAnotherOrganizationsCheckout() {
            Checkout checkout = aStoredCheckout();
            rejected("not_found", cancellation.cancel(SHINJUKU_KEY, checkout.id()));
            assertEquals(checkout, repository.stored(checkout.id()));
        }

        @Test
        void aCheckoutWithAnAttemptUnderWayCannotBeCanceled() {
            Checkout pending = aStoredCheckoutWithAttempts(PaymentMethod.PAYPAY);
            rejected("checkout_not_cancelable", cancellation.cancel(MYNA_KEY, pending.id()));
            assertEquals(pending, repository.stored(pending.id()));
        }

        @Test
        void cancelingTwiceIsRefusedWithoutWriting() {
            Checkout checkout = aStoredCheckout();
            ok(cancellation.cancel(MYNA_KEY, checkout.id()));
            int writes = repository.writes();

            rejected("checkout_not_cancelable", cancellation.cancel(MYNA_KEY, checkout.id()));
            assertEquals(writes, repository.writes());
        }

        @Test
        void aCancelRetriesWhenAnotherWriterWasFirst() {
            Checkout checkout = aStoredCheckout();
            repository.concurrently(c -> c);

            ok(cancellation.cancel(MYNA_KEY, checkout.id()));

            assertEquals(CheckoutStatus.CANCELED, repository.stored(checkout.id()).status());
            assertEquals(2, repository.stored(checkout.id()).version());
        }
    }
}
