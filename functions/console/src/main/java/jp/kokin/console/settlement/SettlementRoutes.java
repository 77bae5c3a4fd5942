package jp.kokin.console.settlement;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;

import jp.kokin.adapters.json.Json;
import jp.kokin.console.ConsoleWiring;
import jp.kokin.console.web.Audit;
import jp.kokin.console.web.ConsoleRequest;
import jp.kokin.console.web.Layout;
import jp.kokin.console.web.Route;
import jp.kokin.domain.console.AuditActions;
import jp.kokin.domain.console.Permission;
import jp.kokin.domain.console.ReleaseRun;
import jp.kokin.domain.console.RunRelease;
import jp.kokin.domain.console.StaffUser;
import jp.kokin.domain.format.Html;
import jp.kokin.domain.format.JapaneseDates;
import jp.kokin.domain.settlement.CheckedDocuments;
import jp.kokin.domain.settlement.RefundTransfers;
import jp.kokin.domain.settlement.RepaymentRequest;
import jp.kokin.domain.settlement.RunState;
import jp.kokin.domain.settlement.RunStatement;
import jp.kokin.domain.settlement.SettlementRun;
import jp.kokin.domain.settlement.SettlementRunId;
import jp.kokin.domain.settlement.StoredObject;
import jp.kokin.domain.settlement.treasury.PayIn;

/**
 * 精算 (settlement runs): the list of complete runs by business date, a run's page (totals, the
 * statements, carried-over lines and repayment requests of the user's organizations, the run's
 * pay-ins) and the two-person release of its transfer files: one settlement approver over every
 * organization prepares it, another approves it, and only then are the files downloaded (audited with
 * their SHA-256). A run is platform-wide: any viewer sees its page, only the lines of their organizations.
 */
public final class SettlementRoutes {
    /** Business days one list spans at most (one read of the runs of each day). */
    public static final int MAX_LIST_DAYS = 62;
    /** Days listed when no range is given. */
    public static final int DEFAULT_LIST_DAYS = 14;
    /**
     * Statement JSON documents read for the carried-over lines while their total size is at most this
     * (else the page lists per-creditor counts only): the page is one Lambda answer of at most 6 MB.
     */
    public static final long MAX_CARRIED_OVER_DOCUMENT_BYTES = 2L * 1024 * 1024;

    private final ConsoleWiring wiring;
    private final Audit audit;

    private SettlementRoutes(ConsoleWiring wiring, Audit audit) {
        this.wiring = wiring;
        this.audit = audit;
    }

    public static List<Route> routes(ConsoleWiring wiring, Audit audit) {
        var s = new SettlementRoutes(wiring, audit);
        return List.of(
                Route.get("/console/settlement-runs", Permission.VIEW, s::list),
                Route.get("/console/settlement-runs/{runId}", Permission.VIEW, s::run),
                Route.post("/console/settlement-runs/{runId}/prepare", Permission.SETTLE, s::prepare),
                Route.postMovingMoney("/console/settlement-runs/{runId}/approve", Permission.SETTLE, s::approve),
                Route.get("/console/settlement-runs/{runId}/transfer-file", Permission.SETTLE, r -> s.transferFile(r, false)),
                Route.get("/console/settlement-runs/{runId}/refund-transfer-file", Permission.SETTLE, r -> s.transferFile(r, true)),
                Route.get("/console/settlement-runs/{runId}/statements/{document}", Permission.VIEW, s::statement),
                Route.get("/console/settlement-runs/{runId}/repayment-requests/{document}", Permission.VIEW, s::repaymentRequest));
    }

    // ---- list ----

