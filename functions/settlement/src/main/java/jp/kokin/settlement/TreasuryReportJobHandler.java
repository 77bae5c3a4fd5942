package jp.kokin.settlement;

import java.time.LocalDate;
import java.util.Optional;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;

import jp.kokin.adapters.log.Log;
import jp.kokin.adapters.log.Metrics;
import jp.kokin.adapters.queue.SqsBatches;
import jp.kokin.domain.catalog.Treasury;
import jp.kokin.domain.settlement.treasury.TreasuryReport;
import jp.kokin.settlement.TreasuryReports.Outcome;

/**
 * {@code TreasuryReportFunction}: the report job. It issues the Art. 6(2) reports too large for a request of
 * the API ({@link TreasuryReport#MAX_ENTRUSTMENTS}), up to {@link TreasuryReport#MAX_GENERATED_ENTRUSTMENTS}
 * entrustments, exactly as a request would (same inputs, same versions, same documents), within the 15
 * minutes of its function. A message names the report ({@link ReportQueue.Request}); the next request of
 * the API then finds the version by its inputs and serves it.
 *
 * <p>Retries: an unexpected error leaves the message to come back after the queue's visibility timeout (to
 * the dead-letter queue after 3 receives); a request of the API asks again after
 * {@link TreasuryReports#GENERATION_TIMEOUT}. A report another issuer is writing ({@code Busy}) withdraws the
 * ask, so that the next request asks again. A message that cannot succeed (malformed, not a treasury
 * organization, a period not settled, too large, a corrupt document) is logged at ERROR, counted
 * ({@value #NOT_GENERATED_METRIC}) and dropped; a corrupt document or too many entrustments are recorded with
 * the report's inputs, and requests of those inputs answer that failure ({@code 500 document_corrupt},
 * {@code 400}) instead of {@code 202} until it is stale.
 */
public final class TreasuryReportJobHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    /** A message dropped because it cannot succeed, or failed to be tried again (alarm {@code TreasuryReportsNotGeneratedAlarm}). */
    static final String NOT_GENERATED_METRIC = "TreasuryReportsNotGenerated";
    /** A failure's kinds, as recorded for the API: a document failed its integrity check ({@code :<key>}), too large. */
    static final String DOCUMENT_CORRUPT = "document_corrupt";
    static final String TOO_LARGE = "too_large";
    /** A recorded failure is at most this long (the GENERATE item stays under 1 KB). */
    private static final int MAX_FAILURE = 500;
    private final SettlementApiWiring wiring;
    private final TreasuryReports reports;

    /** Lambda. */
    public TreasuryReportJobHandler() {
        this(SettlementApiWiring.fromEnv(System.getenv(), "TreasuryReportFunction"));
    }

    public TreasuryReportJobHandler(SettlementApiWiring wiring) {
        this.wiring = wiring;
        SettlementViews views = new SettlementViews(wiring.catalog(), wiring.runs(), wiring.documents(), wiring.limits(),
                wiring.releases());
        this.reports = new TreasuryReports(wiring.catalog(), wiring.payIns(), wiring.runs(), wiring.documents(), wiring.reports(),
                views, wiring.clock());
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return SqsBatches.process(event, this::process);
    }

    /** False: try the message again later. */
    private boolean process(SQSEvent.SQSMessage message) {
        ReportQueue.Request r;
        try {
            r = ReportQueue.Request.fromJson(message.getBody());
        } catch (IllegalArgumentException e) {
            Log.error("treasury.report_bad_message", e, "messageId", message.getMessageId());
            Metrics.count(NOT_GENERATED_METRIC, 1, wiring.clock().instant());
            return true;
        }
        try {
            Optional<Treasury> treasury = wiring.catalog().get().treasuryOf(r.organizationCode());
            if (treasury.isEmpty()) {
                return dropped(r, null, "not a treasury organization");
            }
            Optional<LocalDate> settled = wiring.runs().latestSettledDate();
            if (settled.isEmpty() || r.to().isAfter(settled.get())) {
                return dropped(r, null, "the period is not settled");
            }
            long started = System.nanoTime();
            TreasuryReports.Inputs inputs = reports.inputs(r.organizationCode(), treasury.get(), r.from(), r.to());
            Outcome outcome = reports.current(inputs, r.from(), r.to(), TreasuryReport.MAX_GENERATED_ENTRUSTMENTS);
            return switch (outcome) {
                case Outcome.Served s -> {
                    Log.info("treasury.report_generated", "organizationCode", r.organizationCode(), "from", r.from(), "to", r.to(),
                            "version", s.version().label(), "count", s.version().count(),
                            "millis", (System.nanoTime() - started) / 1_000_000);
                    yield true;
                }
                case Outcome.Busy b -> {
                    // another issuer holds a claim of other content: once it is issued the inputs differ, and the
                    // next request asks again (withdrawn: at once, not 16 minutes later)
                    Log.warn("treasury.report_busy", "organizationCode", r.organizationCode(), "from", r.from(), "to", r.to(),
                            "detail", b.detail());
                    wiring.reports().withdrawGeneration(r.organizationCode(), r.from(), r.to(), inputs.sha256());
                    yield true;
                }
                case Outcome.Deferred d -> dropped(r, inputs, TOO_LARGE + ":more than " + d.limit() + " entrustments");
                case Outcome.TooLarge t -> dropped(r, inputs, TOO_LARGE + ":" + t.detail());
                case Outcome.Corrupt c -> dropped(r, inputs, DOCUMENT_CORRUPT + ":" + c.key());
                case Outcome.Failed f -> dropped(r, null, f.failure()); // recorded a moment ago by another run of the job
                case Outcome.NoSuchVersion n -> dropped(r, inputs, "failed:" + n.detail());
            };
        } catch (RuntimeException e) {
            // caught, so not a Lambda error: counted, so that the alarm does not wait for the dead-letter queue
            Log.error("treasury.report_failed", e, "organizationCode", r.organizationCode(), "from", r.from(), "to", r.to());
            Metrics.count(NOT_GENERATED_METRIC, 1, wiring.clock().instant());
            return false;
        }
    }

    /**
     * Drops a message that cannot succeed: logged, counted, and, with its inputs, recorded as the failure
     * requests of those inputs answer until it is stale (instead of 202).
     */
    private boolean dropped(ReportQueue.Request r, TreasuryReports.Inputs inputs, String failure) {
        Log.error("treasury.report_not_generated", null, "organizationCode", r.organizationCode(), "from", r.from(), "to", r.to(),
                "reason", failure);
        Metrics.count(NOT_GENERATED_METRIC, 1, wiring.clock().instant());
        if (inputs != null) {
            String bounded = failure.length() > MAX_FAILURE ? failure.substring(0, MAX_FAILURE) : failure;
            wiring.reports().generationFailed(r.organizationCode(), r.from(), r.to(), inputs.sha256(), bounded,
                    wiring.clock().instant());
        }
        return true;
    }
}
