package jp.kokin.adapters.ledger;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jp.kokin.adapters.json.Json;
import jp.kokin.domain.catalog.BankAccount;
import jp.kokin.domain.settlement.ProcedureTotal;
import jp.kokin.domain.settlement.RefundClaim;
import jp.kokin.domain.settlement.RefundTransfers;
import jp.kokin.domain.settlement.RepaymentRequest;
import jp.kokin.domain.settlement.RunState;
import jp.kokin.domain.settlement.RunStatement;
import jp.kokin.domain.settlement.SettlementLine;
import jp.kokin.domain.settlement.SettlementRun;
import jp.kokin.domain.settlement.SettlementRunId;
import jp.kokin.domain.settlement.StoredObject;

/**
 * The stored JSON of settlement runs, their statements and their claim batches (the {@code doc}
 * and {@code lines} attributes of the ledger's {@code STL…} items), through {@link Json}.
 *
 * <p>Lines are stored compactly, since a batch item holds up to
 * {@link jp.kokin.domain.settlement.SettlementRunStore#MAX_CHECKOUTS_PER_CLAIM} of them: one object
 * per line with one-letter keys and each share as an array
 * {@code {"c":checkoutId,"p":paymentId,"t":paidAt,"o":organizationCode,"r":reference,"s":[[creditor,procedureCode,procedureName,quantity,amount(,refunded)],…]}}
 * (the sixth element only when part of the share was refunded before the claim; {@code o} and {@code r},
 * the checkout's organization and portal reference, absent in batches stored before issue 12: read as {@code ""}).
 *
 * <p>Refund claims ({@code refunds} of a batch) likewise: {@code {"r":refundId,"c":checkoutId,"p":paymentId,
 * "n":receiptNumber?,"t":paidAt,"d":[[creditor,procedureCode,procedureName,item,line,amount],…],
 * "a":[bankCode,bankName,branchCode,branchName,accountType,accountNumber,holderKana]?,"y":transferAmount?}}.
 */
public final class SettlementRunCodec {
    private SettlementRunCodec() {}

    public static ObjectNode run(SettlementRun r) {
        ObjectNode n = Json.object();
        n.put("id", r.id().toString());
        n.put("state", r.state().wire());
        n.put("createdAt", r.createdAt().toString());
        n.put("cutoff", r.cutoff().toString());
        n.put("transferDate", r.transferDate().toString());
        n.put("count", r.count());
        n.put("amount", r.amount());
        n.put("creditors", r.creditors());
        n.put("carriedOver", r.carriedOver());
        if (r.transferFile() != null) {
            n.set("transferFile", object(r.transferFile()));
        }
        if (r.document() != null) {
            n.set("document", object(r.document()));
        }
        if (r.completedAt() != null) {
            n.put("completedAt", r.completedAt().toString());
        }
        return n;
    }

    public static SettlementRun run(JsonNode n) {
        return new SettlementRun(runId(n.get("id").asText()), RunState.fromWire(n.get("state").asText()),
                Instant.parse(n.get("createdAt").asText()), Instant.parse(n.get("cutoff").asText()),
                LocalDate.parse(n.get("transferDate").asText()), n.get("count").asLong(), n.get("amount").asLong(),
                n.get("creditors").asInt(), n.get("carriedOver").asLong(), object(n.get("transferFile")),
                object(n.get("document")), n.hasNonNull("completedAt") ? Instant.parse(n.get("completedAt").asText()) : null);
    }

    public static ObjectNode statement(RunStatement s) {
        ObjectNode n = Json.object();
        n.put("runId", s.runId().toString());
        n.put("creditorCode", s.creditorCode());
        n.put("creditorName", s.creditorName());
        n.put("count", s.count());
        n.put("amount", s.amount());
        n.put("carriedOver", s.carriedOver());
        if (s.refunded() > 0) {
            n.put("refunded", s.refunded());
        }
        if (s.netted() > 0) {
            n.put("netted", s.netted());
        }
        ArrayNode procedures = n.putArray("procedures");
        for (ProcedureTotal p : s.procedures()) {
            procedures.addObject().put("procedureCode", p.procedureCode()).put("procedureName", p.procedureName())
                    .put("count", p.count()).put("amount", p.amount());
        }
        n.set("json", object(s.json()));
        n.set("csv", object(s.csv()));
        n.set("html", object(s.html()));
        return n;
    }

    public static RunStatement statement(JsonNode n) {
        List<ProcedureTotal> procedures = new ArrayList<>();
        for (JsonNode p : n.path("procedures")) {
            procedures.add(new ProcedureTotal(p.get("procedureCode").asText(), p.get("procedureName").asText(),
                    p.get("count").asLong(), p.get("amount").asLong()));
        }
        return new RunStatement(runId(n.get("runId").asText()), n.get("creditorCode").asText(),
                n.get("creditorName").asText(), n.get("count").asLong(), n.get("amount").asLong(),
                n.get("carriedOver").asLong(), procedures, object(n.get("json")), object(n.get("csv")),
                object(n.get("html")), n.path("refunded").asLong(0), n.path("netted").asLong(0));
    }

    /** A batch's lines, compact (see the class comment). */
    public static String lines(List<SettlementLine> lines) {
        return compact(lines, SettlementRunCodec::line);
    }

    /** A JSON array of {@code items}, each as {@code encode} writes it, in one string (a batch attribute). */
    private static <T> String compact(List<T> items, java.util.function.Function<T, ObjectNode> encode) {
        ArrayNode array = Json.array();
        items.forEach(item -> array.add(encode.apply(item)));
        return Json.write(array);
    }

