package jp.kokin.console.treasury;

import static jp.kokin.console.settlement.SettlementRoutes.dateInput;
import static jp.kokin.console.settlement.SettlementRoutes.fact;
import static jp.kokin.console.settlement.SettlementRoutes.tdNum;
import static jp.kokin.console.settlement.SettlementRoutes.th;
import static jp.kokin.console.settlement.SettlementRoutes.thNum;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;

import jp.kokin.adapters.json.Json;
import jp.kokin.adapters.log.Log;
import jp.kokin.console.ConsoleWiring;
import jp.kokin.console.settlement.Documents;
import jp.kokin.console.settlement.Fmt;
import jp.kokin.console.web.Audit;
import jp.kokin.console.web.ConsoleRequest;
import jp.kokin.console.web.Layout;
import jp.kokin.console.web.Route;
import jp.kokin.domain.console.AuditActions;
import jp.kokin.domain.console.Permission;
import jp.kokin.domain.console.StaffUser;
import jp.kokin.domain.format.Html;
import jp.kokin.domain.format.JapaneseDates;
import jp.kokin.domain.settlement.CheckedDocuments;
import jp.kokin.domain.settlement.StoredObject;
import jp.kokin.domain.settlement.treasury.PayIn;
import jp.kokin.domain.settlement.treasury.PayInAudit;
import jp.kokin.domain.settlement.treasury.PayInPayment;
import jp.kokin.domain.settlement.treasury.PayInStatus;
import jp.kokin.domain.settlement.treasury.PayInSteps;
import jp.kokin.domain.settlement.treasury.TreasuryReport;
import jp.kokin.domain.settlement.treasury.TreasuryReportVersion;

/**
 * 国庫納付 (national pay-ins): the lists by status, a pay-in's page with its 納付書 and the two recorded
 * steps (paid: moves money, needs a recent sign-in; confirmed), through the same domain steps as the
 * settlement API ({@link PayInSteps}: version-locked, in the pay-in's own audit), and the Art. 6(2)
 * reports' issued versions. A pay-in's organization is its treasury creditor (e.g. MOFA).
 */
public final class PayInRoutes {
    /** Business days a paid/confirmed list spans at most (one read of a date's pay-ins per day: no index keeps them). */
    public static final int MAX_LIST_DAYS = 62;
    public static final int DEFAULT_LIST_DAYS = 31;
    /** A pay-in's lines are summarised on its page from {@code lines.json} up to this size (else linked). */
    public static final long MAX_SUMMARISED_LINES_BYTES = 2L * 1024 * 1024;
    /** A pay-in's documents, as {@code PayIn.documents} names them (the settlement API serves the same). */
    public static final Set<String> DOCUMENTS = Set.of("lines.json", "slip.html", "slip.csv", "slip.json");
    private static final Set<String> REPORT_DOCUMENTS = Set.of("report.html", "report.csv", "report.json");

    private final ConsoleWiring wiring;
    private final Audit audit;
    private final PayInSteps steps;

    private PayInRoutes(ConsoleWiring wiring, Audit audit) {
        this.wiring = wiring;
        this.audit = audit;
        this.steps = new PayInSteps(wiring.payIns());
    }

    public static List<Route> routes(ConsoleWiring wiring, Audit audit) {
        var p = new PayInRoutes(wiring, audit);
        return List.of(
                Route.get("/console/payins", Permission.VIEW, p::list),
                Route.get("/console/payins/{id}", Permission.VIEW, p::detail),
                Route.get("/console/payins/{id}/documents/{document}", Permission.VIEW, p::document),
                Route.postMovingMoney("/console/payins/{id}/paid", Permission.SETTLE, p::paid),
                Route.post("/console/payins/{id}/confirmed", Permission.SETTLE, p::confirmed),
                Route.get("/console/treasury-reports", Permission.VIEW, p::reports),
                Route.get("/console/treasury-reports/{document}", Permission.VIEW, p::reportDocument));
    }

    // ---- lists ----

