package jp.kokin.console.payments;

import static jp.kokin.console.payments.Fmt.esc;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import jp.kokin.console.ConsoleWiring;
import jp.kokin.console.web.Audit;
import jp.kokin.console.web.ConsoleRequest;
import jp.kokin.console.web.Layout;
import jp.kokin.domain.catalog.Catalog;
import jp.kokin.domain.catalog.RevenueItem;
import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.checkout.CheckoutIds;
import jp.kokin.domain.checkout.CheckoutItem;
import jp.kokin.domain.checkout.CheckoutStatus;
import jp.kokin.domain.checkout.LineAmount;
import jp.kokin.domain.checkout.Payment;
import jp.kokin.domain.console.AuditActions;
import jp.kokin.domain.console.HistoryEvent;
import jp.kokin.domain.console.NotificationDelivery;
import jp.kokin.domain.console.PaymentRow;
import jp.kokin.domain.console.Permission;
import jp.kokin.domain.format.JapaneseDates;
import jp.kokin.domain.refund.Refund;
import jp.kokin.domain.settlement.SettlementRunId;
import jp.kokin.domain.settlement.treasury.PayIn;

/**
 * A checkout's page: facts, items with creditors and the run or pay-in that carried each line,
 * attempts, receipt, refunds, history and portal notifications (with resend).
 *
 * <p>Which pay-in carried a national line: a run groups its national lines into pay-ins by
 * (creditor, fiscal year of the checkout's JST payment date, the catalog's revenue item for the line),
 * so the pay-in is found among the run's pay-ins ({@code PayInStore.byBusinessDate}) by that key. The
 * revenue item is the catalog's now, as the run took it; if the catalog changed since, the page shows
 * the run only and says the pay-in was not identified.
 */
final class CheckoutPage {
    private final ConsoleWiring wiring;
    private final Audit audit;

    CheckoutPage(ConsoleWiring wiring, Audit audit) {
        this.wiring = wiring;
        this.audit = audit;
    }

    /** The checkout if it exists and the user holds {@code permission} over its organization. */
    static Optional<Checkout> visible(ConsoleWiring wiring, ConsoleRequest r, String id, Permission permission) {
        return CheckoutIds.isCheckoutId(id) ? wiring.checkouts().find(id).filter(c -> r.user().may(permission, c.organizationCode()))
                : Optional.empty();
    }

    APIGatewayV2HTTPResponse show(ConsoleRequest r) {
        Optional<Checkout> found = visible(wiring, r, r.pathParam("id"), Permission.VIEW);
        if (found.isEmpty()) {
            return Layout.notFound(r);
        }
        Checkout c = found.get();
        Catalog catalog = wiring.catalog().get();
        var sb = new StringBuilder();
        sb.append("<h1>").append(r.t("支払の詳細", "Payment")).append(" <span class=\"muted\">").append(esc(c.id())).append("</span></h1>\n");
        r.q("notice").filter("resent"::equals).ifPresent(n -> sb.append("<p class=\"notice ok\" role=\"status\">")
                .append(r.t("通知を再送しました。配信の結果は下の表に反映されます。", "The notification was queued again; its delivery shows below."))
                .append("</p>\n"));
        facts(r, c, catalog, sb);
        items(r, c, catalog, sb);
        attempts(r, c, sb);
        receipt(r, c, sb);
        refunds(r, c, sb);
        history(r, c, sb);
        deliveries(r, c, sb);
        return Layout.page(r, 200, r.t("支払の詳細 ", "Payment ") + c.id(), sb.toString());
    }

