package jp.kokin.checkout;

import static jp.kokin.domain.refund.TestBankTransfers.CANNOT_AT;
import static jp.kokin.domain.refund.TestBankTransfers.LINK_VALIDITY;
import static jp.kokin.domain.refund.TestBankTransfers.TOKEN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import jp.kokin.adapters.testing.HttpEvents;
import jp.kokin.domain.catalog.BankAccount;
import jp.kokin.domain.catalog.Language;
import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.checkout.InMemoryCheckoutRepository;
import jp.kokin.domain.checkout.TestCatalogs;
import jp.kokin.domain.checkout.TestCheckouts;
import jp.kokin.domain.checkout.TestClock;
import jp.kokin.domain.provider.Providers;
import jp.kokin.domain.receipt.RecordingReceiptDue;
import jp.kokin.domain.refund.BankTransfer;
import jp.kokin.domain.refund.TestBankTransfers;

/**
 * The bank-account page of a refund through {@code CheckoutFunction} over fakes: what the citizen
 * sees and what is stored, for each way a link is used.
 */
class BankAccountPageTest {
    private static final String VALID = "bankCode=0005&branchCode=123&accountType=1&accountNumber=7654321"
            + "&holderKana=%E3%82%84%E3%81%BE%E3%81%A0+%E3%81%AF%E3%81%AA%E3%81%93"; // やまだ はなこ

    private final TestClock clock = new TestClock(CANNOT_AT.plus(Duration.ofDays(2)));
    private final InMemoryCheckoutRepository checkouts = new InMemoryCheckoutRepository();
    private final Providers noProviders = new Providers() {
        @Override
        public Optional<jp.kokin.domain.provider.PaymentProvider> forMethod(String organizationCode,
                                                                           jp.kokin.domain.checkout.PaymentMethod method) {
            return Optional.empty();
        }

        @Override
        public Optional<jp.kokin.domain.provider.PaymentProvider> named(String name) {
            return Optional.empty();
        }
    };
    private final CheckoutHandler handler = new CheckoutHandler(new CheckoutWiring(TestCatalogs::standard, checkouts,
            number -> Optional.empty(), noProviders, new RecordingReceiptDue(), "https://pay.example.jp", clock));
    private final Checkout checkout = TestBankTransfers.awaitingAccount();
    private final String refundId = TestBankTransfers.refundId(checkout);

    BankAccountPageTest() {
        checkouts.create(checkout, null);
    }

    private APIGatewayV2HTTPResponse get(String refund, String token) {
        return handler.handleRequest(HttpEvents.route("GET /refunds/{refundId}/bank-account/{token}")
                .path("refundId", refund).path("token", token).build(), null);
    }

    private APIGatewayV2HTTPResponse post(String refund, String token, String form) {
        return handler.handleRequest(HttpEvents.route("POST /refunds/{refundId}/bank-account/{token}")
                .path("refundId", refund).path("token", token).form(form).build(), null);
    }

    private BankTransfer stored() {
        return checkouts.find(checkout.id()).orElseThrow().refund(refundId).orElseThrow().bankTransfer();
    }

    private static String html(int status, APIGatewayV2HTTPResponse r) {
        assertEquals(status, r.getStatusCode(), r.getBody());
        assertEquals("text/html; charset=utf-8", r.getHeaders().get("content-type"));
        assertEquals("no-store", r.getHeaders().get("cache-control"));
        assertEquals("no-referrer", r.getHeaders().get("referrer-policy"), "the token never leaves in a Referer");
        assertFalse(r.getBody().contains("<script"), "no script");
        return r.getBody();
    }

    @Test
    void the_link_opens_a_labelled_form_in_the_checkouts_language_posting_to_itself() {
        String page = html(200, get(refundId, TOKEN));

        assertTrue(page.contains("<html lang=\"ja\">") && page.contains("返金の振込先口座のご登録"), page);
        assertTrue(page.contains("300円") && page.contains("千代田区") && page.contains("APP-0001"), page);
        assertTrue(page.contains("<form method=\"post\" action=\"/refunds/" + refundId + "/bank-account/" + TOKEN + "\">"), page);
        for (String field : new String[] {"bankCode", "branchCode", "accountNumber", "holderKana"}) {
            assertTrue(page.contains("<label for=\"" + field + "\">"), field);
            assertTrue(page.contains("id=\"" + field + "\" name=\"" + field + "\""), field);
        }
        assertTrue(page.contains("value=\"1\">普通</label>") && page.contains("value=\"2\">当座</label>"), page);
        assertTrue(page.contains("noindex"), "robots do not index a capability link");
        assertTrue(page.contains("2027-02-25 10:00（日本時間）"), "the deadline, 90 days after: " + page);
    }

