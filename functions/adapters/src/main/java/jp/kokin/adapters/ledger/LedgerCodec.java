package jp.kokin.adapters.ledger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jp.kokin.adapters.json.Json;
import jp.kokin.domain.catalog.Language;
import jp.kokin.domain.catalog.LocalizedText;
import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.checkout.CheckoutItem;
import jp.kokin.domain.checkout.CheckoutStatus;
import jp.kokin.domain.checkout.LineAmount;
import jp.kokin.domain.checkout.Payment;
import jp.kokin.domain.checkout.PaymentMethod;
import jp.kokin.domain.checkout.PaymentStatus;
import jp.kokin.domain.checkout.ReceiptRef;
import jp.kokin.domain.catalog.BankAccount;
import jp.kokin.domain.receipt.PayerNotice;
import jp.kokin.domain.receipt.Receipt;
import jp.kokin.domain.refund.BankTransfer;
import jp.kokin.domain.refund.Refund;
import jp.kokin.domain.refund.RefundLine;
import jp.kokin.domain.refund.RefundReason;
import jp.kokin.domain.refund.RefundStatus;

/**
 * The stored JSON form of checkouts and receipts (the {@code doc} attribute of ledger items).
 *
 * <p>A checkout's fields that hold their default (no {@code paidAt} or {@code completedAt} yet, not a
 * late or duplicate payment, no metadata) are left out: DynamoDB bills a write per started KB of
 * the whole item (and again on every index that projects it), every write of a checkout rewrites
 * it, and a paid checkout weighs about 1 KB (README, "What a payment costs"). The reader has always
 * taken a missing field as its default, so documents written before, and code deployed before,
 * read both forms.
 */
public final class LedgerCodec {
    private LedgerCodec() {}

    public static ObjectNode checkout(Checkout c) {
        ObjectNode n = Json.object();
        n.put("id", c.id());
        n.put("status", c.status().wire());
        n.put("organizationCode", c.organizationCode());
        n.put("portalId", c.portalId());
        n.put("reference", c.reference());
        n.set("items", items(c.items()));
        n.put("amount", c.amount());
        n.put("returnUrl", c.returnUrl());
        n.put("language", c.language().tag());
        ArrayNode methods = n.putArray("methods");
        c.methods().forEach(m -> methods.add(m.wire()));
        n.put("expiresAt", c.expiresAt().toString());
        n.put("createdAt", c.createdAt().toString());
        putIfSet(n, "paidAt", c.paidAt());
        if (c.latePayment()) {
            n.put("latePayment", true);
        }
        ArrayNode payments = n.putArray("payments");
        for (Payment p : c.payments()) {
            ObjectNode pn = payments.addObject();
            pn.put("id", p.id());
            pn.put("method", p.method().wire());
            pn.put("provider", p.provider());
            pn.put("providerPaymentId", p.providerPaymentId());
            pn.put("status", p.status().wire());
            pn.put("amount", p.amount());
            pn.put("createdAt", p.createdAt().toString());
            putIfSet(pn, "completedAt", p.completedAt());
            if (p.duplicatePayment()) {
                pn.put("duplicatePayment", true);
            }
            putIfSet(pn, "lastAskedAt", p.lastAskedAt()); // when we last asked the provider (ConfirmPayment.QUERY_INTERVAL)
        }
        if (c.receipt() != null) {
            n.putObject("receipt").put("number", c.receipt().number())
                    .put("issuedAt", c.receipt().issuedAt().toString()).put("token", c.receipt().token());
        }
        if (!c.metadata().isEmpty()) {
            ObjectNode metadata = n.putObject("metadata");
            c.metadata().forEach(metadata::put);
        }
        if (c.settlementRunId() != null) {
            n.put("settlementRunId", c.settlementRunId());
        }
        if (!c.refunds().isEmpty()) {
            ArrayNode refunds = n.putArray("refunds");
            c.refunds().forEach(r -> refunds.add(refund(r)));
        }
        n.put("version", c.version());
        return n;
    }