    private static void facts(ConsoleRequest r, Checkout c, Catalog catalog, StringBuilder sb) {
        sb.append("<dl class=\"facts\">\n");
        fact(sb, r.t("受付番号", "Checkout"), esc(c.id()));
        fact(sb, r.t("団体", "Organization"), Fmt.organization(catalog, c.organizationCode()));
        fact(sb, r.t("ポータル", "Portal"), esc(c.portalId()));
        fact(sb, r.t("申請番号", "Reference"), esc(c.reference()));
        fact(sb, r.t("状態", "Status"), Fmt.checkoutStatus(r, c.statusAt(r.now()).wire()));
        fact(sb, r.t("金額", "Amount"), Fmt.yen(c.amount()));
        fact(sb, r.t("作成日時", "Created"), Fmt.jst(c.createdAt()));
        fact(sb, r.t("支払期限", "Expires"), Fmt.jst(c.expiresAt()));
        fact(sb, r.t("支払日時", "Paid"), c.paidAt() == null ? "—" : Fmt.jst(c.paidAt()) + (c.latePayment() ? r.t("（期限後の支払）", " (after expiry)") : ""));
        // the same sum as the 収納一覧's column (approved or later), then what has actually gone back
        fact(sb, r.t("返金額（承認済み以降）", "Refunded (approved or later)"), Fmt.yen(PaymentRow.of(c).refunded()));
        fact(sb, r.t("うち返金完了", "of which paid back"), Fmt.yen(c.refundedAmount()));
        sb.append("</dl>\n<p class=\"muted\">").append(r.t("時刻はすべて日本時間（JST）です。", "All times are Japan Standard Time (JST).")).append("</p>\n");
    }

    private static void fact(StringBuilder sb, String term, String valueHtml) {
        sb.append("<dt>").append(esc(term)).append("</dt><dd>").append(valueHtml).append("</dd>\n");
    }

    private void items(ConsoleRequest r, Checkout c, Catalog catalog, StringBuilder sb) {
        sb.append("<h2>").append(r.t("品目と精算", "Items and settlement")).append("</h2>\n<table id=\"items\">\n<caption>")
                .append(r.t("品目（手数料の内訳）と、各行を運んだ精算・国庫納付", "Items (fee lines) and the run or pay-in that carried each line"))
                .append("</caption>\n<thead><tr><th scope=\"col\">").append(r.t("手続", "Procedure")).append("</th><th scope=\"col\" class=\"num\">")
                .append(r.t("数量", "Qty")).append("</th><th scope=\"col\">").append(r.t("収納先（債権者）", "Creditor"))
                .append("</th><th scope=\"col\" class=\"num\">").append(r.t("金額", "Amount")).append("</th><th scope=\"col\">")
                .append(r.t("精算", "Settlement")).append("</th></tr></thead>\n<tbody>\n");
        List<PayIn> runPayIns = null;
        for (CheckoutItem item : c.items()) {
            String name = r.english() && item.name().en() != null ? item.name().en() : item.name().ja();
            for (LineAmount line : item.lines()) {
                sb.append("<tr><td>").append(esc(name)).append(" <span class=\"muted\">(").append(esc(item.procedureCode()))
                        .append(")</span></td><td class=\"num\">").append(item.quantity()).append("</td><td>")
                        .append(Fmt.organization(catalog, line.creditor()));
                boolean national = catalog.treasuryOf(line.creditor()).isPresent();
                if (national) {
                    sb.append(" <span class=\"muted\">").append(r.t("（国庫）", "(treasury)")).append("</span>");
                }
                sb.append("</td><td class=\"num\">").append(Fmt.yen(line.amount())).append("</td><td>");
                if (c.settlementRunId() == null) {
                    sb.append(c.status() == CheckoutStatus.PAID ? r.t("未精算（次の精算で処理）", "Not settled yet (next run)") : "—");
                } else {
                    String run = "<a href=\"/console/settlement-runs/" + esc(c.settlementRunId()) + "\">" + esc(c.settlementRunId()) + "</a>";
                    if (national) {
                        if (runPayIns == null) {
                            runPayIns = SettlementRunId.parse(c.settlementRunId())
                                    .map(id -> wiring.payIns().byBusinessDate(id.businessDate())).orElse(List.of());
                        }
                        Optional<PayIn> payIn = payInOf(c, item, line, catalog, runPayIns);
                        sb.append(r.t("精算 ", "Run ")).append(run).append(r.t(" → 国庫納付 ", " → pay-in "));
                        sb.append(payIn.map(p -> "<a href=\"/console/payins/" + esc(p.id()) + "\">" + esc(p.id()) + "</a>")
                                .orElse(r.t("（特定できません：精算のページを見てください）", "(not identified: see the run)")));
                    } else {
                        sb.append(r.t("精算 ", "Run ")).append(run);
                    }
                }
                sb.append("</td></tr>\n");
            }
        }
        sb.append("</tbody></table>\n");
    }