    private APIGatewayV2HTTPResponse list(ConsoleRequest r) {
        Optional<PayInStatus> asked = r.q("status").isPresent() ? r.q("status").flatMap(PayInStatus::fromWire) : Optional.of(PayInStatus.DUE);
        if (asked.isEmpty()) {
            return Layout.message(r, 400, r.t("状態が正しくありません", "Invalid status"),
                    r.t("状態は due、paid、confirmed のいずれかです。", "The status is due, paid or confirmed."));
        }
        PayInStatus status = asked.get();
        LocalDate today = JapaneseDates.businessDate(r.now());
        Optional<LocalDate> from = Fmt.date(r.q("from"));
        Optional<LocalDate> to = Fmt.date(r.q("to"));
        LocalDate end = to.orElse(today);
        LocalDate start = from.orElse(end.minusDays(DEFAULT_LIST_DAYS - 1));
        if (r.q("from").isPresent() && from.isEmpty() || r.q("to").isPresent() && to.isEmpty() || end.isBefore(start)
                || ChronoUnit.DAYS.between(start, end) >= MAX_LIST_DAYS) {
            return Layout.message(r, 400, r.t("期間が正しくありません", "Invalid range"),
                    r.t("期間は YYYY-MM-DD で " + MAX_LIST_DAYS + " 日以内です。", "Give dates as YYYY-MM-DD, at most " + MAX_LIST_DAYS + " days."));
        }
        StaffUser user = r.user();
        List<PayIn> found = new ArrayList<>();
        if (status == PayInStatus.DUE) {
            found.addAll(wiring.payIns().due()); // the index the alarms read: every pay-in still due
        } else {
            for (LocalDate d = end; !d.isBefore(start); d = d.minusDays(1)) {
                found.addAll(wiring.payIns().byBusinessDate(d));
            }
        }
        found.removeIf(p -> p.status() != status || !user.may(Permission.VIEW, p.organizationCode()));

        var sb = new StringBuilder();
        sb.append("<h1>").append(r.t("国庫納付", "Treasury pay-ins")).append("</h1>\n");
        sb.append("<nav aria-label=\"").append(r.t("状態", "Status")).append("\"><ul class=\"inline\">");
        for (PayInStatus s : PayInStatus.values()) {
            sb.append("<li class=\"inline\"><a href=\"/console/payins?status=").append(s.wire()).append('"')
                    .append(s == status ? " aria-current=\"page\"" : "").append('>').append(Html.escape(label(r, s))).append("</a></li> ");
        }
        sb.append("</ul></nav>\n");
        if (status != PayInStatus.DUE) {
            sb.append("<form class=\"filters\" method=\"get\" action=\"/console/payins\" id=\"payin-filters\">")
                    .append("<input type=\"hidden\" name=\"status\" value=\"").append(status.wire()).append("\">")
                    .append(dateInput(r, "from", r.t("営業日（から）", "Business date from"), start))
                    .append(dateInput(r, "to", r.t("営業日（まで）", "Business date to"), end))
                    .append("<div><button type=\"submit\">").append(r.t("表示", "Show")).append("</button></div></form>\n");
        }
        long total = 0;
        sb.append("<table id=\"payins\"><caption>").append(Html.escape(label(r, status)))
                .append(status == PayInStatus.DUE ? r.t("（すべて、納付期限順）", " (all, by due date)")
                        : r.t("（営業日 " + start + "〜" + end + "）", " (business dates " + start + " to " + end + ")"))
                .append("</caption>\n<thead><tr>").append(th(r.t("納付", "Pay-in"))).append(th(r.t("所管", "Ministry")))
                .append(th(r.t("年度", "Fiscal year"))).append(th(r.t("歳入科目", "Revenue item"))).append(thNum(r.t("件数", "Lines")))
                .append(thNum(r.t("金額", "Amount"))).append(th(r.t("営業日", "Business date"))).append(th(r.t("納付期限", "Due")))
                .append(th(r.t("状態", "Status"))).append("</tr></thead>\n<tbody>\n");
        for (PayIn p : found) {
            boolean overdue = p.status() == PayInStatus.DUE && p.dueDate().isBefore(today);
            sb.append("<tr><td><a class=\"payin-link\" href=\"/console/payins/").append(p.id()).append("\">").append(p.id())
                    .append("</a></td><td>").append(Html.escape(p.ministryName())).append(" (").append(Html.escape(p.organizationCode()))
                    .append(")</td><td>").append(p.fiscalYear()).append(p.closedYear() ? r.t("（出納整理期間）", " (closed year)") : "")
                    .append("</td><td>").append(Html.escape(p.revenueItem().name())).append("</td>").append(tdNum(Fmt.count(p.count())))
                    .append(tdNum(Fmt.yen(p.amount()))).append("<td>").append(p.businessDate()).append("</td><td>").append(p.dueDate())
                    .append(overdue ? r.t("（期限超過）", " (overdue)") : "").append("</td><td>").append(Html.escape(label(r, p.status())))
                    .append("</td></tr>\n");
            total = Math.addExact(total, p.amount());
        }
        if (found.isEmpty()) {
            sb.append("<tr><td colspan=\"9\">").append(r.t("該当する国庫納付はありません。", "No pay-in.")).append("</td></tr>\n");
        }
        sb.append("</tbody><tfoot><tr><th scope=\"row\" colspan=\"5\">").append(r.t("合計", "Total")).append("</th>")
                .append(tdNum(Fmt.yen(total))).append("<td colspan=\"3\"></td></tr></tfoot></table>\n");
        sb.append("<p><a href=\"/console/treasury-reports\">").append(r.t("第6条第2項の報告", "Art. 6(2) reports")).append("</a></p>\n");
        return Layout.page(r, 200, r.t("国庫納付", "Treasury pay-ins"), sb.toString());
    }

