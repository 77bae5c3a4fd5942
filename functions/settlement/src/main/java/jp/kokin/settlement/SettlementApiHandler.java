package jp.kokin.settlement;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jp.kokin.adapters.http.Authentication;
import jp.kokin.adapters.http.HttpRequest;
import jp.kokin.adapters.http.HttpResponses;
import jp.kokin.adapters.http.ProblemCode;
import jp.kokin.adapters.log.Log;
import jp.kokin.domain.catalog.ApiKey;
import jp.kokin.domain.catalog.Catalog;
import jp.kokin.domain.catalog.Role;
import jp.kokin.domain.console.ReleaseRun;
import jp.kokin.domain.console.RunRelease;
import jp.kokin.domain.console.RunReleases;
import jp.kokin.domain.refund.Principals;
import jp.kokin.domain.settlement.SettlementRunId;
import jp.kokin.domain.settlement.treasury.PayIn;
import jp.kokin.domain.settlement.treasury.PayInStore;
import jp.kokin.settlement.SettlementViews.DateOutcome;
import jp.kokin.settlement.SettlementViews.FileOutcome;
import jp.kokin.settlement.SettlementViews.RunOutcome;

/**
 * {@code SettlementApiFunction} (operators only): settlement runs with their statements, each run's
 * Zengin transfer file and each creditor's statement (計算書) as CSV or printable HTML, and a date's
 * statements over its runs (or provisional before any run). Documents are served inline up to
 * {@link SettlementViews#MAX_INLINE_BYTES}, above it by a {@code 303} to a presigned URL.
 */
