package jp.kokin.domain.checkout;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import jp.kokin.domain.provider.PaymentProvider;
import jp.kokin.domain.provider.ProviderException;
import jp.kokin.domain.provider.ProviderStatus;
import jp.kokin.domain.provider.Providers;

/**
 * Asks the payment's provider what became of it and records the answer, for triggers that are
 * not believed themselves: an unsigned hint (PayPay) and the citizen's return page. An
 * unreachable provider leaves the payment as it is; a payment asked about less than
 * {@link #QUERY_INTERVAL} ago is not asked about again and nothing is written.
 */
public final class ConfirmPayment {
    /**
     * A provider is asked about one payment at most once in this time on behalf of an
     * unauthenticated trigger (the citizen's return page, an unsigned PayPay hint), so that nobody
     * can spend the merchant's API rate limit by reloading a page or forging hints. The time is
     * stored on the attempt ({@link Payment#lastAskedAt()}) by a conditional write.
     */
    public static final Duration QUERY_INTERVAL = Duration.ofSeconds(5);

    private final CheckoutWriter writer;
    private final Providers providers;
    private final RecordPayment record;
    private final Clock clock;

    public ConfirmPayment(CheckoutRepository checkouts, Providers providers, RecordPayment record, Clock clock) {
        this.writer = new CheckoutWriter(checkouts);
        this.providers = providers;
        this.record = record;
        this.clock = clock;
    }

    /**
     * Confirms payment {@code paymentId} with {@code provider}, which must be the payment's own.
     * Asked a moment ago (by this or a concurrent request): {@link RecordOutcome.AskedRecently},
     * not "nothing happened", so a genuine hint just after the return page asked is delivered again.
     */
    public RecordOutcome confirm(String provider, String paymentId) {
        Rejection unknown = new Rejection(Rejection.Code.UNKNOWN_PAYMENT, "no " + provider + " payment " + paymentId);
        Optional<String> checkoutId = CheckoutIds.checkoutOfPayment(paymentId);
        if (checkoutId.isEmpty()) {
            return new RecordOutcome.UnknownPayment(unknown);
        }
        Optional<PaymentProvider> adapter = providers.named(provider);
        Instant now = clock.instant();
        var marked = writer.write(checkoutId.get(), c -> {
            Optional<Payment> payment = c.payment(paymentId).filter(p -> p.provider().equals(provider));
            if (payment.isEmpty()) {
                return new Change.Refused(unknown.kind(), unknown.detail());
            }
            if (payment.get().status() == PaymentStatus.SUCCEEDED) {
                return new Change.Unchanged(c);
            }
            if (adapter.isEmpty()) {
                return new Change.Refused(Rejection.Code.PROVIDER_NOT_CONFIGURED,
                        "provider " + provider + " is no longer configured");
            }
            Instant last = payment.get().lastAskedAt();
            if (last != null && now.isBefore(last.plus(QUERY_INTERVAL))) {
                return new Change.Refused(Rejection.Code.ASKED_RECENTLY, "the provider was asked about " + paymentId
                        + " less than " + QUERY_INTERVAL.toSeconds() + " s ago; try again after that");
            }
            Payment asked = payment.get().askedAt(now);
            return new Change.Changed(c.withPayment(asked), asked, false);
        });
        return switch (marked) {
            case CheckoutWriter.Written.Stored stored -> ask(adapter.orElseThrow(), stored.checkout(), stored.payment(), now);
            case CheckoutWriter.Written.Unchanged paid -> new RecordOutcome.Recorded(paid.checkout(), false, false);
            case CheckoutWriter.Written.Refused refused -> RecordOutcome.of(refused.rejection());
            case CheckoutWriter.Written.Missing missing -> new RecordOutcome.UnknownPayment(unknown);
            case CheckoutWriter.Written.KeptChanging k -> new RecordOutcome.KeptChanging(
                    new Rejection(Rejection.Code.CONFLICT, "the checkout kept changing; try again"));
        };
    }

    /** Asks about {@code asked} now that the time of asking is stored on {@code marked}, and records the answer. */
    private RecordOutcome ask(PaymentProvider provider, Checkout marked, Payment asked, Instant now) {
        ProviderStatus status;
        try {
            status = provider.query(marked, asked);
        } catch (ProviderException e) {
            return new RecordOutcome.ProviderUnavailable(new Rejection(Rejection.Code.PROVIDER_UNAVAILABLE,
                    "could not ask " + provider.name() + ": " + e.getMessage()));
        }
        return record.status(asked.provider(), marked, asked.id(), status, now);
    }
}
