package jp.kokin.checkout;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jp.kokin.adapters.json.Json;
import jp.kokin.domain.PlatformLinks;
import jp.kokin.domain.catalog.Language;
import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.checkout.CheckoutItem;
import jp.kokin.domain.checkout.CheckoutLimits;
import jp.kokin.domain.checkout.FieldError;
import jp.kokin.domain.checkout.LineAmount;
import jp.kokin.domain.checkout.NewCheckout;
import jp.kokin.domain.checkout.Payment;
import jp.kokin.domain.checkout.PaymentMethod;
import jp.kokin.domain.receipt.PayerNotice;
import jp.kokin.domain.receipt.Receipt;
import jp.kokin.domain.refund.Refund;
import jp.kokin.domain.refund.RefundStatus;

/** The API's JSON: reading a create request, writing checkouts and receipts. */
final class CheckoutJson {
    private static final java.util.Set<String> CREATE_FIELDS = java.util.Set.of("organizationCode", "items", "reference",
            "returnUrl", "language", "methods", "expiresInMinutes", "metadata");

    /**
     * The largest create body, in bytes (64 KiB): the largest valid request is about 53 KB (15
     * metadata pairs of 540 characters, each written as a six-byte escape, 20 items, a
     * 2,048-character return URL). A larger body is refused unread: {@code 400 invalid_request}
     * with one field error, code {@code too_large} on the field {@code ""} (the body).
     */
    static final int MAX_BODY_BYTES = 64 * 1024;
    /** How much of a client's field name or value an error message quotes. */
    private static final int MAX_QUOTED = 64;

    private CheckoutJson() {}

    /** A parse that either gives the request or the field errors (never both). */
    record Parsed(NewCheckout request, List<FieldError> errors) {}

    static Parsed parseCreate(JsonNode body) {
        List<FieldError> errors = new ArrayList<>();
        if (!body.isObject()) {
            return new Parsed(null, List.of(new FieldError("", "invalid_type", "the body must be a JSON object")));
        }
        body.fieldNames().forEachRemaining(f -> {
            if (!CREATE_FIELDS.contains(f)) {
                errors.add(new FieldError(shorten(f), "unknown_field", "unknown field " + shorten(f)));
            }
        });
        String organizationCode = string(body, "organizationCode", true, errors);
        String reference = string(body, "reference", true, errors);
        String returnUrl = string(body, "returnUrl", true, errors);
        Language language = Language.JA;
        String lang = string(body, "language", false, errors);
        if (lang != null) {
            try {
                language = Language.fromTag(lang);
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("language", "invalid_value", "language must be ja or en"));
            }
        }
        List<NewCheckout.Item> items = new ArrayList<>();
        JsonNode itemsNode = body.get("items");
        if (itemsNode == null || !itemsNode.isArray()) {
            errors.add(new FieldError("items", "required", "items must be an array of {procedureCode, quantity}"));
        } else if (itemsNode.size() > CheckoutLimits.MAX_ITEMS) {
            // refused before any element is read: the answer stays one error however long the array
            errors.add(new FieldError("items", "too_many", "at most " + CheckoutLimits.MAX_ITEMS + " items"));
        } else {
            int i = 0;
            for (JsonNode item : itemsNode) {
                String path = "items[" + i++ + "]";
                if (!item.isObject()) {
                    errors.add(new FieldError(path, "invalid_type", "each item is an object"));
                    continue;
                }
                item.fieldNames().forEachRemaining(f -> {
                    if (!f.equals("procedureCode") && !f.equals("quantity")) {
                        errors.add(new FieldError(path + "." + shorten(f), "unknown_field", "unknown field " + shorten(f)));
                    }
                });
                JsonNode code = item.get("procedureCode");
                JsonNode quantity = item.get("quantity");
                if (code == null || !code.isTextual()) {
                    errors.add(new FieldError(path + ".procedureCode", "required", "procedureCode must be a string"));
                }
                if (quantity == null || !quantity.isIntegralNumber() || !quantity.canConvertToInt()) {
                    errors.add(new FieldError(path + ".quantity", "required", "quantity must be a whole number 1 to 99"));
                }
                if (code != null && code.isTextual() && quantity != null && quantity.isIntegralNumber() && quantity.canConvertToInt()) {
                    items.add(new NewCheckout.Item(code.asText(), quantity.asInt()));
                }
            }
        }
        List<PaymentMethod> methods = new ArrayList<>();
        JsonNode methodsNode = body.get("methods");
        if (methodsNode != null && !methodsNode.isNull()) {
            if (!methodsNode.isArray() || methodsNode.isEmpty()) {
                errors.add(new FieldError("methods", "invalid_type", "methods must be a non-empty array of paypay, dpay, aupay, card"));
            } else if (methodsNode.size() > CheckoutLimits.MAX_METHODS) {
                errors.add(new FieldError("methods", "too_many", "methods lists each method at most once"));
            } else {
                for (JsonNode m : methodsNode) {
                    PaymentMethod.fromWire(m.asText()).ifPresentOrElse(methods::add, () -> errors.add(new FieldError(
                            "methods", "invalid_value", "unknown method " + shorten(m.asText()) + " (paypay, dpay, aupay, card)")));
                }
            }
        }
        int expires = NewCheckout.DEFAULT_EXPIRY_MINUTES;
        JsonNode expiresNode = body.get("expiresInMinutes");
        if (expiresNode != null && !expiresNode.isNull()) {
            if (!expiresNode.isIntegralNumber() || !expiresNode.canConvertToInt()) {
                errors.add(new FieldError("expiresInMinutes", "invalid_type", "expiresInMinutes must be a whole number 5 to 1440"));
            } else {
                expires = expiresNode.asInt();
            }
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        JsonNode metadataNode = body.get("metadata");
        if (metadataNode != null && !metadataNode.isNull()) {
            if (!metadataNode.isObject()) {
                errors.add(new FieldError("metadata", "invalid_type", "metadata must be an object of strings"));
            } else if (metadataNode.size() > CheckoutLimits.MAX_METADATA) {
                errors.add(new FieldError("metadata", "too_many", "metadata holds at most " + CheckoutLimits.MAX_METADATA + " pairs"));
            } else {
                metadataNode.fields().forEachRemaining(e -> {
                    if (e.getValue().isTextual()) {
                        metadata.put(e.getKey(), e.getValue().asText());
                    } else {
                        errors.add(new FieldError("metadata." + shorten(e.getKey()), "invalid_type", "metadata values are strings"));
                    }
                });
            }
        }
        if (!errors.isEmpty()) {
            return new Parsed(null, errors);
        }
        NewCheckout request = new NewCheckout(organizationCode, items, reference, returnUrl, language, methods, expires, metadata);
        List<FieldError> invalid = request.validate();
        return invalid.isEmpty() ? new Parsed(request, List.of()) : new Parsed(null, invalid);
    }