public final class SettlementApiHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private static final Pattern DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");

    private final Supplier<Catalog> catalog;
    private final SettlementViews views;
    private final TreasuryApi treasury;
    private final TreasuryReportsApi reports;
    private final PayInStore payIns;
    private final RunReleases releases;
    private final Clock clock;

    /** Lambda. */
    public SettlementApiHandler() {
        this(SettlementApiWiring.fromEnv(System.getenv()));
    }

    public SettlementApiHandler(SettlementApiWiring wiring) {
        this.catalog = wiring.catalog();
        this.views = new SettlementViews(wiring.catalog(), wiring.runs(), wiring.documents(), wiring.limits(), wiring.releases());
        this.releases = wiring.releases();
        this.clock = wiring.clock();
        this.payIns = wiring.payIns();
        this.treasury = new TreasuryApi(wiring, views);
        this.reports = new TreasuryReportsApi(wiring, views);
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        HttpRequest request = new HttpRequest(event);
        try {
            Optional<ApiKey> key = Authentication.apiKey(request, catalog.get());
            if (key.isEmpty()) {
                return Authentication.unauthorized();
            }
            if (key.get().role() != Role.OPERATOR) {
                return HttpResponses.problem(ProblemCode.FORBIDDEN, "settlements are for operator keys");
            }
            ApiKey k = key.get();
            return switch (request.routeKey()) {
                case "GET /v1/settlement-runs" -> date(request.query("businessDate").orElse(null))
                        .map(d -> HttpResponses.json(200, SettlementViewJson.runs(views.runsOn(d, k))))
                        .orElseGet(() -> badDate("businessDate"));
                case "GET /v1/settlement-runs/{id}" -> run(views.run(request.pathParameter("id"), k), k);
                case "POST /v1/settlement-runs/{id}/prepare" -> prepare(request.pathParameter("id"), k);
                case "POST /v1/settlement-runs/{id}/approve" -> approve(request.pathParameter("id"), k);
                case "GET /v1/settlement-runs/{id}/transfer-file" -> file(views.transferFile(request.pathParameter("id"), k), request);
                case "GET /v1/settlement-runs/{id}/statements/{document}" ->
                        file(views.statement(request.pathParameter("id"), request.pathParameter("document"), k), request);
                case "GET /v1/settlement-runs/{id}/repayment-requests/{document}" ->
                        file(views.repaymentRequest(request.pathParameter("id"), request.pathParameter("document"), k), request);
                case "GET /v1/settlement-runs/{id}/refund-transfer-file" ->
                        file(views.refundTransferFile(request.pathParameter("id"), k), request);
                case "GET /v1/settlements" -> date(request.query("date").orElse(null))
                        .map(d -> date(views.date(d, k))).orElseGet(() -> badDate("date"));
                case "GET /v1/settlements/{date}/transfer-file" -> date(request.pathParameter("date"))
                        .map(d -> file(views.transferFileOn(d, k), request)).orElseGet(SettlementApiHandler::noSuchDate);
                case "GET /v1/settlements/{date}/statements/{document}" -> date(request.pathParameter("date"))
                        .map(d -> file(views.statementOn(d, request.pathParameter("document"), k), request))
                        .orElseGet(SettlementApiHandler::noSuchDate);
                case "GET /v1/treasury/reports", "GET /v1/treasury/reports/{document}" -> reports.handle(request, k);
                case "GET /v1/treasury/payins", "GET /v1/treasury/payins/{id}", "GET /v1/treasury/payins/{id}/{document}",
                     "POST /v1/treasury/payins/{id}/paid", "POST /v1/treasury/payins/{id}/confirmed",
                     "GET /v1/treasury/outstanding" -> treasury.handle(request, k);
                default -> HttpResponses.problem(ProblemCode.NOT_FOUND, "no route " + request.routeKey());
            };
        } catch (RuntimeException e) {
            Log.error("settlement.unexpected_error", e, "route", request.routeKey(), "requestId", request.requestId());
            return HttpResponses.problem(ProblemCode.INTERNAL_ERROR, "an unexpected error occurred; request id " + request.requestId());
        }
    }

    /** A date written {@code YYYY-MM-DD} and nothing else, parsed before any lookup (every settlement and treasury route). */
    static Optional<LocalDate> date(String text) {
        if (text == null || !DATE.matcher(text).matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(text));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static APIGatewayV2HTTPResponse badDate(String parameter) {
        return HttpResponses.problem(ProblemCode.INVALID_REQUEST, "give the business date as " + parameter + "=YYYY-MM-DD");
    }

    /** A path that names no day: {@code 404}, like any path that names nothing. */
    private static APIGatewayV2HTTPResponse noSuchDate() {
        return HttpResponses.problem(ProblemCode.NOT_FOUND, "settlement paths name a business date as YYYY-MM-DD");
    }

    /** A run as {@link SettlementViewJson#run} gives it, with {@code payins}: the national pay-ins it made that the key may see. */
    private APIGatewayV2HTTPResponse run(RunOutcome outcome, ApiKey key) {
        return switch (outcome) {
            case RunOutcome.Found f -> {
                ObjectNode body = SettlementViewJson.run(f.summary(), f.statements(), f.paymentsIncluded(), f.repayments(),
                        f.refundTransfers());
                ArrayNode payins = body.putArray("payins");
                String runId = f.summary().run().id().toString();
                putRelease(body, runId);
                for (PayIn p : payIns.byBusinessDate(f.summary().run().businessDate())) {
                    if (p.runId().equals(runId) && key.canAccess(p.organizationCode())) {
                        payins.add(TreasuryApi.summary(p).put("href", "/v1/treasury/payins/" + p.id()));
                    }
                }
                yield HttpResponses.json(200, body);
            }
            case RunOutcome.NotFound n -> HttpResponses.problem(ProblemCode.NOT_FOUND, n.detail());
            case RunOutcome.Corrupt c -> corrupt(c.key());
        };
    }

    /**
     * Prepares the two-person release of a complete run's transfer files ({@code *} keys only): {@code 200} with
     * the run and its {@code release}, also when the run was prepared before (by anyone: nothing changes).
     */
    private APIGatewayV2HTTPResponse prepare(String id, ApiKey key) {
        return release(id, key, runId -> {
            if (new ReleaseRun(releases).prepare(runId, Principals.of(key), null, clock.instant())
                    instanceof ReleaseRun.Prepared.Done d) {
                Log.info("settlement.run_prepared", "runId", runId, "preparedBy", d.release().preparedBy());
            }
            return run(views.run(runId, key), key);
        });
    }

    /** A release step ({@code step}, given the run's id) of a complete run, for {@code *} keys only; else 403 or 404. */
    private APIGatewayV2HTTPResponse release(String id, ApiKey key, Function<String, APIGatewayV2HTTPResponse> step) {
        if (!key.coversAllOrganizations()) {
            return HttpResponses.problem(ProblemCode.FORBIDDEN, RELEASE_KEYS);
        }
        return views.completeRun(id).map(run -> step.apply(run.id().toString())).orElseGet(() ->
                HttpResponses.problem(ProblemCode.NOT_FOUND, "no settlement run " + SettlementViews.printable(id)));
    }

    /**
     * Approves a prepared release ({@code *} keys only; never the key that prepared it: {@code 403 same_principal}):
     * {@code 200} with the run and its {@code release}, also when it was approved before.
     */
    private APIGatewayV2HTTPResponse approve(String id, ApiKey key) {
        return release(id, key, runId -> approved(runId, key));
    }

    private APIGatewayV2HTTPResponse approved(String runId, ApiKey key) {
        return switch (new ReleaseRun(releases).approve(runId, Principals.of(key), null, clock.instant())) {
            case ReleaseRun.Approved.Done d -> {
                Log.info("settlement.run_approved", "runId", runId, "preparedBy", d.release().preparedBy(),
                        "approvedBy", d.release().approvedBy());
                yield run(views.run(runId, key), key);
            }
            case ReleaseRun.Approved.Already a -> run(views.run(runId, key), key);
            case ReleaseRun.Approved.NotPrepared n -> HttpResponses.problem(ProblemCode.RUN_NOT_PREPARED,
                    "settlement run " + runId + " is not prepared: POST /v1/settlement-runs/" + runId + "/prepare first (another key approves)");
            case ReleaseRun.Approved.SamePrincipal s -> HttpResponses.problem(ProblemCode.SAME_PRINCIPAL,
                    "the key that prepared settlement run " + runId + " may not approve it: another operator key approves (four eyes)");
            case ReleaseRun.Approved.Changed c -> HttpResponses.problem(ProblemCode.CONFLICT,
                    "the release of settlement run " + runId + " changed meanwhile; try again");
        };
    }

    private static final String RELEASE_KEYS =
            "runs are released by operator keys scoped to all organizations (*): the transfer files pay every creditor";

    /** A run's {@code release}: {@code null} until prepared, then {@code {preparedBy, preparedAt, approvedBy, approvedAt}}. */
    private void putRelease(ObjectNode body, String runId) {
        Optional<RunRelease> release = releases.find(runId);
        if (release.isEmpty()) {
            body.putNull("release");
            return;
        }
        RunRelease r = release.get();
        ObjectNode node = body.putObject("release");
        node.put("preparedBy", r.preparedBy());
        node.put("preparedAt", r.preparedAt().toString());
        node.put("approvedBy", r.approvedBy());
        node.put("approvedAt", r.approvedAt() == null ? null : r.approvedAt().toString());
    }

    private static APIGatewayV2HTTPResponse date(DateOutcome outcome) {
        return switch (outcome) {
            case DateOutcome.Found f -> HttpResponses.json(200, SettlementViewJson.date(f.view()));
            case DateOutcome.Corrupt c -> corrupt(c.key());
        };
    }

    static APIGatewayV2HTTPResponse file(FileOutcome outcome, HttpRequest request) {
        return switch (outcome) {
            case FileOutcome.Inline i when i.contentType().startsWith("text/html") ->
                    HttpResponses.html(200, new String(i.bytes(), StandardCharsets.UTF_8));
            case FileOutcome.Inline i -> HttpResponses.bytes(200, i.contentType(), i.bytes(), i.filename() == null ? Map.of()
                    : Map.of("content-disposition", "attachment; filename=\"" + i.filename() + "\""));
            case FileOutcome.Redirect r -> {
                // the presigned fetch is signed by this function's role: this line ties it to the request
                Log.info("settlement.document_presigned", "key", r.key(), "bytes", r.bytes(),
                        "validForSeconds", SettlementViews.LINK_VALIDITY.toSeconds(), "requestId", request.requestId());
                yield HttpResponses.redirect(r.location().toString());
            }
            case FileOutcome.NotFound n -> HttpResponses.problem(ProblemCode.NOT_FOUND, n.detail());
            case FileOutcome.NotSettled n -> HttpResponses.problem(ProblemCode.SETTLEMENT_NOT_FOUND, n.detail());
            case FileOutcome.Forbidden f -> HttpResponses.problem(ProblemCode.FORBIDDEN, f.detail());
            case FileOutcome.NotReleased n -> HttpResponses.problem(ProblemCode.RUN_NOT_RELEASED, n.detail());
            case FileOutcome.SeveralRuns s -> severalRuns(s.date(), s.runs());
            case FileOutcome.Corrupt c -> corrupt(c.key());
        };
    }

    private static APIGatewayV2HTTPResponse severalRuns(LocalDate date, List<SettlementRunId> runs) {
        return HttpResponses.problem(ProblemCode.SEVERAL_SETTLEMENT_RUNS, date + " was settled in " + runs.size()
                + " runs; fetch the document of each run: " + runs.stream().map(SettlementViewJson::runPath)
                .collect(Collectors.joining(", ")) + " (GET /v1/settlement-runs?businessDate=" + date + " lists them)");
    }

    static APIGatewayV2HTTPResponse corrupt(String key) {
        return HttpResponses.problem(ProblemCode.DOCUMENT_CORRUPT, "a stored settlement document failed its integrity check ("
                + key + "); operators have been alerted");
    }
}
