package jp.kokin.settlement;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;

import jp.kokin.adapters.log.Log;
import jp.kokin.adapters.log.Metrics;
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
 * <p>Retries: a report another issuer is writing ({@code Busy}) or an unexpected error leaves the message to
 * come back after the queue's visibility timeout (to the dead-letter queue after 3 receives). A message that
 * cannot succeed (malformed, not a treasury organization, a period not settled, too large, a corrupt
 * document) is logged at ERROR, counted ({@value #NOT_GENERATED_METRIC}) and dropped; a request of the API asks again after
 * {@link TreasuryReports#GENERATION_TIMEOUT}.
 */
public final class TreasuryReportJobHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    /** A message dropped because it cannot succeed (alarm {@code TreasuryReportsNotGeneratedAlarm}). */
    static final String NOT_GENERATED_METRIC = "TreasuryReportsNotGenerated";
    private final SettlementApiWiring wiring;
    private final TreasuryReports reports;

    /** Lambda. */
    public TreasuryReportJobHandler() {
        this(SettlementApiWiring.fromEnv(System.getenv()));
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
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        for (SQSEvent.SQSMessage message : event.getRecords()) {
            if (!process(message)) {
                failures.add(SQSBatchResponse.BatchItemFailure.builder().withItemIdentifier(message.getMessageId()).build());
            }
        }
        return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
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
                return dropped(r, "not a treasury organization");
            }
            Optional<LocalDate> settled = wiring.runs().latestSettledDate();
            if (settled.isEmpty() || r.to().isAfter(settled.get())) {
                return dropped(r, "the period is not settled");
            }
            long started = System.nanoTime();
            Outcome outcome = reports.current(r.organizationCode(), treasury.get(), r.from(), r.to(),
                    TreasuryReport.MAX_GENERATED_ENTRUSTMENTS);
            return switch (outcome) {
                case Outcome.Served s -> {
                    Log.info("treasury.report_generated", "organizationCode", r.organizationCode(), "from", r.from(), "to", r.to(),
                            "version", s.version().label(), "count", s.version().count(),
                            "millis", (System.nanoTime() - started) / 1_000_000);
                    yield true;
                }
                case Outcome.Busy b -> {
                    Log.warn("treasury.report_busy", "organizationCode", r.organizationCode(), "from", r.from(), "to", r.to(),
                            "detail", b.detail());
                    yield false;
                }
                case Outcome.Deferred d -> dropped(r, "more than " + d.limit() + " entrustments");
                case Outcome.TooLarge t -> dropped(r, t.detail());
                case Outcome.Corrupt c -> dropped(r, "document " + c.key() + " failed its integrity check");
                case Outcome.NoSuchVersion n -> dropped(r, n.detail());
            };
        } catch (RuntimeException e) {
            Log.error("treasury.report_failed", e, "organizationCode", r.organizationCode(), "from", r.from(), "to", r.to());
            return false;
        }
    }

    private boolean dropped(ReportQueue.Request r, String why) {
        Log.error("treasury.report_not_generated", null, "organizationCode", r.organizationCode(), "from", r.from(), "to", r.to(),
                "reason", why);
        Metrics.count(NOT_GENERATED_METRIC, 1, wiring.clock().instant());
        return true;
    }
}
