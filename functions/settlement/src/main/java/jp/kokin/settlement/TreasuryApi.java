package jp.kokin.settlement;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jp.kokin.adapters.http.HttpRequest;
import jp.kokin.adapters.http.HttpResponses;
import jp.kokin.adapters.http.ProblemCode;
import jp.kokin.adapters.json.Json;
import jp.kokin.adapters.log.Log;
import jp.kokin.domain.catalog.ApiKey;
import jp.kokin.domain.checkout.FieldError;
import jp.kokin.domain.format.JapaneseDates;
import jp.kokin.domain.refund.Principals;
import jp.kokin.domain.settlement.StoredObject;
import jp.kokin.domain.settlement.treasury.PayIn;
import jp.kokin.domain.settlement.treasury.PayInAudit;
import jp.kokin.domain.settlement.treasury.PayInPayment;
import jp.kokin.domain.settlement.treasury.PayInStatus;
import jp.kokin.domain.settlement.treasury.PayInSteps;
import jp.kokin.domain.settlement.treasury.PayInStore;
import jp.kokin.settlement.SettlementViews.FileOutcome;

/**
 * The national pay-in routes of {@code SettlementApiFunction} (operator keys; a scoped key sees the
 * pay-ins of its creditors only, any other is {@code 404}):
 * <ul>
 * <li>{@code GET /v1/treasury/payins?businessDate=YYYY-MM-DD[&status=due|paid|confirmed]}: a business
 *     date's pay-ins (by id); {@code ?status=due} alone: every pay-in still due (by due date), the
 *     index the alarms read. {@code paid}/{@code confirmed} need a {@code businessDate} (no index
 *     keeps them: they only grow).</li>
 * <li>{@code GET /v1/treasury/payins/{id}}: the pay-in with its payment, confirmation, audit, document
 *     links and its lines (from {@code lines.json}, SHA-256 checked) when it has at most
 *     {@link #MAX_LISTED_LINES} lines, else a link to {@code lines.json} instead.</li>
 * <li>{@code GET /v1/treasury/payins/{id}/{document}}: {@link #DOCUMENTS}, served as the settlement documents.</li>
 * <li>{@code POST /v1/treasury/payins/{id}/paid} and {@code …/confirmed}: the audited steps due → paid
 *     → confirmed; a repeat with the same details changes nothing.</li>
 * <li>{@code GET /v1/treasury/outstanding}: the agent's liability (the pay-ins still due), by organization.</li>
 * </ul>
 */
final class TreasuryApi {
    /**
     * Lines listed in the pay-in's answer; past it the answer links {@code lines.json} instead. A line
     * is about 350 bytes of JSON: 2,000 lines are some 700 KB, well inside a Lambda response (6 MB).
     */
    static final int MAX_LISTED_LINES = 2_000;
    /** Tries of a status change that lost the version race to another writer before {@code 409 conflict}. */
    static final int MAX_UPDATE_TRIES = PayInSteps.MAX_UPDATE_TRIES;
    /** A pay-in's documents, as {@code PayIn.documents} names them. */
    static final Set<String> DOCUMENTS = Set.of("lines.json", "slip.html", "slip.csv", "slip.json");
    private static final Set<String> PAID_FIELDS = Set.of("paidOn", "bank", "reference");
    private static final Set<String> CONFIRMED_FIELDS = Set.of("note");

    private final SettlementApiWiring wiring;
    private final SettlementViews views;
    private final PayInStore payIns;
    private final PayInSteps steps;

    TreasuryApi(SettlementApiWiring wiring, SettlementViews views) {
        this.wiring = wiring;
        this.views = views;
        this.payIns = wiring.payIns();
        this.steps = new PayInSteps(payIns);
    }

