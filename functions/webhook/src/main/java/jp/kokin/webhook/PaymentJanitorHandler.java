package jp.kokin.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;

import jp.kokin.adapters.json.Json;
import jp.kokin.adapters.log.Log;
import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.checkout.PendingPayments;
import jp.kokin.domain.checkout.RecordPayment;
import jp.kokin.domain.checkout.ReconcilePayments;
import jp.kokin.domain.checkout.ReconcilePayments.Reconciled;
import jp.kokin.domain.refund.ReconcileRefunds;

/**
 * {@code PaymentJanitorFunction}, every two minutes: payment attempts still pending
 * {@code JANITOR_MIN_AGE_SECONDS} (default 180) after they started are asked about at their
 * provider, and the answer is recorded as if a verified notification had come, so a lost webhook
 * never loses a payment. An attempt the provider still calls pending {@code JANITOR_EXPIRY_GRACE_SECONDS}
 * (default 600) after its checkout expired is canceled there and recorded as expired. An unknown
 * answer (timeout, 5xx) is left for the next run, never guessed; a refused answer (an amount that
 * differs from ours) is logged at error level for a person, every run, until resolved. A payment the
 * janitor finds paid has its receipt queued by the recording itself ({@link RecordPayment}).
 */
public final class PaymentJanitorHandler implements RequestStreamHandler {

    private final PendingPayments pending;
    private final ReconcilePayments reconcile;
    private final ReconcileRefunds refunds;
    private final Clock clock;
    private final Duration minAge;
    private final Duration grace;
    private final int batch;

    public PaymentJanitorHandler() {
        this(PaymentJanitorWiring.fromEnv(System.getenv()));
    }

    public PaymentJanitorHandler(PaymentJanitorWiring wiring) {
        this.pending = wiring.pending();
        this.reconcile = new ReconcilePayments(wiring.checkouts(), wiring.providers(),
                new RecordPayment(wiring.checkouts(), wiring.receiptDue(), wiring.refunds().policies(), wiring.clock()),
                wiring.clock());
        this.refunds = new ReconcileRefunds(wiring.checkouts(), wiring.providers(), wiring.refunds(), wiring.clock());
        this.clock = wiring.clock();
        this.minAge = wiring.minAge();
        this.grace = wiring.grace();
        this.batch = wiring.batch();
    }

    /** What one pass did: how many payment attempts and how many refunds ended with each outcome. */
    public record Pass(Map<Reconciled.Outcome, Integer> payments, Map<ReconcileRefunds.Reconciled.Outcome, Integer> refunds) {}

    /**
     * One pass; returns how many attempts ended with each outcome. Each checkout is handled on its
     * own: one that fails (a write refused, a provider adapter's defect) is logged at error level
     * with its id, counted as {@code FAILED}, and the run goes on with the others.
     */
    public Map<Reconciled.Outcome, Integer> run() {
        return pass().payments();
    }

    /**
     * One pass over the work list: the pending payment attempts of each checkout, then its refund work
     * ({@link ReconcileRefunds}: submit what is approved, ask about what is submitted, number and notify
     * what succeeded). A checkout with refund work only has no payment outcome.
     */
    public Pass pass() {
        Map<Reconciled.Outcome, Integer> counts = new EnumMap<>(Reconciled.Outcome.class);
        Map<ReconcileRefunds.Reconciled.Outcome, Integer> refundCounts = new EnumMap<>(ReconcileRefunds.Reconciled.Outcome.class);
        List<Checkout> work = pending.withPaymentsPendingSince(clock.instant().minus(minAge), batch);
        for (Checkout checkout : work) {
            reconcilePayments(checkout, counts);
            if (checkout.refundWorkSince().isPresent()) {
                reconcileRefunds(checkout, refundCounts);
            }
        }
        return new Pass(counts, refundCounts);
    }

