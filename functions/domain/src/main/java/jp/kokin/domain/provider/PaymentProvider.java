package jp.kokin.domain.provider;

import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.checkout.Payment;

/** A payment provider, as the domain sees it: start an attempt (get the redirect), cancel one. */
public interface PaymentProvider {

    String name();

    /** Creates the attempt at the provider; the citizen is then redirected to {@code redirectUrl}. */
    ProviderSession start(Checkout checkout, Payment payment, String returnUrl) throws ProviderException;

    /** Cancels a pending attempt where the provider allows it; false when it cannot be canceled. */
    boolean cancel(Payment payment);

    record ProviderSession(String providerPaymentId, String redirectUrl) {}

    /** The provider could not be reached or refused; the outcome of the call is unknown. */
    final class ProviderException extends Exception {
        public ProviderException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
