package jp.kokin.settlement;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jp.kokin.adapters.http.Authentication;
import jp.kokin.adapters.http.HttpRequest;
import jp.kokin.adapters.http.HttpResponses;
import jp.kokin.adapters.http.ProblemCode;
import jp.kokin.adapters.json.Json;
import jp.kokin.adapters.log.Log;
import jp.kokin.domain.catalog.ApiKey;
import jp.kokin.domain.catalog.Catalog;
import jp.kokin.domain.catalog.Role;
import jp.kokin.domain.format.FormatException;
import jp.kokin.domain.format.OrganizationCode;
import jp.kokin.domain.settlement.CreditorStatement;
import jp.kokin.domain.settlement.StatementCsv;
import jp.kokin.domain.settlement.StatementHtml;

/**
 * {@code SettlementApiFunction} (operators only): a day's statements as JSON, each creditor's
 * statement (計算書) as CSV or printable HTML, and the day's Zengin transfer file once settled.
 */
public final class SettlementApiHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private static final Pattern DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");
    /** The longest organization code (a national one): a longer creditor is not parsed at all. */
    private static final int MAX_CREDITOR_CODE = 16;

    private final Supplier<Catalog> catalog;
    private final Settlements settlements;

    /** Lambda. */
    public SettlementApiHandler() {
        this(SettlementApiWiring.fromEnv(System.getenv()));
    }

    public SettlementApiHandler(SettlementApiWiring wiring) {
        this.catalog = wiring.catalog();
        this.settlements = new Settlements(wiring.catalog(), wiring.store(), wiring.clock());
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
            return switch (request.routeKey()) {
                case "GET /v1/settlements" -> date(request.query("date").orElse(null))
                        .map(d -> statements(settlements.read(d), key.get()))
                        .orElseGet(SettlementApiHandler::badDate);
                case "GET /v1/settlements/{date}/transfer-file" -> date(request.pathParameter("date"))
                        .map(d -> transferFile(d, key.get())).orElseGet(SettlementApiHandler::noSuchDate);
                case "GET /v1/settlements/{date}/statements/{document}" -> date(request.pathParameter("date"))
                        .map(d -> document(d, request.pathParameter("document"), key.get()))
                        .orElseGet(SettlementApiHandler::noSuchDate);
                default -> HttpResponses.problem(ProblemCode.NOT_FOUND, "no route " + request.routeKey());
            };
        } catch (RuntimeException e) {
            Log.error("settlement.unexpected_error", e, "route", request.routeKey(), "requestId", request.requestId());
            return HttpResponses.problem(ProblemCode.INTERNAL_ERROR, "an unexpected error occurred; request id " + request.requestId());
        }
    }

    /** A business date written {@code YYYY-MM-DD} and nothing else, parsed before any lookup. */
    private static Optional<LocalDate> date(String text) {
        if (text == null || !DATE.matcher(text).matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(text));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static APIGatewayV2HTTPResponse badDate() {
        return HttpResponses.problem(ProblemCode.INVALID_REQUEST, "give the business date as YYYY-MM-DD");
    }

    /** A path that names no day: {@code 404}, like any path that names nothing. */
    private static APIGatewayV2HTTPResponse noSuchDate() {
        return HttpResponses.problem(ProblemCode.NOT_FOUND, "settlement paths name a business date as YYYY-MM-DD");
    }

    private APIGatewayV2HTTPResponse statements(Settlements.Day day, ApiKey key) {
        ObjectNode body = SettlementJson.write(day.settlement());
        body.put("status", day.settled() ? "settled" : "provisional");
        if (day.settled()) {
            body.put("settledAt", day.settledAt().toString());
        } else {
            body.putNull("settledAt");
        }
        var visible = Json.array();
        body.get("statements").forEach(s -> {
            if (key.canAccess(s.get("creditorCode").asText())) {
                visible.add(s);
            }
        });
        body.set("statements", visible);
        return HttpResponses.json(200, body);
    }

    /**
     * The day's transfer file holds every creditor's account: only for keys scoped to every
     * organization ({@code *}). A scoped operator gets {@code 403} (it does get its own creditors'
     * statements).
     */
    private APIGatewayV2HTTPResponse transferFile(LocalDate date, ApiKey key) {
        if (!key.coversAllOrganizations()) {
            return HttpResponses.problem(ProblemCode.FORBIDDEN,
                    "the transfer file holds every creditor's account: it is for operator keys scoped to all organizations (*)");
        }
        Settlements.Day day = settlements.read(date);
        if (!day.settled()) {
            return HttpResponses.problem(ProblemCode.SETTLEMENT_NOT_FOUND,
                    "the settlement of " + date + " has not run yet; transfer files exist only for settled days");
        }
        if (day.transferFile().length == 0) {
            return HttpResponses.problem(ProblemCode.SETTLEMENT_NOT_FOUND, "nothing was paid on " + date + ": there is no transfer file");
        }
        return HttpResponses.bytes(200, "text/plain; charset=Shift_JIS", day.transferFile(),
                Map.of("content-disposition", "attachment; filename=\"zengin-" + date + ".txt\""));
    }

    private APIGatewayV2HTTPResponse document(LocalDate date, String document, ApiKey key) {
        if (document == null || !(document.endsWith(".csv") || document.endsWith(".html"))) {
            return HttpResponses.problem(ProblemCode.NOT_FOUND, "statements are {creditorCode}.csv or {creditorCode}.html");
        }
        String creditor = document.substring(0, document.lastIndexOf('.'));
        if (!isOrganizationCode(creditor)) {
            return HttpResponses.problem(ProblemCode.NOT_FOUND, "statements are {creditorCode}.csv or {creditorCode}.html");
        }
        Optional<CreditorStatement> statement = settlements.read(date).settlement().statements().stream()
                .filter(s -> s.creditorCode().equals(creditor) && key.canAccess(creditor)).findFirst();
        if (statement.isEmpty()) {
            return HttpResponses.problem(ProblemCode.NOT_FOUND, "no statement for " + creditor + " on " + date);
        }
        if (document.endsWith(".csv")) {
            return HttpResponses.bytes(200, "text/csv; charset=utf-8", StatementCsv.render(date, statement.get()),
                    Map.of("content-disposition", "attachment; filename=\"statement-" + creditor + "-" + date + ".csv\""));
        }
        return HttpResponses.html(200, StatementHtml.render(date, statement.get()));
    }

    /** A creditor code written as we write it (checked before the day is read). */
    private static boolean isOrganizationCode(String text) {
        if (text.isEmpty() || text.length() > MAX_CREDITOR_CODE) {
            return false;
        }
        try {
            return OrganizationCode.parse(text).value().equals(text);
        } catch (FormatException e) {
            return false;
        }
    }
}