    private APIGatewayV2HTTPResponse list(ConsoleRequest r) {
        LocalDate today = JapaneseDates.businessDate(r.now());
        Optional<LocalDate> from = Fmt.date(r.q("from"));
        Optional<LocalDate> to = Fmt.date(r.q("to"));
        if (r.q("from").isPresent() && from.isEmpty() || r.q("to").isPresent() && to.isEmpty()) {
            return Layout.message(r, 400, r.t("日付が正しくありません", "Invalid date"),
                    r.t("日付は YYYY-MM-DD で指定してください。", "Give dates as YYYY-MM-DD."));
        }
        LocalDate end = to.orElse(today);
        LocalDate start = from.orElse(end.minusDays(DEFAULT_LIST_DAYS - 1));
        if (end.isBefore(start) || ChronoUnit.DAYS.between(start, end) >= MAX_LIST_DAYS) {
            return Layout.message(r, 400, r.t("期間が正しくありません", "Invalid range"),
                    r.t("期間は " + MAX_LIST_DAYS + " 日以内で、開始日は終了日以前にしてください。",
                            "The range is at most " + MAX_LIST_DAYS + " days and starts on or before its end."));
        }
        StaffUser user = r.user();
        var sb = new StringBuilder();
        sb.append("<h1>").append(r.t("精算", "Settlement runs")).append("</h1>\n");
        sb.append("<form class=\"filters\" method=\"get\" action=\"/console/settlement-runs\" id=\"run-filters\">")
                .append(dateInput(r, "from", r.t("営業日（から）", "Business date from"), start))
                .append(dateInput(r, "to", r.t("営業日（まで）", "Business date to"), end))
                .append("<div><button type=\"submit\">").append(r.t("表示", "Show")).append("</button></div></form>\n");
        sb.append("<table id=\"runs\"><caption>").append(r.t("精算の実行（" + start + "〜" + end + "、新しい順）",
                "Settlement runs (" + start + " to " + end + ", newest first)")).append("</caption>\n<thead><tr>")
                .append(th(r.t("実行", "Run"))).append(th(r.t("営業日", "Business date"))).append(th(r.t("取組日", "Transfer date")))
                .append(th(r.t("完了", "Completed"))).append(thNum(r.t("件数", "Payments"))).append(thNum(r.t("金額", "Amount")))
                .append(th(r.t("振込データの承認", "Release"))).append("</tr></thead>\n<tbody>\n");
        int rows = 0;
        for (LocalDate d = end; !d.isBefore(start); d = d.minusDays(1)) {
            List<SettlementRun> runs = new ArrayList<>(wiring.runs().runsOn(d));
            java.util.Collections.reverse(runs);
            for (SettlementRun run : runs) {
                Totals t = totals(run, user);
                Optional<RunRelease> release = wiring.releases().find(run.id().toString());
                sb.append("<tr><td><a class=\"run-link\" href=\"/console/settlement-runs/").append(run.id()).append("\">")
                        .append(run.id()).append("</a></td><td>").append(run.businessDate()).append("</td><td>")
                        .append(run.transferDate()).append("</td><td>").append(Fmt.jst(run.completedAt())).append("</td>")
                        .append(tdNum(Fmt.count(t.count))).append(tdNum(Fmt.yen(t.amount))).append("<td>")
                        .append(Html.escape(releaseState(r, release))).append("</td></tr>\n");
                rows++;
            }
        }
        if (rows == 0) {
            sb.append("<tr><td colspan=\"7\">").append(r.t("この期間に完了した精算はありません。", "No run completed in this range."))
                    .append("</td></tr>\n");
        }
        sb.append("</tbody></table>\n");
        if (!user.mayEverywhere(Permission.VIEW)) {
            sb.append("<p class=\"muted\">").append(r.t("件数と金額は、閲覧できる団体の計算書の合計です。",
                    "Counts and amounts are the totals of the statements of your organizations.")).append("</p>\n");
        }
        return Layout.page(r, 200, r.t("精算", "Settlement runs"), sb.toString());
    }

    private record Totals(long count, long amount) {}