    APIGatewayV2HTTPResponse handle(HttpRequest request, ApiKey key) {
        return switch (request.routeKey()) {
            case "GET /v1/treasury/payins" -> list(request, key);
            case "GET /v1/treasury/payins/{id}" -> visible(request.pathParameter("id"), key)
                    .map(this::detail).orElseGet(() -> noSuchPayIn(request.pathParameter("id")));
            case "GET /v1/treasury/payins/{id}/{document}" -> visible(request.pathParameter("id"), key)
                    .map(p -> document(p, request.pathParameter("document"), request))
                    .orElseGet(() -> noSuchPayIn(request.pathParameter("id")));
            case "POST /v1/treasury/payins/{id}/paid" -> paid(request, key);
            case "POST /v1/treasury/payins/{id}/confirmed" -> confirmed(request, key);
            case "GET /v1/treasury/outstanding" -> outstanding(key);
            default -> HttpResponses.problem(ProblemCode.NOT_FOUND, "no route " + request.routeKey());
        };
    }

    // ---- reading ----

    private APIGatewayV2HTTPResponse list(HttpRequest request, ApiKey key) {
        Optional<String> dateText = request.query("businessDate");
        Optional<String> statusText = request.query("status");
        Optional<LocalDate> date = dateText.flatMap(SettlementApiHandler::date);
        if (dateText.isPresent() && date.isEmpty()) {
            return invalid("give the business date as businessDate=YYYY-MM-DD");
        }
        PayInStatus status = null;
        if (statusText.isPresent()) {
            status = PayInStatus.fromWire(statusText.get()).orElse(null);
            if (status == null) {
                return invalid("status is due, paid or confirmed");
            }
        }
        List<PayIn> found;
        if (date.isPresent()) {
            found = payIns.byBusinessDate(date.get());
        } else if (status == PayInStatus.DUE) {
            found = payIns.due();
        } else {
            return invalid("give businessDate=YYYY-MM-DD (optionally with status=due|paid|confirmed) or status=due");
        }
        ArrayNode list = Json.array();
        for (PayIn p : found) {
            if (key.canAccess(p.organizationCode()) && (status == null || p.status() == status)) {
                list.add(summary(p));
            }
        }
        ObjectNode body = Json.object();
        body.set("payins", list);
        return HttpResponses.json(200, body);
    }

    /** The pay-in named {@code id} when the key may see it; empty for any other id (one answer: 404). */
    private Optional<PayIn> visible(String id, ApiKey key) {
        if (id == null || !PayIn.ID.matcher(id).matches()) {
            return Optional.empty();
        }
        return payIns.find(id).filter(p -> key.canAccess(p.organizationCode()));
    }

    private APIGatewayV2HTTPResponse detail(PayIn p) {
        ObjectNode body = detailBody(p);
        StoredObject lines = p.documents().get("lines.json");
        boolean listed = lines != null && p.count() <= MAX_LISTED_LINES && lines.bytes() <= wiring.limits().maxListedDocumentBytes();
        if (listed) {
            Optional<byte[]> bytes = views.checked(lines, wiring.limits().maxListedDocumentBytes());
            if (bytes.isEmpty()) {
                return SettlementApiHandler.corrupt(lines.key());
            }
            body.set("lines", Json.parse(bytes.get()).path("lines"));
        }
        linked(body, p, listed);
        return HttpResponses.json(200, body);
    }

    /** {@code linesIncluded}, and the link to {@code lines.json} when the lines are not in the answer. */
    private static void linked(ObjectNode body, PayIn p, boolean listed) {
        body.put("linesIncluded", listed);
        if (!listed && p.documents().containsKey("lines.json")) {
            body.put("linesUrl", path(p) + "/lines.json");
        }
    }

    /** The pay-in as {@code GET /v1/treasury/payins/{id}} shows it, but its lines. */
    private static ObjectNode detailBody(PayIn p) {
        ObjectNode body = summary(p);
        body.put("officerCode", p.officerCode()).put("officerName", p.officerName());
        body.put("createdAt", p.createdAt().toString());
        if (p.paid() == null) {
            body.putNull("paid");
        } else {
            body.set("paid", payment(p.paid()));
        }
        body.put("confirmedAt", p.confirmedAt() == null ? null : p.confirmedAt().toString());
        ArrayNode audit = body.putArray("audit");
        for (PayInAudit a : p.audit()) {
            audit.addObject().put("action", a.action()).put("principal", a.principal()).put("at", a.at().toString())
                    .put("detail", a.detail());
        }
        ObjectNode documents = body.putObject("documents");
        for (String name : new TreeMap<>(p.documents()).keySet()) {
            if (DOCUMENTS.contains(name)) {
                documents.put(name, path(p) + "/" + name);
            }
        }
        return body;
    }

