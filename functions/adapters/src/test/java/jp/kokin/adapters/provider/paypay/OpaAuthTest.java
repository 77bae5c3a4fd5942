package jp.kokin.adapters.provider.paypay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class OpaAuthTest {

    /** PayPay's "HMAC認証" page: the values of its worked example. */
    private static final String SECRET = "APIKeySecretGenerated";
    private static final String CONTENT_TYPE = "application/json;charset=UTF-8;";
    private static final byte[] BODY = ("{\"sampleRequestBodyKey1\":\"sampleRequestBodyValue1\","
            + "\"sampleRequestBodyKey2\":\"sampleRequestBodyValue2\"}").getBytes(StandardCharsets.UTF_8);

    @Test
    void reproduces_the_documented_hash_and_mac() {
        String hash = OpaAuth.bodyHash(CONTENT_TYPE, BODY);

        assertEquals("1j0FnY4flNp5CtIKa7x9MQ==", hash);
        assertEquals("NW1jKIMnzR7tEhMWtcJcaef+nFVBt7jjAGcVuxHhchc=",
                OpaAuth.mac(SECRET, "/v2/codes", "POST", "acd028", 1579843452L, CONTENT_TYPE, hash));
    }

    @Test
    void the_header_carries_key_mac_nonce_epoch_and_hash_in_that_order() {
        assertEquals("hmac OPA-Auth:APIKeyGenerated:NW1jKIMnzR7tEhMWtcJcaef+nFVBt7jjAGcVuxHhchc=:acd028:1579843452:"
                        + "1j0FnY4flNp5CtIKa7x9MQ==",
                OpaAuth.header("APIKeyGenerated", SECRET, "POST", "/v2/codes", CONTENT_TYPE, BODY, "acd028", 1579843452L));
    }

    @Test
    void without_a_body_the_content_type_and_hash_are_the_word_empty() {
        String header = OpaAuth.header("k", SECRET, "GET", "/v2/codes/payments/pay_x_1", OpaAuth.CONTENT_TYPE, null,
                "abcd1234", 1700000000L);

        String expectedMac = OpaAuth.mac(SECRET, "/v2/codes/payments/pay_x_1", "GET", "abcd1234", 1700000000L,
                "empty", "empty");
        assertEquals("hmac OPA-Auth:k:" + expectedMac + ":abcd1234:1700000000:empty", header);
        assertEquals(header, OpaAuth.header("k", SECRET, "GET", "/v2/codes/payments/pay_x_1", "text/plain", new byte[0],
                "abcd1234", 1700000000L));
    }

    @Test
    void the_query_is_not_signed_but_every_other_input_is() {
        String mac = OpaAuth.mac(SECRET, "/v2/codes", "POST", "acd028", 1579843452L, CONTENT_TYPE, "h");

        assertEquals(mac, OpaAuth.mac(SECRET, "/v2/codes?assumeMerchant=1", "POST", "acd028", 1579843452L, CONTENT_TYPE, "h"));
        assertNotEquals(mac, OpaAuth.mac(SECRET, "/v2/codes/x", "POST", "acd028", 1579843452L, CONTENT_TYPE, "h"));
        assertNotEquals(mac, OpaAuth.mac(SECRET, "/v2/codes", "DELETE", "acd028", 1579843452L, CONTENT_TYPE, "h"));
        assertNotEquals(mac, OpaAuth.mac(SECRET, "/v2/codes", "POST", "acd029", 1579843452L, CONTENT_TYPE, "h"));
        assertNotEquals(mac, OpaAuth.mac(SECRET, "/v2/codes", "POST", "acd028", 1579843453L, CONTENT_TYPE, "h"));
        assertNotEquals(mac, OpaAuth.mac(SECRET, "/v2/codes", "POST", "acd028", 1579843452L, OpaAuth.CONTENT_TYPE, "h"));
        assertNotEquals(mac, OpaAuth.mac(SECRET + "x", "/v2/codes", "POST", "acd028", 1579843452L, CONTENT_TYPE, "h"));
        assertNotEquals(OpaAuth.bodyHash(CONTENT_TYPE, BODY), OpaAuth.bodyHash(OpaAuth.CONTENT_TYPE, BODY));
    }

    @Test
    void nonces_are_eight_random_lower_case_letters_or_digits() {
        String a = OpaAuth.newNonce();
        String b = OpaAuth.newNonce();

        assertTrue(a.matches("[a-z0-9]{8}"), a);
        assertNotEquals(a, b);
    }
}
