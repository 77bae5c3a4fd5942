package jp.kokin.checkout;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jp.kokin.adapters.json.Json;
import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.checkout.CheckoutIds;
import jp.kokin.domain.checkout.FieldError;
import jp.kokin.domain.refund.NewRefund;
import jp.kokin.domain.refund.Refund;
import jp.kokin.domain.refund.RefundLine;
import jp.kokin.domain.refund.RefundReason;
import jp.kokin.domain.refund.RefundStatus;

/** The refund API's JSON: reading a refund request and a decision, writing refunds. */
final class RefundJson {
    private static final Set<String> REQUEST_FIELDS = Set.of("amount", "reason", "paymentId", "note", "legalBasis",
            "decisionReference", "lines");
    private static final Set<String> LINE_FIELDS = Set.of("item", "line", "amount");
    private static final String REASONS = "duplicate, overpaid, wrong_payer, not_rendered, discretionary";

    private RefundJson() {}

    /** A parse that either gives the request or the field errors (never both). */
    record Parsed(NewRefund request, List<FieldError> errors) {}

    static Parsed parseRequest(JsonNode body) {
        if (!body.isObject()) {
            return new Parsed(null, List.of(new FieldError("", "invalid_type", "the body must be a JSON object")));
        }
        List<FieldError> errors = new ArrayList<>();
        unknownFields(body, REQUEST_FIELDS, "", errors);
        Long amount = yen(body.get("amount"), "amount", errors);
        RefundReason reason = null;
        String reasonText = CheckoutJson.string(body, "reason", true, errors);
        if (reasonText != null) {
            reason = RefundReason.fromWire(reasonText).orElse(null);
            if (reason == null) {
                errors.add(new FieldError("reason", "invalid_value", "reason is one of " + REASONS));
            }
        }
        String paymentId = CheckoutJson.string(body, "paymentId", false, errors);
        String note = CheckoutJson.string(body, "note", false, errors);
        String legalBasis = CheckoutJson.string(body, "legalBasis", false, errors);
        String decisionReference = CheckoutJson.string(body, "decisionReference", false, errors);
        List<NewRefund.LineShare> lines = new ArrayList<>();
        JsonNode linesNode = body.get("lines");
        if (linesNode != null && !linesNode.isNull()) {
            if (!linesNode.isArray() || linesNode.isEmpty()) {
                errors.add(new FieldError("lines", "invalid_type", "lines is a non-empty array of {item, line, amount}"));
            } else if (linesNode.size() > NewRefund.MAX_LINES) {
                // refused before any element is read: one error however long the array
                errors.add(new FieldError("lines", "too_many", "at most " + NewRefund.MAX_LINES + " lines"));
            } else {
                for (int i = 0; i < linesNode.size(); i++) {
                    JsonNode l = linesNode.get(i);
                    String path = "lines[" + i + "]";
                    if (!l.isObject()) {
                        errors.add(new FieldError(path, "invalid_type", "each line is an object {item, line, amount}"));
                        continue;
                    }
                    unknownFields(l, LINE_FIELDS, path + ".", errors);
                    Integer item = index(l.get("item"), path + ".item", errors);
                    Integer line = index(l.get("line"), path + ".line", errors);
                    Long lineAmount = yen(l.get("amount"), path + ".amount", errors);
                    if (item != null && line != null && lineAmount != null) {
                        lines.add(new NewRefund.LineShare(item, line, lineAmount));
                    }
                }
            }
        }
        if (!errors.isEmpty()) {
            return new Parsed(null, errors);
        }
        NewRefund request = new NewRefund(amount, reason, paymentId, note, legalBasis, decisionReference, lines);
        List<FieldError> invalid = request.validate();
        return invalid.isEmpty() ? new Parsed(request, List.of()) : new Parsed(null, invalid);
    }

