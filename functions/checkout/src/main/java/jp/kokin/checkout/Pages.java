package jp.kokin.checkout;

import static jp.kokin.domain.format.Html.escape;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

import jp.kokin.domain.catalog.Language;
import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.checkout.CheckoutItem;
import jp.kokin.domain.checkout.CheckoutStatus;
import jp.kokin.domain.checkout.Payment;
import jp.kokin.domain.checkout.PaymentMethod;
import jp.kokin.domain.checkout.PaymentStatus;
import jp.kokin.domain.PlatformLinks;
import jp.kokin.domain.format.Html;
import jp.kokin.domain.format.JapaneseDates;
import jp.kokin.domain.provider.ProviderSession;
import jp.kokin.domain.receipt.Receipt;
import jp.kokin.domain.refund.Refund;

/**
 * The citizen's pages: payment, return and receipt. Plain HTML that works without JavaScript,
 * with a {@code lang}, headings and labelled controls; every value is escaped.
 */
final class Pages {
    static final String STYLE = """
            body{font-family:system-ui,"Hiragino Sans","Noto Sans JP",sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a;line-height:1.6}
            h1{font-size:1.5rem}table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #ccc;padding:.4rem;text-align:left}
            td.num,th.num{text-align:right}fieldset{border:1px solid #888;padding:1rem;margin:1rem 0}
            label{display:block;padding:.4rem 0;font-size:1.1rem}input[type=radio]{margin-right:.6rem;transform:scale(1.3)}
            button{font-size:1.1rem;padding:.6rem 1.4rem;background:#0b5394;color:#fff;border:0;border-radius:4px}
            .notice{padding:1rem;border-left:6px solid #0b5394;background:#eef4fa}.error{border-color:#b00020;background:#fbeaea}
            input[type=text]{font-size:1.1rem;padding:.4rem;width:100%;max-width:22rem;box-sizing:border-box}.hint{color:#555;margin:0}
            a.button{display:inline-block;font-size:1.1rem;padding:.6rem 1.4rem;background:#0b5394;color:#fff;border-radius:4px;text-decoration:none}
            @media print{button,a.button{display:none}}
            """;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private Pages() {}

    static String yen(long amount, Language language) {
        return language == Language.EN ? String.format("¥%,d", amount) : String.format("%,d円", amount);
    }

    private static String page(Language language, String title, String body) {
        return Html.page(Html.Head.of(language.tag(), STYLE), title, "", body);
    }

    static String t(Language l, String ja, String en) {
        return l == Language.EN ? en : ja;
    }

    private static String itemsTable(Checkout c, String organizationName) {
        Language l = c.language();
        StringBuilder sb = new StringBuilder();
        sb.append("<p>").append(t(l, "納付先: ", "Payable to: ")).append(escape(organizationName)).append("</p>");
        sb.append("<table><caption>").append(t(l, "お支払い内容", "What you are paying for")).append("</caption>")
                .append("<thead><tr><th scope=\"col\">").append(t(l, "手続", "Procedure"))
                .append("</th><th scope=\"col\" class=\"num\">").append(t(l, "数量", "Quantity"))
                .append("</th><th scope=\"col\" class=\"num\">").append(t(l, "金額", "Amount")).append("</th></tr></thead><tbody>");
        for (CheckoutItem i : c.items()) {
            sb.append("<tr><td>").append(escape(i.name().in(l))).append("</td><td class=\"num\">").append(i.quantity())
                    .append("</td><td class=\"num\">").append(yen(i.amount(), l)).append("</td></tr>");
        }
        sb.append("</tbody><tfoot><tr><th scope=\"row\" colspan=\"2\">").append(t(l, "合計（非課税）", "Total (no consumption tax)"))
                .append("</th><td class=\"num\"><strong>").append(yen(c.amount(), l)).append("</strong></td></tr></tfoot></table>");
        return sb.toString();
    }

