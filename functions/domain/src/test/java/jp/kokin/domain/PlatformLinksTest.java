package jp.kokin.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PlatformLinksTest {
    private static final String CHECKOUT = "chk_0123456789abcdefghjkmnpqrs";

    @Test
    void links_on_a_base_with_or_without_trailing_slashes_are_the_same() {
        PlatformLinks plain = new PlatformLinks("https://pay.example.jp");
        PlatformLinks slashed = new PlatformLinks("https://pay.example.jp//");
        assertEquals(plain, slashed);
        assertEquals("https://pay.example.jp/pay/" + CHECKOUT, slashed.paymentPage(CHECKOUT));
    }

    @Test
    void each_link_has_the_path_its_route_serves() {
        PlatformLinks links = new PlatformLinks("https://pay.example.jp");
        assertEquals("https://pay.example.jp/pay/" + CHECKOUT + "/return?payment=pay_1", links.paymentReturn(CHECKOUT, "pay_1"));
        assertEquals("https://pay.example.jp/webhooks/paypay-main", links.providerEvents("paypay-main"));
        assertEquals("https://pay.example.jp/receipts/131016-2026-000001/tok", links.receiptPage("131016-2026-000001", "tok"));
        assertEquals("https://pay.example.jp/v1/checkouts/" + CHECKOUT, links.checkout(CHECKOUT));
        assertEquals("https://pay.example.jp/sandbox/checkout/sbx_1", links.sandboxCheckout("sbx_1"));
    }

    @Test
    void the_bank_account_link_of_a_refund_names_the_refund_and_carries_its_token() {
        PlatformLinks links = new PlatformLinks("https://pay.example.jp/");
        assertEquals("https://pay.example.jp/refunds/rfd_0123456789abcdefghjkmnpqrs_2/bank-account/tok-EN_1",
                links.refundBankAccount("rfd_0123456789abcdefghjkmnpqrs_2", "tok-EN_1"));
        assertEquals("/refunds/rfd_x_1/bank-account/t", PlatformLinks.RELATIVE.refundBankAccount("rfd_x_1", "t"));
    }

    @Test
    void relative_links_are_root_relative_and_an_empty_or_missing_base_is_relative() {
        assertEquals("/pay/" + CHECKOUT, PlatformLinks.RELATIVE.paymentPage(CHECKOUT));
        assertTrue(new PlatformLinks(" ").isRelative());
        assertTrue(new PlatformLinks(null).isRelative());
        assertFalse(new PlatformLinks("http://127.0.0.1:3000").isRelative());
    }
}