    /** The pay-in of the run that carried this national line (see the class comment). */
    static Optional<PayIn> payInOf(Checkout c, CheckoutItem item, LineAmount line, Catalog catalog, List<PayIn> runPayIns) {
        if (c.paidAt() == null) {
            return Optional.empty();
        }
        String revenue = catalog.revenueItem(c.organizationCode(), item.procedureCode(), line.creditor())
                .filter(java.util.Objects::nonNull).map(RevenueItem::code).orElse(RevenueItem.UNASSIGNED.code());
        int fiscalYear = JapaneseDates.fiscalYear(c.paidAt());
        return runPayIns.stream().filter(p -> p.runId().equals(c.settlementRunId()) && p.organizationCode().equals(line.creditor())
                && p.fiscalYear() == fiscalYear && p.revenueItem().code().equals(revenue)).findFirst();
    }

    private static void attempts(ConsoleRequest r, Checkout c, StringBuilder sb) {
        sb.append("<h2>").append(r.t("支払の試行", "Payment attempts")).append("</h2>\n<table id=\"attempts\">\n<caption>")
                .append(r.t("支払の試行（古い順）", "Payment attempts, oldest first")).append("</caption>\n<thead><tr>");
        for (String h : List.of(r.t("支払ID", "Payment"), r.t("支払方法", "Method"), r.t("決済事業者", "Provider"), r.t("状態", "Status"))) {
            sb.append("<th scope=\"col\">").append(esc(h)).append("</th>");
        }
        sb.append("<th scope=\"col\" class=\"num\">").append(r.t("金額", "Amount")).append("</th><th scope=\"col\">")
                .append(r.t("開始", "Started")).append("</th><th scope=\"col\">").append(r.t("完了", "Completed")).append("</th></tr></thead>\n<tbody>\n");
        for (Payment p : c.payments()) {
            sb.append("<tr><td>").append(esc(p.id())).append("</td><td>").append(Fmt.method(r, p.method().wire())).append("</td><td>")
                    .append(esc(p.provider())).append("</td><td>").append(Fmt.paymentStatus(r, p.status().wire()))
                    .append(p.duplicatePayment() ? r.t("（二重納付）", " (duplicate)") : "").append("</td><td class=\"num\">")
                    .append(Fmt.yen(p.amount())).append("</td><td>").append(Fmt.jst(p.createdAt())).append("</td><td>")
                    .append(Fmt.jst(p.completedAt())).append("</td></tr>\n");
        }
        if (c.payments().isEmpty()) {
            sb.append("<tr><td colspan=\"7\">").append(r.t("まだ支払の試行はありません。", "No attempt yet.")).append("</td></tr>\n");
        }
        sb.append("</tbody></table>\n");
    }

    private static void receipt(ConsoleRequest r, Checkout c, StringBuilder sb) {
        sb.append("<h2>").append(r.t("領収書", "Receipt")).append("</h2>\n");
        if (c.receipt() == null) {
            sb.append("<p>").append(c.status() == CheckoutStatus.PAID ? r.t("発行待ちです。", "Not issued yet.") : r.t("ありません。", "None."))
                    .append("</p>\n");
        } else {
            sb.append("<dl class=\"facts\">\n");
            fact(sb, r.t("領収書番号", "Number"), esc(c.receipt().number()));
            fact(sb, r.t("発行日時", "Issued"), Fmt.jst(c.receipt().issuedAt()));
            sb.append("</dl>\n<p><a id=\"receipt-page\" href=\"/receipts/").append(esc(Layout.urlEncode(c.receipt().number()))).append('/')
                    .append(esc(Layout.urlEncode(c.receipt().token()))).append("\">")
                    .append(r.t("納付者向けの領収書ページ（印刷・再交付の案内に）", "The payer's receipt page (to print or read out)"))
                    .append("</a></p>\n");
        }
    }

