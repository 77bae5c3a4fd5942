package jp.kokin.domain.provider;

import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.checkout.Payment;
import jp.kokin.domain.refund.Refund;
import jp.kokin.domain.refund.RefundResult;

/**
 * A payment provider account, as the domain sees it. One adapter per provider protocol speaks
 * its wire format; the same adapter code talks to the provider in production and to its
 * simulator locally. Calls that reach the network throw {@link ProviderException} when the
 * outcome is unknown (timeout, 5xx, unreadable answer): the caller never guesses, it asks again
 * later ({@link #query}).
 */
public interface PaymentProvider {

    /** The account's name in the catalog; recorded on each payment and used as the webhook path. */
    String name();

    /**
     * Creates the attempt at the provider and says where to send the citizen. {@code payment.id()}
     * is our id for the attempt (the provider's merchant order id); callbacks carry our URLs.
     */
    ProviderSession start(Checkout checkout, Payment payment, Callbacks callbacks) throws ProviderException;

    /** Asks the provider what became of the attempt. */
    ProviderStatus query(Checkout checkout, Payment payment) throws ProviderException;

    /**
     * Cancels an attempt that has not been paid, so that it can no longer be paid. True when the
     * provider confirmed it (or there was nothing to cancel); false when it refused or could not be
     * reached. A payment that completed just before still reports as paid afterwards.
     */
    boolean cancel(Payment payment);

    /**
     * Verifies and reads a notification posted to {@code /webhooks/{name}}. Nothing is believed
     * unless verified: an unsigned provider's notification is only a {@link ProviderEvent.Hint}.
     */
    ProviderEvent verify(InboundProviderEvent notification) throws ProviderEventException;

    /**
     * Asks the provider to return {@code refund.amount()} yen of {@code payment}. {@code refund.id()}
     * is our id for it and goes to the provider as its merchant refund id or idempotency key, so that
     * sending the same refund again (after a timeout) never refunds twice. Throws when the outcome is
     * unknown (timeout, 5xx): the refund stays submitted and is asked about later ({@link #queryRefund}).
     */
    default RefundResult refund(Checkout checkout, Payment payment, Refund refund) throws ProviderException {
        return new RefundResult.CannotRefund(name() + " does not refund through its API");
    }

    /** Asks the provider what became of {@code refund} ({@link RefundResult.NotFound} when it never received it). */
    default RefundResult queryRefund(Checkout checkout, Payment payment, Refund refund) throws ProviderException {
        return new RefundResult.CannotRefund(name() + " does not refund through its API");
    }

    /** What to answer a notification that was accepted (some providers expect a fixed body). */
    default Reply accepted() {
        return new Reply(200, "application/json", "{\"received\":true}");
    }
}
