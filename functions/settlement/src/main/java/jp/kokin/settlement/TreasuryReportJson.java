package jp.kokin.settlement;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;

import jp.kokin.adapters.json.Json;
import jp.kokin.domain.format.JapaneseDates;
import jp.kokin.domain.settlement.RepaymentItem;
import jp.kokin.domain.settlement.treasury.PayInLine;
import jp.kokin.domain.settlement.treasury.TreasuryReport;
import jp.kokin.domain.settlement.treasury.TreasuryReport.Claim;
import jp.kokin.domain.settlement.treasury.TreasuryReport.Entrustment;

/**
 * The JSON of the Art. 6(2) report (the stored {@code v<NNN>.json} and the API's default answer), the
 * reading of a stored version back (for the differences of the next one), and the reading of the
 * documents it is made from: a pay-in's {@code lines.json} and a repayment request's JSON.
 */
final class TreasuryReportJson {
    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    private TreasuryReportJson() {
    }

    /**
     * {@code {"report": "v002", "version": 2, "corrects": "v001"|null, "issuedAt", "agentName",
     * "organizationCode", "ministryCode", "ministryName", "account", "officerCode", "officerName", "from",
     * "to", "count", "total", "contentSha256", "entrustments": [...], "refundClaims": {"count", "amount",
     * "claims": [...]}, "differences": {"added", "removed", "claimsAdded", "claimsRemoved"}|null}}.
     */
    static byte[] render(TreasuryReport r, TreasuryReport.Issue issue) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024 + 350 * r.count());
        try {
            write(r, issue, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Streams the report's JSON to {@code out} (a generator writes each value as it goes; leaves it open). */
    static void write(TreasuryReport r, TreasuryReport.Issue issue, OutputStream out) throws IOException {
        TreasuryReport.Header h = r.header();
        try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.writeStartObject();
            g.writeStringField("report", issue.label());
            g.writeNumberField("version", issue.version());
            g.writeStringField("corrects", issue.correctsLabel());
            g.writeStringField("issuedAt", issue.issuedAt().toString());
            g.writeStringField("agentName", h.agentName());
            g.writeStringField("organizationCode", h.organizationCode());
            g.writeStringField("ministryCode", h.ministryCode());
            g.writeStringField("ministryName", h.ministryName());
            g.writeStringField("account", h.account());
            g.writeStringField("officerCode", h.officerCode());
            g.writeStringField("officerName", h.officerName());
            g.writeStringField("from", r.from().toString());
            g.writeStringField("to", r.to().toString());
            g.writeNumberField("count", r.count());
            g.writeNumberField("total", r.total());
            g.writeStringField("contentSha256", r.contentSha256());
            g.writeFieldName("entrustments");
            entrustments(g, r.entrustments());
            g.writeObjectFieldStart("refundClaims");
            g.writeNumberField("count", r.claims().size());
            g.writeNumberField("amount", r.claimsAmount());
            g.writeFieldName("claims");
            claims(g, r.claims());
            g.writeEndObject();
            if (issue.corrects() > 0) {
                TreasuryReport.Differences d = issue.differences();
                g.writeObjectFieldStart("differences");
                g.writeFieldName("added");
                entrustments(g, d.added());
                g.writeFieldName("removed");
                entrustments(g, d.removed());
                g.writeFieldName("claimsAdded");
                claims(g, d.claimsAdded());
                g.writeFieldName("claimsRemoved");
                claims(g, d.claimsRemoved());
                g.writeEndObject();
            } else {
                g.writeNullField("differences");
            }
            g.writeEndObject();
        }
        out.flush();
    }

    private static void entrustments(JsonGenerator g, List<Entrustment> list) throws IOException {
        g.writeStartArray();
        for (Entrustment e : list) {
            g.writeStartObject();
            g.writeStringField("entrustedOn", e.entrustedOn().toString());
            g.writeStringField("paidAt", e.paidAt().toString());
            g.writeStringField("procedureCode", e.procedureCode());
            g.writeStringField("procedureName", e.procedureName());
            g.writeNumberField("quantity", e.quantity());
            g.writeStringField("reference", e.reference());
            g.writeNumberField("amount", e.amount());
            g.writeNumberField("refunded", e.refunded());
            g.writeStringField("checkoutId", e.checkoutId());
            g.writeStringField("paymentId", e.paymentId());
            g.writeStringField("payinId", e.payinId());
            g.writeNumberField("fiscalYear", e.fiscalYear());
            g.writeStringField("revenueItemCode", e.revenueItemCode());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void claims(JsonGenerator g, List<Claim> list) throws IOException {
        g.writeStartArray();
        for (Claim c : list) {
            g.writeStartObject();
            g.writeStringField("runId", c.runId());
            g.writeStringField("businessDate", c.businessDate().toString());
            g.writeNumberField("count", c.count());
            g.writeNumberField("amount", c.amount());
            g.writeArrayFieldStart("items");
            for (RepaymentItem i : c.items()) {
                g.writeStartObject();
                g.writeStringField("refundId", i.refundId());
                g.writeStringField("receiptNumber", i.receiptNumber());
                g.writeStringField("checkoutId", i.checkoutId());
                g.writeStringField("paymentId", i.paymentId());
                g.writeStringField("creditorCode", i.creditor());
                g.writeStringField("procedureCode", i.procedureCode());
                g.writeStringField("procedureName", i.procedureName());
                g.writeNumberField("item", i.item());
                g.writeNumberField("line", i.line());
                g.writeNumberField("fiscalYear", i.fiscalYear());
                g.writeNumberField("amount", i.amount());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    /** The entrustments and claims of a stored version (its JSON document). */
    record Stored(List<Entrustment> entrustments, List<Claim> claims) {}

    /**
     * A stored version's entrustments and claims, streamed: one entrustment object is parsed at a time, so
     * reading back a version of 500,000 entrustments holds their records, never the document or its tree.
     */
    static Stored parse(InputStream stored) throws IOException {
        List<Entrustment> entrustments = new ArrayList<>();
        List<Claim> claims = new ArrayList<>();
        try (JsonParser p = FACTORY.createParser(stored)) {
            p.disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);
            expect(p, p.nextToken(), JsonToken.START_OBJECT);
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (field.equals("entrustments") && value == JsonToken.START_ARRAY) {
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        entrustments.add(entrustment(Json.read(p)));
                    }
                } else if (field.equals("refundClaims") && value == JsonToken.START_OBJECT) {
                    for (JsonNode c : Json.read(p).path("claims")) { // a claim per run of the period: small
                        List<RepaymentItem> items = new ArrayList<>();
                        for (JsonNode i : c.path("items")) {
                            items.add(repaymentItem(i));
                        }
                        claims.add(new Claim(c.get("runId").asText(), LocalDate.parse(c.get("businessDate").asText()),
                                c.get("count").asLong(), c.get("amount").asLong(), items));
                    }
                } else {
                    p.skipChildren();
                }
            }
        }
        return new Stored(entrustments, claims);
    }

    private static Entrustment entrustment(JsonNode e) {
        return new Entrustment(LocalDate.parse(e.get("entrustedOn").asText()), Instant.parse(e.get("paidAt").asText()),
                e.get("checkoutId").asText(), e.get("paymentId").asText(), e.path("reference").asText(""),
                e.get("procedureCode").asText(), e.path("procedureName").asText(""), e.path("quantity").asInt(1),
                e.get("amount").asLong(), e.path("refunded").asLong(0), e.get("payinId").asText(),
                e.get("fiscalYear").asInt(), e.get("revenueItemCode").asText());
    }

    /** A repayment request's JSON row (the run's {@code repayments/<creditor>.json}) or a report's claim row. */
    static RepaymentItem repaymentItem(JsonNode i) {
        return new RepaymentItem(i.get("refundId").asText(), i.get("checkoutId").asText(), text(i, "paymentId"),
                text(i, "receiptNumber"), i.get("creditorCode").asText(), i.get("procedureCode").asText(),
                i.path("procedureName").asText(""), i.path("item").asInt(), i.path("line").asInt(),
                i.path("fiscalYear").asInt(), i.get("amount").asLong());
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    /** The rows of a repayment request's JSON document. */
    static List<RepaymentItem> repaymentItems(byte[] json) {
        List<RepaymentItem> out = new ArrayList<>();
        for (JsonNode i : Json.parse(json).path("items")) {
            out.add(repaymentItem(i));
        }
        return out;
    }

    /**
     * The entrustments of a pay-in's {@code lines.json} ({@code {"payinId", "fiscalYear", "revenueItem":
     * {"code", "name"}, …, "lines": [{"checkoutId", "paymentId", "reference", "procedureCode",
     * "procedureName", "quantity", "amount", "refunded", "paidAt", "entrustedOn"}]}}) whose entrustment
     * date is in [{@code from}, {@code to}], streamed: one line at a time is parsed and only those of the
     * period are kept, so a pay-in of many days costs the memory of the period's lines only.
     *
     * @param room at most this many lines of the period are taken
     * @return the entrustments of the period, or empty (having stopped reading there) as soon as the
     *         document holds more than {@code room} of them
     */
    static Optional<List<Entrustment>> payInLines(InputStream json, String payinId, int fiscalYear, String revenueItemCode,
                                                  LocalDate from, LocalDate to, int room) throws IOException {
        String id = payinId;
        int year = fiscalYear;
        String item = revenueItemCode;
        List<PayInLine> in = new ArrayList<>();
        try (JsonParser p = FACTORY.createParser(json)) {
            p.disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);
            expect(p, p.nextToken(), JsonToken.START_OBJECT);
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "payinId" -> id = value == JsonToken.VALUE_NULL ? id : p.getValueAsString(id);
                    case "fiscalYear" -> year = value == JsonToken.VALUE_NULL ? year : p.getValueAsInt(year);
                    case "revenueItem" -> item = revenueItemCode(p, value, item);
                    case "lines" -> {
                        expect(p, value, JsonToken.START_ARRAY);
                        while (p.nextToken() == JsonToken.START_OBJECT) {
                            PayInLine line = line(p, from, to);
                            if (line != null) {
                                if (in.size() == room) {
                                    return Optional.empty();
                                }
                                in.add(line);
                            }
                        }
                        expect(p, p.currentToken(), JsonToken.END_ARRAY);
                    }
                    default -> p.skipChildren();
                }
            }
            expect(p, p.currentToken(), JsonToken.END_OBJECT);
        }
        List<Entrustment> out = new ArrayList<>(in.size());
        for (PayInLine l : in) {
            out.add(Entrustment.of(id, year, item, l));
        }
        return Optional.of(out);
    }

    private static String revenueItemCode(JsonParser p, JsonToken value, String otherwise) throws IOException {
        if (value != JsonToken.START_OBJECT) {
            p.skipChildren();
            return otherwise;
        }
        String code = otherwise;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken v = p.nextToken();
            if (field.equals("code") && v != JsonToken.VALUE_NULL) {
                code = p.getValueAsString(code);
            } else {
                p.skipChildren();
            }
        }
        return code;
    }

    /** One line object (the parser on its START_OBJECT, left on its END_OBJECT); null when not of the period. */
    private static PayInLine line(JsonParser p, LocalDate from, LocalDate to) throws IOException {
        String checkoutId = null;
        String paymentId = null;
        String reference = null;
        String procedureCode = null;
        String procedureName = null;
        int quantity = 1;
        Long amount = null;
        long refunded = 0;
        String paidAt = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken v = p.nextToken();
            boolean isNull = v == JsonToken.VALUE_NULL;
            switch (field) {
                case "checkoutId" -> checkoutId = isNull ? null : p.getValueAsString();
                case "paymentId" -> paymentId = isNull ? null : p.getValueAsString();
                case "reference" -> reference = isNull ? null : p.getValueAsString();
                case "procedureCode" -> procedureCode = isNull ? null : p.getValueAsString();
                case "procedureName" -> procedureName = isNull ? null : p.getValueAsString();
                case "quantity" -> quantity = isNull ? 1 : p.getValueAsInt(1);
                case "amount" -> amount = isNull ? null : p.getValueAsLong();
                case "refunded" -> refunded = isNull ? 0 : p.getValueAsLong(0);
                case "paidAt" -> paidAt = isNull ? null : p.getValueAsString();
                default -> p.skipChildren();
            }
        }
        if (paidAt == null || amount == null) {
            throw new IllegalStateException("a pay-in line without paidAt or amount at " + p.currentLocation());
        }
        Instant paid = Instant.parse(paidAt);
        LocalDate entrustedOn = JapaneseDates.businessDate(paid);
        if (entrustedOn.isBefore(from) || entrustedOn.isAfter(to)) {
            return null;
        }
        return new PayInLine(checkoutId, paymentId, reference, procedureCode, procedureName, quantity, amount, refunded, paid);
    }

    private static void expect(JsonParser p, JsonToken actual, JsonToken expected) throws IOException {
        if (actual != expected) {
            throw new JsonParseException(p, "expected " + expected + " in a stored treasury document, found " + actual);
        }
    }
}
