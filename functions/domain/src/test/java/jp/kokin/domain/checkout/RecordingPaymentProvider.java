package jp.kokin.domain.checkout;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jp.kokin.domain.provider.Callbacks;
import jp.kokin.domain.provider.InboundProviderEvent;
import jp.kokin.domain.provider.ProviderEvent;
import jp.kokin.domain.provider.ProviderEventException;
import jp.kokin.domain.provider.PaymentProvider;
import jp.kokin.domain.provider.ProviderException;
import jp.kokin.domain.provider.ProviderSession;
import jp.kokin.domain.provider.ProviderStatus;
import jp.kokin.domain.provider.Reply;
import jp.kokin.domain.refund.Refund;
import jp.kokin.domain.refund.RefundResult;

/**
 * A provider that records what it was asked, can be down, can refuse to cancel, answers
 * queries with what the test says the provider knows, and verifies notifications as told.
 */
public final class RecordingPaymentProvider implements PaymentProvider {

    public record StartCall(String checkoutId, String paymentId, long amount, String returnUrl) {}

    private final String name;
    public final List<StartCall> started = new ArrayList<>();
    public final List<String> canceled = new ArrayList<>();
    public final List<String> queried = new ArrayList<>();
    private final Map<String, ProviderStatus> statuses = new HashMap<>();
    private boolean down;
    private boolean cancelable = true;
    private String fixedId;
    private ProviderStatus afterCancel = new ProviderStatus.Canceled();
    private ProviderEvent verified;
    private ProviderEventException refusal;
    private Reply acknowledgement;
    /** Refund ids in the order they were sent ({@link #refund}) and asked about ({@link #queryRefund}). */
    public final List<String> refundsSent = new ArrayList<>();
    public final List<String> refundsQueried = new ArrayList<>();
    private final Map<String, RefundResult> refunds = new HashMap<>();
    private RefundResult nextRefundAnswer;
    private boolean refundsTimeOut;

    public RecordingPaymentProvider(String name) {
        this.name = name;
    }

    public RecordingPaymentProvider down() {
        this.down = true;
        return this;
    }

    public RecordingPaymentProvider up() {
        this.down = false;
        return this;
    }

    /** The provider answers a start with this id for every attempt (e.g. one longer than we store). */
    public RecordingPaymentProvider givesPaymentId(String id) {
        this.fixedId = id;
        return this;
    }

    public RecordingPaymentProvider cannotCancel() {
        this.cancelable = false;
        return this;
    }

    /** What a query about {@code paymentId} answers from now on (pending by default). */
    public RecordingPaymentProvider knows(String paymentId, ProviderStatus status) {
        statuses.put(paymentId, status);
        return this;
    }

    /** What a query answers after a successful cancel (canceled by default; a payment that raced it: succeeded). */
    public RecordingPaymentProvider afterCancel(ProviderStatus status) {
        this.afterCancel = status;
        return this;
    }

    /** What verifying the next notifications gives, whatever they hold. */
    public RecordingPaymentProvider verifies(ProviderEvent notification) {
        this.verified = notification;
        this.refusal = null;
        return this;
    }

    /** Verifying the next notifications fails so (a bad signature, a malformed body). */
    public RecordingPaymentProvider refuses(ProviderEventException e) {
        this.refusal = e;
        return this;
    }

    /** The provider expects this answer to an accepted notification (by default the port's). */
    public RecordingPaymentProvider acknowledgedWith(Reply reply) {
        this.acknowledgement = reply;
        return this;
    }

    /**
     * What the next refund requests answer (by default {@code Succeeded}); what it answered is what a
     * query answers afterwards. {@code null}: the provider takes the request but the answer is lost (a timeout).
     */
    public RecordingPaymentProvider refundsAnswer(RefundResult answer) {
        this.nextRefundAnswer = answer;
        this.refundsTimeOut = false;
        return this;
    }

    /** Refund requests time out: the provider may or may not have taken them ({@link #refundKnownAs} says). */
    public RecordingPaymentProvider refundsTimeOut() {
        this.refundsTimeOut = true;
        return this;
    }

    /** What a query about {@code refundId} answers from now on (NotFound when never sent nor told). */
    public RecordingPaymentProvider refundKnownAs(String refundId, RefundResult result) {
        refunds.put(refundId, result);
        return this;
    }

    @Override
    public RefundResult refund(Checkout checkout, Payment payment, Refund refund) throws ProviderException {
        refundsSent.add(refund.id());
        if (refundsTimeOut) {
            throw new ProviderException(name + " timed out", new java.net.SocketTimeoutException("read timed out"));
        }
        RefundResult answer = nextRefundAnswer != null ? nextRefundAnswer
                : new RefundResult.Succeeded("prov_" + refund.id(), null);
        refunds.putIfAbsent(refund.id(), answer);
        return refunds.get(refund.id());
    }

    @Override
    public RefundResult queryRefund(Checkout checkout, Payment payment, Refund refund) throws ProviderException {
        refundsQueried.add(refund.id());
        if (down) {
            throw new ProviderException(name + " answered 503");
        }
        return refunds.getOrDefault(refund.id(), new RefundResult.NotFound());
    }

    public static String providerPaymentId(String paymentId) {
        return "prov_" + paymentId;
    }

    public String redirectUrl(String paymentId) {
        return "https://" + name + ".example.jp/pay/" + paymentId;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ProviderSession start(Checkout checkout, Payment payment, Callbacks callbacks) throws ProviderException {
        if (down) {
            throw new ProviderException(name + " timed out", new java.net.SocketTimeoutException("read timed out"));
        }
        started.add(new StartCall(checkout.id(), payment.id(), payment.amount(), callbacks.returnUrl()));
        return ProviderSession.redirectTo(fixedId != null ? fixedId : providerPaymentId(payment.id()), redirectUrl(payment.id()));
    }

    @Override
    public ProviderStatus query(Checkout checkout, Payment payment) throws ProviderException {
        queried.add(payment.id());
        if (down) {
            throw new ProviderException(name + " answered 503");
        }
        return statuses.getOrDefault(payment.id(), new ProviderStatus.Pending());
    }

    @Override
    public boolean cancel(Payment payment) {
        canceled.add(payment.id());
        if (cancelable && !down) {
            statuses.put(payment.id(), afterCancel);
        }
        return cancelable && !down;
    }

    @Override
    public ProviderEvent verify(InboundProviderEvent notification) throws ProviderEventException {
        if (refusal != null) {
            throw refusal;
        }
        if (verified == null) {
            throw ProviderEventException.malformed("this test sends no notifications");
        }
        return verified;
    }

    @Override
    public Reply accepted() {
        return acknowledgement != null ? acknowledgement : PaymentProvider.super.accepted();
    }
}