    @Test
    void an_english_checkout_gets_the_page_in_english() {
        Checkout english = TestBankTransfers.awaitingAccount(jp.kokin.domain.checkout.Checkout.create(
                jp.kokin.domain.checkout.CheckoutIds.newCheckoutId(), TestCatalogs.CHIYODA, TestCatalogs.MYNA, "APP-EN",
                checkout.items(), TestCatalogs.RETURN_URL, Language.EN, java.util.List.of(), TestCheckouts.EXPIRES_IN,
                java.util.Map.of(), TestCheckouts.CREATED_AT));
        checkouts.create(english, null);

        String page = html(200, get(TestBankTransfers.refundId(english), TOKEN));

        assertTrue(page.contains("<html lang=\"en\">") && page.contains("Your bank account for the refund") && page.contains("¥300"),
                page);
    }

    @Test
    void a_valid_submission_is_stored_once_normalised_and_the_link_then_says_it_was_received() {
        var r = post(refundId, TOKEN, VALID);

        assertEquals(303, r.getStatusCode(), r.getBody());
        assertEquals("/refunds/" + refundId + "/bank-account/" + TOKEN, r.getHeaders().get("location"));
        assertEquals(new BankAccount("0005", "", "123", "", 1, "7654321", "ﾔﾏﾀﾞ ﾊﾅｺ"), stored().account());
        assertEquals(clock.instant(), stored().accountGivenAt());
        String page = html(200, get(refundId, TOKEN));
        assertTrue(page.contains("口座情報を受け付けました") && page.contains("****321") && page.contains("ﾔﾏﾀﾞ ﾊﾅｺ"), page);
        assertFalse(page.contains("7654321"), "the account number is masked");
        assertFalse(page.contains("<form"), "no second form");
    }

    @Test
    void a_second_submission_is_refused_as_already_received_and_the_first_account_stays() {
        post(refundId, TOKEN, VALID);
        long version = checkouts.find(checkout.id()).orElseThrow().version();

        String page = html(409, post(refundId, TOKEN, "bankCode=0001&branchCode=001&accountType=2&accountNumber=1&holderKana=ABC"));

        assertTrue(page.contains("このリンクはすでに使われています"), page);
        assertEquals("7654321", stored().account().accountNumber());
        assertEquals(version, checkouts.find(checkout.id()).orElseThrow().version(), "nothing written");
    }

    @Test
    void bad_codes_and_a_kanji_name_are_refused_with_a_message_at_each_field_and_what_was_typed_kept() {
        String page = html(400, post(refundId, TOKEN,
                "bankCode=12&branchCode=1234&accountType=1&accountNumber=12345678&holderKana=%E5%B1%B1%E7%94%B0")); // 山田

        assertTrue(page.contains("入力内容を確認してください"), page);
        assertTrue(page.contains("<p id=\"bankCode-error\" class=\"error\">4桁の数字で入力してください。</p>"), page);
        assertTrue(page.contains("<p id=\"branchCode-error\" class=\"error\">3桁の数字で入力してください。</p>"), page);
        assertTrue(page.contains("<p id=\"accountNumber-error\" class=\"error\">7桁までの数字で入力してください。</p>"), page);
        assertTrue(page.contains("「山」は使えません"), page);
        assertTrue(page.contains("aria-describedby=\"bankCode-hint bankCode-error\" aria-invalid=\"true\""), page);
        assertTrue(page.contains("<a href=\"#holderKana\">"), "the summary links to the field");
        assertTrue(page.contains("value=\"山田\"") && page.contains("value=\"12345678\""), "what was typed is kept");
        assertTrue(page.contains("value=\"1\" checked>"), "the account type chosen is kept");
        assertNull(stored().account());
    }

    @Test
    void a_japan_post_symbol_typed_as_branch_is_explained() {
        String page = html(400, post(refundId, TOKEN,
                "bankCode=9900&branchCode=101&accountType=1&accountNumber=1234567&holderKana=ABC"));
        assertTrue(page.contains("ゆうちょ銀行の振込用の店番"), page);
    }

    @Test
    void a_wrong_token_an_unknown_or_malformed_refund_and_an_expired_link_all_get_the_same_404_page() {
        String notFound = html(404, get("rfd_unknown", TOKEN));
        String wrongToken = TOKEN.substring(0, TOKEN.length() - 1) + (TOKEN.endsWith("A") ? "B" : "A");
        assertEquals(notFound, html(404, get(refundId, wrongToken)));
        assertEquals(notFound, html(404, post(refundId, wrongToken, VALID)));
        assertEquals(notFound, html(404, get(jp.kokin.domain.checkout.CheckoutIds.refundId(checkout.id(), 2), TOKEN)));
        assertEquals(notFound, html(404, get(refundId, "x")));
        assertEquals(notFound, html(404, get(refundId, "a".repeat(129))));

        clock.set(CANNOT_AT.plus(LINK_VALIDITY));
        assertEquals(notFound, html(404, get(refundId, TOKEN)));
        assertEquals(notFound, html(404, post(refundId, TOKEN, VALID)));
        assertNull(stored().account());
    }

    @Test
    void a_form_body_over_4_kib_is_refused_without_being_read() {
        String page = html(413, post(refundId, TOKEN, VALID + "&x=" + "a".repeat(BankAccountPages.MAX_FORM_BYTES)));
        assertTrue(page.contains("入力が長すぎます"), page);
        assertNull(stored().account());
    }
}