    /** The run's totals as the user sees them: the run's own over every organization, else the sums of their creditors' statements. */
    private Totals totals(SettlementRun run, StaffUser user) {
        if (user.mayEverywhere(Permission.VIEW)) {
            return new Totals(run.count(), run.amount());
        }
        long[] t = new long[2];
        wiring.runs().forEachStatement(run.id(), s -> {
            if (user.may(Permission.VIEW, s.creditorCode())) {
                t[0] += s.count();
                t[1] = Math.addExact(t[1], s.amount());
            }
        });
        return new Totals(t[0], t[1]);
    }

    private static String releaseState(ConsoleRequest r, Optional<RunRelease> release) {
        if (release.isEmpty()) {
            return r.t("未準備", "Not prepared");
        }
        return release.get().approved() ? r.t("承認済み", "Approved") : r.t("承認待ち", "Awaiting approval");
    }

    // ---- a run ----

    private Optional<SettlementRun> completeRun(ConsoleRequest r) {
        return SettlementRunId.parse(r.pathParam("runId")).flatMap(wiring.runs()::run).filter(run -> run.state() == RunState.COMPLETE);
    }

    private APIGatewayV2HTTPResponse run(ConsoleRequest r) {
        Optional<SettlementRun> found = completeRun(r);
        if (found.isEmpty()) {
            return Layout.notFound(r);
        }
        SettlementRun run = found.get();
        StaffUser user = r.user();
        String base = "/console/settlement-runs/" + run.id();
        List<RunStatement> statements = new ArrayList<>();
        wiring.runs().forEachStatement(run.id(), s -> {
            if (user.may(Permission.VIEW, s.creditorCode())) {
                statements.add(s);
            }
        });
        List<RepaymentRequest> repayments = new ArrayList<>();
        wiring.runs().forEachRepaymentRequest(run.id(), q -> {
            if (user.may(Permission.VIEW, q.creditorCode())) {
                repayments.add(q);
            }
        });
        List<PayIn> payIns = wiring.payIns().byBusinessDate(run.businessDate()).stream()
                .filter(p -> p.runId().equals(run.id().toString()) && user.may(Permission.VIEW, p.organizationCode())).toList();
        Optional<RunRelease> release = wiring.releases().find(run.id().toString());
        Optional<RefundTransfers> refundTransfers = wiring.runs().refundTransfers(run.id());
        Totals totals = totals(run, user);

        var sb = new StringBuilder();
        sb.append("<h1>").append(r.t("精算 ", "Settlement run ")).append(run.id()).append("</h1>\n");
        sb.append("<dl class=\"facts\" id=\"totals\">")
                .append(fact(r.t("営業日", "Business date"), run.businessDate().toString()))
                .append(fact(r.t("取組日", "Transfer date"), run.transferDate().toString()))
                .append(fact(r.t("締め", "Cut-off"), Fmt.jst(run.cutoff()) + " (JST)"))
                .append(fact(r.t("完了", "Completed"), Fmt.jst(run.completedAt()) + " (JST)"))
                .append(fact(r.t("件数", "Payments"), Fmt.count(totals.count())))
                .append(fact(r.t("振込金額", "Amount transferred"), Fmt.yen(totals.amount())));
        if (user.mayEverywhere(Permission.VIEW)) {
            sb.append(fact(r.t("債権者数", "Creditors"), Integer.toString(run.creditors())))
                    .append(fact(r.t("繰越分", "Carried over"), Fmt.count(run.carriedOver())));
        }
        sb.append("</dl>\n");

        // statements
        sb.append("<table id=\"statements\"><caption>").append(r.t("計算書", "Statements")).append("</caption>\n<thead><tr>")
                .append(th(r.t("団体", "Creditor"))).append(thNum(r.t("件数", "Payments"))).append(thNum(r.t("収納額", "Collected")))
                .append(thNum(r.t("収納後取消", "Refunded"))).append(thNum(r.t("返還金相殺", "Netted"))).append(thNum(r.t("振込金額", "Transferred")))
                .append(thNum(r.t("繰越", "Carried over"))).append(th(r.t("書類", "Documents"))).append("</tr></thead>\n<tbody>\n");
        for (RunStatement s : statements) {
            sb.append("<tr><td>").append(Html.escape(s.creditorName())).append(" (").append(Html.escape(s.creditorCode())).append(")</td>")
                    .append(tdNum(Fmt.count(s.count()))).append(tdNum(Fmt.yen(s.gross()))).append(tdNum(Fmt.yen(s.refunded())))
                    .append(tdNum(Fmt.yen(s.netted()))).append(tdNum(Fmt.yen(s.amount()))).append(tdNum(Fmt.count(s.carriedOver())))
                    .append("<td><a href=\"").append(base).append("/statements/").append(Html.escape(s.creditorCode())).append(".html\">")
                    .append(r.t("計算書", "Statement")).append("</a> · <a href=\"").append(base).append("/statements/")
                    .append(Html.escape(s.creditorCode())).append(".csv\">CSV</a></td></tr>\n");
        }
        if (statements.isEmpty()) {
            sb.append("<tr><td colspan=\"8\">").append(r.t("閲覧できる団体の計算書はありません。", "No statement of your organizations."))
                    .append("</td></tr>\n");
        }
        sb.append("</tbody></table>\n");

        carriedOver(r, sb, statements);

        // repayment requests
        sb.append("<table id=\"repayment-requests\"><caption>").append(r.t("返還請求", "Repayment requests")).append("</caption>\n<thead><tr>")
                .append(th(r.t("団体", "Creditor"))).append(thNum(r.t("件数", "Rows"))).append(thNum(r.t("金額", "Amount")))
                .append(th(r.t("書類", "Documents"))).append("</tr></thead>\n<tbody>\n");
        for (RepaymentRequest q : repayments) {
            String doc = base + "/repayment-requests/" + Html.escape(q.creditorCode());
            sb.append("<tr><td>").append(Html.escape(q.creditorName())).append(" (").append(Html.escape(q.creditorCode())).append(")</td>")
                    .append(tdNum(Fmt.count(q.count()))).append(tdNum(Fmt.yen(q.amount()))).append("<td><a href=\"").append(doc)
                    .append(".html\">").append(r.t("返還請求書", "Request")).append("</a> · <a href=\"").append(doc)
                    .append(".csv\">CSV</a></td></tr>\n");
        }
        if (repayments.isEmpty()) {
            sb.append("<tr><td colspan=\"4\">").append(r.t("返還請求はありません。", "No repayment request.")).append("</td></tr>\n");
        }
        sb.append("</tbody></table>\n");

        // pay-ins
        sb.append("<table id=\"run-payins\"><caption>").append(r.t("国庫納付", "Treasury pay-ins")).append("</caption>\n<thead><tr>")
                .append(th(r.t("納付", "Pay-in"))).append(th(r.t("所管", "Ministry"))).append(th(r.t("歳入科目", "Revenue item")))
                .append(thNum(r.t("金額", "Amount"))).append(th(r.t("納付期限", "Due"))).append(th(r.t("状態", "Status")))
                .append("</tr></thead>\n<tbody>\n");
        for (PayIn p : payIns) {
            sb.append("<tr><td><a href=\"/console/payins/").append(p.id()).append("\">").append(p.id()).append("</a></td><td>")
                    .append(Html.escape(p.ministryName())).append("</td><td>").append(Html.escape(p.revenueItem().name())).append("</td>")
                    .append(tdNum(Fmt.yen(p.amount()))).append("<td>").append(p.dueDate()).append("</td><td>")
                    .append(Html.escape(jp.kokin.console.treasury.PayInRoutes.label(r, p.status()))).append("</td></tr>\n");
        }
        if (payIns.isEmpty()) {
            sb.append("<tr><td colspan=\"6\">").append(r.t("国庫納付はありません。", "No pay-in.")).append("</td></tr>\n");
        }
        sb.append("</tbody></table>\n");

        releaseBox(r, sb, run, release, refundTransfers, base);
        return Layout.page(r, 200, r.t("精算 ", "Settlement run ") + run.id(), sb.toString());
    }