    static ObjectNode line(SettlementLine line) {
        ObjectNode n = Json.object();
        n.put("c", line.checkoutId());
        n.put("p", line.paymentId());
        n.put("t", line.paidAt().toString());
        if (!line.organizationCode().isEmpty()) {
            n.put("o", line.organizationCode());
        }
        if (!line.reference().isEmpty()) {
            n.put("r", line.reference());
        }
        ArrayNode shares = n.putArray("s");
        for (SettlementLine.Share s : line.shares()) {
            ArrayNode share = shares.addArray().add(s.creditor()).add(s.procedureCode()).add(s.procedureName())
                    .add(s.quantity()).add(s.amount());
            if (s.refunded() > 0) {
                share.add(s.refunded());
            }
        }
        return n;
    }

    /** Each line of a batch, in the order stored (the batch is one item, at most 350 KB: parsed whole). */
    public static void forEachLine(String lines, Consumer<SettlementLine> each) {
        for (JsonNode n : Json.parse(lines)) {
            List<SettlementLine.Share> shares = new ArrayList<>();
            for (JsonNode s : n.get("s")) {
                shares.add(new SettlementLine.Share(s.get(0).asText(), s.get(1).asText(), s.get(2).asText(),
                        s.get(3).asInt(), s.get(4).asLong(), s.size() > 5 ? s.get(5).asLong() : 0));
            }
            each.accept(new SettlementLine(n.get("c").asText(), n.get("p").asText(), Instant.parse(n.get("t").asText()),
                    shares, n.path("o").asText(""), n.path("r").asText("")));
        }
    }

    public static List<SettlementLine> lines(String lines) {
        List<SettlementLine> list = new ArrayList<>();
        forEachLine(lines, list::add);
        return list;
    }

    /** A batch's refund claims, compact (see the class comment). */
    public static String refunds(List<RefundClaim> claims) {
        return compact(claims, SettlementRunCodec::refund);
    }

    static ObjectNode refund(RefundClaim c) {
        ObjectNode n = Json.object();
        n.put("r", c.refundId());
        n.put("c", c.checkoutId());
        n.put("p", c.paymentId());
        if (c.receiptNumber() != null) {
            n.put("n", c.receiptNumber());
        }
        n.put("t", c.paidAt().toString());
        ArrayNode d = n.putArray("d");
        for (RefundClaim.Repayment r : c.repayments()) {
            d.addArray().add(r.creditor()).add(r.procedureCode()).add(r.procedureName()).add(r.item()).add(r.line()).add(r.amount());
        }
        if (c.payee() != null) {
            BankAccount a = c.payee();
            n.putArray("a").add(a.bankCode()).add(a.bankName()).add(a.branchCode()).add(a.branchName())
                    .add(a.accountType()).add(a.accountNumber()).add(a.holderKana());
            n.put("y", c.transferAmount());
        }
        return n;
    }

    /** Each refund claim of a batch, in the order stored. */
    public static void forEachRefund(String refunds, Consumer<RefundClaim> each) {
        for (JsonNode n : Json.parse(refunds)) {
            List<RefundClaim.Repayment> repayments = new ArrayList<>();
            for (JsonNode r : n.path("d")) {
                repayments.add(new RefundClaim.Repayment(r.get(0).asText(), r.get(1).asText(), r.get(2).asText(),
                        r.get(3).asInt(), r.get(4).asInt(), r.get(5).asLong()));
            }
            JsonNode a = n.get("a");
            BankAccount payee = a == null || a.isNull() ? null : new BankAccount(a.get(0).asText(), a.get(1).asText(),
                    a.get(2).asText(), a.get(3).asText(), a.get(4).asInt(), a.get(5).asText(), a.get(6).asText());
            each.accept(new RefundClaim(n.get("r").asText(), n.get("c").asText(), n.get("p").asText(),
                    n.hasNonNull("n") ? n.get("n").asText() : null, Instant.parse(n.get("t").asText()), repayments, payee,
                    n.path("y").asLong(0)));
        }
    }

    public static ObjectNode repaymentRequest(RepaymentRequest r) {
        ObjectNode n = Json.object();
        n.put("runId", r.runId().toString());
        n.put("creditorCode", r.creditorCode());
        n.put("creditorName", r.creditorName());
        n.put("count", r.count());
        n.put("amount", r.amount());
        n.set("json", object(r.json()));
        n.set("csv", object(r.csv()));
        n.set("html", object(r.html()));
        return n;
    }

    public static RepaymentRequest repaymentRequest(JsonNode n) {
        return new RepaymentRequest(runId(n.get("runId").asText()), n.get("creditorCode").asText(),
                n.get("creditorName").asText(), n.get("count").asLong(), n.get("amount").asLong(), object(n.get("json")),
                object(n.get("csv")), object(n.get("html")));
    }

    public static ObjectNode refundTransfers(RefundTransfers t) {
        ObjectNode n = Json.object();
        n.put("runId", t.runId().toString());
        n.put("count", t.count());
        n.put("amount", t.amount());
        n.set("file", object(t.file()));
        return n;
    }

    public static RefundTransfers refundTransfers(JsonNode n) {
        return new RefundTransfers(runId(n.get("runId").asText()), n.get("count").asLong(), n.get("amount").asLong(),
                object(n.get("file")));
    }

    static ObjectNode object(StoredObject o) {
        return Json.object().put("key", o.key()).put("sha256", o.sha256()).put("bytes", o.bytes())
                .put("contentType", o.contentType());
    }

    static StoredObject object(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        return new StoredObject(n.get("key").asText(), n.get("sha256").asText(), n.get("bytes").asLong(),
                n.get("contentType").asText());
    }

    private static SettlementRunId runId(String text) {
        return SettlementRunId.parse(text).orElseThrow(() -> new IllegalStateException("stored run id is malformed: " + text));
    }
}
