package jp.kokin.sandbox;

import static jp.kokin.domain.format.Html.escape;

import java.util.Locale;

import jp.kokin.adapters.provider.sandbox.SandboxToken;
import jp.kokin.domain.catalog.Language;
import jp.kokin.domain.format.Html;

/**
 * The sandbox provider's pages: plain HTML, no script, Japanese with English alongside
 * (marked {@code lang="en"} for screen readers). Every value shown is escaped.
 */
final class SandboxPages {

    private static final String STYLE = """
            body{font-family:system-ui,"Hiragino Sans","Noto Sans JP",sans-serif;margin:0;color:#1a1a1a;background:#f7f7f5;line-height:1.6}
            main{max-width:36rem;margin:0 auto;padding:1.5rem}
            .note{margin:0;padding:.75rem 1.5rem;background:#fff4ce;border-bottom:2px solid #b58900}
            h1{font-size:1.6rem;margin:.5rem 0 0}
            .en{display:block;font-size:.9rem;font-weight:normal;color:#4a4a4a}
            dl{display:grid;grid-template-columns:max-content 1fr;gap:.5rem 1rem;background:#fff;padding:1rem;border:1px solid #ccc}
            dt{font-weight:bold}dd{margin:0;overflow-wrap:anywhere}
            .amount{font-size:1.4rem;font-weight:bold}
            fieldset{border:1px solid #ccc;background:#fff;padding:1rem}
            legend{font-weight:bold;padding:0 .25rem}
            button{display:block;width:100%;margin:.5rem 0;padding:.9rem;font-size:1.1rem;border-radius:.4rem;border:2px solid #1a1a1a;cursor:pointer}
            button.pay{background:#0b5394;color:#fff;border-color:#0b5394}
            button.decline{background:#fff;color:#1a1a1a}
            button:focus-visible{outline:3px solid #ffbf47;outline-offset:2px}
            """;

    private SandboxPages() {}

    static String checkout(String providerPaymentId, SandboxToken token) {
        String amount = String.format(Locale.ROOT, "%,d", token.amount());
        return page("Kokin Sandbox", """
                <h1>Kokin Sandbox<span class="en" lang="en">Test payment provider</span></h1>
                <h2>お支払い内容<span class="en" lang="en">Payment details</span></h2>
                <dl>
                  <dt>お支払い方法<span class="en" lang="en">Method</span></dt>
                  <dd>%s<span class="en" lang="en">%s</span></dd>
                  <dt>金額<span class="en" lang="en">Amount</span></dt>
                  <dd><span class="amount">%s円</span><span class="en" lang="en">¥%s</span></dd>
                  <dt>お支払い番号<span class="en" lang="en">Payment ID</span></dt>
                  <dd><code>%s</code></dd>
                </dl>
                <form method="post" action="/sandbox/checkout/%s">
                  <fieldset>
                    <legend>結果を選んでください<span class="en" lang="en">Choose the outcome</span></legend>
                    <button class="pay" type="submit" name="outcome" value="succeeded">支払う<span class="en" lang="en">Pay</span></button>
                    <button class="decline" type="submit" name="outcome" value="failed">支払わない（拒否する）<span class="en" lang="en">Decline</span></button>
                  </fieldset>
                </form>
                """.formatted(escape(token.method().label(Language.JA)), escape(token.method().label(Language.EN)),
                amount, amount, escape(token.merchantPaymentId()), escape(providerPaymentId)));
    }

    static String notFound() {
        return message("Kokin Sandbox — 見つかりません / Not found", "お支払いが見つかりません", "Payment not found",
                "このリンクは無効です。元のページからやり直してください。",
                "This link is not valid. Please start again from the previous page.");
    }

    static String badOutcome() {
        return message("Kokin Sandbox — 不正な操作 / Bad request", "操作を受け付けられません", "Bad request",
                "「支払う」または「支払わない」を選んでください。", "Choose Pay or Decline.");
    }

    static String error() {
        return message("Kokin Sandbox — エラー / Error", "エラーが発生しました", "Something went wrong",
                "しばらくしてからもう一度お試しください。", "Please try again later.");
    }

    private static String message(String title, String headingJa, String headingEn, String textJa, String textEn) {
        return page(title, """
                <h1>%s<span class="en" lang="en">%s</span></h1>
                <p>%s</p>
                <p lang="en">%s</p>
                """.formatted(escape(headingJa), escape(headingEn), escape(textJa), escape(textEn)));
    }

    private static String page(String title, String main) {
        return Html.page(Html.Head.of("ja", STYLE).noindex(), title, """
                <p class="note" role="note">これはテスト用の決済画面です。実際のお金は動きません。<span class="en" lang="en">This is a test payment page: no money moves.</span></p>
                """, main);
    }
}