    /** The carried-over lines (from the statements' JSON documents, SHA-256 checked), or their counts when the documents are large. */
    private void carriedOver(ConsoleRequest r, StringBuilder sb, List<RunStatement> statements) {
        long bytes = statements.stream().filter(s -> s.carriedOver() > 0).mapToLong(s -> s.json().bytes()).sum();
        boolean listed = bytes <= MAX_CARRIED_OVER_DOCUMENT_BYTES;
        sb.append("<table id=\"carried-over\"><caption>").append(r.t("繰越分（前営業日以前のみなし納付日）",
                "Carried over (deemed paid on an earlier business date)")).append("</caption>\n<thead><tr>")
                .append(th(r.t("団体", "Creditor")));
        if (listed) {
            sb.append(th(r.t("受付番号", "Checkout"))).append(th(r.t("支払日時", "Paid at"))).append(th(r.t("みなし納付日", "Deemed paid on")))
                    .append(thNum(r.t("金額", "Amount")));
        } else {
            sb.append(thNum(r.t("件数", "Payments")));
        }
        sb.append("</tr></thead>\n<tbody>\n");
        int rows = 0;
        for (RunStatement s : statements) {
            if (s.carriedOver() == 0) {
                continue;
            }
            String creditor = Html.escape(s.creditorName()) + " (" + Html.escape(s.creditorCode()) + ")";
            if (!listed) {
                sb.append("<tr><td>").append(creditor).append("</td>").append(tdNum(Fmt.count(s.carriedOver()))).append("</tr>\n");
                rows++;
                continue;
            }
            if (!(CheckedDocuments.read(wiring.documents(), s.json(), MAX_CARRIED_OVER_DOCUMENT_BYTES)
                    instanceof CheckedDocuments.Read.Intact(byte[] json))) {
                sb.append("<tr><td>").append(creditor).append("</td><td colspan=\"4\">")
                        .append(r.t("計算書の記録と一致しないため表示できません", "Cannot be shown: the statement does not match its record"))
                        .append("</td></tr>\n");
                rows++;
                continue;
            }
            for (JsonNode p : Json.parse(json).path("payments")) {
                if (!p.path("carriedOver").asBoolean(false)) {
                    continue;
                }
                String checkoutId = p.path("checkoutId").asText();
                sb.append("<tr><td>").append(creditor).append("</td><td><a href=\"/console/payments/").append(Html.escape(checkoutId))
                        .append("\">").append(Html.escape(checkoutId)).append("</a></td><td>")
                        .append(Html.escape(Fmt.jst(java.time.Instant.parse(p.path("paidAt").asText())))).append("</td><td>")
                        .append(Html.escape(p.path("deemedDate").asText(""))).append("</td>")
                        .append(tdNum(Fmt.yen(p.path("amount").asLong()))).append("</tr>\n");
                rows++;
            }
        }
        if (rows == 0) {
            sb.append("<tr><td colspan=\"").append(listed ? 5 : 2).append("\">").append(r.t("繰越分はありません。", "Nothing carried over."))
                    .append("</td></tr>\n");
        }
        sb.append("</tbody></table>\n");
    }

