package jp.kokin.checkout;

import static jp.kokin.checkout.Pages.t;
import static jp.kokin.checkout.Pages.yen;
import static jp.kokin.domain.format.Html.escape;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.Supplier;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import jp.kokin.adapters.http.HttpRequest;
import jp.kokin.adapters.http.HttpResponses;
import jp.kokin.adapters.log.Log;
import jp.kokin.domain.PlatformLinks;
import jp.kokin.domain.catalog.BankAccount;
import jp.kokin.domain.catalog.Catalog;
import jp.kokin.domain.catalog.Language;
import jp.kokin.domain.catalog.Organization;
import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.format.Html;
import jp.kokin.domain.format.JapaneseDates;
import jp.kokin.domain.refund.BankAccountForm;
import jp.kokin.domain.refund.BankAccountForm.Field;
import jp.kokin.domain.refund.BankAccountForm.FieldProblem;
import jp.kokin.domain.refund.GiveBankAccount;
import jp.kokin.domain.refund.Refund;

/**
 * The citizen's page for a refund the provider could not make ({@code GET/POST
 * /refunds/{refundId}/bank-account/{token}}, the link of the portal's {@code refund.action_required}
 * notification): a form for the bank account to pay it to, in the checkout's language, without
 * script. One submission is stored ({@link GiveBankAccount}); afterwards the link says the account
 * was received. An unknown or malformed refund, a wrong token and an expired link all get the same
 * 404 page, so the link reveals nothing to someone who guesses.
 */
final class BankAccountPages {
    /**
     * The largest form body taken: five fields of at most {@link BankAccountForm#MAX_TYPED_CHARS}
     * characters, each up to 9 bytes percent-encoded, and their names, fit in under 3 KiB.
     */
    static final int MAX_FORM_BYTES = 4096;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final Supplier<Catalog> catalog;
    private final GiveBankAccount give;

    BankAccountPages(CheckoutWiring wiring) {
        this.catalog = wiring.catalog();
        this.give = new GiveBankAccount(wiring.checkouts(), wiring.clock());
    }

    /** {@code GET /refunds/{refundId}/bank-account/{token}}. */
    APIGatewayV2HTTPResponse show(HttpRequest request) {
        String token = request.pathParameter("token");
        return give.open(request.pathParameter("refundId"), token)
                .map(link -> switch (link.state()) {
                    case OPEN -> HttpResponses.html(200, form(link.checkout(), link.refund(), token, new BankAccountForm(
                            "", "", "", "", ""), List.of(), null));
                    case RECEIVED -> HttpResponses.html(200, received(link.checkout(), link.refund(), false));
                    case NONE -> notFound();
                })
                .orElseGet(BankAccountPages::notFound);
    }

    /** {@code POST /refunds/{refundId}/bank-account/{token}}: the account; on success, back to the GET (post/redirect/get). */
    APIGatewayV2HTTPResponse submit(HttpRequest request) {
        String refundId = request.pathParameter("refundId");
        String token = request.pathParameter("token");
        if (request.bodyBytes().length > MAX_FORM_BYTES) {
            return give.open(refundId, token).map(link -> HttpResponses.html(413, form(link.checkout(), link.refund(), token,
                            new BankAccountForm("", "", "", "", ""), List.of(), t(link.checkout().language(),
                                    "入力が長すぎます。", "What was sent is too long."))))
                    .orElseGet(BankAccountPages::notFound);
        }
        BankAccountForm form = BankAccountForm.of(request.form());
        return switch (give.give(refundId, token, form)) {
            case GiveBankAccount.Outcome.Received r -> {
                Log.info("refund.bank_account_received", "refundId", r.refund().id(), "checkoutId", r.checkout().id());
                yield HttpResponses.redirect(PlatformLinks.RELATIVE.refundBankAccount(refundId, token));
            }
            case GiveBankAccount.Outcome.AlreadyReceived r -> HttpResponses.html(409, received(r.checkout(), r.refund(), true));
            case GiveBankAccount.Outcome.Invalid i -> HttpResponses.html(400, form(i.checkout(), i.refund(), token, form,
                    i.problems(), null));
            case GiveBankAccount.Outcome.Busy b -> HttpResponses.html(503, form(b.checkout(), b.refund(), token, form, List.of(),
                    t(b.checkout().language(), "混み合っています。もう一度「登録する」を押してください。",
                            "We are busy. Please press Submit again.")));
            case GiveBankAccount.Outcome.NoSuchLink n -> notFound();
        };
    }