    /** A pay-in status as the screens name it. */
    public static String label(ConsoleRequest r, PayInStatus s) {
        return switch (s) {
            case DUE -> r.t("納付待ち", "Due");
            case PAID -> r.t("納付済み", "Paid");
            case CONFIRMED -> r.t("確認済み", "Confirmed");
        };
    }

    /** The pay-in named by the path when the user may see it (with {@code permission}); else empty (one answer: 404). */
    private Optional<PayIn> visible(ConsoleRequest r, Permission permission) {
        String id = r.pathParam("id");
        if (!PayIn.ID.matcher(id).matches()) {
            return Optional.empty();
        }
        return wiring.payIns().find(id).filter(p -> r.user().may(permission, p.organizationCode()));
    }

    private APIGatewayV2HTTPResponse detail(ConsoleRequest r) {
        Optional<PayIn> found = visible(r, Permission.VIEW);
        if (found.isEmpty()) {
            return Layout.notFound(r);
        }
        PayIn p = found.get();
        String base = "/console/payins/" + p.id();
        var sb = new StringBuilder();
        sb.append("<h1>").append(r.t("国庫納付 ", "Treasury pay-in ")).append(p.id()).append("</h1>\n");
        r.q("done").ifPresent(d -> sb.append("<p class=\"notice ok\" role=\"status\">").append(d.equals("paid")
                ? r.t("納付を記録しました。", "The payment was recorded.") : r.t("確認を記録しました。", "The confirmation was recorded."))
                .append("</p>\n"));
        sb.append("<dl class=\"facts\">")
                .append(fact(r.t("状態", "Status"), label(r, p.status())))
                .append(fact(r.t("所管", "Ministry"), p.ministryName() + " (" + p.ministryCode() + ", " + p.organizationCode() + ")"))
                .append(fact(r.t("会計", "Account"), p.account()))
                .append(fact(r.t("歳入徴収官", "Collection officer"), p.officerName() + " (" + p.officerCode() + ")"))
                .append(fact(r.t("年度", "Fiscal year"), p.fiscalYear() + (p.closedYear() ? r.t("（出納整理期間）", " (closed year)") : "")))
                .append(fact(r.t("歳入科目", "Revenue item"), p.revenueItem().name() + " (" + p.revenueItem().code() + ")"))
                .append(fact(r.t("件数", "Lines"), Fmt.count(p.count())))
                .append(fact(r.t("金額", "Amount"), Fmt.yen(p.amount())))
                .append(fact(r.t("納付期限", "Due"), p.dueDate().toString()))
                .append(fact(r.t("精算", "Settlement run"), p.runId() + " (" + p.businessDate() + ")"));
        if (p.paid() != null) {
            sb.append(fact(r.t("納付日", "Paid on"), p.paid().paidOn().toString()))
                    .append(fact(r.t("納付先", "Bank"), p.paid().bank()))
                    .append(fact(r.t("領収番号", "Reference"), p.paid().reference()));
        }
        if (p.confirmedAt() != null) {
            sb.append(fact(r.t("確認日時", "Confirmed at"), Fmt.jst(p.confirmedAt()) + " JST"));
        }
        sb.append("</dl>\n<p><a href=\"/console/settlement-runs/").append(p.runId()).append("\">")
                .append(r.t("精算を見る", "See the settlement run")).append("</a></p>\n");

        sb.append("<h2>").append(r.t("納付書", "Pay-in slip (納付書)")).append("</h2>\n<ul id=\"slip-links\">");
        for (String name : new TreeMap<>(p.documents()).keySet()) {
            if (DOCUMENTS.contains(name)) {
                String text = switch (name) {
                    case "slip.html" -> r.t("納付書（印刷用）", "Pay-in slip (printable)");
                    case "slip.csv" -> r.t("納付書（CSV）", "Pay-in slip (CSV)");
                    case "slip.json" -> r.t("納付書（JSON）", "Pay-in slip (JSON)");
                    default -> r.t("明細（JSON）", "Lines (JSON)");
                };
                sb.append("<li><a href=\"").append(base).append("/documents/").append(name).append("\">").append(Html.escape(text))
                        .append("</a> <span class=\"muted\">").append(name).append("</span></li>");
            }
        }
        sb.append("</ul>\n");

        linesSummary(r, sb, p);
        actions(r, sb, p, base);

        sb.append("<table id=\"payin-audit\"><caption>").append(r.t("記録", "Record")).append("</caption>\n<thead><tr>")
                .append(th(r.t("日時", "When"))).append(th(r.t("操作", "Action"))).append(th(r.t("実施者", "By")))
                .append(th(r.t("内容", "Detail"))).append("</tr></thead>\n<tbody>\n");
        for (PayInAudit a : p.audit()) {
            sb.append("<tr><td>").append(Fmt.jst(a.at())).append("</td><td>").append(Html.escape(a.action())).append("</td><td>")
                    .append(Html.escape(a.principal())).append("</td><td>").append(Html.escape(a.detail())).append("</td></tr>\n");
        }
        if (p.audit().isEmpty()) {
            sb.append("<tr><td colspan=\"4\">").append(r.t("記録はありません。", "Nothing recorded yet.")).append("</td></tr>\n");
        }
        sb.append("</tbody></table>\n");
        return Layout.page(r, 200, r.t("国庫納付 ", "Treasury pay-in ") + p.id(), sb.toString());
    }

