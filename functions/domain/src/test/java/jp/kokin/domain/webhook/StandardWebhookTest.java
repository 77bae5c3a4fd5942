package jp.kokin.domain.webhook;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

class StandardWebhookTest {

    // The test vector published with the Standard Webhooks reference libraries.
    private static final String SPEC_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String SPEC_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final long SPEC_TIMESTAMP = 1614265330L;
    private static final byte[] SPEC_BODY = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);
    private static final String SPEC_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    private static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString(
            "kokin-test-key-0123456789abcdef!".getBytes(StandardCharsets.US_ASCII));
    private static final String ID = "ntf_01";
    private static final long T = 1_700_000_000L;
    private static final Instant NOW = Instant.ofEpochSecond(T);
    private static final byte[] BODY = "{\"type\":\"checkout.paid\",\"data\":{\"amount\":1200}}"
            .getBytes(StandardCharsets.UTF_8);

    @Test
    void signs_the_published_reference_vector() {
        assertEquals(SPEC_SIGNATURE, StandardWebhook.sign(SPEC_SECRET, SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY));
    }

    @Test
    void verifies_the_published_reference_vector() {
        assertDoesNotThrow(() -> StandardWebhook.verify(List.of(SPEC_SECRET), SPEC_ID, "1614265330",
                SPEC_SIGNATURE, SPEC_BODY, Instant.ofEpochSecond(SPEC_TIMESTAMP)));
    }

    @Test
    void signature_is_base64_hmac_sha256_of_id_dot_timestamp_dot_body_under_the_decoded_key() throws Exception {
        byte[] key = Base64.getDecoder().decode(SECRET.substring("whsec_".length()));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        byte[] expected = mac.doFinal((ID + "." + T + "." + new String(BODY, StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.UTF_8));

        assertEquals("v1," + Base64.getEncoder().encodeToString(expected), StandardWebhook.sign(SECRET, ID, T, BODY));
    }

    @Test
    void the_whsec_prefix_is_optional_like_in_the_reference_libraries() {
        assertEquals(StandardWebhook.sign(SECRET, ID, T, BODY),
                StandardWebhook.sign(SECRET.substring("whsec_".length()), ID, T, BODY));
    }

    @Test
    void a_secret_that_is_not_base64_is_a_configuration_error() {
        assertThrows(IllegalArgumentException.class, () -> StandardWebhook.sign("whsec_not base64!", ID, T, BODY));
        assertThrows(IllegalArgumentException.class, () -> StandardWebhook.sign("whsec_", ID, T, BODY));
    }

    @Test
    void accepts_its_own_signature() {
        assertDoesNotThrow(() -> verify(List.of(SECRET), ID, Long.toString(T), sign(SECRET), BODY, NOW));
    }

    @Test
    void refuses_another_spelling_of_the_right_signature() {
        // 32 bytes are 43 base64 characters and "=": the 43rd carries two bits that decoders ignore.
        String signature = sign(SECRET).substring("v1,".length());
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        char last = signature.charAt(42);
        String respelled = signature.substring(0, 42) + alphabet.charAt(alphabet.indexOf(last) ^ 1) + "=";
        assertTrue(java.util.Arrays.equals(Base64.getDecoder().decode(signature), Base64.getDecoder().decode(respelled)));
        String unpadded = signature.substring(0, 43);
        assertTrue(java.util.Arrays.equals(Base64.getDecoder().decode(signature), Base64.getDecoder().decode(unpadded)));

        for (String other : List.of(respelled, unpadded)) {
            assertThrows(WebhookVerificationException.class,
                    () -> verify(List.of(SECRET), ID, Long.toString(T), "v1," + other, BODY, NOW), other);
        }
    }

    @Test
    void accepts_a_message_signed_with_a_previous_secret_during_rotation() {
        String old = StandardWebhook.newSecret();
        String current = StandardWebhook.newSecret();
        assertDoesNotThrow(() -> verify(List.of(current, old), ID, Long.toString(T), sign(old), BODY, NOW));
    }

    @Test
    void accepts_a_header_with_several_signatures_when_any_one_matches() {
        String other = StandardWebhook.newSecret();
        String header = "v2,abc " + StandardWebhook.sign(other, ID, T, BODY) + " v1,bm9wZQ== " + sign(SECRET);
        assertDoesNotThrow(() -> verify(List.of(SECRET), ID, Long.toString(T), header, BODY, NOW));
    }

    @Test
    void rejects_a_message_signed_with_a_secret_that_is_not_configured() {
        var e = assertThrows(WebhookVerificationException.class, () -> verify(List.of(SECRET), ID, Long.toString(T),
                sign(StandardWebhook.newSecret()), BODY, NOW));
        assertEquals("no matching signature", e.getMessage());
    }

    @Test
    void rejects_a_tampered_body() {
        byte[] tampered = new String(BODY, StandardCharsets.UTF_8).replace("1200", "1").getBytes(StandardCharsets.UTF_8);
        assertThrows(WebhookVerificationException.class,
                () -> verify(List.of(SECRET), ID, Long.toString(T), sign(SECRET), tampered, NOW));
    }

    @Test
    void rejects_a_tampered_id() {
        assertThrows(WebhookVerificationException.class,
                () -> verify(List.of(SECRET), "ntf_02", Long.toString(T), sign(SECRET), BODY, NOW));
    }

    @Test
    void rejects_a_tampered_timestamp_even_within_tolerance() {
        assertThrows(WebhookVerificationException.class,
                () -> verify(List.of(SECRET), ID, Long.toString(T + 1), sign(SECRET), BODY, NOW));
    }

    @Test
    void accepts_timestamps_exactly_at_the_tolerance_edges() {
        for (long t : new long[] {T - 300, T + 300}) {
            String sig = StandardWebhook.sign(SECRET, ID, t, BODY);
            assertDoesNotThrow(() -> verify(List.of(SECRET), ID, Long.toString(t), sig, BODY, NOW), "t=" + t);
        }
    }

    @Test
    void rejects_timestamps_one_second_beyond_the_tolerance() {
        String oldSig = StandardWebhook.sign(SECRET, ID, T - 301, BODY);
        var old = assertThrows(WebhookVerificationException.class,
                () -> verify(List.of(SECRET), ID, Long.toString(T - 301), oldSig, BODY, NOW));
        assertEquals("message timestamp too old", old.getMessage());

        String newSig = StandardWebhook.sign(SECRET, ID, T + 301, BODY);
        var future = assertThrows(WebhookVerificationException.class,
                () -> verify(List.of(SECRET), ID, Long.toString(T + 301), newSig, BODY, NOW));
        assertEquals("message timestamp too new", future.getMessage());
    }

    @Test
    void says_which_header_is_missing() {
        String sig = sign(SECRET);
        String t = Long.toString(T);
        assertEquals("missing webhook-id header", assertThrows(WebhookVerificationException.class,
                () -> verify(List.of(SECRET), null, t, sig, BODY, NOW)).getMessage());
        assertEquals("missing webhook-timestamp header", assertThrows(WebhookVerificationException.class,
                () -> verify(List.of(SECRET), ID, "", sig, BODY, NOW)).getMessage());
        assertEquals("missing webhook-signature header", assertThrows(WebhookVerificationException.class,
                () -> verify(List.of(SECRET), ID, t, " ", BODY, NOW)).getMessage());
    }

    @Test
    void rejects_a_timestamp_that_is_not_unix_seconds() {
        for (String bad : new String[] {"abc", "-1", "1.7e9", "2023-11-14T22:13:20Z", "99999999999999999999"}) {
            var e = assertThrows(WebhookVerificationException.class,
                    () -> verify(List.of(SECRET), ID, bad, sign(SECRET), BODY, NOW), bad);
            assertTrue(e.getMessage().startsWith("invalid webhook-timestamp"), e.getMessage());
        }
    }

    @Test
    void rejects_a_header_without_any_v1_signature() {
        var e = assertThrows(WebhookVerificationException.class,
                () -> verify(List.of(SECRET), ID, Long.toString(T), "v2,abc", BODY, NOW));
        assertEquals("no v1 signature in webhook-signature", e.getMessage());
    }

    @Test
    void new_secrets_are_whsec_and_32_random_bytes() {
        String a = StandardWebhook.newSecret();
        assertTrue(a.startsWith("whsec_"));
        assertEquals(32, Base64.getDecoder().decode(a.substring(6)).length);
        assertTrue(!a.equals(StandardWebhook.newSecret()));
    }

    private static String sign(String secret) {
        return StandardWebhook.sign(secret, ID, T, BODY);
    }

    private static void verify(List<String> secrets, String id, String t, String sig, byte[] body, Instant now)
            throws WebhookVerificationException {
        StandardWebhook.verify(secrets, id, t, sig, body, now);
    }
}
