package jp.kokin.settlement;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jp.kokin.domain.catalog.RevenueItem;
import jp.kokin.domain.checkout.TestCatalogs;
import jp.kokin.domain.settlement.DocumentStore;
import jp.kokin.domain.settlement.StoredObject;
import jp.kokin.domain.settlement.treasury.PayIn;
import jp.kokin.domain.settlement.treasury.PayInAudit;
import jp.kokin.domain.settlement.treasury.PayInStatus;
import jp.kokin.domain.settlement.treasury.PayInStore;

/**
 * Pay-ins stored straight through the ports, as a settlement run leaves them (status {@code due},
 * audit {@code created}, documents {@code lines.json} and the slips), for the pay-in routes and the watch.
 */
final class StoredPayIns {
    private StoredPayIns() {}

    /** A due pay-in of 外務省 (MOFA) of the run {@code stl_<date>_001}, place {@code place}, with {@code lines} lines of 14,000 yen. */
    static PayIn mofa(PayInStore store, DocumentStore documents, LocalDate businessDate, int place, LocalDate dueDate,
                      int fiscalYear, boolean closedYear, int lines) {
        return of(store, documents, TestCatalogs.MOFA, businessDate, place, dueDate, fiscalYear, closedYear, lines);
    }

    static PayIn of(PayInStore store, DocumentStore documents, String organizationCode, LocalDate businessDate, int place,
                    LocalDate dueDate, int fiscalYear, boolean closedYear, int lines) {
        String runId = "stl_" + businessDate.toString().replace("-", "") + "_001";
        String id = PayIn.idOf(runId, place);
        RevenueItem item = TestCatalogs.PASSPORT_REVENUE;
        long amount = 14_000L * lines;
        String prefix = "runs/" + businessDate + "/" + runId + "/payins/" + id + ".";
        StringBuilder json = new StringBuilder();
        json.append("{\"payinId\":\"").append(id).append("\",\"runId\":\"").append(runId).append("\",\"businessDate\":\"")
                .append(businessDate).append("\",\"organizationCode\":\"").append(organizationCode)
                .append("\",\"amount\":").append(amount).append(",\"count\":").append(lines).append(",\"lines\":[");
        for (int i = 0; i < lines; i++) {
            json.append(i == 0 ? "" : ",").append("{\"checkoutId\":\"chk_").append(String.format("%026d", i))
                    .append("\",\"paymentId\":\"pay_").append(i).append("\",\"reference\":\"REF-").append(i)
                    .append("\",\"procedureCode\":\"").append(TestCatalogs.PASSPORT)
                    .append("\",\"procedureName\":\"一般旅券（10年）\",\"quantity\":1,\"amount\":14000,\"refunded\":0,")
                    .append("\"paidAt\":\"").append(businessDate).append("T01:00:00Z\",\"entrustedOn\":\"").append(businessDate).append("\"}");
        }
        json.append("]}");
        Map<String, StoredObject> docs = new LinkedHashMap<>();
        docs.put("lines.json", put(documents, prefix + "lines.json", "application/json", json.toString()));
        docs.put("slip.html", put(documents, prefix + "slip.html", "text/html; charset=utf-8",
                "<!doctype html><title>納付書 " + id + "</title><p>" + amount + "</p>"));
        docs.put("slip.csv", put(documents, prefix + "slip.csv", "text/csv; charset=utf-8", "\uFEFF納付番号," + id + "\r\n"));
        docs.put("slip.json", put(documents, prefix + "slip.json", "application/json", "{\"payinId\":\"" + id + "\"}"));
        Instant created = businessDate.plusDays(1).atStartOfDay(java.time.ZoneOffset.ofHours(9)).toInstant().plusSeconds(1800);
        PayIn p = new PayIn(id, runId, businessDate, organizationCode, "016", "外務省", "一般会計", "0160001",
                "外務省大臣官房会計課長（歳入徴収官）", fiscalYear, item, amount, lines, dueDate, closedYear, PayInStatus.DUE, created,
                null, null, List.of(new PayInAudit("created", "system", created, runId)), docs, 1);
        if (!store.create(p)) {
            throw new IllegalStateException("pay-in " + id + " exists");
        }
        return p;
    }

    static StoredObject put(DocumentStore documents, String key, String contentType, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return documents.put(key, contentType, (OutputStream out) -> out.write(bytes));
    }
}