    /** Per entrustment date and procedure: count and amount, from {@code lines.json} (SHA-256 checked). */
    private void linesSummary(ConsoleRequest r, StringBuilder sb, PayIn p) {
        StoredObject lines = p.documents().get("lines.json");
        if (lines == null) {
            return;
        }
        if (lines.bytes() > MAX_SUMMARISED_LINES_BYTES) {
            sb.append("<p>").append(r.t("明細が大きいため、集計は lines.json をご覧ください。", "Many lines: see lines.json for them.")).append("</p>\n");
            return;
        }
        if (!(CheckedDocuments.read(wiring.documents(), lines, MAX_SUMMARISED_LINES_BYTES) instanceof CheckedDocuments.Read.Intact(byte[] bytes))) {
            Log.error("console.document_corrupt", null, "key", lines.key());
            sb.append("<p class=\"notice error\">").append(r.t("明細が記録と一致しないため表示できません。",
                    "The lines cannot be shown: the document does not match its record.")).append("</p>\n");
            return;
        }
        record Key(String entrustedOn, String procedure) implements Comparable<Key> {
            public int compareTo(Key o) {
                int c = entrustedOn.compareTo(o.entrustedOn);
                return c != 0 ? c : procedure.compareTo(o.procedure);
            }
        }
        Map<Key, long[]> sums = new TreeMap<>();
        for (JsonNode line : Json.parse(bytes).path("lines")) {
            String on = line.hasNonNull("entrustedOn") ? line.path("entrustedOn").asText()
                    : JapaneseDates.businessDate(java.time.Instant.parse(line.path("paidAt").asText())).toString();
            long[] s = sums.computeIfAbsent(new Key(on, line.path("procedureName").asText(line.path("procedureCode").asText())), k -> new long[2]);
            s[0]++;
            s[1] += line.path("amount").asLong();
        }
        sb.append("<table id=\"payin-lines\"><caption>").append(r.t("明細の集計（納付受託日・手続別）", "Lines by entrustment date and procedure"))
                .append("</caption>\n<thead><tr>").append(th(r.t("納付受託日", "Entrusted on"))).append(th(r.t("手続", "Procedure")))
                .append(thNum(r.t("件数", "Lines"))).append(thNum(r.t("金額", "Amount"))).append("</tr></thead>\n<tbody>\n");
        sums.forEach((k, s) -> sb.append("<tr><td>").append(Html.escape(k.entrustedOn())).append("</td><td>").append(Html.escape(k.procedure()))
                .append("</td>").append(tdNum(Fmt.count(s[0]))).append(tdNum(Fmt.yen(s[1]))).append("</tr>\n"));
        sb.append("</tbody></table>\n");
    }