    private APIGatewayV2HTTPResponse document(PayIn p, String name, HttpRequest request) {
        StoredObject object = name == null || !DOCUMENTS.contains(name) ? null : p.documents().get(name);
        if (object == null) {
            return HttpResponses.problem(ProblemCode.NOT_FOUND, "a pay-in's documents are " + String.join(", ",
                    new TreeSet<>(DOCUMENTS)) + (name != null && DOCUMENTS.contains(name) ? "; " + p.id() + " has no " + name : ""));
        }
        String filename = name.endsWith(".csv") ? "payin-" + p.id() + ".csv" : null;
        FileOutcome outcome = views.serve(object, filename);
        return SettlementApiHandler.file(outcome, request);
    }

    private APIGatewayV2HTTPResponse outstanding(ApiKey key) {
        LocalDate today = JapaneseDates.businessDate(wiring.clock().instant());
        Map<String, Owed> byOrganization = new TreeMap<>();
        long total = 0;
        for (PayIn p : payIns.due()) {
            if (!key.canAccess(p.organizationCode()) || p.status() != PayInStatus.DUE) {
                continue;
            }
            byOrganization.computeIfAbsent(p.organizationCode(), c -> new Owed(p)).add(p, today);
            total = Math.addExact(total, p.amount());
        }
        ObjectNode body = Json.object();
        body.put("asOf", today.toString());
        ArrayNode ministries = body.putArray("ministries");
        byOrganization.values().forEach(o -> ministries.add(o.json()));
        body.put("amount", total);
        return HttpResponses.json(200, body);
    }

    /** What one treasury organization is owed. */
    private static final class Owed {
        private final PayIn first;
        private long amount;
        private long count;
        private LocalDate oldestDueDate;
        private long overdueAmount;

        Owed(PayIn first) {
            this.first = first;
        }

        void add(PayIn p, LocalDate today) {
            amount = Math.addExact(amount, p.amount());
            count++;
            if (oldestDueDate == null || p.dueDate().isBefore(oldestDueDate)) {
                oldestDueDate = p.dueDate();
            }
            if (p.dueDate().isBefore(today)) {
                overdueAmount = Math.addExact(overdueAmount, p.amount());
            }
        }

        ObjectNode json() {
            ObjectNode n = Json.object();
            n.put("organizationCode", first.organizationCode()).put("ministryCode", first.ministryCode())
                    .put("ministryName", first.ministryName()).put("amount", amount).put("count", count)
                    .put("oldestDueDate", oldestDueDate.toString()).put("overdueAmount", overdueAmount);
            return n;
        }
    }

    // ---- recording ----