    private void releaseBox(ConsoleRequest r, StringBuilder sb, SettlementRun run, Optional<RunRelease> release,
                            Optional<RefundTransfers> refundTransfers, String base) {
        StaffUser user = r.user();
        boolean settler = user.mayEverywhere(Permission.SETTLE);
        sb.append("<section id=\"release\" aria-labelledby=\"release-heading\"><h2 id=\"release-heading\">")
                .append(r.t("振込データの承認（二者承認）", "Release of the transfer files (two people)")).append("</h2>\n");
        if (release.isEmpty()) {
            sb.append("<p>").append(r.t("まだ準備されていません。精算承認者が計算書を確認して準備し、別の精算承認者が承認すると、振込データをダウンロードできます。",
                    "Not prepared yet. A settlement approver checks the statements and prepares the release; once another approves it, the transfer files can be downloaded."))
                    .append("</p>\n");
            if (settler) {
                sb.append("<form method=\"post\" action=\"").append(base).append("/prepare\">").append(Layout.csrfField(r))
                        .append(back(base)).append("<button type=\"submit\" id=\"prepare-run\">")
                        .append(r.t("計算書を確認し、承認を依頼する", "I checked the statements: ask for approval")).append("</button></form>\n");
            }
        } else if (!release.get().approved()) {
            RunRelease rel = release.get();
            sb.append("<p>").append(r.t("準備: ", "Prepared by ")).append(Html.escape(name(rel.preparedByName(), rel.preparedBy())))
                    .append(r.t("（", " (")).append(Fmt.jst(rel.preparedAt())).append(r.t(" JST）。承認待ちです。", " JST). Awaiting approval."))
                    .append("</p>\n");
            if (settler && rel.preparedBy().equals(user.principal())) {
                sb.append("<p class=\"notice\" id=\"approve-not-allowed\">").append(r.t("準備した本人は承認できません。別の精算承認者に承認を依頼してください。",
                        "You prepared this run: another settlement approver must approve it.")).append("</p>\n");
            } else if (settler) {
                sb.append("<form method=\"post\" action=\"").append(base).append("/approve\">").append(Layout.csrfField(r))
                        .append(back(base)).append("<button type=\"submit\" id=\"approve-run\">")
                        .append(r.t("承認して振込データを確定する", "Approve and release the transfer files")).append("</button></form>\n");
            }
        } else {
            RunRelease rel = release.get();
            sb.append("<p>").append(r.t("準備: ", "Prepared by ")).append(Html.escape(name(rel.preparedByName(), rel.preparedBy())))
                    .append(" (").append(Fmt.jst(rel.preparedAt())).append(" JST)").append(r.t("、承認: ", "; approved by "))
                    .append(Html.escape(name(rel.approvedByName(), rel.approvedBy()))).append(" (").append(Fmt.jst(rel.approvedAt()))
                    .append(" JST)</p>\n");
            if (settler) {
                sb.append("<ul>");
                if (run.transferFile() != null) {
                    sb.append("<li><a id=\"transfer-file\" href=\"").append(base).append("/transfer-file\">")
                            .append(r.t("振込データ（全銀形式）", "Transfer file (Zengin)")).append("</a> ")
                            .append(Fmt.count(run.transferFile().bytes())).append(" bytes, SHA-256 <code>")
                            .append(run.transferFile().sha256()).append("</code></li>");
                } else {
                    sb.append("<li>").append(r.t("この精算には振込がありません。", "This run transfers nothing.")).append("</li>");
                }
                refundTransfers.ifPresent(f -> sb.append("<li><a id=\"refund-transfer-file\" href=\"").append(base)
                        .append("/refund-transfer-file\">").append(r.t("返金振込データ（全銀形式）", "Refund transfer file (Zengin)"))
                        .append("</a> ").append(Fmt.count(f.count())).append(r.t(" 件 ", " transfers, ")).append(Fmt.yen(f.amount()))
                        .append("</li>"));
                sb.append("</ul>\n");
            }
        }
        if (!settler) {
            sb.append("<p class=\"muted\">").append(r.t("準備・承認と振込データのダウンロードは、全団体の精算承認者が行います。",
                    "Settlement approvers over every organization prepare, approve and download the files.")).append("</p>\n");
        }
        sb.append("</section>\n");
    }

