package jp.kokin.console.settlement;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import jp.kokin.console.ConsoleTestKit;
import jp.kokin.domain.catalog.RevenueItem;
import jp.kokin.domain.checkout.TestCatalogs;
import jp.kokin.domain.settlement.ProcedureTotal;
import jp.kokin.domain.settlement.RefundTransfers;
import jp.kokin.domain.settlement.RepaymentRequest;
import jp.kokin.domain.settlement.RunStatement;
import jp.kokin.domain.settlement.SettlementRun;
import jp.kokin.domain.settlement.SettlementRunId;
import jp.kokin.domain.settlement.StoredObject;
import jp.kokin.domain.settlement.treasury.PayIn;
import jp.kokin.domain.settlement.treasury.PayInStatus;
import jp.kokin.domain.settlement.treasury.TreasuryReportVersion;

/**
 * Seeded settlement data for console tests: one complete run of 2026-11-30 with statements of
 * 千代田区 and 新宿区 (千代田区's with a carried-over payment), a repayment request of 千代田区, a
 * transfer file and a refund transfer file; 外務省's pay-in of that run (due) with its documents; and an
 * issued Art. 6(2) report of 外務省 for November.
 */
public final class SettlementFixtures {
    public static final String RUN = "stl_20261130_001";
    public static final LocalDate BUSINESS_DATE = LocalDate.parse("2026-11-30");
    public static final String PAYIN = "pin_20261130_001_001";
    public static final byte[] TRANSFER_FILE = "1210000000000000 zengin transfer file of stl_20261130_001\r\n".getBytes(StandardCharsets.US_ASCII);
    public static final byte[] REFUND_TRANSFER_FILE = "1210000000000000 zengin refund transfers\r\n".getBytes(StandardCharsets.US_ASCII);
    public static final LocalDate REPORT_FROM = LocalDate.parse("2026-11-01");
    public static final LocalDate REPORT_TO = LocalDate.parse("2026-11-30");

    public final StoredObject transferFile;
    public final StoredObject refundTransferFile;

