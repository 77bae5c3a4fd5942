package jp.kokin.console.refunds;

import static jp.kokin.console.payments.Fmt.esc;

import java.security.SecureRandom;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import jp.kokin.console.ConsoleWiring;
import jp.kokin.console.payments.Fmt;
import jp.kokin.console.web.Audit;
import jp.kokin.console.web.ConsoleRequest;
import jp.kokin.console.web.Layout;
import jp.kokin.console.web.Route;
import jp.kokin.domain.catalog.Catalog;
import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.checkout.CheckoutIds;
import jp.kokin.domain.checkout.CheckoutItem;
import jp.kokin.domain.checkout.CheckoutLimits;
import jp.kokin.domain.checkout.FieldError;
import jp.kokin.domain.checkout.Payment;
import jp.kokin.domain.checkout.PaymentStatus;
import jp.kokin.domain.checkout.Rejection;
import jp.kokin.domain.checkout.Result;
import jp.kokin.domain.console.AuditActions;
import jp.kokin.domain.console.Page;
import jp.kokin.domain.console.PaymentQuery;
import jp.kokin.domain.console.PaymentRow;
import jp.kokin.domain.console.Permission;
import jp.kokin.domain.refund.AfterApproval;
import jp.kokin.domain.refund.DecideRefund;
import jp.kokin.domain.refund.NewRefund;
import jp.kokin.domain.refund.Refund;
import jp.kokin.domain.refund.RefundLine;
import jp.kokin.domain.refund.RefundReason;
import jp.kokin.domain.refund.RefundStatus;
import jp.kokin.domain.refund.RequestRefund;

/**
 * Refunds in the console: the request form on a checkout, the approval queue, a refund's page, and
 * its approval or rejection by a second person. The domain's {@link RequestRefund} and
 * {@link DecideRefund} do the work (the refund is stored on its checkout; an approved refund stays
 * {@code approved} and the payment janitor submits it within minutes); this checks the user's
 * permission over the checkout's organization and records the audit log.
 */
public final class RefundRoutes {
    /**
     * How far back the queue looks for refunds (JST days of the checkouts' creation): there is no
     * index of refunds, so the queue walks the 収納一覧's index of these days for checkouts that hold
     * refunds ({@link PaymentRow#refunded()} > 0, which a requested refund counts) and reads those.
     */
    public static final int QUEUE_DAYS = 90;
    /** Index rows the queue reads at most before it asks to narrow by organization. */
    public static final int QUEUE_MAX_SCANNED = 20_000;
    /** Index rows per store call while walking. */
    static final int QUEUE_PAGE = 500;
    /** The longest idempotency key the form may carry (the API's limit). */
    static final int MAX_IDEMPOTENCY_KEY = 255;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ConsoleWiring wiring;
    private final Audit audit;
    private final RequestRefund requests;
    private final DecideRefund decisions;

    private RefundRoutes(ConsoleWiring wiring, Audit audit) {
        this.wiring = wiring;
        this.audit = audit;
        this.requests = new RequestRefund(wiring.catalog(), wiring.checkouts(), AfterApproval.STAY_APPROVED, wiring.clock());
        this.decisions = new DecideRefund(wiring.checkouts(), AfterApproval.STAY_APPROVED, wiring.clock());
    }

    public static List<Route> routes(ConsoleWiring wiring, Audit audit) {
        var p = new RefundRoutes(wiring, audit);
        return List.of(
                Route.get("/console/payments/{id}/refunds/new", Permission.REQUEST_REFUND, p::form),
                Route.post("/console/payments/{id}/refunds", Permission.REQUEST_REFUND, p::request),
                Route.get("/console/refunds", Permission.VIEW, p::queue),
                Route.get("/console/refunds/{refundId}", Permission.VIEW, p::show),
                Route.postMovingMoney("/console/refunds/{refundId}/approve", Permission.DECIDE_REFUND, p::approve),
                Route.post("/console/refunds/{refundId}/reject", Permission.DECIDE_REFUND, p::reject));
    }

    private Optional<Checkout> checkout(ConsoleRequest r, String id, Permission permission) {
        return CheckoutIds.isCheckoutId(id)
                ? wiring.checkouts().find(id).filter(c -> r.user().may(permission, c.organizationCode()))
                : Optional.empty();
    }

    // ---- the request form ----