    private static String name(String name, String principal) {
        return name == null || name.isBlank() ? principal : name;
    }

    private static String back(String path) {
        return "<input type=\"hidden\" name=\"_back\" value=\"" + Html.escape(path) + "\">";
    }

    // ---- release ----

    private APIGatewayV2HTTPResponse prepare(ConsoleRequest r) {
        Optional<SettlementRun> run = completeRun(r);
        if (run.isEmpty()) {
            return Layout.notFound(r);
        }
        if (!r.user().mayEverywhere(Permission.SETTLE)) {
            return Layout.forbidden(r);
        }
        String id = run.get().id().toString();
        StaffUser u = r.user();
        if (new ReleaseRun(wiring.releases()).prepare(id, u.principal(), u.name(), r.now()) instanceof ReleaseRun.Prepared.Already) {
            return Layout.message(r, 409, r.t("準備済みです", "Already prepared"),
                    r.t("この精算はすでに準備されています。画面を開き直してください。", "This run was already prepared. Open the page again."));
        }
        audit.record(r, AuditActions.RUN_PREPARED, id, "-", Map.of("amount", Long.toString(run.get().amount()),
                "count", Long.toString(run.get().count())));
        return Layout.seeOther("/console/settlement-runs/" + id);
    }

    private APIGatewayV2HTTPResponse approve(ConsoleRequest r) {
        Optional<SettlementRun> run = completeRun(r);
        if (run.isEmpty()) {
            return Layout.notFound(r);
        }
        StaffUser u = r.user();
        if (!u.mayEverywhere(Permission.SETTLE)) {
            return Layout.forbidden(r);
        }
        String id = run.get().id().toString();
        RunRelease rel;
        switch (new ReleaseRun(wiring.releases()).approve(id, u.principal(), u.name(), r.now())) {
            case ReleaseRun.Approved.NotPrepared n -> {
                return Layout.message(r, 409, r.t("まだ準備されていません", "Not prepared yet"),
                        r.t("承認の前に、精算承認者が準備してください。", "A settlement approver prepares the run before it is approved."));
            }
            case ReleaseRun.Approved.SamePrincipal s -> {
                return Layout.message(r, 403, r.t("準備した本人は承認できません", "You prepared this run"),
                        r.t("二者承認のため、準備した本人は承認できません。別の精算承認者に承認を依頼してください。",
                                "Two people release a run: another settlement approver must approve it."));
            }
            case ReleaseRun.Approved.Already a -> {
                return Layout.message(r, 409, r.t("承認済みです", "Already approved"),
                        r.t("この精算はすでに承認されています。", "This run was already approved."));
            }
            case ReleaseRun.Approved.Changed c -> {
                return Layout.message(r, 409, r.t("他の操作と競合しました", "Changed meanwhile"),
                        r.t("この精算の承認状態が変わりました。画面を開き直してください。", "The release changed meanwhile. Open the page again."));
            }
            case ReleaseRun.Approved.Done d -> rel = d.release();
        }
        audit.record(r, AuditActions.RUN_APPROVED, id, "-", Map.of("preparedBy", rel.preparedBy(),
                "amount", Long.toString(run.get().amount())));
        return Layout.seeOther("/console/settlement-runs/" + id);
    }