    private static void refunds(ConsoleRequest r, Checkout c, StringBuilder sb) {
        sb.append("<h2>").append(r.t("返金", "Refunds")).append("</h2>\n");
        if (c.refunds().isEmpty()) {
            sb.append("<p>").append(r.t("返金はありません。", "No refunds.")).append("</p>\n");
        } else {
            sb.append("<table id=\"checkout-refunds\">\n<caption>").append(r.t("この支払の返金", "Refunds of this payment"))
                    .append("</caption>\n<thead><tr><th scope=\"col\">").append(r.t("返金ID", "Refund")).append("</th><th scope=\"col\" class=\"num\">")
                    .append(r.t("金額", "Amount")).append("</th><th scope=\"col\">").append(r.t("理由", "Reason")).append("</th><th scope=\"col\">")
                    .append(r.t("状態", "Status")).append("</th><th scope=\"col\">").append(r.t("申請日時", "Requested"))
                    .append("</th><th scope=\"col\">").append(r.t("精算", "Run")).append("</th></tr></thead>\n<tbody>\n");
            for (Refund f : c.refunds()) {
                sb.append("<tr><td><a href=\"/console/refunds/").append(esc(f.id())).append("\">").append(esc(f.id())).append("</a></td><td class=\"num\">")
                        .append(Fmt.yen(f.amount())).append("</td><td>").append(Fmt.refundReason(r, f.reason().wire())).append("</td><td>")
                        .append(Fmt.refundStatus(r, f.status().wire())).append("</td><td>").append(Fmt.jst(f.createdAt())).append("</td><td>");
                if (f.settlementRunId() != null) {
                    sb.append("<a href=\"/console/settlement-runs/").append(esc(f.settlementRunId())).append("\">").append(esc(f.settlementRunId())).append("</a>");
                }
                sb.append("</td></tr>\n");
            }
            sb.append("</tbody></table>\n");
        }
        if (c.status() == CheckoutStatus.PAID && r.user().may(Permission.REQUEST_REFUND, c.organizationCode()) && c.refundableAmount() > 0) {
            sb.append("<p><a id=\"request-refund\" class=\"button\" href=\"/console/payments/").append(esc(c.id())).append("/refunds/new\">")
                    .append(r.t("返金を申請する", "Request a refund")).append("</a></p>\n");
        }
    }

    private void history(ConsoleRequest r, Checkout c, StringBuilder sb) {
        List<HistoryEvent> events = wiring.history().of(c.id());
        sb.append("<h2>").append(r.t("履歴", "History")).append("</h2>\n<table id=\"history\">\n<caption>")
                .append(r.t("状態の変化（古い順）", "State changes, oldest first")).append("</caption>\n<thead><tr><th scope=\"col\">")
                .append(r.t("日時", "When")).append("</th><th scope=\"col\">").append(r.t("出来事", "Event")).append("</th><th scope=\"col\">")
                .append(r.t("詳細", "Detail")).append("</th></tr></thead>\n<tbody>\n");
        for (HistoryEvent e : events) {
            sb.append("<tr><td>").append(Fmt.jst(e.at())).append("</td><td>").append(esc(e.type())).append("</td><td>");
            new TreeMap<>(e.detail()).forEach((k, v) -> sb.append(esc(k)).append(": ").append(esc(v)).append("<br>"));
            sb.append("</td></tr>\n");
        }
        if (events.isEmpty()) {
            sb.append("<tr><td colspan=\"3\">").append(r.t("記録された履歴はありません（履歴の記録を始める前の支払です）。",
                    "No stored history (a payment from before history was recorded).")).append("</td></tr>\n");
        }
        sb.append("</tbody></table>\n");
    }

