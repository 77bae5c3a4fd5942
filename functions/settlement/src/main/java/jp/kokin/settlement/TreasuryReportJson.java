package jp.kokin.settlement;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jp.kokin.adapters.json.Json;
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
    private TreasuryReportJson() {
    }

    /**
     * {@code {"report": "v002", "version": 2, "corrects": "v001"|null, "issuedAt", "agentName",
     * "organizationCode", "ministryCode", "ministryName", "account", "officerCode", "officerName", "from",
     * "to", "count", "total", "contentSha256", "entrustments": [...], "refundClaims": {"count", "amount",
     * "claims": [...]}, "differences": {"added", "removed", "claimsAdded", "claimsRemoved"}|null}}.
     */
    static byte[] render(TreasuryReport r, TreasuryReport.Issue issue) {
        TreasuryReport.Header h = r.header();
        ObjectNode o = Json.object().put("report", issue.label()).put("version", issue.version())
                .put("corrects", issue.correctsLabel()).put("issuedAt", issue.issuedAt().toString())
                .put("agentName", h.agentName()).put("organizationCode", h.organizationCode())
                .put("ministryCode", h.ministryCode()).put("ministryName", h.ministryName()).put("account", h.account())
                .put("officerCode", h.officerCode()).put("officerName", h.officerName())
                .put("from", r.from().toString()).put("to", r.to().toString()).put("count", r.count())
                .put("total", r.total()).put("contentSha256", r.contentSha256());
        o.set("entrustments", entrustments(r.entrustments()));
        ObjectNode claims = Json.object().put("count", r.claims().size()).put("amount", r.claimsAmount());
        claims.set("claims", claims(r.claims()));
        o.set("refundClaims", claims);
        if (issue.corrects() > 0) {
            ObjectNode d = Json.object();
            d.set("added", entrustments(issue.differences().added()));
            d.set("removed", entrustments(issue.differences().removed()));
            d.set("claimsAdded", claims(issue.differences().claimsAdded()));
            d.set("claimsRemoved", claims(issue.differences().claimsRemoved()));
            o.set("differences", d);
        } else {
            o.putNull("differences");
        }
        return Json.write(o).getBytes(StandardCharsets.UTF_8);
    }

    private static ArrayNode entrustments(List<Entrustment> list) {
        ArrayNode a = Json.array();
        for (Entrustment e : list) {
            a.add(Json.object().put("entrustedOn", e.entrustedOn().toString()).put("paidAt", e.paidAt().toString())
                    .put("procedureCode", e.procedureCode()).put("procedureName", e.procedureName())
                    .put("quantity", e.quantity()).put("reference", e.reference()).put("amount", e.amount())
                    .put("refunded", e.refunded()).put("checkoutId", e.checkoutId()).put("paymentId", e.paymentId())
                    .put("payinId", e.payinId()).put("fiscalYear", e.fiscalYear()).put("revenueItemCode", e.revenueItemCode()));
        }
        return a;
    }

    private static ArrayNode claims(List<Claim> list) {
        ArrayNode a = Json.array();
        for (Claim c : list) {
            ObjectNode n = Json.object().put("runId", c.runId()).put("businessDate", c.businessDate().toString())
                    .put("count", c.count()).put("amount", c.amount());
            ArrayNode items = n.putArray("items");
            for (RepaymentItem i : c.items()) {
                items.add(repaymentItem(i));
            }
            a.add(n);
        }
        return a;
    }

    private static ObjectNode repaymentItem(RepaymentItem i) {
        return Json.object().put("refundId", i.refundId()).put("receiptNumber", i.receiptNumber())
                .put("checkoutId", i.checkoutId()).put("paymentId", i.paymentId()).put("creditorCode", i.creditor())
                .put("procedureCode", i.procedureCode()).put("procedureName", i.procedureName()).put("item", i.item())
                .put("line", i.line()).put("fiscalYear", i.fiscalYear()).put("amount", i.amount());
    }

    /** The entrustments and claims of a stored version (its JSON document). */
    record Stored(List<Entrustment> entrustments, List<Claim> claims) {}

    static Stored parse(byte[] stored) {
        JsonNode n = Json.parse(stored);
        List<Entrustment> entrustments = new ArrayList<>();
        for (JsonNode e : n.path("entrustments")) {
            entrustments.add(entrustment(e));
        }
        List<Claim> claims = new ArrayList<>();
        for (JsonNode c : n.path("refundClaims").path("claims")) {
            List<RepaymentItem> items = new ArrayList<>();
            for (JsonNode i : c.path("items")) {
                items.add(repaymentItem(i));
            }
            claims.add(new Claim(c.get("runId").asText(), LocalDate.parse(c.get("businessDate").asText()),
                    c.get("count").asLong(), c.get("amount").asLong(), items));
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
     * "procedureName", "quantity", "amount", "refunded", "paidAt", "entrustedOn"}]}}).
     */
    static List<Entrustment> payInLines(byte[] json, String payinId, int fiscalYear, String revenueItemCode) {
        JsonNode n = Json.parse(json);
        String id = n.path("payinId").asText(payinId);
        int year = n.path("fiscalYear").asInt(fiscalYear);
        String item = n.path("revenueItem").path("code").asText(revenueItemCode);
        List<Entrustment> out = new ArrayList<>();
        for (JsonNode l : n.path("lines")) {
            PayInLine line = new PayInLine(l.get("checkoutId").asText(), l.get("paymentId").asText(), text(l, "reference"),
                    l.get("procedureCode").asText(), text(l, "procedureName"), l.path("quantity").asInt(1),
                    l.get("amount").asLong(), l.path("refunded").asLong(0), Instant.parse(l.get("paidAt").asText()));
            out.add(Entrustment.of(id, year, item, line));
        }
        return out;
    }
}
