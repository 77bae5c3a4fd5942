package jp.kokin.domain.settlement.treasury;

import static jp.kokin.domain.settlement.StatementCsv.jstDateTime;
import static jp.kokin.domain.settlement.StatementCsv.text;

import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;

import jp.kokin.domain.format.JapaneseDates;
import jp.kokin.domain.settlement.RepaymentItem;
import jp.kokin.domain.settlement.treasury.TreasuryReport.Claim;
import jp.kokin.domain.settlement.treasury.TreasuryReport.Entrustment;

/**
 * The Art. 6(2) report (納付受託報告) as CSV, like the statements: UTF-8 with a byte-order mark, CR LF,
 * RFC 4180 quoting, formula-like text defused. Layout: the title and a block of 項目/値 rows (version,
 * corrected version, agent, ministry, account, officer, period, count, total, issue time), a blank row,
 * one row per entrustment, a blank row and the refund claims (返還請求) one row per repayment row, and
 * for a correction its differences (訂正内容: 追加/削除 rows). The same report gives the same bytes.
 */
public final class TreasuryReportCsv {
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private TreasuryReportCsv() {
    }

    /** The bytes {@link #write} streams, held in memory. */
    public static byte[] render(TreasuryReport r, TreasuryReport.Issue issue) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024 + 160 * r.count());
        try {
            write(r, issue, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Streams the CSV to {@code out} (one row at a time; flushes {@code out}, leaves it open). */
    public static void write(TreasuryReport r, TreasuryReport.Issue issue, OutputStream out) throws IOException {
        out.write(BOM);
        Writer csv = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 8192);
        TreasuryReport.Header h = r.header();
        row(csv, text("納付受託報告書（情報通信技術を利用する方法による国の歳入等の納付に関する法律第6条第2項）"));
        row(csv, text("版"), text(issue.label()));
        row(csv, text("訂正対象"), text(issue.correctsLabel() == null ? "" : issue.correctsLabel()));
        row(csv, text("指定納付受託者"), text(h.agentName()));
        row(csv, text("組織コード"), text(h.organizationCode()));
        row(csv, text("所管"), text(h.ministryCode()), text(h.ministryName()));
        row(csv, text("会計"), text(h.account()));
        row(csv, text("歳入徴収官"), text(h.officerCode()), text(h.officerName()));
        row(csv, text("期間開始"), text(r.from().toString()), text(JapaneseDates.eraDate(r.from())));
        row(csv, text("期間終了"), text(r.to().toString()), text(JapaneseDates.eraDate(r.to())));
        row(csv, text("件数"), Long.toString(r.count()));
        row(csv, text("合計金額（円）"), Long.toString(r.total()));
        row(csv, text("返還請求件数"), Long.toString(r.claims().size()));
        row(csv, text("返還請求額（円）"), Long.toString(r.claimsAmount()));
        row(csv, text("発行日時"), text(jstDateTime(issue.issuedAt())));
        row(csv);
        entrustmentHeader(csv, "");
        for (Entrustment e : r.entrustments()) {
            entrustment(csv, "", e);
        }
        row(csv);
        row(csv, text("返還請求"));
        claimHeader(csv, "");
        for (Claim c : r.claims()) {
            claim(csv, "", c);
        }
        if (issue.corrects() > 0) {
            TreasuryReport.Differences d = issue.differences();
            row(csv);
            row(csv, text("訂正内容"), text(issue.correctsLabel() + "からの変更"));
            entrustmentHeader(csv, "区分");
            for (Entrustment e : d.added()) {
                entrustment(csv, "追加", e);
            }
            for (Entrustment e : d.removed()) {
                entrustment(csv, "削除", e);
            }
            if (!d.claimsAdded().isEmpty() || !d.claimsRemoved().isEmpty()) {
                claimHeader(csv, "区分");
                for (Claim c : d.claimsAdded()) {
                    claim(csv, "追加", c);
                }
                for (Claim c : d.claimsRemoved()) {
                    claim(csv, "削除", c);
                }
            }
        }
        csv.flush();
    }

    private static void entrustmentHeader(Writer csv, String mark) throws IOException {
        row(csv, prefixed(mark, text("納付受託日"), text("納付日時（JST）"), text("手続コード"), text("手続名"), text("数量"),
                text("整理番号（ポータル）"), text("金額"), text("取消額"), text("チェックアウトID"), text("決済ID"),
                text("納付番号"), text("年度"), text("歳入科目コード")));
    }

    private static void entrustment(Writer csv, String mark, Entrustment e) throws IOException {
        row(csv, prefixed(mark, text(e.entrustedOn().toString()), text(jstDateTime(e.paidAt())), text(e.procedureCode()),
                text(e.procedureName()), Integer.toString(e.quantity()), text(e.reference()), Long.toString(e.amount()),
                Long.toString(e.refunded()), text(e.checkoutId()), text(e.paymentId()), text(e.payinId()),
                Integer.toString(e.fiscalYear()), text(e.revenueItemCode())));
    }

    private static void claimHeader(Writer csv, String mark) throws IOException {
        row(csv, prefixed(mark, text("精算ID"), text("業務日"), text("返金ID"), text("領収書番号"), text("チェックアウトID"),
                text("手続コード"), text("手続名"), text("明細"), text("年度"), text("金額")));
    }

    private static void claim(Writer csv, String mark, Claim c) throws IOException {
        for (RepaymentItem i : c.items()) {
            row(csv, prefixed(mark, text(c.runId()), text(c.businessDate().toString()), text(i.refundId()),
                    text(i.receiptNumber() == null ? "" : i.receiptNumber()), text(i.checkoutId()), text(i.procedureCode()),
                    text(i.procedureName()), text(i.feeLine()), Integer.toString(i.fiscalYear()), Long.toString(i.amount())));
        }
    }

    private static String[] prefixed(String mark, String... fields) {
        if (mark.isEmpty()) {
            return fields;
        }
        String[] out = new String[fields.length + 1];
        out[0] = text(mark);
        System.arraycopy(fields, 0, out, 1, fields.length);
        return out;
    }

    private static void row(Writer csv, String... fields) throws IOException {
        csv.write(String.join(",", List.of(fields)));
        csv.write("\r\n");
    }
}
