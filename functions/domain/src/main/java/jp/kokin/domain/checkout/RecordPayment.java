package jp.kokin.domain.checkout;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

import jp.kokin.domain.provider.ProviderEvent;
import jp.kokin.domain.provider.ProviderStatus;
import jp.kokin.domain.receipt.ReceiptDue;
import jp.kokin.domain.refund.DuplicateRefunds;
import jp.kokin.domain.refund.RefundPolicies;

/**
 * Records what a provider says about one of our payments (a verified report, or the answer to a
 * query) through the payment state machine. A provider can only report on the payments it was
 * asked to take: a report about another provider's payment is a report about an unknown payment.
 * The write that made the checkout paid says that its receipt is due ({@link ReceiptDue}); no
 * other write does, so the portal is notified once.
 */
public final class RecordPayment {
    private final CheckoutRepository checkouts;
    private final CheckoutWriter writer;
    private final ReceiptDue receiptDue;
    private final RefundPolicies policies;
    private final Clock clock;

    public RecordPayment(CheckoutRepository checkouts, ReceiptDue receiptDue, Clock clock) {
        this(checkouts, receiptDue, RefundPolicies.DEFAULTS, clock);
    }

    /**
     * {@code policies}: whether an organization's duplicate refunds skip approval (the write that
     * records a duplicate payment proposes its refund: {@link DuplicateRefunds}).
     */
    public RecordPayment(CheckoutRepository checkouts, ReceiptDue receiptDue, RefundPolicies policies, Clock clock) {
        this.checkouts = checkouts;
        this.writer = new CheckoutWriter(checkouts);
        this.receiptDue = receiptDue;
        this.policies = policies;
        this.clock = clock;
    }

    /**
     * Records a verified notification's report, once what the provider echoed of our request
     * agrees with the payment it names: a report whose echo differs is refused as not authentic
     * ({@code invalid_signature}) and changes nothing.
     */
    public RecordOutcome report(String provider, ProviderEvent.Report report) {
        return status(provider, report.paymentId(), report.status(), report.occurredAt(), report.echo(), null);
    }

    /** Records what {@code provider} says about a payment. A pending status records nothing. */
    public RecordOutcome status(String provider, String paymentId, ProviderStatus status, Instant occurredAt) {
        return status(provider, paymentId, status, occurredAt, ProviderEvent.Echo.NOTHING, null);
    }

    /** As {@link #status(String, String, ProviderStatus, Instant)}, writing on {@code inHand} first (just stored by the caller). */
    RecordOutcome status(String provider, Checkout inHand, String paymentId, ProviderStatus status, Instant occurredAt) {
        return status(provider, paymentId, status, occurredAt, ProviderEvent.Echo.NOTHING, inHand);
    }

    /** Records one event of a payment, e.g. {@code SUCCEEDED} for {@code amount} yen at {@code occurredAt}. */
    public RecordOutcome event(String provider, String paymentId, PaymentEvent event, long amount, Instant occurredAt) {
        return event(provider, paymentId, event, amount, occurredAt, ProviderEvent.Echo.NOTHING, null);
    }

    private RecordOutcome status(String provider, String paymentId, ProviderStatus status, Instant occurredAt,
                                 ProviderEvent.Echo echo, Checkout inHand) {
        Instant at = occurredAt == null ? clock.instant() : occurredAt;
        return switch (status) {
            case ProviderStatus.Succeeded s ->
                    event(provider, paymentId, PaymentEvent.SUCCEEDED, s.amount(), s.at() == null ? at : s.at(), echo, inHand);
            case ProviderStatus.Failed f -> event(provider, paymentId, PaymentEvent.FAILED, 0, at, echo, inHand);
            case ProviderStatus.Canceled c -> event(provider, paymentId, PaymentEvent.CANCELED, 0, at, echo, inHand);
            case ProviderStatus.Expired e -> event(provider, paymentId, PaymentEvent.EXPIRED, 0, at, echo, inHand);
            case ProviderStatus.Pending p -> Optional.ofNullable(inHand)
                    .or(() -> CheckoutIds.checkoutOfPayment(paymentId).flatMap(checkouts::find))
                    .<RecordOutcome>map(c -> new RecordOutcome.Recorded(c, false, false))
                    .orElseGet(() -> unknown("no checkout for payment " + paymentId));
        };
    }

    private RecordOutcome event(String provider, String paymentId, PaymentEvent event, long amount, Instant occurredAt,
                                ProviderEvent.Echo echo, Checkout inHand) {
        Optional<String> checkoutId = CheckoutIds.checkoutOfPayment(paymentId);
        if (checkoutId.isEmpty()) {
            return unknown("not a Kokin payment id: " + paymentId);
        }
        Function<Checkout, Change> record = c -> {
            Optional<Payment> payment = c.payment(paymentId);
            if (payment.filter(p -> !p.provider().equals(provider)).isPresent()) {
                return new Change.Refused(Rejection.Code.UNKNOWN_PAYMENT,
                        "payment " + paymentId + " is not a " + provider + " payment");
            }
            Optional<String> mismatch = payment.flatMap(p -> echo.mismatch(c, p));
            if (mismatch.isPresent()) {
                return new Change.Refused(Rejection.Code.INVALID_SIGNATURE, "the notification's " + mismatch.get()
                        + " is not what was sent for payment " + paymentId);
            }
            Change change = c.applyPaymentEvent(paymentId, event, amount, occurredAt, clock.instant());
            if (change instanceof Change.Changed changed && changed.payment() != null
                    && changed.payment().duplicatePayment() && changed.payment().status() == PaymentStatus.SUCCEEDED) {
                Checkout proposed = DuplicateRefunds.propose(changed.checkout(), changed.payment(),
                        policies.of(c.organizationCode()), clock.instant());
                return new Change.Changed(proposed, changed.payment(), changed.becamePaid());
            }
            return change;
        };
        var written = inHand != null ? writer.write(inHand, record) : writer.write(checkoutId.get(), record);
        return switch (written) {
            case CheckoutWriter.Written.Stored stored -> {
                if (stored.becamePaid()) {
                    receiptDue.receiptDue(stored.checkout());
                }
                yield new RecordOutcome.Recorded(stored.checkout(), true, stored.becamePaid());
            }
            case CheckoutWriter.Written.Unchanged unchanged -> new RecordOutcome.Recorded(unchanged.checkout(), false, false);
            case CheckoutWriter.Written.Refused refused -> RecordOutcome.of(refused.rejection());
            case CheckoutWriter.Written.Missing missing -> unknown("no checkout for payment " + paymentId);
            case CheckoutWriter.Written.KeptChanging k -> new RecordOutcome.KeptChanging(
                    new Rejection(Rejection.Code.CONFLICT, "the checkout kept changing; the provider should retry"));
        };
    }

    private static RecordOutcome unknown(String detail) {
        return new RecordOutcome.UnknownPayment(new Rejection(Rejection.Code.UNKNOWN_PAYMENT, detail));
    }
}
