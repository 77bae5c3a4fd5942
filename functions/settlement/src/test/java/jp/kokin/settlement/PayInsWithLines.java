package jp.kokin.settlement;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jp.kokin.adapters.json.Json;
import jp.kokin.domain.catalog.RevenueItem;
import jp.kokin.domain.checkout.TestCatalogs;
import jp.kokin.domain.format.JapaneseDates;
import jp.kokin.domain.settlement.DocumentStore;
import jp.kokin.domain.settlement.RepaymentRequest;
import jp.kokin.domain.settlement.SettlementRunId;
import jp.kokin.domain.settlement.StoredObject;
import jp.kokin.domain.settlement.treasury.PayIn;
import jp.kokin.domain.settlement.treasury.PayInStatus;
import jp.kokin.domain.settlement.treasury.PayInStore;

/**
 * MOFA's pay-ins as a settlement run stores them (design contract, "Documents"): each pay-in's
 * {@code lines.json} written to the document store in the contract's format, then the pay-in record
 * with it among its documents; and repayment requests' JSON documents. Works over the fakes and over
 * DynamoDB and S3.
 */
final class PayInsWithLines {
    /** One entrustment: a passport's national line of 14,000 yen unless said. */
    record Line(String checkoutId, Instant paidAt, long amount) {
        Line(String checkoutId, String paidAt) {
            this(checkoutId, Instant.parse(paidAt), 14000);
        }
    }

    private static final JsonFactory JSON = JsonFactory.builder().build();

    private final PayInStore payIns;
    private final DocumentStore documents;

    PayInsWithLines(PayInStore payIns, DocumentStore documents) {
        this.payIns = payIns;
        this.documents = documents;
    }

    /** MOFA's pay-in {@code place} of the run {@code stl_<businessDate>_001}, holding {@code lines}. */
    PayIn payIn(LocalDate businessDate, int place, List<Line> lines) {
        String runId = new SettlementRunId(businessDate, 1).toString();
        String id = PayIn.idOf(runId, place);
        RevenueItem item = TestCatalogs.PASSPORT_REVENUE;
        var t = TestCatalogs.MOFA_TREASURY;
        long amount = lines.stream().mapToLong(Line::amount).sum();
        int fiscalYear = JapaneseDates.fiscalYear(lines.getFirst().paidAt());
        LocalDate due = businessDate.plusDays(7);
        // streamed, in the contract's field order: a test pay-in may hold 100,000 lines
        StoredObject linesJson = documents.put("runs/" + businessDate + "/" + runId + "/payins/" + id + ".lines.json",
                "application/json", out -> {
                    try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
                        g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
                        g.writeStartObject();
                        g.writeStringField("payinId", id);
                        g.writeStringField("runId", runId);
                        g.writeStringField("businessDate", businessDate.toString());
                        g.writeStringField("organizationCode", TestCatalogs.MOFA);
                        g.writeStringField("ministryCode", t.ministryCode());
                        g.writeStringField("ministryName", t.ministryName());
                        g.writeStringField("account", t.account());
                        g.writeStringField("officerCode", t.officerCode());
                        g.writeStringField("officerName", t.officerName());
                        g.writeNumberField("fiscalYear", fiscalYear);
                        g.writeObjectFieldStart("revenueItem");
                        g.writeStringField("code", item.code());
                        g.writeStringField("name", item.name());
                        g.writeEndObject();
                        g.writeNumberField("amount", amount);
                        g.writeNumberField("count", lines.size());
                        g.writeStringField("dueDate", due.toString());
                        g.writeBooleanField("closedYear", false);
                        g.writeArrayFieldStart("lines");
                        for (Line l : lines) {
                            g.writeStartObject();
                            g.writeStringField("checkoutId", l.checkoutId());
                            g.writeStringField("paymentId", "pay_" + l.checkoutId().substring(4) + "_1");
                            g.writeStringField("reference", "APP-" + l.checkoutId());
                            g.writeStringField("procedureCode", TestCatalogs.PASSPORT);
                            g.writeStringField("procedureName", "一般旅券（10年）");
                            g.writeNumberField("quantity", 1);
                            g.writeNumberField("amount", l.amount());
                            g.writeNumberField("refunded", 0);
                            g.writeStringField("paidAt", l.paidAt().toString());
                            g.writeStringField("entrustedOn", JapaneseDates.businessDate(l.paidAt()).toString());
                            g.writeEndObject();
                        }
                        g.writeEndArray();
                        g.writeEndObject();
                    }
                });
        PayIn payIn = new PayIn(id, runId, businessDate, TestCatalogs.MOFA, t.ministryCode(), t.ministryName(), t.account(),
                t.officerCode(), t.officerName(), fiscalYear, item, amount, lines.size(), due, false, PayInStatus.DUE,
                businessDate.plusDays(1).atStartOfDay(JapaneseDates.JST).toInstant(), null, null, List.of(),
                Map.of("lines.json", linesJson), 1);
        if (!payIns.create(payIn)) {
            throw new IllegalStateException("pay-in " + id + " exists");
        }
        return payIn;
    }

    /** MOFA's repayment request (one row of {@code amount} yen for refund {@code refundId}) of the run {@code runId}. */
    RepaymentRequest repaymentRequest(SettlementRunId runId, String refundId, long amount) {
        String prefix = "runs/" + runId.businessDate() + "/" + runId + "/repayments/" + TestCatalogs.MOFA;
        ObjectNode doc = Json.object().put("runId", runId.toString()).put("businessDate", runId.businessDate().toString())
                .put("creditorCode", TestCatalogs.MOFA).put("creditorName", "外務省").put("count", 1).put("amount", amount);
        doc.putArray("items").add(Json.object().put("refundId", refundId).put("receiptNumber", "MYNA-2026-0000001")
                .put("checkoutId", "chk_refunded").put("paymentId", "pay_refunded_1").put("creditorCode", TestCatalogs.MOFA)
                .put("procedureCode", TestCatalogs.PASSPORT).put("procedureName", "一般旅券（10年）").put("item", 0).put("line", 0)
                .put("fiscalYear", 2026).put("amount", amount));
        return new RepaymentRequest(runId, TestCatalogs.MOFA, "外務省", 1, amount, put(prefix + ".json", Json.write(doc)),
                put(prefix + ".csv", "csv"), put(prefix + ".html", "<p>html</p>"));
    }

    private StoredObject put(String key, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return documents.put(key, key.endsWith(".json") ? "application/json" : "text/plain", (OutputStream out) -> out.write(bytes));
    }
}
