package jp.kokin.domain.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.Optional;
import java.util.Random;

import org.junit.jupiter.api.Test;

class CanonicalBase64Test {

    @Test
    void decodes_what_the_jdk_encoders_write() {
        long seed = 20261130L;
        System.out.println("CanonicalBase64Test seed " + seed);
        Random random = new Random(seed);
        for (int length = 0; length < 70; length++) {
            byte[] bytes = new byte[length];
            random.nextBytes(bytes);
            assertArrayEquals(bytes, CanonicalBase64.decodeUrl(
                    Base64.getUrlEncoder().withoutPadding().encodeToString(bytes)).orElseThrow(), "length " + length);
            assertArrayEquals(bytes, CanonicalBase64.decodeStandard(
                    Base64.getEncoder().encodeToString(bytes)).orElseThrow(), "length " + length);
        }
    }

    @Test
    void refuses_a_final_character_with_unused_bits_set() {
        // "AQ" is the canonical base64url of the byte 0x01; "AR" decodes to the same byte.
        assertArrayEquals(Base64.getUrlDecoder().decode("AQ"), Base64.getUrlDecoder().decode("AR"));
        assertTrue(CanonicalBase64.decodeUrl("AQ").isPresent());
        assertEquals(Optional.empty(), CanonicalBase64.decodeUrl("AR").map(b -> "decoded"));
        assertEquals(Optional.empty(), CanonicalBase64.decodeStandard("AR==").map(b -> "decoded"));
    }

    @Test
    void refuses_padding_where_it_does_not_belong_and_missing_padding_where_it_does() {
        assertEquals(Optional.empty(), CanonicalBase64.decodeUrl("AQ==").map(b -> "decoded"));
        assertEquals(Optional.empty(), CanonicalBase64.decodeStandard("AQ").map(b -> "decoded"));
    }

    @Test
    void refuses_text_that_is_not_base64_or_absent() {
        for (String bad : new String[] {null, "!!", "A", "AQ=", "A Q", "é"}) {
            assertEquals(Optional.empty(), CanonicalBase64.decodeUrl(bad).map(b -> "decoded"), String.valueOf(bad));
            assertEquals(Optional.empty(), CanonicalBase64.decodeStandard(bad).map(b -> "decoded"), String.valueOf(bad));
        }
    }
}
