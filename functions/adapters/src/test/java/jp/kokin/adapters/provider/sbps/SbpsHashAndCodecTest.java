package jp.kokin.adapters.provider.sbps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class SbpsHashAndCodecTest {

    @Test
    void the_checksum_is_sha1_over_the_values_in_the_given_order_then_the_key() throws Exception {
        Map<String, String> values = Map.of("pay_method", "docomo", "merchant_id", "30132", "service_id", "104",
                "order_id", "pay_x_1", "item_name", "住民票の写し", "amount", "300");
        List<String> order = List.of("pay_method", "merchant_id", "service_id", "cust_code", "order_id", "item_name", "amount");

        String hash = SbpsHash.compute(order, values, "hashkey", StandardCharsets.UTF_8);

        // computed independently: the literal concatenation, absent cust_code empty
        assertEquals(SbpsFixtures.sha1("docomo30132104pay_x_1住民票の写し300hashkey", StandardCharsets.UTF_8), hash);
        assertEquals(40, hash.length());
        assertEquals(hash.toLowerCase(), hash);
        assertEquals(SbpsFixtures.sha1("docomo30132104pay_x_1住民票の写し300hashkey", Charset.forName("Shift_JIS")),
                SbpsHash.compute(order, values, "hashkey", Charset.forName("Shift_JIS")));
    }

    @Test
    void values_are_trimmed_before_hashing() {
        Map<String, String> padded = new HashMap<>(Map.of("a", "  1 ", "b", "2\t"));
        assertEquals(SbpsHash.compute(List.of("a", "b"), Map.of("a", "1", "b", "2"), "k", StandardCharsets.UTF_8),
                SbpsHash.compute(List.of("a", "b"), padded, "k", StandardCharsets.UTF_8));
    }

    @Test
    void a_received_checksum_matches_in_either_case_and_nothing_else() {
        String expected = SbpsHash.compute(List.of("a"), Map.of("a", "1"), "k", StandardCharsets.UTF_8);

        assertTrue(SbpsHash.matches(expected.toUpperCase(), expected));
        assertFalse(SbpsHash.matches(expected.substring(1), expected));
        assertFalse(SbpsHash.matches(null, expected));
    }

    @Test
    void shift_jis_safe_text_keeps_what_both_charsets_carry_alike() {
        assertEquals("住民票の写し（１通）ｱｲｳ", SbpsCodec.shiftJisSafe("住民票の写し（１通）ｱｲｳ"));
        assertEquals("？", SbpsCodec.shiftJisSafe("髙"), "windows-31j only");
        assertEquals("？", SbpsCodec.shiftJisSafe("①"), "windows-31j only");
        assertEquals("？", SbpsCodec.shiftJisSafe("〜"), "0x8160 decodes to ～ in browsers");
        assertEquals("？", SbpsCodec.shiftJisSafe("𠮷"), "in neither");
        assertEquals("？", SbpsCodec.shiftJisSafe("¥"), "becomes a backslash");
        assertEquals("a b", SbpsCodec.shiftJisSafe(" a\nb "));
    }

    @Test
    void truncation_counts_shift_jis_bytes_and_never_splits_a_character() {
        assertEquals("住民票", SbpsCodec.truncateBytes("住民票の写し", 7));
        assertEquals("abc住", SbpsCodec.truncateBytes("abc住民票", 5));
    }

    @Test
    void timestamps_are_japan_time() {
        assertEquals("20250401100000", SbpsCodec.timestamp(Instant.parse("2025-04-01T01:00:00Z")));
        assertEquals(Instant.parse("2015-08-07T07:10:21Z"), SbpsCodec.parseTimestamp("20150807161021").orElseThrow());
        assertTrue(SbpsCodec.parseTimestamp("20151307161021").isEmpty());
        assertTrue(SbpsCodec.parseTimestamp("").isEmpty());
    }

    @Test
    void forms_decode_percent_escaped_and_raw_shift_jis_bytes() throws Exception {
        byte[] raw = "a=%8Cp%91%B1&b=x+y&c=".getBytes(StandardCharsets.US_ASCII);
        assertEquals(Map.of("a", "継続", "b", "x y", "c", ""), SbpsCodec.decodeForm(raw, SbpsCodec.WINDOWS_31J));

        byte[] unescaped = "n=継続".getBytes(Charset.forName("Shift_JIS"));
        assertEquals("継続", SbpsCodec.decodeForm(unescaped, SbpsCodec.WINDOWS_31J).get("n"));

        assertThrows(SbpsCodec.MalformedFormException.class,
                () -> SbpsCodec.decodeForm("a=%zz".getBytes(StandardCharsets.US_ASCII), SbpsCodec.WINDOWS_31J));
        assertThrows(SbpsCodec.MalformedFormException.class,
                () -> SbpsCodec.decodeForm("a=1&a=2".getBytes(StandardCharsets.US_ASCII), SbpsCodec.WINDOWS_31J));
    }
}