    /** A decision's body: {@code {}} or {@code {"<field>": "..."}}; an empty body is {@code {}}. */
    record Decision(String text, List<FieldError> errors) {}

    static Decision parseDecision(String body, String field) {
        if (body == null || body.isBlank()) {
            return new Decision(null, List.of());
        }
        JsonNode node = Json.parse(body);
        if (!node.isObject()) {
            return new Decision(null, List.of(new FieldError("", "invalid_type", "the body must be a JSON object")));
        }
        List<FieldError> errors = new ArrayList<>();
        unknownFields(node, Set.of(field), "", errors);
        String text = CheckoutJson.string(node, field, false, errors);
        return new Decision(errors.isEmpty() ? text : null, errors);
    }

    static ObjectNode refund(Refund r) {
        ObjectNode n = Json.object();
        n.put("id", r.id());
        n.put("checkoutId", CheckoutIds.checkoutOfRefund(r.id()).orElseThrow());
        n.put("paymentId", r.paymentId());
        n.put("amount", r.amount());
        n.put("currency", "JPY");
        n.put("reason", r.reason().wire());
        n.put("status", r.status().wire());
        text(n, "note", r.note());
        text(n, "legalBasis", r.legalBasis());
        text(n, "decisionReference", r.decisionReference());
        n.put("requestedBy", r.requestedBy());
        text(n, "approvedBy", r.approvedBy());
        if (r.status() == RefundStatus.REJECTED) {
            n.put("rejectedBy", r.decidedBy());
            text(n, "rejectionReason", r.decisionNote());
        } else if (r.approvedBy() != null && r.decisionNote() != null) {
            n.put("approvalNote", r.decisionNote());
        }
        n.put("createdAt", r.createdAt().toString());
        instant(n, "decidedAt", r.decidedAt());
        instant(n, "submittedAt", r.submittedAt());
        instant(n, "completedAt", r.completedAt());
        text(n, "failureReason", r.failureReason());
        text(n, "noticeNumber", r.noticeNumber());
        ArrayNode lines = n.putArray("lines");
        for (RefundLine l : r.lines()) {
            lines.addObject().put("item", l.item()).put("line", l.line()).put("procedureCode", l.procedureCode())
                    .put("creditor", l.creditor()).put("amount", l.amount());
        }
        return n;
    }

    /** {@code GET /v1/checkouts/{id}/refunds}: every refund of the checkout, oldest first. */
    static ObjectNode refunds(Checkout c) {
        ObjectNode n = Json.object();
        ArrayNode array = n.putArray("refunds");
        c.refunds().forEach(r -> array.add(refund(r)));
        return n;
    }

    private static void unknownFields(JsonNode node, Set<String> known, String prefix, List<FieldError> errors) {
        node.fieldNames().forEachRemaining(f -> {
            if (!known.contains(f)) {
                errors.add(new FieldError(prefix + CheckoutJson.shorten(f), "unknown_field", "unknown field " + CheckoutJson.shorten(f)));
            }
        });
    }

    private static Long yen(JsonNode v, String field, List<FieldError> errors) {
        if (v == null || v.isNull()) {
            errors.add(new FieldError(field, "required", field + " is required (whole yen above 0)"));
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() <= 0) {
            errors.add(new FieldError(field, "out_of_range", field + " is a whole number of yen above 0"));
            return null;
        }
        return v.asLong();
    }

    private static Integer index(JsonNode v, String field, List<FieldError> errors) {
        if (v == null || !v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < 0) {
            errors.add(new FieldError(field, "required", field + " is a 0-based index"));
            return null;
        }
        return v.asInt();
    }


    private static void text(ObjectNode n, String field, String value) {
        if (value == null) {
            n.putNull(field);
        } else {
            n.put(field, value);
        }
    }

    private static void instant(ObjectNode n, String field, Instant value) {
        if (value == null) {
            n.putNull(field);
        } else {
            n.put(field, value.toString());
        }
    }
}