    /** A client's name or value as quoted in an error: at most {@value #MAX_QUOTED} characters. */
    static String shorten(String text) {
        return text.length() <= MAX_QUOTED ? text : text.substring(0, MAX_QUOTED) + "…";
    }

    static String string(JsonNode body, String field, boolean required, List<FieldError> errors) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                errors.add(new FieldError(field, "required", field + " is required"));
            }
            return null;
        }
        if (!v.isTextual()) {
            errors.add(new FieldError(field, "invalid_type", field + " must be a string"));
            return null;
        }
        return v.asText();
    }

    static ObjectNode checkout(Checkout c, Instant now, String baseUrl) {
        ObjectNode n = Json.object();
        n.put("id", c.id());
        n.put("status", c.statusAt(now).wire());
        n.put("organizationCode", c.organizationCode());
        n.put("reference", c.reference());
        n.set("items", items(c.items(), c.language()));
        n.put("amount", c.amount());
        n.put("currency", "JPY");
        n.put("paymentUrl", new PlatformLinks(baseUrl).paymentPage(c.id()));
        n.put("returnUrl", c.returnUrl());
        n.put("language", c.language().tag());
        ArrayNode methods = n.putArray("methods");
        c.methods().forEach(m -> methods.add(m.wire()));
        n.put("expiresAt", c.expiresAt().toString());
        n.put("createdAt", c.createdAt().toString());
        instant(n, "paidAt", c.paidAt());
        n.put("latePayment", c.latePayment());
        ArrayNode payments = n.putArray("payments");
        for (Payment p : c.payments()) {
            ObjectNode pn = payments.addObject();
            pn.put("id", p.id());
            pn.put("method", p.method().wire());
            pn.put("provider", p.provider());
            pn.put("status", p.status().wire());
            pn.put("amount", p.amount());
            pn.put("createdAt", p.createdAt().toString());
            instant(pn, "completedAt", p.completedAt());
            pn.put("duplicatePayment", p.duplicatePayment());
        }
        if (c.receipt() == null) {
            n.putNull("receipt");
        } else {
            n.putObject("receipt").put("number", c.receipt().number()).put("issuedAt", c.receipt().issuedAt().toString())
                    .put("url", receiptUrl(baseUrl, c.receipt().number(), c.receipt().token()));
        }
        ObjectNode metadata = n.putObject("metadata");
        c.metadata().forEach(metadata::put);
        n.put("refundedAmount", c.refundedAmount());
        n.put("refundableAmount", c.refundableAmount());
        ArrayNode refunds = n.putArray("refunds");
        c.refunds().forEach(r -> refunds.add(r.id()));
        return n;
    }

    static String receiptUrl(String baseUrl, String number, String token) {
        return new PlatformLinks(baseUrl).receiptPage(number, token);
    }

    /**
     * A receipt as issued, and what was refunded of it since, read from its checkout ({@code refundedAmount};
     * {@code refunds}: each succeeded refund's id, amount, completion and notice number). The receipt
     * itself never changes.
     */
    static ObjectNode receipt(Receipt r, Checkout c, String baseUrl) {
        ObjectNode n = receipt(r, baseUrl);
        n.put("refundedAmount", c.refundedAmount());
        ArrayNode refunds = n.putArray("refunds");
        for (Refund refund : succeededRefunds(c)) {
            ObjectNode rn = refunds.addObject();
            rn.put("id", refund.id());
            rn.put("amount", refund.amount());
            rn.put("reason", refund.reason().wire());
            instant(rn, "completedAt", refund.completedAt());
            if (refund.noticeNumber() == null) {
                rn.putNull("noticeNumber");
            } else {
                rn.put("noticeNumber", refund.noticeNumber());
            }
        }
        return n;
    }

    /** The refunds whose money went back, in the order they were requested. */
    static List<Refund> succeededRefunds(Checkout c) {
        return c.refunds().stream().filter(r -> r.status() == RefundStatus.SUCCEEDED).toList();
    }

    static ObjectNode receipt(Receipt r, String baseUrl) {
        ObjectNode n = Json.object();
        n.put("number", r.number());
        n.put("checkoutId", r.checkoutId());
        n.put("organizationCode", r.organizationCode());
        n.put("reference", r.reference());
        n.put("amount", r.amount());
        n.put("currency", "JPY");
        n.set("items", items(r.items(), Language.JA));
        n.put("paidAt", r.paidAt().toString());
        n.put("paymentDate", jp.kokin.domain.format.JapaneseDates.businessDate(r.paidAt()).toString());
        n.put("issuedAt", r.issuedAt().toString());
        n.put("url", receiptUrl(baseUrl, r.number(), r.token()));
        n.put("receiptAmount", r.receiptAmount());
        ArrayNode notices = n.putArray("notices");
        for (PayerNotice notice : r.notices()) {
            ObjectNode nn = notices.addObject();
            nn.put("number", notice.number());
            nn.put("organizationCode", notice.organizationCode());
            nn.put("ministryName", notice.ministryName());
            nn.put("agentName", notice.agentName());
            nn.put("fiscalYear", notice.fiscalYear());
            nn.put("amount", notice.amount());
            nn.put("entrustedAt", notice.entrustedAt().toString());
            nn.put("entrustedOn", jp.kokin.domain.format.JapaneseDates.businessDate(notice.entrustedAt()).toString());
            ArrayNode lines = nn.putArray("lines");
            for (PayerNotice.Line l : notice.lines()) {
                ObjectNode ln = lines.addObject();
                ln.put("procedureCode", l.procedureCode());
                ln.put("procedureName", l.procedureName());
                ln.put("quantity", l.quantity());
                ln.putObject("revenueItem").put("code", l.revenueItemCode()).put("name", l.revenueItemName());
                ln.put("amount", l.amount());
            }
        }
        return n;
    }

    private static ArrayNode items(List<CheckoutItem> items, Language language) {
        ArrayNode array = Json.array();
        for (CheckoutItem i : items) {
            ObjectNode in = array.addObject();
            in.put("procedureCode", i.procedureCode());
            in.put("name", i.name().in(language));
            in.put("quantity", i.quantity());
            ArrayNode lines = in.putArray("lines");
            for (LineAmount l : i.lines()) {
                lines.addObject().put("creditor", l.creditor()).put("unitAmount", l.unitAmount()).put("amount", l.amount());
            }
            in.put("amount", i.amount());
        }
        return array;
    }

    private static void instant(ObjectNode n, String field, Instant value) {
        if (value == null) {
            n.putNull(field);
        } else {
            n.put(field, value.toString());
        }
    }
}
