package jp.kokin.settlement;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jp.kokin.adapters.http.HttpRequest;
import jp.kokin.adapters.http.HttpResponses;
import jp.kokin.adapters.http.ProblemCode;
import jp.kokin.adapters.json.Json;
import jp.kokin.adapters.log.Log;
import jp.kokin.domain.catalog.ApiKey;
import jp.kokin.domain.catalog.Treasury;
import jp.kokin.domain.settlement.StoredObject;
import jp.kokin.domain.settlement.treasury.TreasuryReport;
import jp.kokin.domain.settlement.treasury.TreasuryReportStore;
import jp.kokin.domain.settlement.treasury.TreasuryReportVersion;
import jp.kokin.settlement.TreasuryReports.Outcome;

/**
 * The Art. 6(2) report routes of {@code SettlementApiFunction} (operators; a key scoped to creditors
 * only for its own): {@code GET /v1/treasury/reports?ministry=<organization code>&from=&to=} (JSON;
 * {@code &format=csv|html|json} or {@code Accept: text/csv} for the other forms) and
 * {@code GET /v1/treasury/reports/report.html|report.csv|report.json} with the same query;
 * {@code &version=N} serves a stored version without computing anything. The period must be settled:
 * {@code to} on or before the latest business date with a complete run ({@code STLLATEST}). Every
 * parameter is checked before the report is computed, and a refused request stores nothing.
 */
final class TreasuryReportsApi {
    private static final Pattern VERSION = Pattern.compile("[0-9]{1,3}");
    /** What a report being generated tells the caller to wait: 400,000 entrustments took 11.5-16.3 s from files; S3 adds its transfers. */
    static final int RETRY_AFTER_SECONDS = 60;
    /** An organization code is at most 16 characters; a longer {@code ministry} is not looked up. */
    private static final int MAX_MINISTRY = 16;

    private enum Form {
        JSON("json"), CSV("csv"), HTML("html");

        final String extension;

        Form(String extension) {
            this.extension = extension;
        }
    }

    private final SettlementApiWiring wiring;
    private final TreasuryReports reports;
    private final SettlementViews views;

    TreasuryReportsApi(SettlementApiWiring wiring, SettlementViews views) {
        this.wiring = wiring;
        this.views = views;
        this.reports = new TreasuryReports(wiring.catalog(), wiring.payIns(), wiring.runs(), wiring.documents(), wiring.reports(),
                views, wiring.clock());
    }

    APIGatewayV2HTTPResponse handle(HttpRequest request, ApiKey key) {
        Optional<Form> form = form(request);
        if (form.isEmpty()) {
            return request.routeKey().endsWith("{document}")
                    ? HttpResponses.problem(ProblemCode.NOT_FOUND, "report documents are report.json, report.csv or report.html")
                    : HttpResponses.problem(ProblemCode.INVALID_REQUEST, "format is json, csv or html");
        }
        String ministry = request.query("ministry").orElse("");
        if (ministry.isBlank()) {
            return bad("give the ministry's organization code as ministry=<code> (e.g. ministry=MOFA)");
        }
        Optional<LocalDate> from = SettlementApiHandler.date(request.query("from").orElse(null));
        Optional<LocalDate> to = SettlementApiHandler.date(request.query("to").orElse(null));
        if (from.isEmpty() || to.isEmpty()) {
            return bad("give the period as from=YYYY-MM-DD&to=YYYY-MM-DD (entrustment dates, both included)");
        }
        if (to.get().isBefore(from.get())) {
            return bad("the period ends before it starts: from " + from.get() + " is after to " + to.get());
        }
        long days = ChronoUnit.DAYS.between(from.get(), to.get()) + 1;
        if (days > TreasuryReport.MAX_PERIOD_DAYS) {
            return bad("a report covers at most " + TreasuryReport.MAX_PERIOD_DAYS + " days; " + from.get() + " to " + to.get()
                    + " is " + days);
        }
        Integer version = null;
        Optional<String> v = request.query("version");
        if (v.isPresent()) {
            String text = v.get().toLowerCase(Locale.ROOT).replaceFirst("^v", "");
            if (!VERSION.matcher(text).matches() || Integer.parseInt(text) < 1) {
                return bad("version is a stored version's number, 1 to " + TreasuryReportVersion.MAX_VERSION);
            }
            version = Integer.parseInt(text);
        }
        Optional<Treasury> treasury = ministry.length() > MAX_MINISTRY || !key.canAccess(ministry) ? Optional.empty()
                : wiring.catalog().get().treasuryOf(ministry);
        if (treasury.isEmpty()) {
            return HttpResponses.problem(ProblemCode.NOT_FOUND, "no treasury organization " + SettlementViews.printable(ministry)
                    + " (ministry is the organization code of an organization with a treasury block)");
        }
        Optional<LocalDate> settled = wiring.runs().latestSettledDate();
        if (settled.isEmpty() || to.get().isAfter(settled.get())) {
            return bad("the period is not settled yet: to (" + to.get() + ") must be on or before the latest business date "
                    + "settled by a complete run (" + settled.map(LocalDate::toString).orElse("none yet")
                    + "); the report covers settled days only");
        }
        Outcome outcome = version == null
                ? reports.current(ministry, treasury.get(), from.get(), to.get(), TreasuryReport.MAX_ENTRUSTMENTS)
                : reports.stored(ministry, from.get(), to.get(), version);
        return switch (outcome) {
            case Outcome.Served s -> SettlementApiHandler.file(views.serve(object(s.version(), form.get()),
                    filename(s.version(), form.get())), request);
            case Outcome.Busy b -> HttpResponses.problem(ProblemCode.CONTENTION, b.detail());
            case Outcome.Deferred d -> generate(new ReportQueue.Request(ministry, from.get(), to.get()), d);
            case Outcome.TooLarge t -> bad(t.detail());
            case Outcome.Failed f -> failed(f.failure());
            case Outcome.NoSuchVersion n -> HttpResponses.problem(ProblemCode.NOT_FOUND, n.detail());
            case Outcome.Corrupt c -> SettlementApiHandler.corrupt(c.key());
        };
    }

