package jp.kokin.domain.checkout;

import static jp.kokin.domain.checkout.CheckoutEvent.*;
import static jp.kokin.domain.checkout.CheckoutStatus.CANCELED;
import static jp.kokin.domain.checkout.CheckoutStatus.CREATED;
import static jp.kokin.domain.checkout.CheckoutStatus.PAID;
import static jp.kokin.domain.checkout.CheckoutStatus.PENDING;

import jp.kokin.domain.statemachine.TransitionTable;

/**
 * The allowed state changes of checkouts and payment attempts, as one table each (drawn in the
 * README). Money that moved is never dropped: a success is accepted in every checkout state,
 * and a payment attempt can succeed after it failed or was canceled.
 */
public final class Transitions {

    public static final TransitionTable<CheckoutStatus, CheckoutEvent> CHECKOUT =
            TransitionTable.builder(CheckoutStatus.class, CheckoutEvent.class)
                    .on(CREATED, PAYMENT_STARTED, PENDING)
                    .on(CREATED, PAYMENT_SUCCEEDED, PAID)
                    .on(CREATED, CANCEL_REQUESTED, CANCELED)
                    .on(CREATED, EXPIRY_PASSED, CheckoutStatus.EXPIRED)
                    .ignore(CREATED, LAST_ATTEMPT_ENDED)
                    .ignore(PENDING, PAYMENT_STARTED)
                    .on(PENDING, LAST_ATTEMPT_ENDED, CREATED)
                    .on(PENDING, PAYMENT_SUCCEEDED, PAID)
                    .on(PENDING, EXPIRY_PASSED, CheckoutStatus.EXPIRED)
                    .ignore(PAID, PAYMENT_SUCCEEDED)
                    .ignore(PAID, LAST_ATTEMPT_ENDED)
                    .ignore(PAID, EXPIRY_PASSED)
                    .on(CheckoutStatus.EXPIRED, PAYMENT_SUCCEEDED, PAID)
                    .ignore(CheckoutStatus.EXPIRED, LAST_ATTEMPT_ENDED)
                    .ignore(CheckoutStatus.EXPIRED, EXPIRY_PASSED)
                    .on(CANCELED, PAYMENT_SUCCEEDED, PAID)
                    .ignore(CANCELED, LAST_ATTEMPT_ENDED)
                    .ignore(CANCELED, EXPIRY_PASSED)
                    .build();

    public static final TransitionTable<PaymentStatus, PaymentEvent> PAYMENT =
            TransitionTable.builder(PaymentStatus.class, PaymentEvent.class)
                    .on(PaymentStatus.PENDING, PaymentEvent.SUCCEEDED, PaymentStatus.SUCCEEDED)
                    .on(PaymentStatus.PENDING, PaymentEvent.FAILED, PaymentStatus.FAILED)
                    .on(PaymentStatus.PENDING, PaymentEvent.CANCELED, PaymentStatus.CANCELED)
                    .on(PaymentStatus.PENDING, PaymentEvent.EXPIRED, PaymentStatus.EXPIRED)
                    .ignore(PaymentStatus.SUCCEEDED, PaymentEvent.SUCCEEDED)
                    .on(PaymentStatus.FAILED, PaymentEvent.SUCCEEDED, PaymentStatus.SUCCEEDED)
                    .ignore(PaymentStatus.FAILED, PaymentEvent.FAILED)
                    .ignore(PaymentStatus.FAILED, PaymentEvent.CANCELED)
                    .ignore(PaymentStatus.FAILED, PaymentEvent.EXPIRED)
                    .on(PaymentStatus.CANCELED, PaymentEvent.SUCCEEDED, PaymentStatus.SUCCEEDED)
                    .ignore(PaymentStatus.CANCELED, PaymentEvent.FAILED)
                    .ignore(PaymentStatus.CANCELED, PaymentEvent.CANCELED)
                    .ignore(PaymentStatus.CANCELED, PaymentEvent.EXPIRED)
                    .on(PaymentStatus.EXPIRED, PaymentEvent.SUCCEEDED, PaymentStatus.SUCCEEDED)
                    .ignore(PaymentStatus.EXPIRED, PaymentEvent.FAILED)
                    .ignore(PaymentStatus.EXPIRED, PaymentEvent.CANCELED)
                    .ignore(PaymentStatus.EXPIRED, PaymentEvent.EXPIRED)
                    .build();

    private Transitions() {}
}