    private void actions(ConsoleRequest r, StringBuilder sb, PayIn p, String base) {
        if (!r.user().may(Permission.SETTLE, p.organizationCode())) {
            return;
        }
        if (p.status() == PayInStatus.DUE) {
            String today = JapaneseDates.businessDate(r.now()).toString();
            sb.append("<h2>").append(r.t("納付を記録する", "Record the payment")).append("</h2>\n<form class=\"stack\" method=\"post\" action=\"")
                    .append(base).append("/paid\" id=\"paid-form\">").append(Layout.csrfField(r))
                    .append("<input type=\"hidden\" name=\"_back\" value=\"").append(base).append("\">")
                    .append("<div><label for=\"paidOn\">").append(r.t("納付日", "Paid on")).append("</label><input type=\"date\" id=\"paidOn\" name=\"paidOn\" required value=\"")
                    .append(today).append("\" max=\"").append(today).append("\"></div>")
                    .append("<div><label for=\"bank\">").append(r.t("納付先（日本銀行本支店・歳入代理店）", "Bank (BoJ branch or agent bank)"))
                    .append("</label><input type=\"text\" id=\"bank\" name=\"bank\" required maxlength=\"").append(PayInPayment.MAX_TEXT).append("\"></div>")
                    .append("<div><label for=\"reference\">").append(r.t("領収番号", "Receipt reference"))
                    .append("</label><input type=\"text\" id=\"reference\" name=\"reference\" required maxlength=\"").append(PayInPayment.MAX_TEXT).append("\"></div>")
                    .append("<div><button type=\"submit\" id=\"record-paid\">").append(r.t("納付を記録する", "Record the payment"))
                    .append("</button></div></form>\n");
        } else if (p.status() == PayInStatus.PAID && recordedPaidBy(p, r.user().principal())) {
            sb.append("<p class=\"notice\" id=\"confirm-needs-another\">").append(r.t("納付を記録した本人は確認を記録できません。別の担当者が確認してください。",
                    "You recorded the payment: another officer records the confirmation.")).append("</p>\n");
        } else if (p.status() == PayInStatus.PAID) {
            sb.append("<h2>").append(r.t("歳入徴収官の確認を記録する", "Record the officer's confirmation")).append("</h2>\n<form class=\"stack\" method=\"post\" action=\"")
                    .append(base).append("/confirmed\" id=\"confirmed-form\">").append(Layout.csrfField(r))
                    .append("<input type=\"hidden\" name=\"_back\" value=\"").append(base).append("\">")
                    .append("<div><label for=\"note\">").append(r.t("メモ（任意）", "Note (optional)")).append("</label><textarea id=\"note\" name=\"note\" maxlength=\"")
                    .append(PayInAudit.MAX_DETAIL).append("\"></textarea></div>")
                    .append("<div><button type=\"submit\" id=\"record-confirmed\">").append(r.t("確認を記録する", "Record the confirmation"))
                    .append("</button></div></form>\n");
        }
    }

    private APIGatewayV2HTTPResponse document(ConsoleRequest r) {
        Optional<PayIn> p = visible(r, Permission.VIEW);
        String name = r.pathParam("document");
        if (p.isEmpty() || !DOCUMENTS.contains(name) || !p.get().documents().containsKey(name)) {
            return Layout.notFound(r);
        }
        return Documents.serve(r, wiring.documents(), p.get().documents().get(name),
                name.endsWith(".csv") ? "payin-" + p.get().id() + ".csv" : name.endsWith(".json") ? p.get().id() + "-" + name : null);
    }

    // ---- steps ----