    private static APIGatewayV2HTTPResponse notFound() {
        return HttpResponses.html(404, Pages.notFound(Language.JA));
    }

    private static String title(Language l) {
        return t(l, "返金の振込先口座のご登録", "Your bank account for the refund");
    }

    private static String page(Language l, String title, String body) {
        return Html.page(Html.Head.of(l.tag(), Pages.STYLE).noindex(), title, "", body);
    }

    private String organizationName(Checkout c) {
        return catalog.get().organization(c.organizationCode()).map(Organization::name).orElse(c.organizationCode());
    }

    /** What is refunded, by whom, for which application. */
    private String summary(Checkout c, Refund r) {
        Language l = c.language();
        return "<dl><dt>" + t(l, "返金額", "Amount refunded") + "</dt><dd><strong>" + yen(r.amount(), l) + "</strong></dd>"
                + "<dt>" + t(l, "返金する機関", "Refunded by") + "</dt><dd>" + escape(organizationName(c)) + "</dd>"
                + "<dt>" + t(l, "申請番号", "Application reference") + "</dt><dd>" + escape(c.reference()) + "</dd></dl>";
    }

    private String form(Checkout c, Refund r, String token, BankAccountForm typed, List<FieldProblem> problems, String error) {
        Language l = c.language();
        StringBuilder sb = new StringBuilder("<h1>").append(title(l)).append("</h1>");
        if (error != null) {
            sb.append("<p class=\"notice error\" role=\"alert\">").append(escape(error)).append("</p>");
        }
        if (!problems.isEmpty()) {
            sb.append("<div class=\"notice error\" role=\"alert\"><p>").append(t(l, "入力内容を確認してください。",
                    "Please check what you entered.")).append("</p><ul>");
            for (FieldProblem p : problems) {
                sb.append("<li><a href=\"#").append(p.field().formName()).append("\">").append(escape(label(l, p.field())))
                        .append(": ").append(escape(explain(l, p))).append("</a></li>");
            }
            sb.append("</ul></div>");
        }
        sb.append("<p>").append(t(l, "お支払いに使われた方法では返金できないため、ご指定の口座にお振り込みします。",
                "The refund cannot go back through the way you paid, so we will pay it into your bank account.")).append("</p>");
        sb.append(summary(c, r));
        sb.append("<form method=\"post\" action=\"").append(escape(PlatformLinks.RELATIVE.refundBankAccount(r.id(), token)))
                .append("\"><fieldset><legend>").append(t(l, "振込先口座", "Bank account")).append("</legend>");
        text(sb, l, typed, problems, Field.BANK_CODE, "numeric", t(l, "金融機関コード（4桁）。キャッシュカードや通帳でご確認ください。",
                "The 4-digit bank code, as on your cash card or passbook."));
        text(sb, l, typed, problems, Field.BRANCH_CODE, "numeric", t(l, "支店コード（店番、3桁）。",
                "The 3-digit branch code."));
        FieldProblem typeProblem = problemOf(problems, Field.ACCOUNT_TYPE);
        sb.append("<fieldset id=\"").append(Field.ACCOUNT_TYPE.formName()).append("\"");
        if (typeProblem != null) {
            sb.append(" aria-describedby=\"accountType-error\"");
        }
        sb.append("><legend>").append(escape(label(l, Field.ACCOUNT_TYPE))).append("</legend>");
        if (typeProblem != null) {
            sb.append("<p id=\"accountType-error\" class=\"error\">").append(escape(explain(l, typeProblem))).append("</p>");
        }
        for (int type : new int[] {BankAccountForm.ORDINARY, BankAccountForm.CURRENT}) {
            sb.append("<label><input type=\"radio\" name=\"accountType\" required value=\"").append(type).append("\"")
                    .append(typed.accountType().strip().equals(String.valueOf(type)) ? " checked" : "").append(">")
                    .append(accountType(l, type)).append("</label>");
        }
        sb.append("</fieldset>");
        text(sb, l, typed, problems, Field.ACCOUNT_NUMBER, "numeric", t(l, "口座番号（7桁まで。7桁に満たない場合はそのまま入力してください）。",
                "The account number, up to 7 digits."));
        text(sb, l, typed, problems, Field.HOLDER_KANA, "text", t(l, "通帳のとおりカタカナで（例: ヤマダ タロウ）。",
                "In katakana, as on your passbook (e.g. ヤマダ タロウ)."));
        sb.append("</fieldset><p>").append(t(l,
                "ゆうちょ銀行の口座へは、記号・番号ではなく、振込用の店名（3桁の店番）と口座番号（7桁）を入力してください（銀行コードは9900）。",
                "For a Japan Post Bank account, enter its transfer branch code (3 digits) and account number (7 digits), "
                        + "not its symbol and number (bank code 9900).")).append("</p>");
        sb.append("<p>").append(t(l, "登録は一度だけできます。期限: ", "You can submit this once. Deadline: "))
                .append(escape(TIME.format(ZonedDateTime.ofInstant(r.bankTransfer().linkExpiresAt(), JapaneseDates.JST))))
                .append(t(l, "（日本時間）", " (Japan time)")).append("</p><button type=\"submit\">")
                .append(t(l, "登録する", "Submit")).append("</button></form>");
        return page(l, title(l), sb.toString());
    }