    private APIGatewayV2HTTPResponse paid(HttpRequest request, ApiKey key) {
        String id = request.pathParameter("id");
        if (visible(id, key).isEmpty()) {
            return noSuchPayIn(id);
        }
        Optional<JsonNode> body = body(request);
        if (body.isEmpty()) {
            return invalid("the body is a JSON object {\"paidOn\": \"YYYY-MM-DD\", \"bank\", \"reference\"}");
        }
        List<FieldError> errors = new ArrayList<>();
        unknownFields(body.get(), PAID_FIELDS, errors);
        String paidOnText = text(body.get(), "paidOn", true, Integer.MAX_VALUE, errors);
        String bank = text(body.get(), "bank", true, PayInPayment.MAX_TEXT, errors);
        String reference = text(body.get(), "reference", true, PayInPayment.MAX_TEXT, errors);
        LocalDate paidOn = null;
        LocalDate today = JapaneseDates.businessDate(wiring.clock().instant());
        if (paidOnText != null) {
            paidOn = SettlementApiHandler.date(paidOnText).orElse(null);
            if (paidOn == null) {
                errors.add(new FieldError("paidOn", "invalid_format", "paidOn is a date YYYY-MM-DD"));
            } else if (paidOn.isAfter(today)) {
                errors.add(new FieldError("paidOn", "out_of_range", "paidOn is not after today (" + today + " in JST)"));
            }
        }
        if (!errors.isEmpty()) {
            return HttpResponses.problem(ProblemCode.INVALID_REQUEST, "the payment is invalid", errors);
        }
        PayInPayment payment = new PayInPayment(paidOn, bank, reference);
        PayInSteps.Outcome outcome = steps.paid(id, p -> key.canAccess(p.organizationCode()), payment, Principals.of(key),
                wiring.clock().instant());
        return switch (outcome) {
            case PayInSteps.Outcome.Recorded(PayIn updated) -> {
                Log.info("treasury.payin_paid", "payinId", updated.id(), "organizationCode", updated.organizationCode(),
                        "amount", updated.amount(), "paidOn", paidOn, "principal", Principals.of(key));
                yield changed(updated);
            }
            case PayInSteps.Outcome.Unchanged(PayIn p) -> changed(p); // a retried request: the payment it records is the one recorded
            case PayInSteps.Outcome.NotFound() -> noSuchPayIn(id);
            case PayInSteps.Outcome.PaidInFuture(LocalDate t) -> HttpResponses.problem(ProblemCode.INVALID_REQUEST,
                    "the payment is invalid", List.of(new FieldError("paidOn", "out_of_range", "paidOn is not after today (" + t + " in JST)")));
            case PayInSteps.Outcome.BeforeBusinessDate(LocalDate d) -> HttpResponses.problem(ProblemCode.INVALID_REQUEST,
                    "the payment is invalid", List.of(new FieldError("paidOn", "out_of_range", "paidOn is not before the run's business date " + d)));
            case PayInSteps.Outcome.AlreadyPaid(PayIn p) -> HttpResponses.problem(ProblemCode.PAYIN_ALREADY_PAID, p.id() + " is "
                    + p.status().wire() + (p.status() == PayInStatus.PAID ? " with another payment (paid on " + p.paid().paidOn() + ")" : "")
                    + ": a recorded payment is not changed");
            case PayInSteps.Outcome.NotPaid(PayIn p) -> throw new IllegalStateException("not a step of paid");
            case PayInSteps.Outcome.Contention() -> contention(id);
        };
    }

    private APIGatewayV2HTTPResponse confirmed(HttpRequest request, ApiKey key) {
        String id = request.pathParameter("id");
        if (visible(id, key).isEmpty()) {
            return noSuchPayIn(id);
        }
        String note = null;
        String raw = request.body();
        if (raw != null && !raw.isBlank()) {
            Optional<JsonNode> body = body(request);
            if (body.isEmpty()) {
                return invalid("the body is {} or {\"note\": \"...\"}");
            }
            List<FieldError> errors = new ArrayList<>();
            unknownFields(body.get(), CONFIRMED_FIELDS, errors);
            note = text(body.get(), "note", false, PayInAudit.MAX_DETAIL, errors);
            if (!errors.isEmpty()) {
                return HttpResponses.problem(ProblemCode.INVALID_REQUEST, "the confirmation is invalid", errors);
            }
        }
        PayInSteps.Outcome outcome = steps.confirmed(id, p -> key.canAccess(p.organizationCode()), note, Principals.of(key),
                wiring.clock().instant());
        return switch (outcome) {
            case PayInSteps.Outcome.Recorded(PayIn updated) -> {
                Log.info("treasury.payin_confirmed", "payinId", updated.id(), "organizationCode", updated.organizationCode(),
                        "amount", updated.amount(), "principal", Principals.of(key));
                yield changed(updated);
            }
            case PayInSteps.Outcome.Unchanged(PayIn p) -> changed(p);
            case PayInSteps.Outcome.NotFound() -> noSuchPayIn(id);
            case PayInSteps.Outcome.NotPaid(PayIn p) -> HttpResponses.problem(ProblemCode.PAYIN_NOT_PAID, p.id()
                    + " is still due: record its payment (POST " + path(p) + "/paid) before the officer's confirmation");
            case PayInSteps.Outcome.Contention() -> contention(id);
            default -> throw new IllegalStateException("not a step of confirmed: " + outcome);
        };
    }