    /** What the form holds (as typed), so a refused request shows it again. */
    record FormValues(String paymentId, String amount, String reason, String legalBasis, String note,
                      String decisionReference, String idempotencyKey) {
        static FormValues of(ConsoleRequest r) {
            return new FormValues(r.f("paymentId").orElse(""), r.f("amount").orElse(""), r.f("reason").orElse(""),
                    r.f("legalBasis").orElse(""), r.f("note").orElse(""), r.f("decisionReference").orElse(""),
                    r.f("idempotencyKey").orElse(""));
        }
    }

    private APIGatewayV2HTTPResponse form(ConsoleRequest r) {
        Optional<Checkout> c = checkout(r, r.pathParam("id"), Permission.REQUEST_REFUND);
        if (c.isEmpty()) {
            return Layout.notFound(r);
        }
        byte[] key = new byte[16];
        RANDOM.nextBytes(key);
        var values = new FormValues("", "", "", "", "", "", HexFormat.of().formatHex(key));
        return formPage(r, 200, c.get(), values, List.of());
    }

    private APIGatewayV2HTTPResponse formPage(ConsoleRequest r, int status, Checkout c, FormValues v, List<String> errors) {
        Catalog catalog = wiring.catalog().get();
        String path = "/console/payments/" + c.id() + "/refunds/new";
        var sb = new StringBuilder();
        sb.append("<h1>").append(r.t("返金の申請", "Request a refund")).append("</h1>\n");
        if (!errors.isEmpty()) {
            sb.append("<div class=\"notice error\" role=\"alert\" id=\"refund-errors\"><p>")
                    .append(r.t("申請できませんでした。何も保存していません。", "The refund was not requested. Nothing was stored."))
                    .append("</p><ul>");
            errors.forEach(e -> sb.append("<li>").append(esc(e)).append("</li>"));
            sb.append("</ul></div>\n");
        }
        sb.append("<dl class=\"facts\"><dt>").append(r.t("受付番号", "Checkout")).append("</dt><dd><a href=\"/console/payments/")
                .append(esc(c.id())).append("\">").append(esc(c.id())).append("</a></dd><dt>").append(r.t("団体", "Organization"))
                .append("</dt><dd>").append(Fmt.organization(catalog, c.organizationCode())).append("</dd><dt>")
                .append(r.t("申請番号", "Reference")).append("</dt><dd>").append(esc(c.reference())).append("</dd><dt>")
                .append(r.t("支払額", "Paid")).append("</dt><dd>").append(Fmt.yen(c.amount())).append("</dd><dt>")
                .append(r.t("返金できる額", "Refundable")).append("</dt><dd>").append(Fmt.yen(c.refundableAmount())).append("</dd></dl>\n");
        sb.append("<form id=\"refund-form\" class=\"stack\" method=\"post\" action=\"/console/payments/").append(esc(c.id()))
                .append("/refunds\">\n").append(Layout.csrfField(r))
                .append("<input type=\"hidden\" name=\"_back\" value=\"").append(esc(path)).append("\">")
                .append("<input type=\"hidden\" name=\"idempotencyKey\" value=\"").append(esc(v.idempotencyKey())).append("\">\n");
        List<Payment> paid = c.payments().stream().filter(p -> p.status() == PaymentStatus.SUCCEEDED).toList();
        if (paid.size() > 1) {
            sb.append("<div><label for=\"payment-id\">").append(r.t("返金する支払", "Payment to refund")).append("</label>")
                    .append("<select id=\"payment-id\" name=\"paymentId\">");
            for (Payment p : paid) {
                sb.append("<option value=\"").append(esc(p.id())).append("\"").append(p.id().equals(v.paymentId()) ? " selected" : "")
                        .append(">").append(esc(p.id())).append(" — ").append(Fmt.method(r, p.method().wire())).append(" ")
                        .append(Fmt.yen(p.amount())).append(p.duplicatePayment() ? r.t("（二重納付）", " (duplicate)") : "").append("</option>");
            }
            sb.append("</select></div>\n");
        }
        sb.append("<div><label for=\"amount\">").append(r.t("返金額（円）", "Amount (yen)")).append("</label>")
                .append("<input id=\"amount\" name=\"amount\" type=\"number\" inputmode=\"numeric\" min=\"1\" step=\"1\" required value=\"")
                .append(esc(v.amount())).append("\"></div>\n");
        sb.append("<div><label for=\"reason\">").append(r.t("返金の理由", "Reason")).append("</label><select id=\"reason\" name=\"reason\" required>")
                .append("<option value=\"\">").append(r.t("選んでください", "Choose")).append("</option>");
        for (RefundReason reason : RefundReason.values()) {
            sb.append("<option value=\"").append(reason.wire()).append("\"").append(reason.wire().equals(v.reason()) ? " selected" : "")
                    .append(">").append(Fmt.refundReason(r, reason.wire())).append("</option>");
        }
        sb.append("</select></div>\n");
        sb.append("<div><label for=\"legal-basis\">").append(r.t("根拠法令等", "Legal basis")).append("</label>")
                .append("<input id=\"legal-basis\" name=\"legalBasis\" type=\"text\" required maxlength=\"").append(CheckoutLimits.MAX_LEGAL_BASIS)
                .append("\" aria-describedby=\"legal-basis-hint\" value=\"").append(esc(v.legalBasis())).append("\">")
                .append("<p id=\"legal-basis-hint\" class=\"muted\">").append(r.t("例：地方自治法施行令第165条の7、手数料条例第5条",
                        "e.g. the ordinance clause that allows the refund")).append("</p></div>\n");
        if (hasNationalLine(c, catalog)) {
            sb.append("<div><label for=\"decision-reference\">").append(r.t("還付の決議番号（国庫分）", "Repayment decision reference (national share)"))
                    .append("</label><input id=\"decision-reference\" name=\"decisionReference\" type=\"text\" maxlength=\"")
                    .append(CheckoutLimits.MAX_DECISION_REFERENCE).append("\" aria-describedby=\"decision-reference-hint\" value=\"")
                    .append(esc(v.decisionReference())).append("\"><p id=\"decision-reference-hint\" class=\"muted\">")
                    .append(r.t("国の手数料を含む返金には、所管省庁の還付決議の番号が必要です。",
                            "A refund touching a national fee needs the ministry's repayment decision reference.")).append("</p></div>\n");
        }
        sb.append("<div><label for=\"note\">").append(r.t("備考（任意）", "Note (optional)")).append("</label>")
                .append("<textarea id=\"note\" name=\"note\" rows=\"3\" maxlength=\"").append(CheckoutLimits.MAX_REFUND_NOTE).append("\">")
                .append(esc(v.note())).append("</textarea></div>\n");
        sb.append("<p class=\"muted\">").append(r.t("申請した人は承認できません。別の承認者が承認します。",
                "You cannot approve your own request: another approver will.")).append("</p>\n");
        sb.append("<div><button id=\"submit-refund\" type=\"submit\">").append(r.t("返金を申請する", "Request the refund"))
                .append("</button></div>\n</form>\n");
        return Layout.page(r, status, r.t("返金の申請", "Request a refund"), sb.toString());
    }