    private APIGatewayV2HTTPResponse paid(ConsoleRequest r) {
        String id = r.pathParam("id");
        if (visible(r, Permission.VIEW).isEmpty()) {
            return Layout.notFound(r);
        }
        if (visible(r, Permission.SETTLE).isEmpty()) {
            return Layout.forbidden(r);
        }
        List<String> errors = new ArrayList<>();
        LocalDate paidOn = null;
        try {
            paidOn = r.f("paidOn").map(LocalDate::parse).orElse(null);
        } catch (DateTimeParseException e) {
            // reported below
        }
        if (paidOn == null) {
            errors.add(r.t("納付日を YYYY-MM-DD で入力してください。", "Give the date paid as YYYY-MM-DD."));
        }
        String bank = r.f("bank").orElse("");
        String reference = r.f("reference").orElse("");
        if (bank.isEmpty() || bank.length() > PayInPayment.MAX_TEXT) {
            errors.add(r.t("納付先を " + PayInPayment.MAX_TEXT + " 文字以内で入力してください。", "Give the bank in at most " + PayInPayment.MAX_TEXT + " characters."));
        }
        if (reference.isEmpty() || reference.length() > PayInPayment.MAX_TEXT) {
            errors.add(r.t("領収番号を " + PayInPayment.MAX_TEXT + " 文字以内で入力してください。", "Give the reference in at most " + PayInPayment.MAX_TEXT + " characters."));
        }
        if (!errors.isEmpty()) {
            return invalid(r, id, errors);
        }
        PayInPayment payment = new PayInPayment(paidOn, bank, reference);
        StaffUser u = r.user();
        PayInSteps.Outcome outcome = steps.paid(id, p -> u.may(Permission.SETTLE, p.organizationCode()), payment, u.principal(), r.now());
        return switch (outcome) {
            case PayInSteps.Outcome.Recorded(PayIn updated) -> {
                audit.record(r, AuditActions.PAYIN_PAID, updated.id(), updated.organizationCode(), Map.of("amount", Long.toString(updated.amount()),
                        "paidOn", payment.paidOn().toString(), "bank", bank, "reference", reference));
                yield Layout.seeOther("/console/payins/" + updated.id() + "?done=paid");
            }
            case PayInSteps.Outcome.Unchanged(PayIn same) -> Layout.seeOther("/console/payins/" + same.id());
            case PayInSteps.Outcome.NotFound() -> Layout.notFound(r);
            case PayInSteps.Outcome.PaidInFuture(LocalDate today) -> invalid(r, id,
                    List.of(r.t("納付日は今日（" + today + "）以前です。", "The date paid is not after today (" + today + ").")));
            case PayInSteps.Outcome.BeforeBusinessDate(LocalDate d) -> invalid(r, id,
                    List.of(r.t("納付日は精算の営業日（" + d + "）以降です。", "The date paid is not before the run's business date (" + d + ").")));
            case PayInSteps.Outcome.AlreadyPaid(PayIn other) -> Layout.message(r, 409, r.t("納付済みです", "Already paid"),
                    r.t(other.id() + " は別の内容で納付が記録されています。記録された納付は変更できません。",
                            other.id() + " was recorded paid with another payment; a recorded payment is not changed."));
            case PayInSteps.Outcome.NotPaid(PayIn x) -> throw new IllegalStateException("not a step of paid");
            case PayInSteps.Outcome.Contention() -> contention(r);
        };
    }

    private APIGatewayV2HTTPResponse confirmed(ConsoleRequest r) {
        String id = r.pathParam("id");
        if (visible(r, Permission.VIEW).isEmpty()) {
            return Layout.notFound(r);
        }
        if (visible(r, Permission.SETTLE).isEmpty()) {
            return Layout.forbidden(r);
        }
        String note = r.f("note").orElse(null);
        if (note != null && note.length() > PayInAudit.MAX_DETAIL) {
            return invalid(r, id, List.of(r.t("メモは " + PayInAudit.MAX_DETAIL + " 文字以内です。", "The note is at most " + PayInAudit.MAX_DETAIL + " characters.")));
        }
        StaffUser u = r.user();
        PayIn current = visible(r, Permission.SETTLE).get();
        if (current.status() == PayInStatus.PAID && recordedPaidBy(current, u.principal())) {
            return Layout.message(r, 403, r.t("別の担当者の確認が必要です", "Another officer must confirm"),
                    r.t("納付を記録した本人は、その確認を記録できません。", "The officer who recorded the payment cannot also record its confirmation."));
        }
        PayInSteps.Outcome outcome = steps.confirmed(id, p -> u.may(Permission.SETTLE, p.organizationCode()), note, u.principal(), r.now());
        return switch (outcome) {
            case PayInSteps.Outcome.Recorded(PayIn updated) -> {
                audit.record(r, AuditActions.PAYIN_CONFIRMED, updated.id(), updated.organizationCode(),
                        Map.of("amount", Long.toString(updated.amount()), "note", note == null ? "" : note));
                yield Layout.seeOther("/console/payins/" + updated.id() + "?done=confirmed");
            }
            case PayInSteps.Outcome.Unchanged(PayIn same) -> Layout.seeOther("/console/payins/" + same.id());
            case PayInSteps.Outcome.NotFound() -> Layout.notFound(r);
            case PayInSteps.Outcome.NotPaid(PayIn due) -> Layout.message(r, 409, r.t("まだ納付されていません", "Not paid yet"),
                    r.t("確認の前に納付を記録してください。", "Record the payment before the officer's confirmation."));
            case PayInSteps.Outcome.Contention() -> contention(r);
            default -> throw new IllegalStateException("not a step of confirmed: " + outcome);
        };
    }