    /** One labelled text field, refilled with what was typed, its hint and its problem linked for screen readers. */
    private static void text(StringBuilder sb, Language l, BankAccountForm typed, List<FieldProblem> problems, Field field,
                             String inputMode, String hint) {
        String name = field.formName();
        FieldProblem problem = problemOf(problems, field);
        sb.append("<label for=\"").append(name).append("\">").append(escape(label(l, field))).append("</label>");
        sb.append("<p id=\"").append(name).append("-hint\" class=\"hint\">").append(escape(hint)).append("</p>");
        if (problem != null) {
            sb.append("<p id=\"").append(name).append("-error\" class=\"error\">").append(escape(explain(l, problem))).append("</p>");
        }
        sb.append("<input type=\"text\" id=\"").append(name).append("\" name=\"").append(name).append("\" inputmode=\"")
                .append(inputMode).append("\" autocomplete=\"off\" required maxlength=\"").append(BankAccountForm.MAX_TYPED_CHARS)
                .append("\" value=\"").append(escape(typed.typed(field))).append("\" aria-describedby=\"").append(name).append("-hint");
        if (problem != null) {
            sb.append(' ').append(name).append("-error\" aria-invalid=\"true");
        }
        sb.append("\">");
    }

    private static FieldProblem problemOf(List<FieldProblem> problems, Field field) {
        return problems.stream().filter(p -> p.field() == field).findFirst().orElse(null);
    }

    private static String label(Language l, Field field) {
        return switch (field) {
            case BANK_CODE -> t(l, "銀行コード", "Bank code");
            case BRANCH_CODE -> t(l, "支店コード", "Branch code");
            case ACCOUNT_TYPE -> t(l, "預金種目", "Account type");
            case ACCOUNT_NUMBER -> t(l, "口座番号", "Account number");
            case HOLDER_KANA -> t(l, "口座名義（カタカナ）", "Account holder (katakana)");
        };
    }

    private static String accountType(Language l, int type) {
        return type == BankAccountForm.CURRENT ? t(l, "当座", "Current (当座)") : t(l, "普通", "Ordinary (普通)");
    }