    // ---- documents ----

    private APIGatewayV2HTTPResponse transferFile(ConsoleRequest r, boolean refunds) {
        Optional<SettlementRun> run = completeRun(r);
        if (run.isEmpty()) {
            return Layout.notFound(r);
        }
        if (!r.user().mayEverywhere(Permission.SETTLE)) {
            return Layout.forbidden(r);
        }
        String id = run.get().id().toString();
        if (!new ReleaseRun(wiring.releases()).released(id)) {
            return Layout.message(r, 403, r.t("承認されていません", "Not approved yet"),
                    r.t("振込データは、準備した人とは別の精算承認者が承認した後にダウンロードできます。",
                            "The transfer file can be downloaded once a second settlement approver has approved the run."));
        }
        StoredObject file;
        String name;
        if (refunds) {
            Optional<RefundTransfers> t = wiring.runs().refundTransfers(run.get().id());
            if (t.isEmpty()) {
                return Layout.notFound(r);
            }
            file = t.get().file();
            name = "zengin-refunds-" + id + ".txt";
        } else {
            if (run.get().transferFile() == null) {
                return Layout.notFound(r);
            }
            file = run.get().transferFile();
            name = "zengin-" + id + ".txt";
        }
        APIGatewayV2HTTPResponse response = Documents.serve(r, wiring.documents(), file, name);
        if (response.getStatusCode() < 400) {
            audit.record(r, AuditActions.TRANSFER_FILE_DOWNLOADED, id, "-", Map.of("file", refunds ? "refund_transfers" : "transfers",
                    "sha256", file.sha256(), "bytes", Long.toString(file.bytes())));
        }
        return response;
    }

