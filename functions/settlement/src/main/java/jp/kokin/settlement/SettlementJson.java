package jp.kokin.settlement;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jp.kokin.adapters.json.Json;
import jp.kokin.domain.settlement.CreditorStatement;
import jp.kokin.domain.settlement.ProcedureTotal;
import jp.kokin.domain.settlement.Settlement;
import jp.kokin.domain.settlement.SettlementPayment;

/** The settlement API's JSON, also the stored snapshot's form. */
final class SettlementJson {
    private SettlementJson() {}

    static ObjectNode write(Settlement s) {
        ObjectNode root = Json.object();
        root.put("date", s.businessDate().toString());
        ArrayNode statements = root.putArray("statements");
        for (CreditorStatement c : s.statements()) {
            ObjectNode sn = statements.addObject();
            sn.put("creditorCode", c.creditorCode());
            sn.put("creditorName", c.creditorName());
            sn.put("count", c.count());
            sn.put("amount", c.amount());
            ArrayNode procedures = sn.putArray("procedures");
            for (ProcedureTotal p : c.procedures()) {
                procedures.addObject().put("procedureCode", p.procedureCode()).put("procedureName", p.procedureName())
                        .put("count", p.count()).put("amount", p.amount());
            }
            ArrayNode payments = sn.putArray("payments");
            for (SettlementPayment p : c.payments()) {
                payments.addObject().put("checkoutId", p.checkoutId()).put("paymentId", p.paymentId())
                        .put("amount", p.amount()).put("paidAt", p.paidAt().toString());
            }
        }
        return root;
    }

    static Settlement read(JsonNode root) {
        List<CreditorStatement> statements = new ArrayList<>();
        for (JsonNode sn : root.get("statements")) {
            List<ProcedureTotal> procedures = new ArrayList<>();
            sn.get("procedures").forEach(p -> procedures.add(new ProcedureTotal(p.get("procedureCode").asText(),
                    p.path("procedureName").asText(""), p.get("count").asLong(), p.get("amount").asLong())));
            List<SettlementPayment> payments = new ArrayList<>();
            sn.get("payments").forEach(p -> payments.add(new SettlementPayment(p.get("checkoutId").asText(),
                    p.get("paymentId").asText(), p.get("amount").asLong(), Instant.parse(p.get("paidAt").asText()))));
            statements.add(new CreditorStatement(sn.get("creditorCode").asText(), sn.get("creditorName").asText(),
                    sn.get("count").asLong(), sn.get("amount").asLong(), procedures, payments));
        }
        return new Settlement(LocalDate.parse(root.get("date").asText()), statements);
    }
}