    private static boolean hasNationalLine(Checkout c, Catalog catalog) {
        return c.items().stream().flatMap(i -> i.lines().stream()).anyMatch(l -> catalog.treasuryOf(l.creditor()).isPresent());
    }

    private APIGatewayV2HTTPResponse request(ConsoleRequest r) {
        Optional<Checkout> found = checkout(r, r.pathParam("id"), Permission.REQUEST_REFUND);
        if (found.isEmpty()) {
            return Layout.notFound(r);
        }
        Checkout c = found.get();
        FormValues v = FormValues.of(r);
        List<String> errors = new ArrayList<>();
        long amount = 0;
        try {
            amount = Long.parseLong(v.amount().replace(",", ""));
            if (amount <= 0) {
                errors.add(r.t("返金額は1円以上の整数で入力してください。", "The amount is whole yen, at least 1."));
            }
        } catch (NumberFormatException e) {
            errors.add(r.t("返金額は1円以上の整数で入力してください。", "The amount is whole yen, at least 1."));
        }
        Optional<RefundReason> reason = RefundReason.fromWire(v.reason());
        if (reason.isEmpty()) {
            errors.add(r.t("返金の理由を選んでください。", "Choose a reason."));
        }
        if (v.legalBasis().isEmpty()) {
            errors.add(r.t("根拠法令等を入力してください。", "Enter the legal basis."));
        }
        if (v.idempotencyKey().isEmpty() || v.idempotencyKey().length() > MAX_IDEMPOTENCY_KEY) {
            errors.add(r.t("フォームが古くなっています。画面を開き直してください。", "The form is out of date. Open it again."));
        }
        if (!errors.isEmpty()) {
            return formPage(r, 422, c, v, errors);
        }
        var request = new NewRefund(amount, reason.get(), blankToNull(v.paymentId()), blankToNull(v.note()),
                v.legalBasis(), blankToNull(v.decisionReference()), List.of());
        String principal = r.user().principal();
        return switch (requests.requestByStaff(principal, x -> r.user().may(Permission.REQUEST_REFUND, x.organizationCode()),
                c.id(), request, v.idempotencyKey())) {
            case Result.Ok<RequestRefund.Requested> ok -> {
                Refund refund = ok.value().refund();
                if (!ok.value().replayed()) {
                    audit.record(r, AuditActions.REFUND_REQUESTED, refund.id(), c.organizationCode(), Map.of("checkoutId", c.id(),
                            "amount", Long.toString(refund.amount()), "reason", refund.reason().wire(), "status", refund.status().wire()));
                }
                yield Layout.seeOther("/console/refunds/" + refund.id() + "?notice=requested");
            }
            case Result.Err<RequestRefund.Requested> err -> refused(r, c, v, err.rejection());
        };
    }