    public SettlementFixtures(ConsoleTestKit kit) {
        SettlementRunId id = SettlementRunId.parse(RUN).orElseThrow();
        Instant cutoff = Instant.parse("2026-11-30T15:00:00Z");
        kit.runs.createRun(SettlementRun.open(id, Instant.parse("2026-11-30T16:00:00Z"), cutoff, LocalDate.parse("2026-12-01")));
        kit.runs.seal(id);
        String chiyodaJson = """
                {"creditorCode":"131016","payments":[
                {"checkoutId":"chk_carried","paymentId":"chk_carried_1","amount":300,"paidAt":"2026-11-28T03:00:00Z","deemedDate":"2026-11-28","carriedOver":true},
                {"checkoutId":"chk_today","paymentId":"chk_today_1","amount":450,"paidAt":"2026-11-30T03:00:00Z","deemedDate":"2026-11-30","carriedOver":false}]}""";
        kit.runs.putStatements(List.of(
                statement(kit, id, TestCatalogs.CHIYODA, "千代田区", 2, 750, 1, chiyodaJson),
                statement(kit, id, TestCatalogs.SHINJUKU, "新宿区", 1, 300, 0,
                        "{\"creditorCode\":\"131041\",\"payments\":[{\"checkoutId\":\"chk_shinjuku\",\"paymentId\":\"chk_shinjuku_1\",\"amount\":300,"
                                + "\"paidAt\":\"2026-11-30T04:00:00Z\",\"deemedDate\":\"2026-11-30\",\"carriedOver\":false}]}")));
        kit.runs.putRepaymentRequests(List.of(new RepaymentRequest(id, TestCatalogs.CHIYODA, "千代田区", 1, 300,
                doc(kit, "runs/" + RUN + "/repayments/131016.json", "application/json", "{}"),
                doc(kit, "runs/" + RUN + "/repayments/131016.csv", "text/csv; charset=utf-8", "返還請求\r\n"),
                doc(kit, "runs/" + RUN + "/repayments/131016.html", "text/html; charset=utf-8", "<!doctype html><title>返還請求書 131016</title>"))));
        refundTransferFile = kit.documents.put("runs/" + RUN + "/zengin-refunds.txt", "text/plain; charset=Shift_JIS",
                out -> out.write(REFUND_TRANSFER_FILE));
        kit.runs.putRefundTransfers(new RefundTransfers(id, 1, 300, refundTransferFile));
        transferFile = kit.documents.put("runs/" + RUN + "/zengin.txt", "text/plain; charset=Shift_JIS", out -> out.write(TRANSFER_FILE));
        StoredObject runDoc = doc(kit, "runs/" + RUN + "/run.json", "application/json", "{}");
        kit.runs.complete(kit.runs.run(id).orElseThrow().completed(3, 1050, 2, 1, transferFile, runDoc, Instant.parse("2026-11-30T16:05:00Z")));

        kit.payIns.create(new PayIn(PAYIN, RUN, BUSINESS_DATE, TestCatalogs.MOFA, "016", "外務省", "一般会計", "0160001",
                "外務省大臣官房会計課長（歳入徴収官）", 2026, new RevenueItem("016-01-01-01", "旅券法手数料"), 28_000, 2,
                LocalDate.parse("2026-12-07"), false, PayInStatus.DUE, Instant.parse("2026-11-30T16:04:00Z"), null, null, List.of(),
                Map.of("lines.json", doc(kit, "treasury/" + PAYIN + "/lines.json", "application/json", """
                                {"payinId":"pin_20261130_001_001","lines":[
                                {"checkoutId":"chk_p1","paymentId":"chk_p1_1","reference":"A-1","procedureCode":"passport-10y","procedureName":"一般旅券（10年）","quantity":1,"amount":14000,"refunded":0,"paidAt":"2026-11-30T01:00:00Z","entrustedOn":"2026-11-30"},
                                {"checkoutId":"chk_p2","paymentId":"chk_p2_1","reference":"A-2","procedureCode":"passport-10y","procedureName":"一般旅券（10年）","quantity":1,"amount":14000,"refunded":0,"paidAt":"2026-11-30T02:00:00Z","entrustedOn":"2026-11-30"}]}"""),
                        "slip.html", doc(kit, "treasury/" + PAYIN + "/slip.html", "text/html; charset=utf-8", "<!doctype html><title>納付書 " + PAYIN + "</title>"),
                        "slip.csv", doc(kit, "treasury/" + PAYIN + "/slip.csv", "text/csv; charset=utf-8", "納付書\r\n")), 1));

        StoredObject json = doc(kit, "treasury/reports/MOFA/v1.json", "application/json", "{\"report\":1}");
        StoredObject csv = doc(kit, "treasury/reports/MOFA/v1.csv", "text/csv; charset=utf-8", "報告\r\n");
        StoredObject html = doc(kit, "treasury/reports/MOFA/v1.html", "text/html; charset=utf-8", "<!doctype html><title>第6条第2項報告</title>");
        var claimed = new TreasuryReportVersion(TestCatalogs.MOFA, REPORT_FROM, REPORT_TO, 1, "a".repeat(64), Instant.parse("2026-12-01T00:00:00Z"),
                0, 2, 28_000, 0, 0, Instant.parse("2026-12-01T00:00:00Z"), null, null, null);
        kit.reports.claim(claimed);
        kit.reports.issue(claimed.issuedWith(json, csv, html));
    }

    private static RunStatement statement(ConsoleTestKit kit, SettlementRunId id, String code, String name, long count, long amount,
                                          long carried, String json) {
        String base = "runs/" + id + "/statements/" + code;
        return new RunStatement(id, code, name, count, amount, carried, List.of(new ProcedureTotal("juminhyo", "住民票の写し", count, amount)),
                doc(kit, base + ".json", "application/json", json), doc(kit, base + ".csv", "text/csv; charset=utf-8", "計算書," + code + "\r\n"),
                doc(kit, base + ".html", "text/html; charset=utf-8", "<!doctype html><title>計算書 " + code + "</title>"));
    }

    private static StoredObject doc(ConsoleTestKit kit, String key, String type, String text) {
        return kit.documents.put(key, type, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }
}