    /**
     * The answer of a status change: the pay-in as {@code GET} shows it but without its lines (the
     * change is stored whatever its documents hold): {@code linesIncluded: false} and {@code linesUrl}.
     */
    private static APIGatewayV2HTTPResponse changed(PayIn p) {
        ObjectNode body = detailBody(p);
        linked(body, p, false);
        return HttpResponses.json(200, body);
    }

    // ---- JSON ----

    static ObjectNode summary(PayIn p) {
        ObjectNode n = Json.object();
        n.put("id", p.id()).put("organizationCode", p.organizationCode()).put("ministryCode", p.ministryCode())
                .put("ministryName", p.ministryName()).put("account", p.account()).put("fiscalYear", p.fiscalYear());
        n.putObject("revenueItem").put("code", p.revenueItem().code()).put("name", p.revenueItem().name());
        n.put("amount", p.amount()).put("count", p.count()).put("dueDate", p.dueDate().toString())
                .put("status", p.status().wire()).put("closedYear", p.closedYear()).put("runId", p.runId())
                .put("businessDate", p.businessDate().toString());
        return n;
    }

    private static ObjectNode payment(PayInPayment paid) {
        ObjectNode n = Json.object();
        n.put("paidOn", paid.paidOn().toString()).put("bank", paid.bank()).put("reference", paid.reference());
        return n;
    }

    private static String path(PayIn p) {
        return "/v1/treasury/payins/" + p.id();
    }

    private static Optional<JsonNode> body(HttpRequest request) {
        try {
            JsonNode node = Json.parse(request.body() == null ? "" : request.body());
            return node != null && node.isObject() ? Optional.of(node) : Optional.empty();
        } catch (Json.InvalidJsonException e) {
            return Optional.empty();
        }
    }

    private static void unknownFields(JsonNode node, Set<String> known, List<FieldError> errors) {
        node.fieldNames().forEachRemaining(f -> {
            if (!known.contains(f)) {
                String shown = SettlementViews.printable(f);
                errors.add(new FieldError(shown, "unknown_field", "unknown field " + shown));
            }
        });
    }

    /** A string field of at most {@code max} characters, not blank; null (with an error when required) when absent. */
    private static String text(JsonNode body, String field, boolean required, int max, List<FieldError> errors) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                errors.add(new FieldError(field, "required", field + " is required"));
            }
            return null;
        }
        if (!v.isTextual()) {
            errors.add(new FieldError(field, "invalid_type", field + " is a string"));
            return null;
        }
        String s = v.asText();
        if (s.isBlank() || s.length() > max) {
            errors.add(new FieldError(field, "invalid_length", field + " is 1 to " + max + " characters, not blank"));
            return null;
        }
        return s;
    }


    private static APIGatewayV2HTTPResponse invalid(String detail) {
        return HttpResponses.problem(ProblemCode.INVALID_REQUEST, detail);
    }

    private static APIGatewayV2HTTPResponse noSuchPayIn(String id) {
        return HttpResponses.problem(ProblemCode.NOT_FOUND, "no pay-in " + SettlementViews.printable(id));
    }

    private static APIGatewayV2HTTPResponse contention(String id) {
        Log.warn("treasury.payin_contention", "payinId", id, "tries", MAX_UPDATE_TRIES);
        return HttpResponses.problem(ProblemCode.CONFLICT, "pay-in " + id + " kept changing while it was recorded; try again");
    }

}