    /** Whether {@code principal} recorded the pay-in paid: the confirmation is then a second person's (four eyes). */
    static boolean recordedPaidBy(PayIn p, String principal) {
        return p.audit().stream().filter(a -> a.action().equals("paid")).reduce((a, b) -> b)
                .map(a -> a.principal().equals(principal)).orElse(false);
    }

    private static APIGatewayV2HTTPResponse invalid(ConsoleRequest r, String id, List<String> errors) {
        var sb = new StringBuilder();
        sb.append("<h1>").append(r.t("入力を確認してください", "Please check the form")).append("</h1>\n<ul class=\"notice error\" role=\"alert\">");
        errors.forEach(e -> sb.append("<li>").append(Html.escape(e)).append("</li>"));
        sb.append("</ul>\n<p><a href=\"/console/payins/").append(Html.escape(id)).append("\">").append(r.t("戻る", "Back")).append("</a></p>\n");
        return Layout.page(r, 422, r.t("入力を確認してください", "Please check the form"), sb.toString());
    }

    private static APIGatewayV2HTTPResponse contention(ConsoleRequest r) {
        return Layout.message(r, 409, r.t("他の操作と競合しました", "Changed meanwhile"),
                r.t("この国庫納付は記録中に変更されました。画面を開き直してください。", "This pay-in kept changing. Open the page again."));
    }

    // ---- Art. 6(2) reports ----