    /** What is wrong with a field, in words the citizen can act on. */
    static String explain(Language l, FieldProblem p) {
        return switch (p.problem()) {
            case MISSING -> t(l, "入力してください。", "Please fill this in.");
            case TOO_LONG -> t(l, BankAccountForm.MAX_TYPED_CHARS + "文字以内で入力してください。",
                    "Please use at most " + BankAccountForm.MAX_TYPED_CHARS + " characters.");
            case NOT_DIGITS -> switch (p.field()) {
                case BANK_CODE -> t(l, "4桁の数字で入力してください。", "Please enter 4 digits.");
                case BRANCH_CODE -> t(l, "3桁の数字で入力してください。", "Please enter 3 digits.");
                default -> t(l, "7桁までの数字で入力してください。", "Please enter up to 7 digits.");
            };
            case NOT_A_JAPAN_POST_TRANSFER_BRANCH -> t(l,
                    "ゆうちょ銀行の振込用の店番（末尾が8または9の3桁）を入力してください。記号ではありません。",
                    "Please enter Japan Post Bank's transfer branch code (3 digits ending in 8 or 9), not the account symbol.");
            case UNKNOWN_ACCOUNT_TYPE -> t(l, "普通または当座を選んでください。", "Please choose ordinary or current.");
            case NOT_ZENGIN_KANA -> t(l, "「" + shown(p.character()) + "」は使えません。カタカナ、英字、数字、スペースと ( ) - . / で入力してください。",
                    "\"" + shown(p.character()) + "\" cannot be used. Please use katakana, letters, digits, spaces and ( ) - . /.");
            case HOLDER_TOO_LONG -> t(l, "口座名義は半角" + BankAccountForm.MAX_HOLDER_KANA + "文字（濁点・半濁点も1文字）までです。",
                    "The holder's name may take at most " + BankAccountForm.MAX_HOLDER_KANA
                            + " half-width characters (a voiced mark counts as one).");
        };
    }

    /** A refused character as the citizen can see it: itself, or its code point when it is invisible. */
    private static String shown(String character) {
        int cp = character.codePointAt(0);
        boolean visible = !Character.isISOControl(cp) && !Character.isWhitespace(cp) && Character.getType(cp) != Character.FORMAT;
        return visible ? character : String.format("U+%04X", cp);
    }

    /** The account was received (now, or before: {@code again}): what is stored, the number masked. */
    private String received(Checkout c, Refund r, boolean again) {
        Language l = c.language();
        String title = t(l, "口座情報を受け付けました", "We have your bank account");
        StringBuilder sb = new StringBuilder("<h1>").append(title).append("</h1>");
        if (again) {
            sb.append("<p class=\"notice error\" role=\"alert\">").append(t(l,
                    "このリンクはすでに使われています。口座情報は変更されていません。",
                    "This link has already been used; the account given first is kept.")).append("</p>");
        }
        sb.append("<p class=\"notice\" role=\"status\">").append(t(l,
                "返金は、次の振込処理でご指定の口座にお振り込みします。口座を変更する必要がある場合は、申請した機関にお問い合わせください。",
                "The refund will be paid into this account with the next transfer run. To change the account, please contact "
                        + "the office you applied to.")).append("</p>");
        sb.append(summary(c, r));
        BankAccount a = r.bankTransfer().account();
        sb.append("<dl><dt>").append(label(l, Field.BANK_CODE)).append("</dt><dd>").append(escape(a.bankCode())).append("</dd>")
                .append("<dt>").append(label(l, Field.BRANCH_CODE)).append("</dt><dd>").append(escape(a.branchCode())).append("</dd>")
                .append("<dt>").append(label(l, Field.ACCOUNT_TYPE)).append("</dt><dd>").append(accountType(l, a.accountType()))
                .append("</dd><dt>").append(label(l, Field.ACCOUNT_NUMBER)).append("</dt><dd>")
                .append(escape(masked(a.accountNumber()))).append("</dd>")
                .append("<dt>").append(label(l, Field.HOLDER_KANA)).append("</dt><dd>").append(escape(a.holderKana()))
                .append("</dd></dl>");
        return page(l, title, sb.toString());
    }

    /** All but the last 3 digits hidden ({@code ****567}): the page can be left on a screen. */
    static String masked(String accountNumber) {
        int shown = Math.min(3, accountNumber.length());
        return "*".repeat(accountNumber.length() - shown) + accountNumber.substring(accountNumber.length() - shown);
    }
}