    /** The form asked for: the document's name, else {@code format}, else {@code Accept: text/csv}, else JSON. */
    private static Optional<Form> form(HttpRequest request) {
        if (request.routeKey().endsWith("{document}")) {
            return switch (String.valueOf(request.pathParameter("document"))) {
                case "report.json" -> Optional.of(Form.JSON);
                case "report.csv" -> Optional.of(Form.CSV);
                case "report.html" -> Optional.of(Form.HTML);
                default -> Optional.empty();
            };
        }
        Optional<String> format = request.query("format");
        if (format.isPresent()) {
            return switch (format.get().toLowerCase(Locale.ROOT)) {
                case "json" -> Optional.of(Form.JSON);
                case "csv" -> Optional.of(Form.CSV);
                case "html" -> Optional.of(Form.HTML);
                default -> Optional.empty();
            };
        }
        String accept = request.header("accept").orElse("").toLowerCase(Locale.ROOT);
        return Optional.of(accept.contains("text/csv") ? Form.CSV : Form.JSON);
    }

    private static StoredObject object(TreasuryReportVersion v, Form form) {
        return switch (form) {
            case JSON -> v.json();
            case CSV -> v.csv();
            case HTML -> v.html();
        };
    }

    /** The attachment name of a CSV ({@code treasury-report-MOFA-2026-11-01_2026-11-30-v001.csv}); JSON and HTML are shown. */
    private static String filename(TreasuryReportVersion v, Form form) {
        return form == Form.CSV ? "treasury-report-" + v.organizationCode() + "-" + v.from() + "_" + v.to() + "-" + v.label() + ".csv"
                : null;
    }


    /**
     * A report too large for a request: the report job is asked for it (once per inputs while it works:
     * {@link TreasuryReportStore#requestGeneration}) and the caller gets {@code 202} with {@code Retry-After};
     * asking again serves it once issued.
     */
    private APIGatewayV2HTTPResponse generate(ReportQueue.Request request, Outcome.Deferred d) {
        Instant now = wiring.clock().instant();
        TreasuryReportStore store = wiring.reports();
        if (store.requestGeneration(request.organizationCode(), request.from(), request.to(), d.inputsSha256(), now,
                now.minus(TreasuryReports.GENERATION_TIMEOUT))) {
            try {
                wiring.reportQueue().generate(request);
            } catch (RuntimeException e) {
                try {
                    store.withdrawGeneration(request.organizationCode(), request.from(), request.to(), d.inputsSha256());
                } catch (RuntimeException withdraw) {
                    e.addSuppressed(withdraw); // the ask then stands until it is stale: 202 for up to 16 minutes
                }
                throw e;
            }
            Log.info("treasury.report_generation_requested", "organizationCode", request.organizationCode(),
                    "from", request.from(), "to", request.to(), "upperBound", d.upperBound());
        }
        ObjectNode body = Json.object().put("status", "generating").put("organizationCode", request.organizationCode())
                .put("from", request.from().toString()).put("to", request.to().toString())
                .put("detail", "the period holds more entrustments than a request computes (" + d.limit()
                        + "): the report job is issuing the report; ask again in " + RETRY_AFTER_SECONDS + " seconds");
        return HttpResponses.json(202, body, Map.of("retry-after", Integer.toString(RETRY_AFTER_SECONDS)));
    }

    /**
     * What the report job found a moment ago for these inputs (asked again once it is stale): a corrupt
     * document is {@code 500 document_corrupt} as for a smaller report, too many entrustments {@code 400}.
     */
    private static APIGatewayV2HTTPResponse failed(String failure) {
        int colon = failure.indexOf(':');
        String kind = colon < 0 ? failure : failure.substring(0, colon);
        String detail = colon < 0 ? "" : failure.substring(colon + 1);
        return switch (kind) {
            case TreasuryReportJobHandler.DOCUMENT_CORRUPT -> SettlementApiHandler.corrupt(detail);
            case TreasuryReportJobHandler.TOO_LARGE -> bad(detail);
            default -> HttpResponses.problem(ProblemCode.INTERNAL_ERROR, "the report job could not generate this report: " + detail);
        };
    }

    private static APIGatewayV2HTTPResponse bad(String detail) {
        return HttpResponses.problem(ProblemCode.INVALID_REQUEST, detail);
    }

}