    /**
     * The newest issued version of a ministry's report over a period, with its documents; the console
     * never computes or issues a version (the settlement API does: {@code GET /v1/treasury/reports}).
     */
    private APIGatewayV2HTTPResponse reports(ConsoleRequest r) {
        StaffUser user = r.user();
        var sb = new StringBuilder();
        sb.append("<h1>").append(r.t("第6条第2項の報告", "Art. 6(2) reports")).append("</h1>\n");
        LocalDate today = JapaneseDates.businessDate(r.now());
        Optional<LocalDate> from = Fmt.date(r.q("from"));
        Optional<LocalDate> to = Fmt.date(r.q("to"));
        String ministry = r.q("ministry").orElse("");
        sb.append("<form class=\"filters\" method=\"get\" action=\"/console/treasury-reports\" id=\"report-filters\">")
                .append("<div><label for=\"ministry\">").append(r.t("所管（団体コード）", "Ministry (organization code)"))
                .append("</label><input type=\"text\" id=\"ministry\" name=\"ministry\" maxlength=\"16\" value=\"").append(Html.escape(ministry)).append("\"></div>")
                .append(dateInput(r, "from", r.t("納付受託日（から）", "Entrusted from"), from.orElse(today.withDayOfMonth(1).minusMonths(1))))
                .append(dateInput(r, "to", r.t("納付受託日（まで）", "Entrusted to"), to.orElse(today.withDayOfMonth(1).minusDays(1))))
                .append("<div><button type=\"submit\">").append(r.t("表示", "Show")).append("</button></div></form>\n");
        if (!ministry.isEmpty() && from.isPresent() && to.isPresent()) {
            if (!user.may(Permission.VIEW, ministry)) {
                return Layout.notFound(r);
            }
            if (to.get().isBefore(from.get()) || ChronoUnit.DAYS.between(from.get(), to.get()) >= TreasuryReport.MAX_PERIOD_DAYS) {
                return Layout.message(r, 400, r.t("期間が正しくありません", "Invalid period"),
                        r.t("期間は " + TreasuryReport.MAX_PERIOD_DAYS + " 日以内です。", "A report covers at most " + TreasuryReport.MAX_PERIOD_DAYS + " days."));
            }
            Optional<TreasuryReportVersion> newest = wiring.reports().newest(ministry, from.get(), to.get());
            String api = "/v1/treasury/reports?ministry=" + Layout.urlEncode(ministry) + "&from=" + from.get() + "&to=" + to.get();
            sb.append("<section id=\"report\">");
            if (newest.isEmpty() || !newest.get().issued()) {
                sb.append("<p>").append(r.t("この期間の報告はまだ発行されていません。報告は精算 API で発行します（運用キーで ",
                        "No version of this report has been issued yet. Reports are issued by the settlement API (with an operator key: "))
                        .append("<code>GET ").append(Html.escape(api)).append("</code>").append(r.t("）。", ")."))
                        .append("</p>\n");
            } else {
                TreasuryReportVersion v = newest.get();
                String q = "?ministry=" + Layout.urlEncode(ministry) + "&amp;from=" + from.get() + "&amp;to=" + to.get() + "&amp;version=" + v.version();
                sb.append("<dl class=\"facts\">").append(fact(r.t("版", "Version"), Integer.toString(v.version())
                                + (v.corrects() > 0 ? r.t("（第" + v.corrects() + "版の訂正）", " (corrects v" + v.corrects() + ")") : "")))
                        .append(fact(r.t("発行日時", "Issued at"), Fmt.jst(v.issuedAt()) + " JST"))
                        .append(fact(r.t("件数", "Entrustments"), Fmt.count(v.count())))
                        .append(fact(r.t("金額", "Amount"), Fmt.yen(v.total())))
                        .append(fact(r.t("返還請求", "Claims"), Fmt.count(v.claims()) + " / " + Fmt.yen(v.claimsAmount())))
                        .append("</dl>\n<ul id=\"report-links\"><li><a href=\"/console/treasury-reports/report.html").append(q).append("\">")
                        .append(r.t("報告書（HTML）", "Report (HTML)")).append("</a></li><li><a href=\"/console/treasury-reports/report.csv").append(q)
                        .append("\">CSV</a></li><li><a href=\"/console/treasury-reports/report.json").append(q).append("\">JSON</a></li></ul>\n")
                        .append("<p class=\"muted\">").append(r.t("新しい版（訂正）は精算 API で発行します: ", "A new (correcting) version is issued by the settlement API: "))
                        .append("<code>GET ").append(Html.escape(api)).append("</code></p>\n");
            }
            sb.append("</section>\n");
        }
        return Layout.page(r, 200, r.t("第6条第2項の報告", "Art. 6(2) reports"), sb.toString());
    }

    private APIGatewayV2HTTPResponse reportDocument(ConsoleRequest r) {
        String name = r.pathParam("document");
        String ministry = r.q("ministry").orElse("");
        Optional<LocalDate> from = Fmt.date(r.q("from"));
        Optional<LocalDate> to = Fmt.date(r.q("to"));
        Optional<Integer> version = r.q("version").filter(v -> v.matches("[0-9]{1,3}")).map(Integer::parseInt);
        if (!REPORT_DOCUMENTS.contains(name) || ministry.isEmpty() || from.isEmpty() || to.isEmpty() || version.isEmpty()
                || !r.user().may(Permission.VIEW, ministry) || version.get() < 1) {
            return Layout.notFound(r);
        }
        Optional<TreasuryReportVersion> v = wiring.reports().version(ministry, from.get(), to.get(), version.get())
                .filter(TreasuryReportVersion::issued);
        if (v.isEmpty()) {
            return Layout.notFound(r);
        }
        String stem = "treasury-report-" + ministry + "-" + from.get() + "-" + to.get() + "-v" + version.get();
        return switch (name) {
            case "report.html" -> Documents.serve(r, wiring.documents(), v.get().html(), null);
            case "report.csv" -> Documents.serve(r, wiring.documents(), v.get().csv(), stem + ".csv");
            default -> Documents.serve(r, wiring.documents(), v.get().json(), stem + ".json");
        };
    }
}