    /** The payment page offering {@code available}: the checkout's methods that a provider serves. */
    static String payment(Checkout c, List<PaymentMethod> available, String organizationName, Instant now, String error) {
        Language l = c.language();
        String title = t(l, "手数料のお支払い", "Pay your fee");
        StringBuilder sb = new StringBuilder("<h1>").append(title).append("</h1>");
        sb.append(itemsTable(c, organizationName));
        CheckoutStatus status = c.statusAt(now);
        switch (status) {
            case PAID -> sb.append("<p class=\"notice\" role=\"status\">")
                    .append(t(l, "このお支払いは完了しています。", "This has already been paid.")).append("</p>")
                    .append(backLink(c));
            case EXPIRED -> sb.append("<p class=\"notice error\" role=\"status\">")
                    .append(t(l, "お支払いの期限が過ぎました。申請した窓口（ポータル）からやり直してください。",
                            "The time to pay has passed. Please start again from the portal."))
                    .append("</p>").append(backLink(c));
            case CANCELED -> sb.append("<p class=\"notice error\" role=\"status\">")
                    .append(t(l, "このお支払いは取り消されました。", "This payment request was canceled."))
                    .append("</p>").append(backLink(c));
            case CREATED, PENDING -> {
                if (error != null) {
                    sb.append("<p class=\"notice error\" role=\"alert\">").append(escape(error)).append("</p>");
                }
                sb.append("<form method=\"post\" action=\"").append(escape(PlatformLinks.RELATIVE.paymentPage(c.id())))
                        .append("\"><fieldset><legend>")
                        .append(t(l, "お支払い方法を選んでください", "Choose how to pay")).append("</legend>");
                if (available.isEmpty()) {
                    sb.append("<p class=\"notice error\" role=\"alert\">")
                            .append(t(l, "現在ご利用いただけるお支払い方法がありません。", "No payment method is available at the moment."))
                            .append("</p>");
                }
                for (PaymentMethod m : available) {
                    sb.append("<label><input type=\"radio\" name=\"method\" required value=\"").append(m.wire()).append("\">")
                            .append(escape(m.label(l))).append("</label>");
                }
                sb.append("</fieldset><p>")
                        .append(t(l, "次へ進むと、お支払い事業者のページに移動します。カード番号などは本サイトでは入力しません。",
                                "Next takes you to the payment provider's page. You never enter card details on this site."))
                        .append("</p><p>").append(t(l, "期限: ", "Pay by: "))
                        .append(escape(TIME.format(ZonedDateTime.ofInstant(c.expiresAt(), JapaneseDates.JST))))
                        .append(t(l, "（日本時間）", " (Japan time)")).append("</p><button type=\"submit\">")
                        .append(t(l, "次へ", "Continue")).append("</button></form>");
            }
        }
        return page(l, title, sb.toString());
    }

    private static String backLink(Checkout c) {
        return "<p><a class=\"button\" href=\"" + escape(c.returnUrl()) + "\">"
                + t(c.language(), "ポータルに戻る", "Back to the portal") + "</a></p>";
    }

    static String result(Checkout c, Payment payment, String organizationName, Instant now) {
        Language l = c.language();
        String title;
        StringBuilder sb = new StringBuilder();
        if (c.status() == CheckoutStatus.PAID && payment != null && payment.status() == PaymentStatus.SUCCEEDED) {
            title = t(l, "お支払いが完了しました", "Payment complete");
            sb.append("<h1>").append(title).append("</h1><p class=\"notice\" role=\"status\">")
                    .append(t(l, "ありがとうございました。領収書は申請したポータルから確認できます。",
                            "Thank you. Your receipt is available from the portal."))
                    .append("</p>").append(itemsTable(c, organizationName)).append(backLink(c));
        } else if (payment != null && (payment.status() == PaymentStatus.FAILED || payment.status() == PaymentStatus.CANCELED
                || payment.status() == PaymentStatus.EXPIRED)) {
            title = t(l, "お支払いできませんでした", "The payment did not go through");
            sb.append("<h1>").append(title).append("</h1><p class=\"notice error\" role=\"alert\">")
                    .append(t(l, "お金は引き落とされていません。別の方法でもう一度お試しください。",
                            "No money was taken. Please try again, perhaps with another method."))
                    .append("</p><p><a class=\"button\" href=\"").append(escape(PlatformLinks.RELATIVE.paymentPage(c.id()))).append("\">")
                    .append(t(l, "お支払い方法の選択に戻る", "Choose a method again")).append("</a></p>");
        } else if (c.status() == CheckoutStatus.PAID) {
            title = t(l, "お支払いは完了しています", "Already paid");
            sb.append("<h1>").append(title).append("</h1>").append(backLink(c));
        } else {
            title = t(l, "お支払いを確認しています", "Confirming your payment");
            sb.append("<h1>").append(title).append("</h1><p class=\"notice\" role=\"status\">")
                    .append(t(l, "お支払い事業者からの連絡を待っています。しばらくしてからこのページを再読み込みしてください。",
                            "We are waiting for the payment provider to confirm. Please reload this page in a moment."))
                    .append("</p><p><a class=\"button\" href=\"")
                    .append(escape(PlatformLinks.RELATIVE.paymentReturn(c.id(), payment == null ? "" : payment.id()))).append("\">")
                    .append(t(l, "再読み込み", "Reload")).append("</a></p>");
        }
        return page(l, title, sb.toString());
    }

    static String receipt(Receipt r, String organizationName) {
        return receipt(r, organizationName, List.of());
    }

