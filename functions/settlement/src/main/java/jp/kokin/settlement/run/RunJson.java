package jp.kokin.settlement.run;

import java.io.IOException;
import java.io.OutputStream;
import java.time.LocalDate;
import java.util.Iterator;
import java.util.List;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import jp.kokin.domain.catalog.RevenueItem;
import jp.kokin.domain.format.JapaneseDates;
import jp.kokin.domain.settlement.treasury.PayIn;
import jp.kokin.domain.settlement.treasury.PayInLine;
import jp.kokin.domain.settlement.treasury.PayInSlip;
import jp.kokin.domain.settlement.ProcedureTotal;
import jp.kokin.domain.settlement.RefundTransfers;
import jp.kokin.domain.settlement.RepaymentItem;
import jp.kokin.domain.settlement.RepaymentRequest;
import jp.kokin.domain.settlement.RunStatement;
import jp.kokin.domain.settlement.SettlementPayment;
import jp.kokin.domain.settlement.SettlementRun;
import jp.kokin.domain.settlement.StatementHeader;
import jp.kokin.domain.settlement.StoredObject;

/**
 * The JSON documents of a run, streamed (a generator writes each value as it goes): a creditor's
 * statement (the API's statement object, with every payment) and the run document (the run and its
 * statements' totals and objects). Bytes depend only on the stored run and its lines: a roll-forward
 * writes the same bytes again.
 */
final class RunJson {
    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    private RunJson() {
    }

    /**
     * {@code {"creditorCode","creditorName","count","amount","carriedOver","procedures":[…],
     * "payments":[{"checkoutId","paymentId","amount","paidAt","deemedDate","carriedOver"}]}}.
     */
    static void statement(LocalDate businessDate, StatementHeader s, Iterator<SettlementPayment> payments,
                          OutputStream out) throws IOException {
        statement(businessDate, s, payments, List.of(), out);
    }

