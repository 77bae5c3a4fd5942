package jp.kokin.checkout;

import static jp.kokin.domain.format.Html.escape;

import java.time.Instant;
import java.time.LocalDate;
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
import jp.kokin.domain.receipt.PayerNotice;
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
    private static final DateTimeFormatter CLOCK_TIME = DateTimeFormatter.ofPattern("H時mm分");

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
        return receipt(r, organizationName, List.of(), Language.JA);
    }

    /** The legal basis of the payer's notice (Cashless Act Art. 6(1)), as its heading cites it. */
    static final String NOTICE_BASIS_JA = "情報通信技術を利用する方法による国の歳入等の納付に関する法律第6条第1項";
    static final String NOTICE_BASIS_EN = "Act on the Payment of National Revenue by Means of Information and Communications"
            + " Technology, Article 6(1)";

    /**
     * The receipt page, in Japanese or English: the receipt as issued (never changed or renumbered) for the
     * lines that no payer's notice covers (no 領収書 when they come to 0 yen), then one block per payer's notice
     * (指定納付受託者の通知, Art. 6(1)) for the national lines, then what was refunded ({@code refunds}: those
     * that succeeded), each with its date and refund notice number (返金通知番号).
     */
    static String receipt(Receipt r, String organizationName, List<Refund> refunds, Language l) {
        StringBuilder sb = new StringBuilder();
        if (r.receiptAmount() > 0) {
            receiptBlock(sb, r, organizationName, l);
        }
        for (PayerNotice notice : r.notices()) {
            noticeBlock(sb, notice, r, l);
        }
        if (r.receiptAmount() == 0) {
            // the receipt number was taken from the issuing body's series: shown, so the printed series has no gap
            sb.append("<p>").append(t(l, "領収書番号: ", "Receipt number: ")).append("<strong>").append(escape(r.number()))
                    .append("</strong>").append(t(l, "（全額が国の歳入のため、領収書に代えて上記の通知を交付します。）",
                            " (the whole amount is national revenue: the notice above takes the place of a receipt)"))
                    .append("</p>");
        }
        if (!refunds.isEmpty()) {
            long refunded = refunds.stream().mapToLong(Refund::amount).sum();
            sb.append(t(l, "<h2>返金</h2><p>この領収書の金額のうち <strong>", "<h2>Refunds</h2><p>Of this amount, <strong>"))
                    .append(yen(refunded, l)).append(t(l, "</strong> を返金しました。</p>", "</strong> has been refunded.</p>"));
            sb.append("<table><caption>").append(t(l, "返金の内訳", "Refunds")).append("</caption><thead><tr><th scope=\"col\">")
                    .append(t(l, "返金日", "Refunded on")).append("</th><th scope=\"col\">")
                    .append(t(l, "返金通知番号", "Refund notice number")).append("</th><th scope=\"col\" class=\"num\">")
                    .append(t(l, "金額", "Amount")).append("</th></tr></thead><tbody>");
            for (Refund refund : refunds) {
                sb.append("<tr><td>").append(refund.completedAt() == null ? "" : escape(date(
                                JapaneseDates.businessDate(refund.completedAt()), l)))
                        .append("</td><td>").append(refund.noticeNumber() == null ? t(l, "（採番中）", "(being numbered)")
                                : escape(refund.noticeNumber()))
                        .append("</td><td class=\"num\">").append(yen(refund.amount(), l)).append("</td></tr>");
            }
            sb.append("</tbody></table>");
        }
        String title = r.receiptAmount() > 0 ? t(l, "領収書 ", "Receipt ") + r.number()
                : t(l, "指定納付受託者の通知 ", "Notice of the designated payment agent ") + r.notices().getFirst().number();
        return page(l, title, sb.toString());
    }

    /** The 領収書 proper: the lines no payer's notice covers, their total {@link Receipt#receiptAmount()}. */
    private static void receiptBlock(StringBuilder sb, Receipt r, String organizationName, Language l) {
        sb.append("<h1>").append(t(l, "領収書", "Receipt")).append("</h1>");
        sb.append("<p>").append(t(l, "領収書番号: ", "Receipt number: ")).append("<strong>").append(escape(r.number()))
                .append("</strong></p>");
        sb.append("<p style=\"font-size:1.6rem\">").append(t(l, "金額 ", "Amount ")).append("<strong>")
                .append(yen(r.receiptAmount(), l)).append("</strong>").append(t(l, "（非課税）", " (no consumption tax)")).append("</p>");
        sb.append("<p>").append(t(l, "上記の金額を領収しました。", "We have received the amount above.")).append("</p>");
        sb.append("<table><caption>").append(t(l, "内訳", "Breakdown")).append("</caption><thead><tr><th scope=\"col\">")
                .append(t(l, "手続", "Procedure")).append("</th><th scope=\"col\" class=\"num\">").append(t(l, "数量", "Quantity"))
                .append("</th><th scope=\"col\" class=\"num\">").append(t(l, "金額", "Amount")).append("</th></tr></thead><tbody>");
        for (int i = 0; i < r.items().size(); i++) {
            CheckoutItem item = r.items().get(i);
            long amount = item.amount() - noticedAmount(r, i);
            if (amount > 0) {
                sb.append("<tr><td>").append(escape(item.name().in(l))).append("</td><td class=\"num\">").append(item.quantity())
                        .append("</td><td class=\"num\">").append(yen(amount, l)).append("</td></tr>");
            }
        }
        LocalDate paidOn = JapaneseDates.businessDate(r.paidAt());
        sb.append("</tbody></table><dl>");
        sb.append("<dt>").append(t(l, "納付日", "Paid on")).append("</dt><dd>");
        if (l == Language.EN) {
            sb.append(paidOn);
        } else {
            sb.append(JapaneseDates.eraDate(paidOn)).append("（").append(paidOn).append("）");
        }
        sb.append("</dd>");
        sb.append("<dt>").append(t(l, "発行日", "Issued on")).append("</dt><dd>")
                .append(date(JapaneseDates.businessDate(r.issuedAt()), l)).append("</dd>");
        sb.append("<dt>").append(t(l, "申請番号", "Application reference")).append("</dt><dd>").append(escape(r.reference())).append("</dd>");
        sb.append("<dt>").append(t(l, "収納者", "Received by")).append("</dt><dd>").append(escape(organizationName)).append("</dd></dl>");
        sb.append("<p><small>").append(t(l, "キャッシュレス法第6条により、指定納付受託者へ納付を委託した日に納付されたものとみなされます。",
                "Under Article 6 of the Cashless Act, the fee counts as paid on the day its payment was entrusted to the"
                        + " designated payment agent.")).append("</small></p>");
    }

    /** Yen of item {@code item}'s lines that the receipt's notices cover. */
    private static long noticedAmount(Receipt r, int item) {
        return r.notices().stream().flatMap(n -> n.lines().stream()).filter(line -> line.item() == item)
                .mapToLong(PayerNotice.Line::amount).sum();
    }

    /** One payer's notice (指定納付受託者の通知, Art. 6(1)): agent, ministry, items, amount, entrustment time, number. */
    private static void noticeBlock(StringBuilder sb, PayerNotice n, Receipt r, Language l) {
        String heading = r.receiptAmount() > 0 ? "h2" : "h1";
        sb.append("<section class=\"notice\"><").append(heading).append(">")
                .append(t(l, "指定納付受託者の通知", "Notice of the designated payment agent")).append("<br><small>")
                .append(t(l, "（" + NOTICE_BASIS_JA + "）", "(" + NOTICE_BASIS_EN + ")")).append("</small></")
                .append(heading).append(">");
        sb.append("<p>").append(t(l, "通知番号: ", "Notice number: ")).append("<strong>").append(escape(n.number()))
                .append("</strong></p>");
        sb.append("<p style=\"font-size:1.6rem\">").append(t(l, "金額 ", "Amount ")).append("<strong>").append(yen(n.amount(), l))
                .append("</strong></p>");
        sb.append("<p>").append(t(l, "上記の金額について、", "We notify you that ")).append(escape(n.agentName()))
                .append(t(l, "が、国（", " has been entrusted by you with paying the amount above to the State ("))
                .append(escape(n.ministryName()))
                .append(t(l, "所管）への納付の委託を受けたことを通知します。", ").")).append("</p>");
        sb.append("<table><caption>").append(t(l, "内訳", "Breakdown")).append("</caption><thead><tr><th scope=\"col\">")
                .append(t(l, "手続", "Procedure")).append("</th><th scope=\"col\">").append(t(l, "歳入科目", "Revenue item"))
                .append("</th><th scope=\"col\" class=\"num\">").append(t(l, "数量", "Quantity"))
                .append("</th><th scope=\"col\" class=\"num\">").append(t(l, "金額", "Amount")).append("</th></tr></thead><tbody>");
        for (PayerNotice.Line line : n.lines()) {
            String name = line.item() < r.items().size() ? r.items().get(line.item()).name().in(l) : line.procedureName();
            sb.append("<tr><td>").append(escape(name)).append("</td><td>").append(escape(line.revenueItemName()))
                    .append("（").append(escape(line.revenueItemCode())).append("）</td><td class=\"num\">").append(line.quantity())
                    .append("</td><td class=\"num\">").append(yen(line.amount(), l)).append("</td></tr>");
        }
        ZonedDateTime entrusted = ZonedDateTime.ofInstant(n.entrustedAt(), JapaneseDates.JST);
        sb.append("</tbody></table><dl>");
        sb.append("<dt>").append(t(l, "指定納付受託者", "Designated payment agent")).append("</dt><dd>").append(escape(n.agentName()))
                .append("</dd>");
        sb.append("<dt>").append(t(l, "納付先", "Paid to")).append("</dt><dd>").append(escape(n.ministryName())).append("</dd>");
        sb.append("<dt>").append(t(l, "納付受託日時", "Entrusted at")).append("</dt><dd>");
        if (l == Language.EN) {
            sb.append(TIME.format(entrusted)).append(" (Japan time)");
        } else {
            sb.append(JapaneseDates.eraDate(entrusted.toLocalDate())).append(" ").append(CLOCK_TIME.format(entrusted))
                    .append("（").append(TIME.format(entrusted)).append(" 日本時間）");
        }
        sb.append("</dd><dt>").append(t(l, "年度", "Fiscal year")).append("</dt><dd>").append(n.fiscalYear())
                .append(t(l, "年度", "")).append("</dd>");
        sb.append("<dt>").append(t(l, "通知番号", "Notice number")).append("</dt><dd>").append(escape(n.number())).append("</dd></dl>");
        sb.append("<p><small>").append(t(l, "この金額は、納付受託日に国に納付されたものとみなされます。",
                "This amount counts as paid to the State on the day it was entrusted."))
                .append("</small></p></section>");
    }

    private static String date(LocalDate date, Language l) {
        return l == Language.EN ? date.toString() : JapaneseDates.eraDate(date);
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