    private APIGatewayV2HTTPResponse refused(ConsoleRequest r, Checkout c, FormValues v, Rejection rejection) {
        return switch (rejection.kind()) {
            case NOT_FOUND -> Layout.notFound(r);
            case IDEMPOTENCY_KEY_REUSED -> Layout.message(r, 409, r.t("送信済みのフォームです", "Form already sent"),
                    r.t("このフォームは別の内容で送信済みです。支払の画面から開き直してください。",
                            "This form was already sent with other values. Open it again from the payment's page."));
            case CONTENTION, CONFLICT -> Layout.message(r, 409, r.t("同時に更新されました", "Changed meanwhile"),
                    r.t("この支払が同時に更新されました。もう一度お試しください。", "The payment changed meanwhile. Please try again."));
            default -> formPage(r, 422, c, v, List.of(message(r, rejection)));
        };
    }

    /** A domain refusal in the user's words (the domain's English detail added for the record). */
    static String message(ConsoleRequest r, Rejection rejection) {
        String text = switch (rejection.kind()) {
            case REFUND_EXCEEDS_REFUNDABLE -> r.t("返金できる額を超えています", "More than can be refunded")
                    + Optional.ofNullable(rejection.amounts().get("refundableAmount")).map(a -> r.t("（上限 ", " (at most ") + Fmt.yen(a) + r.t("）", ")")).orElse("");
            case DECISION_REFERENCE_REQUIRED -> r.t("国の手数料を含むため、還付決議の番号が必要です", "A national fee is refunded: the decision reference is required");
            case CHECKOUT_NOT_PAID -> r.t("支払が完了していないため返金できません", "The payment is not completed");
            case TOO_MANY_REFUNDS -> r.t("この支払の返金の数が上限に達しています", "This payment has as many refunds as it may");
            case INVALID_REQUEST -> r.t("入力に誤りがあります", "Some fields are invalid") + ": " + String.join("; ",
                    rejection.errors().stream().map(FieldError::message).toList());
            default -> r.t("申請できません", "Refused");
        };
        return text + " (" + rejection.code() + ": " + rejection.detail() + ")";
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    // ---- the queue ----

    private APIGatewayV2HTTPResponse queue(ConsoleRequest r) {
        Catalog catalog = wiring.catalog().get();
        String statusWire = r.q("status").orElse(RefundStatus.REQUESTED.wire());
        Optional<RefundStatus> status;
        if (statusWire.equals("all")) {
            status = Optional.empty();
        } else {
            status = java.util.Arrays.stream(RefundStatus.values()).filter(s -> s.wire().equals(statusWire)).findFirst();
            if (status.isEmpty()) {
                return Layout.message(r, 400, r.t("返金の一覧", "Refunds"), r.t("状態の指定が正しくありません。", "Unknown status."));
            }
        }
        Optional<Set<String>> scope = r.user().organizations(Permission.VIEW);
        Set<String> orgs;
        Optional<String> org = r.q("org");
        if (org.isPresent()) {
            if (!scope.map(s -> s.contains(org.get())).orElse(catalog.organization(org.get()).isPresent())) {
                return Layout.message(r, 400, r.t("返金の一覧", "Refunds"), r.t("指定の団体は閲覧できません。", "You may not view this organization."));
            }
            orgs = Set.of(org.get());
        } else {
            orgs = scope.orElseGet(() -> new TreeSet<>(catalog.organizations().keySet()));
        }
        var sb = new StringBuilder();
        sb.append("<h1>").append(r.t("返金の一覧", "Refunds")).append("</h1>\n");
        r.q("notice").ifPresent(n -> noticeText(r, n).ifPresent(t -> sb.append("<p class=\"notice ok\" role=\"status\">").append(t).append("</p>\n")));
        sb.append("<form id=\"refund-filters\" class=\"filters\" method=\"get\" action=\"/console/refunds\"><div><label for=\"refund-status\">")
                .append(r.t("状態", "Status")).append("</label><select id=\"refund-status\" name=\"status\">");
        sb.append("<option value=\"all\"").append(status.isEmpty() ? " selected" : "").append(">").append(r.t("すべて", "All")).append("</option>");
        for (RefundStatus s : RefundStatus.values()) {
            sb.append("<option value=\"").append(s.wire()).append("\"").append(status.filter(s::equals).isPresent() ? " selected" : "")
                    .append(">").append(Fmt.refundStatus(r, s.wire())).append("</option>");
        }
        sb.append("</select></div><div><label for=\"refund-org\">").append(r.t("団体", "Organization")).append("</label><select id=\"refund-org\" name=\"org\">")
                .append("<option value=\"\">").append(r.t("すべて（権限の範囲）", "All you may view")).append("</option>");
        for (String code : (scope.isPresent() ? new TreeSet<>(scope.get()) : new TreeSet<>(catalog.organizations().keySet()))) {
            sb.append("<option value=\"").append(esc(code)).append("\"").append(org.filter(code::equals).isPresent() ? " selected" : "").append(">")
                    .append(Fmt.organization(catalog, code)).append("</option>");
        }
        sb.append("</select></div><div><button id=\"show-refunds\" type=\"submit\">").append(r.t("表示", "Show")).append("</button></div></form>\n");
        if (orgs.size() > jp.kokin.console.payments.PaymentRoutes.MAX_ORGANIZATIONS_PER_LIST) {
            sb.append("<p class=\"notice\" role=\"status\">").append(r.t("団体を選んでください。", "Choose an organization.")).append("</p>\n");
            return Layout.page(r, 200, r.t("返金の一覧", "Refunds"), sb.toString());
        }
        LocalDate to = r.now().atZone(Fmt.JST).toLocalDate();
        LocalDate from = to.minusDays(QUEUE_DAYS - 1);
        var query = orgs.isEmpty() ? null : new PaymentQuery(from, to, orgs, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
        List<Found> found = new ArrayList<>();
        int scanned = 0;
        boolean truncated = false;
        Optional<String> cursor = Optional.empty();
        do {
            if (orgs.isEmpty()) {
                break;
            }
            Page<PaymentRow> page = wiring.payments().list(query, cursor, QUEUE_PAGE);
            for (PaymentRow row : page.rows()) {
                if (row.refunded() > 0) {
                    wiring.checkouts().find(row.checkoutId()).filter(c -> r.user().may(Permission.VIEW, c.organizationCode()))
                            .ifPresent(c -> c.refunds().stream().filter(f -> status.map(s -> f.status() == s).orElse(true))
                                    .forEach(f -> found.add(new Found(f, c))));
                }
            }
            scanned += page.rows().size();
            cursor = page.next();
            if (cursor.isPresent() && scanned >= QUEUE_MAX_SCANNED) {
                truncated = true;
                break;
            }
        } while (cursor.isPresent());
        found.sort(Comparator.comparing((Found f) -> f.refund().createdAt()).thenComparing(f -> f.refund().id()));
        if (truncated) {
            sb.append("<p class=\"notice\" role=\"status\">").append(r.t("支払が多いため一部のみ表示しています。団体を選んでください。",
                    "Only part is shown: there are many payments. Choose an organization.")).append("</p>\n");
        }
        sb.append("<table id=\"refunds\">\n<caption>").append(r.t("返金（作成日が直近" + QUEUE_DAYS + "日の支払、申請の古い順）：",
                "Refunds of payments created in the last " + QUEUE_DAYS + " days, oldest request first: ")).append(found.size())
                .append(r.t("件", "")).append("</caption>\n<thead><tr>");
        for (String h : List.of(r.t("返金ID", "Refund"), r.t("受付番号", "Checkout"), r.t("団体", "Organization"))) {
            sb.append("<th scope=\"col\">").append(esc(h)).append("</th>");
        }
        sb.append("<th scope=\"col\" class=\"num\">").append(r.t("金額", "Amount")).append("</th>");
        for (String h : List.of(r.t("理由", "Reason"), r.t("状態", "Status"), r.t("申請日時", "Requested"), r.t("申請者", "Requested by"))) {
            sb.append("<th scope=\"col\">").append(esc(h)).append("</th>");
        }
        sb.append("</tr></thead>\n<tbody>\n");
        for (Found f : found) {
            Refund x = f.refund();
            sb.append("<tr><td><a class=\"refund-link\" href=\"/console/refunds/").append(esc(x.id())).append("\">").append(esc(x.id()))
                    .append("</a></td><td><a href=\"/console/payments/").append(esc(f.checkout().id())).append("\">").append(esc(f.checkout().id()))
                    .append("</a></td><td>").append(Fmt.organization(catalog, f.checkout().organizationCode())).append("</td><td class=\"num\">")
                    .append(Fmt.yen(x.amount())).append("</td><td>").append(Fmt.refundReason(r, x.reason().wire())).append("</td><td>")
                    .append(Fmt.refundStatus(r, x.status().wire())).append("</td><td>").append(Fmt.jst(x.createdAt())).append("</td><td>")
                    .append(who(r, x.requestedBy())).append("</td></tr>\n");
        }
        if (found.isEmpty()) {
            sb.append("<tr><td colspan=\"8\">").append(r.t("該当する返金はありません。", "No refunds match.")).append("</td></tr>\n");
        }
        sb.append("</tbody></table>\n");
        return Layout.page(r, 200, r.t("返金の一覧", "Refunds"), sb.toString());
    }

    private record Found(Refund refund, Checkout checkout) {}

    private static String who(ConsoleRequest r, String principal) {
        return principal == null ? "" : principal.equals(r.user().principal()) ? esc(principal) + r.t("（あなた）", " (you)") : esc(principal);
    }

    private static Optional<String> noticeText(ConsoleRequest r, String notice) {
        return switch (notice) {
            case "requested" -> Optional.of(r.t("返金を申請しました。承認者の承認を待っています。", "The refund was requested. It awaits an approver."));
            case "approved" -> Optional.of(r.t("返金を承認しました。数分のうちに決済事業者へ送信されます。",
                    "The refund was approved. It is sent to the provider within minutes."));
            case "rejected" -> Optional.of(r.t("返金を却下しました。", "The refund was rejected."));
            default -> Optional.empty();
        };
    }

    // ---- one refund ----

    private Optional<Found> find(ConsoleRequest r, Permission permission) {
        String refundId = r.pathParam("refundId");
        return CheckoutIds.checkoutOfRefund(refundId).flatMap(id -> checkout(r, id, permission))
                .flatMap(c -> c.refund(refundId).map(f -> new Found(f, c)));
    }

    private APIGatewayV2HTTPResponse show(ConsoleRequest r) {
        Optional<Found> found = find(r, Permission.VIEW);
        if (found.isEmpty()) {
            return Layout.notFound(r);
        }
        return refundPage(r, 200, found.get(), null);
    }

    private APIGatewayV2HTTPResponse refundPage(ConsoleRequest r, int status, Found found, String error) {
        Refund f = found.refund();
        Checkout c = found.checkout();
        Catalog catalog = wiring.catalog().get();
        var sb = new StringBuilder();
        sb.append("<h1>").append(r.t("返金 ", "Refund ")).append("<span class=\"muted\">").append(esc(f.id())).append("</span></h1>\n");
        r.q("notice").ifPresent(n -> noticeText(r, n).ifPresent(t -> sb.append("<p class=\"notice ok\" role=\"status\">").append(t).append("</p>\n")));
        if (error != null) {
            sb.append("<p class=\"notice error\" role=\"alert\">").append(esc(error)).append("</p>\n");
        }
        sb.append("<dl class=\"facts\">\n");
        fact(sb, r.t("状態", "Status"), Fmt.refundStatus(r, f.status().wire()));
        fact(sb, r.t("受付番号", "Checkout"), "<a href=\"/console/payments/" + esc(c.id()) + "\">" + esc(c.id()) + "</a>");
        fact(sb, r.t("団体", "Organization"), Fmt.organization(catalog, c.organizationCode()));
        fact(sb, r.t("申請番号", "Reference"), esc(c.reference()));
        fact(sb, r.t("支払ID", "Payment"), esc(f.paymentId()));
        fact(sb, r.t("返金額", "Amount"), Fmt.yen(f.amount()));
        fact(sb, r.t("理由", "Reason"), Fmt.refundReason(r, f.reason().wire()));
        fact(sb, r.t("根拠法令等", "Legal basis"), esc(f.legalBasis()));
        if (f.decisionReference() != null) {
            fact(sb, r.t("還付の決議番号", "Decision reference"), esc(f.decisionReference()));
        }
        fact(sb, r.t("備考", "Note"), esc(f.note()));
        fact(sb, r.t("申請者", "Requested by"), who(r, f.requestedBy()));
        fact(sb, r.t("申請日時", "Requested"), Fmt.jst(f.createdAt()));
        if (f.decidedBy() != null) {
            fact(sb, f.status() == RefundStatus.REJECTED ? r.t("却下した人", "Rejected by") : r.t("承認した人", "Approved by"), who(r, f.decidedBy()));
            fact(sb, r.t("決定日時", "Decided"), Fmt.jst(f.decidedAt()));
        }
        if (f.status() == RefundStatus.REJECTED && f.decisionNote() != null) {
            fact(sb, r.t("却下の理由", "Rejection reason"), esc(f.decisionNote()));
        }
        if (f.noticeNumber() != null) {
            fact(sb, r.t("返金通知番号", "Refund notice"), esc(f.noticeNumber()));
        }
        if (f.failureReason() != null) {
            fact(sb, r.t("失敗の理由", "Failure"), esc(f.failureReason()));
        }
        if (f.settlementRunId() != null) {
            fact(sb, r.t("精算", "Settlement run"), "<a href=\"/console/settlement-runs/" + esc(f.settlementRunId()) + "\">" + esc(f.settlementRunId()) + "</a>");
        }
        sb.append("</dl>\n");
        sb.append("<table id=\"refund-lines\">\n<caption>").append(r.t("返金する手数料の行", "Fee lines refunded")).append("</caption>\n<thead><tr><th scope=\"col\">")
                .append(r.t("手続", "Procedure")).append("</th><th scope=\"col\">").append(r.t("収納先（債権者）", "Creditor"))
                .append("</th><th scope=\"col\" class=\"num\">").append(r.t("金額", "Amount")).append("</th></tr></thead>\n<tbody>\n");
        for (RefundLine l : f.lines()) {
            String procedure = l.item() < c.items().size() ? procedureName(r, c.items().get(l.item())) : l.procedureCode();
            sb.append("<tr><td>").append(esc(procedure)).append("</td><td>").append(Fmt.organization(catalog, l.creditor()))
                    .append("</td><td class=\"num\">").append(Fmt.yen(l.amount())).append("</td></tr>\n");
        }
        sb.append("</tbody></table>\n");
        decisionBox(r, f, c, sb);
        return Layout.page(r, status, r.t("返金 ", "Refund ") + f.id(), sb.toString());
    }

    private static String procedureName(ConsoleRequest r, CheckoutItem item) {
        return (r.english() && item.name().en() != null ? item.name().en() : item.name().ja()) + " (" + item.procedureCode() + ")";
    }

    private static void fact(StringBuilder sb, String term, String valueHtml) {
        sb.append("<dt>").append(esc(term)).append("</dt><dd>").append(valueHtml.isEmpty() ? "—" : valueHtml).append("</dd>\n");
    }

    private void decisionBox(ConsoleRequest r, Refund f, Checkout c, StringBuilder sb) {
        long minutes = wiring.settings().reauth().toMinutes();
        if (f.status() != RefundStatus.REQUESTED || !r.user().may(Permission.DECIDE_REFUND, c.organizationCode())) {
            return;
        }
        sb.append("<section id=\"decision\" class=\"noprint\" aria-labelledby=\"decision-heading\"><h2 id=\"decision-heading\">")
                .append(r.t("承認または却下", "Approve or reject")).append("</h2>\n");
        if (f.requestedBy().equals(r.user().principal())) {
            sb.append("<p class=\"notice\" id=\"own-request\">").append(r.t("この返金はあなたが申請したため、あなたは承認も却下もできません。別の承認者に依頼してください。",
                    "You requested this refund, so you may not approve or reject it. Ask another approver.")).append("</p></section>\n");
            return;
        }
        String base = "/console/refunds/" + esc(f.id());
        sb.append("<form method=\"post\" action=\"").append(base).append("/approve\">").append(Layout.csrfField(r))
                .append("<input type=\"hidden\" name=\"_back\" value=\"").append(base).append("\">")
                .append("<p>").append(r.t("承認すると、数分のうちに決済事業者へ返金が送信されます（承認には直近" + minutes + "分以内のサインインが必要です）。",
                        "Once approved, the refund is sent to the provider within minutes (approving needs a sign-in within the last "
                                + minutes + " minutes)."))
                .append("</p><button id=\"approve\" type=\"submit\">").append(r.t("承認する", "Approve")).append("</button></form>\n");
        sb.append("<form class=\"stack\" method=\"post\" action=\"").append(base).append("/reject\">").append(Layout.csrfField(r))
                .append("<input type=\"hidden\" name=\"_back\" value=\"").append(base).append("\">")
                .append("<div><label for=\"reject-reason\">").append(r.t("却下の理由", "Reason for rejecting")).append("</label>")
                .append("<textarea id=\"reject-reason\" name=\"reason\" rows=\"3\" required maxlength=\"").append(CheckoutLimits.MAX_REFUND_NOTE)
                .append("\"></textarea></div><div><button id=\"reject\" type=\"submit\" class=\"danger\">").append(r.t("却下する", "Reject"))
                .append("</button></div></form>\n</section>\n");
    }

    private APIGatewayV2HTTPResponse approve(ConsoleRequest r) {
        return decide(r, true);
    }

    private APIGatewayV2HTTPResponse reject(ConsoleRequest r) {
        return decide(r, false);
    }

    private APIGatewayV2HTTPResponse decide(ConsoleRequest r, boolean approve) {
        Optional<Found> found = find(r, Permission.DECIDE_REFUND);
        if (found.isEmpty()) {
            return Layout.notFound(r);
        }
        Refund before = found.get().refund();
        Checkout c = found.get().checkout();
        String principal = r.user().principal();
        if (before.requestedBy().equals(principal)) {
            return ownRequest(r);
        }
        String reason = r.f("reason").orElse(null);
        if (!approve && reason == null) {
            return refundPage(r, 422, found.get(), r.t("却下の理由を入力してください。", "Enter the reason for rejecting."));
        }
        Result<DecideRefund.Decided> result = approve
                ? decisions.approveByStaff(principal, x -> r.user().may(Permission.DECIDE_REFUND, x.organizationCode()), before.id(), null)
                : decisions.rejectByStaff(principal, x -> r.user().may(Permission.DECIDE_REFUND, x.organizationCode()), before.id(), reason);
        return switch (result) {
            case Result.Ok<DecideRefund.Decided> ok -> {
                Refund after = ok.value().refund();
                if (before.status() == RefundStatus.REQUESTED) { // a repeated POST changes nothing and is not recorded again
                    var detail = new LinkedHashMap<String, String>();
                    detail.put("checkoutId", c.id());
                    detail.put("amount", Long.toString(after.amount()));
                    detail.put("status", after.status().wire());
                    if (!approve) {
                        detail.put("reason", reason);
                    }
                    audit.record(r, approve ? AuditActions.REFUND_APPROVED : AuditActions.REFUND_REJECTED, after.id(),
                            c.organizationCode(), detail);
                }
                yield Layout.seeOther("/console/refunds/" + after.id() + "?notice=" + (approve ? "approved" : "rejected"));
            }
            case Result.Err<DecideRefund.Decided> err -> switch (err.rejection().kind()) {
                case NOT_FOUND -> Layout.notFound(r);
                case SAME_PRINCIPAL -> ownRequest(r);
                case INVALID_REQUEST -> refundPage(r, 422, found.get(), message(r, err.rejection()));
                default -> Layout.message(r, 409, r.t("決定できません", "Cannot decide"),
                        r.t("この返金はすでに決定済みか、同時に更新されました。返金の画面を開き直してください。",
                                "This refund was already decided or changed meanwhile. Open its page again.")
                                + " (" + err.rejection().code() + ")");
            };
        };
    }

    private static APIGatewayV2HTTPResponse ownRequest(ConsoleRequest r) {
        return Layout.message(r, 403, r.t("ご自身の申請は決定できません", "Not your own request"),
                r.t("返金を申請した人は、その返金を承認も却下もできません（二者確認）。別の承認者に依頼してください。",
                        "The person who requested a refund may not approve or reject it (four eyes). Ask another approver."));
    }
}