    private void deliveries(ConsoleRequest r, Checkout c, StringBuilder sb) {
        List<NotificationDelivery> list = wiring.deliveries().of(c.id());
        boolean mayResend = r.user().may(Permission.OPERATE, c.organizationCode());
        sb.append("<h2>").append(r.t("ポータルへの通知", "Portal notifications")).append("</h2>\n<table id=\"deliveries\">\n<caption>")
                .append(r.t("通知と配信の状況", "Notifications and their delivery")).append("</caption>\n<thead><tr>");
        for (String h : List.of(r.t("通知ID", "Notification"), r.t("種類", "Type"), r.t("状態", "Status"))) {
            sb.append("<th scope=\"col\">").append(esc(h)).append("</th>");
        }
        sb.append("<th scope=\"col\" class=\"num\">").append(r.t("試行回数", "Attempts")).append("</th><th scope=\"col\">")
                .append(r.t("最後の応答", "Last answer")).append("</th><th scope=\"col\">").append(r.t("初回", "First"))
                .append("</th><th scope=\"col\">").append(r.t("最終", "Last")).append("</th>");
        if (mayResend) {
            sb.append("<th scope=\"col\">").append(r.t("操作", "Action")).append("</th>");
        }
        sb.append("</tr></thead>\n<tbody>\n");
        for (NotificationDelivery d : list) {
            sb.append("<tr><td>").append(esc(d.notificationId())).append("</td><td>").append(esc(d.type())).append("</td><td>")
                    .append(deliveryStatus(r, d.status())).append("</td><td class=\"num\">").append(d.attempts()).append("</td><td>")
                    .append(d.lastHttpStatus() == 0 ? r.t("応答なし", "none") : "HTTP " + d.lastHttpStatus()).append("</td><td>")
                    .append(Fmt.jst(d.firstAttemptAt())).append("</td><td>").append(Fmt.jst(d.lastAttemptAt())).append("</td>");
            if (mayResend && !d.resendable()) {
                sb.append("<td class=\"muted\">").append(r.t("本文が保存されていないため再送できません", "Cannot be resent: its body was not kept"))
                        .append("</td>");
            } else if (mayResend) {
                String path = "/console/payments/" + esc(c.id()) + "/notifications/" + esc(d.notificationId()) + "/resend";
                sb.append("<td><form class=\"inline\" method=\"post\" action=\"").append(path).append("\">").append(Layout.csrfField(r))
                        .append("<input type=\"hidden\" name=\"_back\" value=\"/console/payments/").append(esc(c.id())).append("\">")
                        .append("<button type=\"submit\" class=\"secondary\" aria-label=\"")
                        .append(esc(r.t("通知 " + d.notificationId() + " を再送", "Resend notification " + d.notificationId()))).append("\">")
                        .append(r.t("再送", "Resend")).append("</button></form></td>");
            }
            sb.append("</tr>\n");
        }
        if (list.isEmpty()) {
            sb.append("<tr><td colspan=\"").append(mayResend ? 8 : 7).append("\">").append(r.t("通知はありません。", "No notifications."))
                    .append("</td></tr>\n");
        }
        sb.append("</tbody></table>\n");
    }

    private static String deliveryStatus(ConsoleRequest r, String wire) {
        return switch (wire) {
            case "pending" -> r.t("再試行中", "Retrying");
            case "delivered" -> r.t("配信済", "Delivered");
            case "failed" -> r.t("配信失敗（打切り）", "Failed (gave up)");
            case "disabled" -> r.t("送信先なし", "Disabled");
            default -> esc(wire);
        };
    }

    /** A notification id as the checkout function makes them ({@code msg_…}, the Standard Webhooks id): anything else is not found. */
    private static final java.util.regex.Pattern NOTIFICATION_ID = java.util.regex.Pattern.compile("[A-Za-z0-9_-]{1,128}");

    /** {@code POST /console/payments/{id}/notifications/{nid}/resend}: queues the stored message again (same id). */
    APIGatewayV2HTTPResponse resend(ConsoleRequest r) {
        Optional<Checkout> found = visible(wiring, r, r.pathParam("id"), Permission.OPERATE);
        if (found.isEmpty()) {
            return Layout.notFound(r);
        }
        Checkout c = found.get();
        String nid = r.pathParam("nid");
        if (!NOTIFICATION_ID.matcher(nid).matches()) { // never a key DynamoDB refuses (a 500)
            return Layout.notFound(r);
        }
        Optional<NotificationDelivery> d = wiring.deliveries().find(c.id(), nid);
        if (d.isEmpty()) {
            return Layout.notFound(r);
        }
        if (!d.get().resendable()) {
            return Layout.message(r, 409, r.t("再送できません", "Cannot resend"),
                    r.t("この通知は本文が保存されていない（4 KBを超える）ため再送できません。", "This notification's body was not kept (over 4 KB), so it cannot be resent."));
        }
        wiring.deliveries().resend(d.get());
        audit.record(r, AuditActions.NOTIFICATION_RESENT, d.get().notificationId(), c.organizationCode(),
                Map.of("checkoutId", c.id(), "type", d.get().type()));
        return Layout.seeOther("/console/payments/" + c.id() + "?notice=resent");
    }
}