    private void reconcileRefunds(Checkout checkout, Map<ReconcileRefunds.Reconciled.Outcome, Integer> counts) {
        List<ReconcileRefunds.Reconciled> outcomes;
        try {
            outcomes = refunds.reconcile(checkout);
        } catch (RuntimeException e) {
            Log.error("janitor.refund_failed", e, "checkoutId", checkout.id());
            counts.merge(ReconcileRefunds.Reconciled.Outcome.FAILED, 1, Integer::sum);
            return;
        }
        for (ReconcileRefunds.Reconciled r : outcomes) {
            counts.merge(r.outcome(), 1, Integer::sum);
            switch (r.outcome()) {
                case SUBMITTED, RECORDED, FINISHED -> Log.info("janitor.refund_" + r.outcome().name().toLowerCase(java.util.Locale.ROOT),
                        "checkoutId", checkout.id(), "refundId", r.refundId(), "detail", r.detail());
                case STILL_PENDING -> Log.debug("janitor.refund_still_pending", "refundId", r.refundId());
                case UNKNOWN -> Log.warn("janitor.refund_unknown", "checkoutId", checkout.id(), "refundId", r.refundId(),
                        "detail", r.detail());
                case FAILED -> Log.error("janitor.refund_failed", null, "checkoutId", checkout.id(), "refundId", r.refundId(),
                        "detail", r.detail());
            }
        }
    }

    private void reconcilePayments(Checkout checkout, Map<Reconciled.Outcome, Integer> counts) {
        {
            List<Reconciled> outcomes;
            RuntimeException failure = null;
            try {
                outcomes = reconcile.reconcile(checkout, minAge, grace);
            } catch (RuntimeException e) {
                // the checkout as a whole: which of its attempts was being asked about is not known
                failure = e;
                outcomes = List.of(new Reconciled("-", "-", Reconciled.Outcome.FAILED,
                        "the checkout could not be reconciled; asked again on the next run", null));
            }
            for (Reconciled r : outcomes) {
                counts.merge(r.outcome(), 1, Integer::sum);
                log(checkout, r, failure);
            }
        }
    }

    /** {@code failure}: what made the checkout {@code FAILED}, logged with it; null otherwise. */
    private static void log(Checkout checkout, Reconciled r, Throwable failure) {
        switch (r.outcome()) {
            case RECORDED -> Log.info("janitor.recorded", "checkoutId", checkout.id(), "paymentId", r.paymentId(),
                    "provider", r.provider(), "answer", r.detail(),
                    "becamePaid", String.valueOf(r.becamePaid()));
            case STILL_PENDING -> Log.debug("janitor.still_pending", "paymentId", r.paymentId(), "provider", r.provider());
            case UNKNOWN -> Log.warn("janitor.unknown", "checkoutId", checkout.id(), "paymentId", r.paymentId(),
                    "provider", r.provider(), "detail", r.detail());
            case FAILED -> Log.error("janitor.failed", failure, "checkoutId", checkout.id(), "paymentId", r.paymentId(),
                    "provider", r.provider(), "detail", r.detail());
            case REFUSED -> Log.error("janitor.refused", null, "checkoutId", checkout.id(), "paymentId", r.paymentId(),
                    "provider", r.provider(), "detail", r.detail());
        }
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        input.readAllBytes();
        var pass = pass();
        var counts = pass.payments();
        var body = Json.object();
        for (Reconciled.Outcome o : Reconciled.Outcome.values()) {
            body.put(o.name().toLowerCase(java.util.Locale.ROOT), counts.getOrDefault(o, 0));
        }
        var refundBody = Json.object();
        for (ReconcileRefunds.Reconciled.Outcome o : ReconcileRefunds.Reconciled.Outcome.values()) {
            refundBody.put(o.name().toLowerCase(java.util.Locale.ROOT), pass.refunds().getOrDefault(o, 0));
        }
        body.set("refunds", refundBody);
        output.write(Json.write(body).getBytes(StandardCharsets.UTF_8));
    }
}