    /**
     * With refunds ({@link StatementHeader#withRefunds()}) the statement adds {@code grossAmount},
     * {@code refundedAmount}, {@code cancelledCount} and {@code nettedAmount} ({@code amount} is what is
     * transferred), a payment cancelled after collection adds {@code grossAmount}, {@code refundedAmount}
     * and {@code "cancelledAfterCollection": true} ({@code amount} is what is settled), and the refunds
     * netted are listed as {@code netted} (the repayment rows).
     */
    static void statement(LocalDate businessDate, StatementHeader s, Iterator<SettlementPayment> payments,
                          List<RepaymentItem> netted, OutputStream out) throws IOException {
        try (JsonGenerator g = generator(out)) {
            g.writeStartObject();
            header(g, s);
            g.writeArrayFieldStart("payments");
            while (payments.hasNext()) {
                SettlementPayment p = payments.next();
                g.writeStartObject();
                g.writeStringField("checkoutId", p.checkoutId());
                g.writeStringField("paymentId", p.paymentId());
                g.writeNumberField("amount", p.amount());
                g.writeStringField("paidAt", p.paidAt().toString());
                g.writeStringField("deemedDate", JapaneseDates.isoDate(p.deemedDate()));
                g.writeBooleanField("carriedOver", StatementHeader.isCarriedOver(businessDate, p));
                if (p.cancelledAfterCollection()) {
                    g.writeNumberField("grossAmount", p.gross());
                    g.writeNumberField("refundedAmount", p.refunded());
                    g.writeBooleanField("cancelledAfterCollection", true);
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            if (!netted.isEmpty()) {
                g.writeFieldName("netted");
                repaymentRows(g, netted);
            }
            g.writeEndObject();
        }
    }

    /**
     * A creditor's repayment request (返還請求): {@code {"runId","businessDate","creditorCode","creditorName",
     * "count","amount","items":[{"refundId","receiptNumber","checkoutId","paymentId","procedureCode",
     * "procedureName","item","line","fiscalYear","amount"}]}}.
     */
    static void repaymentRequest(LocalDate businessDate, String runId, String creditorCode, String creditorName,
                                 List<RepaymentItem> rows, OutputStream out) throws IOException {
        try (JsonGenerator g = generator(out)) {
            g.writeStartObject();
            g.writeStringField("runId", runId);
            g.writeStringField("businessDate", businessDate.toString());
            g.writeStringField("creditorCode", creditorCode);
            g.writeStringField("creditorName", creditorName);
            g.writeNumberField("count", rows.size());
            g.writeNumberField("amount", rows.stream().mapToLong(RepaymentItem::amount).sum());
            g.writeFieldName("items");
            repaymentRows(g, rows);
            g.writeEndObject();
        }
    }

    private static void repaymentRows(JsonGenerator g, List<RepaymentItem> rows) throws IOException {
        g.writeStartArray();
        for (RepaymentItem r : rows) {
            g.writeStartObject();
            g.writeStringField("refundId", r.refundId());
            g.writeStringField("receiptNumber", r.receiptNumber());
            g.writeStringField("checkoutId", r.checkoutId());
            g.writeStringField("paymentId", r.paymentId());
            g.writeStringField("creditorCode", r.creditor());
            g.writeStringField("procedureCode", r.procedureCode());
            g.writeStringField("procedureName", r.procedureName());
            g.writeNumberField("item", r.item());
            g.writeNumberField("line", r.line());
            g.writeNumberField("fiscalYear", r.fiscalYear());
            g.writeNumberField("amount", r.amount());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    /**
     * The run document: the run (without its completion time, so that every writer writes the same
     * bytes), its transfer file and each statement's totals and objects, in creditor-code order.
     */
    static void run(SettlementRun run, long count, long amount, long carriedOver, StoredObject transferFile,
                    List<RunStatement> statements, OutputStream out) throws IOException {
        run(run, count, amount, carriedOver, transferFile, statements, List.of(), null, List.of(), out);
    }

    /**
     * With refunds the run document adds {@code repaymentRequests} (each creditor's totals and objects)
     * and {@code refundTransferFile} ({@code {"count","amount","file"}}), when there are any; with
     * national lines it adds {@code payins}: {@code [{"id","organizationCode","fiscalYear","revenueItem":{"code","name"},
     * "amount","count","dueDate"}]} in pay-in order (absent when the run made none).
     */
    static void run(SettlementRun run, long count, long amount, long carriedOver, StoredObject transferFile,
                    List<RunStatement> statements, List<RepaymentRequest> repayments, RefundTransfers refundTransfers,
                    List<PayIn> payIns, OutputStream out) throws IOException {
        try (JsonGenerator g = generator(out)) {
            g.writeStartObject();
            g.writeStringField("id", run.id().toString());
            g.writeStringField("businessDate", run.businessDate().toString());
            g.writeStringField("createdAt", run.createdAt().toString());
            g.writeStringField("cutoff", run.cutoff().toString());
            g.writeStringField("transferDate", run.transferDate().toString());
            g.writeNumberField("count", count);
            g.writeNumberField("amount", amount);
            g.writeNumberField("creditors", statements.size());
            g.writeNumberField("carriedOver", carriedOver);
            g.writeFieldName("transferFile");
            object(g, transferFile);
            g.writeArrayFieldStart("statements");
            for (RunStatement s : statements) {
                g.writeStartObject();
                header(g, new StatementHeader(s.creditorCode(), s.creditorName(), s.count(), s.amount(), s.carriedOver(),
                        s.procedures(), s.refunded(), 0, s.netted()));
                g.writeFieldName("json");
                object(g, s.json());
                g.writeFieldName("csv");
                object(g, s.csv());
                g.writeFieldName("html");
                object(g, s.html());
                g.writeEndObject();
            }
            g.writeEndArray();
            if (!repayments.isEmpty()) {
                g.writeArrayFieldStart("repaymentRequests");
                for (RepaymentRequest r : repayments) {
                    g.writeStartObject();
                    g.writeStringField("creditorCode", r.creditorCode());
                    g.writeStringField("creditorName", r.creditorName());
                    g.writeNumberField("count", r.count());
                    g.writeNumberField("amount", r.amount());
                    g.writeFieldName("json");
                    object(g, r.json());
                    g.writeFieldName("csv");
                    object(g, r.csv());
                    g.writeFieldName("html");
                    object(g, r.html());
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            if (refundTransfers != null) {
                g.writeObjectFieldStart("refundTransferFile");
                g.writeNumberField("count", refundTransfers.count());
                g.writeNumberField("amount", refundTransfers.amount());
                g.writeFieldName("file");
                object(g, refundTransfers.file());
                g.writeEndObject();
            }
            if (!payIns.isEmpty()) {
                g.writeArrayFieldStart("payins");
                for (PayIn p : payIns) {
                    g.writeStartObject();
                    g.writeStringField("id", p.id());
                    g.writeStringField("organizationCode", p.organizationCode());
                    g.writeNumberField("fiscalYear", p.fiscalYear());
                    revenueItem(g, p.revenueItem());
                    g.writeNumberField("amount", p.amount());
                    g.writeNumberField("count", p.count());
                    g.writeStringField("dueDate", p.dueDate().toString());
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            g.writeEndObject();
        }
    }

    private static void revenueItem(JsonGenerator g, RevenueItem item) throws IOException {
        g.writeObjectFieldStart("revenueItem");
        g.writeStringField("code", item.code());
        g.writeStringField("name", item.name());
        g.writeEndObject();
    }

    /**
     * A pay-in's {@code lines.json}: {@code {"payinId","runId","businessDate","organizationCode","ministryCode",
     * "ministryName","account","officerCode","officerName","fiscalYear","revenueItem":{"code","name"},"amount",
     * "count","dueDate","closedYear","lines":[{"checkoutId","paymentId","reference","procedureCode",
     * "procedureName","quantity","amount","refunded","paidAt","entrustedOn"}]}}, the lines as given
     * ((paidAt, checkoutId) order).
     */
    static void payInLines(PayIn p, Iterator<PayInLine> lines, OutputStream out) throws IOException {
        try (JsonGenerator g = generator(out)) {
            g.writeStartObject();
            g.writeStringField("payinId", p.id());
            g.writeStringField("runId", p.runId());
            g.writeStringField("businessDate", p.businessDate().toString());
            g.writeStringField("organizationCode", p.organizationCode());
            g.writeStringField("ministryCode", p.ministryCode());
            g.writeStringField("ministryName", p.ministryName());
            g.writeStringField("account", p.account());
            g.writeStringField("officerCode", p.officerCode());
            g.writeStringField("officerName", p.officerName());
            g.writeNumberField("fiscalYear", p.fiscalYear());
            revenueItem(g, p.revenueItem());
            g.writeNumberField("amount", p.amount());
            g.writeNumberField("count", p.count());
            g.writeStringField("dueDate", p.dueDate().toString());
            g.writeBooleanField("closedYear", p.closedYear());
            g.writeArrayFieldStart("lines");
            while (lines.hasNext()) {
                PayInLine l = lines.next();
                g.writeStartObject();
                g.writeStringField("checkoutId", l.checkoutId());
                g.writeStringField("paymentId", l.paymentId());
                g.writeStringField("reference", l.reference());
                g.writeStringField("procedureCode", l.procedureCode());
                g.writeStringField("procedureName", l.procedureName());
                g.writeNumberField("quantity", l.quantity());
                g.writeNumberField("amount", l.amount());
                g.writeNumberField("refunded", l.refunded());
                g.writeStringField("paidAt", l.paidAt().toString());
                g.writeStringField("entrustedOn", l.entrustedOn().toString());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
    }

    /**
     * A pay-in's {@code slip.json}: the 納付書's fields ({@link PayInSlip#fields()}) under their keys, with
     * {@code amount} and {@code count} as numbers, {@code fiscalYear} as a number beside {@code fiscalYearEra}
     * (和暦), {@code revenueItem} as {@code {"code","name"}}, {@code ministry} and {@code officer} as
     * {@code {"code","name"}}, and {@code closedYear}.
     */
    static void payInSlip(PayInSlip slip, OutputStream out) throws IOException {
        PayIn p = slip.payIn();
        try (JsonGenerator g = generator(out)) {
            g.writeStartObject();
            g.writeStringField("payinId", p.id());
            g.writeStringField("agentName", slip.agentName());
            g.writeObjectFieldStart("ministry");
            g.writeStringField("code", p.ministryCode());
            g.writeStringField("name", p.ministryName());
            g.writeEndObject();
            g.writeStringField("account", p.account());
            g.writeNumberField("fiscalYear", p.fiscalYear());
            g.writeStringField("fiscalYearEra", PayInSlip.eraFiscalYear(p.fiscalYear()));
            g.writeStringField("division", slip.division());
            g.writeBooleanField("closedYear", p.closedYear());
            revenueItem(g, p.revenueItem());
            g.writeNumberField("amount", p.amount());
            g.writeNumberField("count", p.count());
            g.writeStringField("dueDate", p.dueDate().toString());
            g.writeObjectFieldStart("officer");
            g.writeStringField("code", p.officerCode());
            g.writeStringField("name", p.officerName());
            g.writeEndObject();
            if (slip.payEasyInstitutionNumber() != null) {
                g.writeStringField("payEasyInstitutionNumber", slip.payEasyInstitutionNumber());
            }
            g.writeStringField("businessDate", p.businessDate().toString());
            g.writeStringField("runId", p.runId());
            g.writeEndObject();
        }
    }

    private static JsonGenerator generator(OutputStream out) throws IOException {
        JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8);
        g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        return g;
    }

    private static void header(JsonGenerator g, StatementHeader s) throws IOException {
        g.writeStringField("creditorCode", s.creditorCode());
        g.writeStringField("creditorName", s.creditorName());
        g.writeNumberField("count", s.count());
        g.writeNumberField("amount", s.amount());
        g.writeNumberField("carriedOver", s.carriedOver());
        if (s.withRefunds()) {
            g.writeNumberField("grossAmount", s.gross());
            g.writeNumberField("refundedAmount", s.refunded());
            if (s.cancelled() > 0) {
                g.writeNumberField("cancelledCount", s.cancelled());
            }
            g.writeNumberField("nettedAmount", s.netted());
        }
        g.writeArrayFieldStart("procedures");
        for (ProcedureTotal p : s.procedures()) {
            g.writeStartObject();
            g.writeStringField("procedureCode", p.procedureCode());
            g.writeStringField("procedureName", p.procedureName());
            g.writeNumberField("count", p.count());
            g.writeNumberField("amount", p.amount());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void object(JsonGenerator g, StoredObject o) throws IOException {
        if (o == null) {
            g.writeNull();
            return;
        }
        g.writeStartObject();
        g.writeStringField("key", o.key());
        g.writeStringField("sha256", o.sha256());
        g.writeNumberField("bytes", o.bytes());
        g.writeStringField("contentType", o.contentType());
        g.writeEndObject();
    }
}
