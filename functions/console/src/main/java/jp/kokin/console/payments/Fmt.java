package jp.kokin.console.payments;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import jp.kokin.console.web.ConsoleRequest;
import jp.kokin.domain.catalog.Catalog;
import jp.kokin.domain.catalog.Organization;
import jp.kokin.domain.format.Html;

/** How the payment and refund screens write values: yen {@code ¥1,234}, JST {@code yyyy-MM-dd HH:mm}, escaped text. */
public final class Fmt {
    public static final ZoneId JST = ZoneId.of("Asia/Tokyo");
    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(JST);

    private Fmt() {}

    public static String yen(long amount) {
        return (amount < 0 ? "-¥" : "¥") + String.format(Locale.ROOT, "%,d", Math.abs(amount));
    }

    /** JST minutes, or {@code ""} for null. */
    public static String jst(Instant at) {
        return at == null ? "" : MINUTES.format(at);
    }

    public static String esc(String s) {
        return Html.escape(s == null ? "" : s);
    }

    /** An organization's catalog name and code, e.g. {@code 千代田区 (131016)}, escaped; the code alone when unknown. */
    public static String organization(Catalog catalog, String code) {
        return catalog.organization(code).map(Organization::name).map(n -> esc(n) + " (" + esc(code) + ")").orElse(esc(code));
    }

    /** A checkout status's label. */
    public static String checkoutStatus(ConsoleRequest r, String wire) {
        return switch (wire) {
            case "created" -> r.t("未払い", "Created");
            case "pending" -> r.t("支払処理中", "Pending");
            case "paid" -> r.t("支払済", "Paid");
            case "canceled" -> r.t("取消", "Canceled");
            case "expired" -> r.t("期限切れ", "Expired");
            default -> esc(wire);
        };
    }

    /** A payment attempt's status label. */
    public static String paymentStatus(ConsoleRequest r, String wire) {
        return switch (wire) {
            case "pending" -> r.t("処理中", "Pending");
            case "succeeded" -> r.t("成功", "Succeeded");
            case "failed" -> r.t("失敗", "Failed");
            case "canceled" -> r.t("取消", "Canceled");
            case "expired" -> r.t("期限切れ", "Expired");
            default -> esc(wire);
        };
    }

    /** A payment method's label (its wire name when unknown, {@code ""} for none). */
    public static String method(ConsoleRequest r, String wire) {
        if (wire.equals("card")) {
            return r.t("クレジットカード", "Credit card");
        }
        return jp.kokin.domain.checkout.PaymentMethod.fromWire(wire)
                .map(m -> esc(m.label(r.english() ? jp.kokin.domain.catalog.Language.EN : jp.kokin.domain.catalog.Language.JA)))
                .orElse(esc(wire));
    }

    /** A refund status's label. */
    public static String refundStatus(ConsoleRequest r, String wire) {
        return switch (wire) {
            case "requested" -> r.t("承認待ち", "Awaiting approval");
            case "approved" -> r.t("承認済（送信待ち）", "Approved (to be sent)");
            case "submitted" -> r.t("送信済", "Submitted");
            case "succeeded" -> r.t("返金完了", "Refunded");
            case "failed" -> r.t("失敗", "Failed");
            case "rejected" -> r.t("却下", "Rejected");
            case "bank_transfer_required" -> r.t("口座振込が必要", "Bank transfer required");
            default -> esc(wire);
        };
    }

    /** A refund reason's label. */
    public static String refundReason(ConsoleRequest r, String wire) {
        return switch (wire) {
            case "duplicate" -> r.t("二重納付", "Duplicate payment");
            case "overpaid" -> r.t("過誤納（過大納付）", "Overpaid");
            case "wrong_payer" -> r.t("納付者の誤り", "Wrong payer");
            case "not_rendered" -> r.t("役務の不提供（申請の取下げ・却下）", "Service not rendered");
            case "discretionary" -> r.t("その他（条例等による還付）", "Discretionary (ordinance)");
            default -> esc(wire);
        };
    }
}
