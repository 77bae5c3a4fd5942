package jp.kokin.settlement;

import java.util.List;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jp.kokin.adapters.json.Json;
import jp.kokin.domain.settlement.ProcedureTotal;
import jp.kokin.domain.settlement.RefundTransfers;
import jp.kokin.domain.settlement.RepaymentRequest;
import jp.kokin.domain.settlement.SettlementRun;
import jp.kokin.domain.settlement.SettlementRunId;
import jp.kokin.settlement.SettlementViews.DateView;
import jp.kokin.settlement.SettlementViews.PaymentView;
import jp.kokin.settlement.SettlementViews.RunSummary;
import jp.kokin.settlement.SettlementViews.StatementView;

/** The settlement API's JSON answers, written from {@link SettlementViews}' views. */
final class SettlementViewJson {
    private SettlementViewJson() {}

    /** {@code /v1/settlement-runs/{id}}, where a run's documents are fetched. */
    static String runPath(SettlementRunId id) {
        return "/v1/settlement-runs/" + id;
    }

    /** {@code {"runs": [...]}}, oldest first. */
    static ObjectNode runs(List<RunSummary> runs) {
        ObjectNode root = Json.object();
        ArrayNode list = root.putArray("runs");
        runs.forEach(r -> run(list.addObject(), r));
        return root;
    }

    private static ObjectNode run(ObjectNode node, RunSummary r) {
        SettlementRun run = r.run();
        node.put("id", run.id().toString());
        node.put("businessDate", run.businessDate().toString());
        node.put("createdAt", run.createdAt().toString());
        node.put("completedAt", run.completedAt().toString());
        node.put("transferDate", run.transferDate().toString());
        node.put("count", r.count());
        node.put("amount", r.amount());
        node.put("creditors", r.creditors());
        node.put("carriedOver", r.carriedOver());
        return node;
    }

    /** One run with its statements (and their document links) and its transfer file link. */
    static ObjectNode run(RunSummary r, List<StatementView> statements, boolean paymentsIncluded) {
        return run(r, statements, paymentsIncluded, List.of(), null);
    }

    /**
     * With refunds: {@code repaymentRequests} ({@code [{"creditorCode","creditorName","count","amount",
     * "json","csv","html"}]}, the document routes; always present, empty without any) and
     * {@code refundTransferFile} ({@code {"href","bytes","sha256","count","amount"}}, for a {@code *} key
     * when the run pays refunds by transfer; else {@code null}).
     */
    static ObjectNode run(RunSummary r, List<StatementView> statements, boolean paymentsIncluded,
                          List<RepaymentRequest> repayments, RefundTransfers refundTransfers) {
        ObjectNode root = run(Json.object(), r);
        String path = runPath(r.run().id());
        if (r.transferFile() == null) {
            root.putNull("transferFile");
        } else {
            root.putObject("transferFile").put("href", path + "/transfer-file").put("bytes", r.transferFile().bytes())
                    .put("sha256", r.transferFile().sha256());
        }
        root.put("paymentsIncluded", paymentsIncluded);
        ArrayNode list = root.putArray("statements");
        for (StatementView s : statements) {
            statement(list.addObject(), s).put("csv", path + "/statements/" + s.creditorCode() + ".csv")
                    .put("html", path + "/statements/" + s.creditorCode() + ".html");
        }
        ArrayNode requests = root.putArray("repaymentRequests");
        for (RepaymentRequest q : repayments) {
            String base = path + "/repayment-requests/" + q.creditorCode();
            requests.addObject().put("creditorCode", q.creditorCode()).put("creditorName", q.creditorName())
                    .put("count", q.count()).put("amount", q.amount()).put("json", base + ".json")
                    .put("csv", base + ".csv").put("html", base + ".html");
        }
        if (refundTransfers == null) {
            root.putNull("refundTransferFile");
        } else {
            root.putObject("refundTransferFile").put("href", path + "/refund-transfer-file")
                    .put("bytes", refundTransfers.file().bytes()).put("sha256", refundTransfers.file().sha256())
                    .put("count", refundTransfers.count()).put("amount", refundTransfers.amount());
        }
        return root;
    }

    /** A date's statements, over its runs or provisional. */
    static ObjectNode date(DateView view) {
        ObjectNode root = Json.object();
        root.put("date", view.date().toString());
        root.put("status", view.provisional() ? "provisional" : "settled");
        if (view.settledAt() == null) {
            root.putNull("settledAt");
        } else {
            root.put("settledAt", view.settledAt().toString());
        }
        root.put("provisional", view.provisional());
        ArrayNode runs = root.putArray("runs");
        view.runs().forEach(id -> runs.add(id.toString()));
        root.put("paymentsIncluded", view.paymentsIncluded());
        ArrayNode list = root.putArray("statements");
        view.statements().forEach(s -> statement(list.addObject(), s));
        return root;
    }

    /** The statement object: the statement JSON document's shape ({@code payments} only when listed). */
    private static ObjectNode statement(ObjectNode node, StatementView s) {
        node.put("creditorCode", s.creditorCode());
        node.put("creditorName", s.creditorName());
        node.put("count", s.count());
        node.put("amount", s.amount());
        node.put("carriedOver", s.carriedOver());
        if (s.refunded() > 0 || s.netted() > 0) { // amount is what is transferred: gross less both
            node.put("grossAmount", s.amount() + s.refunded() + s.netted());
            node.put("refundedAmount", s.refunded());
            node.put("nettedAmount", s.netted());
        }
        ArrayNode procedures = node.putArray("procedures");
        for (ProcedureTotal p : s.procedures()) {
            procedures.addObject().put("procedureCode", p.procedureCode()).put("procedureName", p.procedureName())
                    .put("count", p.count()).put("amount", p.amount());
        }
        if (s.payments() != null) {
            ArrayNode payments = node.putArray("payments");
            for (PaymentView p : s.payments()) {
                payments.addObject().put("checkoutId", p.checkoutId()).put("paymentId", p.paymentId()).put("amount", p.amount())
                        .put("paidAt", p.paidAt().toString()).put("deemedDate", p.deemedDate().toString())
                        .put("carriedOver", p.carriedOver());
            }
        }
        return node;
    }
}
