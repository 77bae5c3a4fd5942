package jp.kokin.adapters.ledger;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jp.kokin.adapters.json.Json;
import jp.kokin.domain.catalog.RevenueItem;
import jp.kokin.domain.settlement.StoredObject;
import jp.kokin.domain.settlement.treasury.PayIn;
import jp.kokin.domain.settlement.treasury.PayInAudit;
import jp.kokin.domain.settlement.treasury.PayInPayment;
import jp.kokin.domain.settlement.treasury.PayInStatus;

/** The stored JSON form of a pay-in (the {@code doc} attribute of its ledger item). */
public final class PayInCodec {
    private PayInCodec() {}

    public static ObjectNode payIn(PayIn p) {
        ObjectNode n = Json.object();
        n.put("id", p.id()).put("runId", p.runId()).put("businessDate", p.businessDate().toString())
                .put("organizationCode", p.organizationCode()).put("ministryCode", p.ministryCode())
                .put("ministryName", p.ministryName()).put("account", p.account()).put("officerCode", p.officerCode())
                .put("officerName", p.officerName()).put("fiscalYear", p.fiscalYear());
        n.putObject("revenueItem").put("code", p.revenueItem().code()).put("name", p.revenueItem().name());
        n.put("amount", p.amount()).put("count", p.count()).put("dueDate", p.dueDate().toString())
                .put("closedYear", p.closedYear()).put("status", p.status().wire())
                .put("createdAt", p.createdAt().toString());
        if (p.paid() != null) {
            n.putObject("paid").put("paidOn", p.paid().paidOn().toString()).put("bank", p.paid().bank())
                    .put("reference", p.paid().reference());
        }
        if (p.confirmedAt() != null) {
            n.put("confirmedAt", p.confirmedAt().toString());
        }
        ArrayNode audit = n.putArray("audit");
        for (PayInAudit a : p.audit()) {
            audit.addObject().put("action", a.action()).put("principal", a.principal()).put("at", a.at().toString())
                    .put("detail", a.detail());
        }
        ObjectNode documents = n.putObject("documents");
        p.documents().forEach((name, o) -> documents.set(name, SettlementRunCodec.object(o)));
        n.put("version", p.version());
        return n;
    }

    public static PayIn payIn(JsonNode n) {
        JsonNode paid = n.get("paid");
        List<PayInAudit> audit = new ArrayList<>();
        for (JsonNode a : n.path("audit")) {
            audit.add(new PayInAudit(a.get("action").asText(), a.get("principal").asText(),
                    Instant.parse(a.get("at").asText()), a.path("detail").asText("")));
        }
        Map<String, StoredObject> documents = new LinkedHashMap<>();
        n.path("documents").properties().forEach(e -> documents.put(e.getKey(), SettlementRunCodec.object(e.getValue())));
        return new PayIn(n.get("id").asText(), n.get("runId").asText(), LocalDate.parse(n.get("businessDate").asText()),
                n.get("organizationCode").asText(), n.get("ministryCode").asText(), n.get("ministryName").asText(),
                n.get("account").asText(), n.get("officerCode").asText(), n.get("officerName").asText(),
                n.get("fiscalYear").asInt(),
                new RevenueItem(n.get("revenueItem").get("code").asText(), n.get("revenueItem").get("name").asText()),
                n.get("amount").asLong(), n.get("count").asInt(), LocalDate.parse(n.get("dueDate").asText()),
                n.path("closedYear").asBoolean(false),
                PayInStatus.fromWire(n.get("status").asText()).orElseThrow(), Instant.parse(n.get("createdAt").asText()),
                paid == null ? null : new PayInPayment(LocalDate.parse(paid.get("paidOn").asText()),
                        paid.get("bank").asText(), paid.get("reference").asText()),
                n.hasNonNull("confirmedAt") ? Instant.parse(n.get("confirmedAt").asText()) : null,
                audit, documents, n.path("version").asLong(0));
    }
}