    /**
     * A refund as stored in its checkout. Lines are compact {@code [item, line, amount]} triples
     * (creditor and procedure are the checkout's), unset fields are left out. About 5,400 bytes at
     * worst (every text at its limit, 100 lines): the size model is {@code DynamoLedger.checkoutItem}'s.
     */
    static ObjectNode refund(Refund r) {
        ObjectNode n = Json.object();
        n.put("id", r.id());
        n.put("paymentId", r.paymentId());
        n.put("amount", r.amount());
        n.put("reason", r.reason().wire());
        n.put("status", r.status().wire());
        ArrayNode lines = n.putArray("lines");
        r.lines().forEach(l -> lines.addArray().add(l.item()).add(l.line()).add(l.amount()));
        putIfSet(n, "note", r.note());
        putIfSet(n, "legalBasis", r.legalBasis());
        putIfSet(n, "decisionReference", r.decisionReference());
        n.put("requestedBy", r.requestedBy());
        n.put("createdAt", r.createdAt().toString());
        putIfSet(n, "decidedBy", r.decidedBy());
        putIfSet(n, "decidedAt", r.decidedAt());
        putIfSet(n, "decisionNote", r.decisionNote());
        putIfSet(n, "submittedAt", r.submittedAt());
        putIfSet(n, "providerRefundId", r.providerRefundId());
        putIfSet(n, "lastAskedAt", r.lastAskedAt());
        putIfSet(n, "completedAt", r.completedAt());
        putIfSet(n, "failureReason", r.failureReason());
        putIfSet(n, "noticeNumber", r.noticeNumber());
        putIfSet(n, "settlementRunId", r.settlementRunId());
        if (r.notifiedStatus() != null) {
            n.put("notifiedStatus", r.notifiedStatus().wire());
        }
        BankTransfer t = r.bankTransfer();
        if (t != null) {
            ObjectNode tn = n.putObject("bankTransfer");
            tn.put("linkTokenHash", t.linkTokenHash());
            tn.put("linkExpiresAt", t.linkExpiresAt().toString());
            if (t.account() != null) {
                BankAccount a = t.account();
                tn.putObject("account").put("bankCode", a.bankCode()).put("bankName", a.bankName())
                        .put("branchCode", a.branchCode()).put("branchName", a.branchName())
                        .put("accountType", a.accountType()).put("accountNumber", a.accountNumber())
                        .put("holderKana", a.holderKana());
            }
            putIfSet(tn, "accountGivenAt", t.accountGivenAt());
            putIfSet(tn, "transferRunId", t.transferRunId());
        }
        return n;
    }

    static Refund refund(JsonNode n, List<CheckoutItem> items) {
        List<RefundLine> lines = new ArrayList<>();
        for (JsonNode l : n.get("lines")) {
            int item = l.get(0).asInt();
            int line = l.get(1).asInt();
            CheckoutItem ci = items.get(item);
            lines.add(new RefundLine(item, line, ci.procedureCode(), ci.lines().get(line).creditor(), l.get(2).asLong()));
        }
        BankTransfer transfer = null;
        JsonNode t = n.get("bankTransfer");
        if (t != null && !t.isNull()) {
            JsonNode a = t.get("account");
            BankAccount account = a == null || a.isNull() ? null
                    : new BankAccount(a.get("bankCode").asText(), textOrNull(a, "bankName"), a.get("branchCode").asText(),
                            textOrNull(a, "branchName"), a.get("accountType").asInt(), a.get("accountNumber").asText(),
                            textOrNull(a, "holderKana"));
            transfer = new BankTransfer(t.get("linkTokenHash").asText(), Instant.parse(t.get("linkExpiresAt").asText()),
                    account, instantOrNull(t, "accountGivenAt"), textOrNull(t, "transferRunId"));
        }
        String notified = textOrNull(n, "notifiedStatus");
        return new Refund(n.get("id").asText(), n.get("paymentId").asText(), n.get("amount").asLong(),
                RefundReason.fromWire(n.get("reason").asText()).orElseThrow(), RefundStatus.fromWire(n.get("status").asText()),
                lines, textOrNull(n, "note"), textOrNull(n, "legalBasis"), textOrNull(n, "decisionReference"),
                n.get("requestedBy").asText(), Instant.parse(n.get("createdAt").asText()), textOrNull(n, "decidedBy"),
                instantOrNull(n, "decidedAt"), textOrNull(n, "decisionNote"), instantOrNull(n, "submittedAt"),
                textOrNull(n, "providerRefundId"), instantOrNull(n, "lastAskedAt"), instantOrNull(n, "completedAt"),
                textOrNull(n, "failureReason"), textOrNull(n, "noticeNumber"), textOrNull(n, "settlementRunId"),
                notified == null ? null : RefundStatus.fromWire(notified), transfer);
    }

    public static Checkout checkout(JsonNode n) {
        List<Payment> payments = new ArrayList<>();
        for (JsonNode p : n.path("payments")) {
            payments.add(new Payment(p.get("id").asText(), PaymentMethod.fromWire(p.get("method").asText()).orElseThrow(),
                    p.get("provider").asText(), textOrNull(p, "providerPaymentId"),
                    PaymentStatus.fromWire(p.get("status").asText()), p.get("amount").asLong(),
                    Instant.parse(p.get("createdAt").asText()), instantOrNull(p, "completedAt"),
                    p.path("duplicatePayment").asBoolean(false), instantOrNull(p, "lastAskedAt")));
        }
        List<PaymentMethod> methods = new ArrayList<>();
        n.path("methods").forEach(m -> methods.add(PaymentMethod.fromWire(m.asText()).orElseThrow()));
        JsonNode r = n.get("receipt");
        ReceiptRef receipt = r == null || r.isNull() ? null
                : new ReceiptRef(r.get("number").asText(), Instant.parse(r.get("issuedAt").asText()), r.get("token").asText());
        Map<String, String> metadata = new LinkedHashMap<>();
        n.path("metadata").fields().forEachRemaining(e -> metadata.put(e.getKey(), e.getValue().asText()));
        List<CheckoutItem> items = items(n.get("items"));
        List<Refund> refunds = new ArrayList<>();
        n.path("refunds").forEach(stored -> refunds.add(refund(stored, items)));
        return new Checkout(n.get("id").asText(), CheckoutStatus.fromWire(n.get("status").asText()),
                n.get("organizationCode").asText(), textOrNull(n, "portalId"), n.get("reference").asText(),
                items, n.get("amount").asLong(), n.get("returnUrl").asText(),
                Language.fromTag(n.get("language").asText()), methods, Instant.parse(n.get("expiresAt").asText()),
                Instant.parse(n.get("createdAt").asText()), instantOrNull(n, "paidAt"),
                n.path("latePayment").asBoolean(false), payments, receipt, metadata,
                n.hasNonNull("settlementRunId") ? n.get("settlementRunId").asText() : null, refunds, n.get("version").asLong());
    }