    /**
     * The receipt page: the receipt as issued (never changed or renumbered), then what was refunded of it
     * ({@code refunds}: those that succeeded), each with its date and refund notice number (返金通知番号).
     */
    static String receipt(Receipt r, String organizationName, List<Refund> refunds) {
        Language l = Language.JA;
        StringBuilder sb = new StringBuilder("<h1>領収書</h1>");
        sb.append("<p>領収書番号: <strong>").append(escape(r.number())).append("</strong></p>");
        sb.append("<p style=\"font-size:1.6rem\">金額 <strong>").append(yen(r.amount(), l)).append("</strong>（非課税）</p>");
        sb.append("<p>上記の金額を領収しました。</p>");
        sb.append("<table><caption>内訳</caption><thead><tr><th scope=\"col\">手続</th><th scope=\"col\" class=\"num\">数量</th>")
                .append("<th scope=\"col\" class=\"num\">金額</th></tr></thead><tbody>");
        for (CheckoutItem i : r.items()) {
            sb.append("<tr><td>").append(escape(i.name().ja())).append("</td><td class=\"num\">").append(i.quantity())
                    .append("</td><td class=\"num\">").append(yen(i.amount(), l)).append("</td></tr>");
        }
        sb.append("</tbody></table><dl>");
        sb.append("<dt>納付日</dt><dd>").append(JapaneseDates.eraDate(JapaneseDates.businessDate(r.paidAt())))
                .append("（").append(JapaneseDates.businessDate(r.paidAt())).append("）</dd>");
        sb.append("<dt>発行日</dt><dd>").append(JapaneseDates.eraDate(JapaneseDates.businessDate(r.issuedAt()))).append("</dd>");
        sb.append("<dt>申請番号</dt><dd>").append(escape(r.reference())).append("</dd>");
        sb.append("<dt>収納者</dt><dd>").append(escape(organizationName)).append("</dd></dl>");
        sb.append("<p><small>キャッシュレス法第6条により、指定納付受託者へ納付を委託した日に納付されたものとみなされます。</small></p>");
        if (!refunds.isEmpty()) {
            long refunded = refunds.stream().mapToLong(Refund::amount).sum();
            sb.append("<h2>返金</h2><p>この領収書の金額のうち <strong>").append(yen(refunded, l))
                    .append("</strong> を返金しました。</p>");
            sb.append("<table><caption>返金の内訳</caption><thead><tr><th scope=\"col\">返金日</th>")
                    .append("<th scope=\"col\">返金通知番号</th><th scope=\"col\" class=\"num\">金額</th></tr></thead><tbody>");
            for (Refund refund : refunds) {
                sb.append("<tr><td>").append(refund.completedAt() == null ? "" : escape(JapaneseDates.eraDate(
                                JapaneseDates.businessDate(refund.completedAt()))))
                        .append("</td><td>").append(refund.noticeNumber() == null ? "（採番中）" : escape(refund.noticeNumber()))
                        .append("</td><td class=\"num\">").append(yen(refund.amount(), l)).append("</td></tr>");
            }
            sb.append("</tbody></table>");
        }
        return page(l, "領収書 " + r.number(), sb.toString());
    }

    /**
     * The step to a provider whose hosted page takes a browser form POST (SB Payment Service): a
     * form with the provider's fields, sent in the provider's character set, and a button (the
     * page runs no script, so the citizen presses it).
     */
    static String formPost(Checkout c, PaymentMethod method, ProviderSession.Redirect.FormPost form) {
        Language l = c.language();
        String title = t(l, "お支払い事業者のページへ進みます", "On to the payment provider");
        StringBuilder sb = new StringBuilder("<h1>").append(title).append("</h1>");
        sb.append("<p>").append(escape(method.label(l))).append(t(l, "でお支払いいただく金額: ", ": amount to pay "))
                .append("<strong>").append(yen(c.amount(), l)).append("</strong></p>");
        sb.append("<form method=\"post\" action=\"").append(escape(form.action())).append("\" accept-charset=\"")
                .append(escape(form.charset())).append("\">");
        for (var field : form.fields()) {
            sb.append("<input type=\"hidden\" name=\"").append(escape(field.getKey())).append("\" value=\"")
                    .append(escape(field.getValue())).append("\">");
        }
        sb.append("<p>").append(t(l, "ボタンを押すと、お支払い事業者のページに移動します。",
                        "The button takes you to the payment provider's page."))
                .append("</p><button type=\"submit\">").append(t(l, "お支払いページへ進む", "Go to the payment page"))
                .append("</button></form>");
        return page(l, title, sb.toString());
    }

    static String notFound(Language l) {
        return page(l, t(l, "ページが見つかりません", "Page not found"), "<h1>" + t(l, "ページが見つかりません", "Page not found")
                + "</h1><p>" + t(l, "URLをご確認ください。", "Please check the address.") + "</p>");
    }
}
