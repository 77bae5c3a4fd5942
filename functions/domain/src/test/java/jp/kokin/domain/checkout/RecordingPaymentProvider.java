package jp.kokin.domain.checkout;

import java.util.ArrayList;
import java.util.List;

import jp.kokin.domain.provider.PaymentProvider;

/** A provider that records what it was asked, can be down, and can refuse to cancel. */
final class RecordingPaymentProvider implements PaymentProvider {

    record StartCall(String checkoutId, String paymentId, long amount, String returnUrl) {}

    private final String name;
    final List<StartCall> started = new ArrayList<>();
    final List<String> canceled = new ArrayList<>();
    private boolean down;
    private boolean cancelable = true;

    RecordingPaymentProvider(String name) {
        this.name = name;
    }

    RecordingPaymentProvider down() {
        this.down = true;
        return this;
    }

    RecordingPaymentProvider cannotCancel() {
        this.cancelable = false;
        return this;
    }

    static String providerPaymentId(String paymentId) {
        return "prov_" + paymentId;
    }

    String redirectUrl(String paymentId) {
        return "https://" + name + ".example.jp/pay/" + paymentId;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ProviderSession start(Checkout checkout, Payment payment, String returnUrl) throws ProviderException {
        if (down) {
            throw new ProviderException(name + " timed out", new java.net.SocketTimeoutException("read timed out"));
        }
        started.add(new StartCall(checkout.id(), payment.id(), payment.amount(), returnUrl));
        return new ProviderSession(providerPaymentId(payment.id()), redirectUrl(payment.id()));
    }

    @Override
    public boolean cancel(Payment payment) {
        canceled.add(payment.id());
        return cancelable;
    }
}