    public static ObjectNode receipt(Receipt r) {
        ObjectNode n = Json.object();
        n.put("number", r.number());
        n.put("checkoutId", r.checkoutId());
        n.put("organizationCode", r.organizationCode());
        n.put("reference", r.reference());
        n.put("amount", r.amount());
        n.set("items", items(r.items()));
        n.put("paidAt", r.paidAt().toString());
        n.put("issuedAt", r.issuedAt().toString());
        n.put("token", r.token());
        if (!r.notices().isEmpty()) {
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
                ArrayNode lines = nn.putArray("lines");
                for (PayerNotice.Line l : notice.lines()) {
                    lines.addObject().put("item", l.item()).put("line", l.line()).put("procedureCode", l.procedureCode())
                            .put("procedureName", l.procedureName()).put("quantity", l.quantity())
                            .put("revenueItemCode", l.revenueItemCode()).put("revenueItemName", l.revenueItemName())
                            .put("amount", l.amount());
                }
            }
        }
        return n;
    }

    /** A stored receipt; one stored before payer's notices existed has none. */
    public static Receipt receipt(JsonNode n) {
        List<PayerNotice> notices = new ArrayList<>();
        for (JsonNode nn : n.path("notices")) {
            List<PayerNotice.Line> lines = new ArrayList<>();
            for (JsonNode l : nn.get("lines")) {
                lines.add(new PayerNotice.Line(l.get("item").asInt(), l.get("line").asInt(), l.get("procedureCode").asText(),
                        l.path("procedureName").asText(""), l.get("quantity").asInt(), l.path("revenueItemCode").asText(""),
                        l.path("revenueItemName").asText(""), l.get("amount").asLong()));
            }
            notices.add(new PayerNotice(nn.get("number").asText(), nn.get("organizationCode").asText(),
                    nn.get("ministryName").asText(), nn.get("agentName").asText(), nn.get("fiscalYear").asInt(), lines,
                    nn.get("amount").asLong(), Instant.parse(nn.get("entrustedAt").asText())));
        }
        return new Receipt(n.get("number").asText(), n.get("checkoutId").asText(), n.get("organizationCode").asText(),
                n.get("reference").asText(), n.get("amount").asLong(), items(n.get("items")),
                Instant.parse(n.get("paidAt").asText()), Instant.parse(n.get("issuedAt").asText()), n.get("token").asText(),
                notices);
    }

    static ArrayNode items(List<CheckoutItem> items) {
        ArrayNode array = Json.array();
        for (CheckoutItem i : items) {
            ObjectNode in = array.addObject();
            in.put("procedureCode", i.procedureCode());
            in.putObject("name").put("ja", i.name().ja()).put("en", i.name().en());
            in.put("quantity", i.quantity());
            ArrayNode lines = in.putArray("lines");
            for (LineAmount l : i.lines()) {
                lines.addObject().put("creditor", l.creditor()).put("unitAmount", l.unitAmount()).put("amount", l.amount());
            }
            in.put("amount", i.amount());
        }
        return array;
    }

    static List<CheckoutItem> items(JsonNode array) {
        List<CheckoutItem> items = new ArrayList<>();
        for (JsonNode i : array) {
            List<LineAmount> lines = new ArrayList<>();
            i.get("lines").forEach(l -> lines.add(new LineAmount(l.get("creditor").asText(), l.get("unitAmount").asLong(),
                    l.get("amount").asLong())));
            JsonNode name = i.get("name");
            items.add(new CheckoutItem(i.get("procedureCode").asText(),
                    new LocalizedText(name.get("ja").asText(), textOrNull(name, "en")), i.get("quantity").asInt(), lines,
                    i.get("amount").asLong()));
        }
        return items;
    }

    /** Writes an instant that is set; leaves out one that is not (read back as null). */
    private static void putIfSet(ObjectNode n, String field, Instant value) {
        if (value != null) {
            n.put(field, value.toString());
        }
    }

    private static void putIfSet(ObjectNode n, String field, String value) {
        if (value != null) {
            n.put(field, value);
        }
    }

    private static String textOrNull(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static Instant instantOrNull(JsonNode n, String field) {
        String v = textOrNull(n, field);
        return v == null ? null : Instant.parse(v);
    }
}