    private APIGatewayV2HTTPResponse statement(ConsoleRequest r) {
        Optional<Doc> doc = Doc.parse(r.pathParam("document"));
        Optional<SettlementRun> run = completeRun(r);
        if (doc.isEmpty() || run.isEmpty() || !r.user().may(Permission.VIEW, doc.get().creditor())) {
            return Layout.notFound(r);
        }
        Optional<RunStatement> s = wiring.runs().statement(run.get().id(), doc.get().creditor());
        if (s.isEmpty()) {
            return Layout.notFound(r);
        }
        return doc.get().csv() ? Documents.serve(r, wiring.documents(), s.get().csv(), "statement-" + doc.get().creditor() + "-" + run.get().id() + ".csv")
                : Documents.serve(r, wiring.documents(), s.get().html(), null);
    }

    private APIGatewayV2HTTPResponse repaymentRequest(ConsoleRequest r) {
        Optional<Doc> doc = Doc.parse(r.pathParam("document"));
        Optional<SettlementRun> run = completeRun(r);
        if (doc.isEmpty() || run.isEmpty() || !r.user().may(Permission.VIEW, doc.get().creditor())) {
            return Layout.notFound(r);
        }
        Optional<RepaymentRequest> q = wiring.runs().repaymentRequest(run.get().id(), doc.get().creditor());
        if (q.isEmpty()) {
            return Layout.notFound(r);
        }
        return doc.get().csv()
                ? Documents.serve(r, wiring.documents(), q.get().csv(), "repayment-request-" + doc.get().creditor() + "-" + run.get().id() + ".csv")
                : Documents.serve(r, wiring.documents(), q.get().html(), null);
    }

    /** {@code <creditor>.html} or {@code <creditor>.csv}. */
    private record Doc(String creditor, boolean csv) {
        private static final java.util.regex.Pattern FORM = java.util.regex.Pattern.compile("([A-Za-z0-9_-]{1,16})\\.(html|csv)");

        static Optional<Doc> parse(String document) {
            var m = FORM.matcher(document);
            return m.matches() ? Optional.of(new Doc(m.group(1), m.group(2).equals("csv"))) : Optional.empty();
        }
    }

    // ---- markup ----

    public static String th(String text) {
        return "<th scope=\"col\">" + Html.escape(text) + "</th>";
    }

    public static String thNum(String text) {
        return "<th scope=\"col\" class=\"num\">" + Html.escape(text) + "</th>";
    }

    public static String tdNum(String text) {
        return "<td class=\"num\">" + Html.escape(text) + "</td>";
    }

    public static String fact(String term, String value) {
        return "<dt>" + Html.escape(term) + "</dt><dd>" + Html.escape(value) + "</dd>";
    }

    public static String dateInput(ConsoleRequest r, String name, String label, LocalDate value) {
        return "<div><label for=\"" + name + "\">" + Html.escape(label) + "</label><input type=\"date\" id=\"" + name + "\" name=\""
                + name + "\" value=\"" + value + "\"></div>";
    }
}
