package jp.kokin.domain.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReceiptNumberTest {

    @Test
    void aReceiptNumberIsOrganizationFiscalYearAndSevenDigitSequence() {
        ReceiptNumber number = new ReceiptNumber("131016", 2026, 1);
        assertEquals("131016-2026-0000001", number.format());
        assertEquals("131016-2026-0000001", number.toString());
        assertEquals("131016-2026-9999999", new ReceiptNumber("131016", 2026, 9_999_999).format());
    }

    @Test
    void parsingGivesBackTheParts() {
        assertEquals(new ReceiptNumber("131016", 2026, 1), ReceiptNumber.parse("131016-2026-0000001"));
        assertEquals(new ReceiptNumber("271004", 2025, 1234567), ReceiptNumber.parse("271004-2025-1234567"));
    }

    @Test
    void aNationalCodeWithHyphensIsParsedFromTheRight() {
        ReceiptNumber number = ReceiptNumber.parse("MOJ-TOKYO-2026-0000042");
        assertEquals("MOJ-TOKYO", number.organizationCode());
        assertEquals(2026, number.fiscalYear());
        assertEquals(42, number.sequence());
        assertEquals("MOJ-TOKYO-2026-0000042", number.format());
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -1, 10_000_000})
    void theSequenceRunsFrom1To9999999(long sequence) {
        assertThrows(FormatException.class, () -> new ReceiptNumber("131016", 2026, sequence));
    }

    @Test
    void theOrganizationCodeIsValidated() {
        FormatException e = assertThrows(FormatException.class, () -> ReceiptNumber.parse("131017-2026-0000001"));
        assertEquals("check digit of 131017 should be 6", e.getMessage());
        assertThrows(FormatException.class, () -> new ReceiptNumber("mofa", 2026, 1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "131016", "131016-2026", "2026-0000001", "-2026-0000001", "131016-2026-1",
            "131016-2026-00000001", "131016-26-0000001", "131016-2026-000000a", "131016-2026-0000000",
            "131016--2026-0000001", "131016-2026-0000001-", "131016-２０２６-0000001", "131016-2026-+000001"})
    void malformedNumbersAreRejected(String input) {
        assertThrows(FormatException.class, () -> ReceiptNumber.parse(input));
    }

    @Test
    void theMessageSaysWhichPartIsWrong() {
        FormatException e = assertThrows(FormatException.class, () -> ReceiptNumber.parse("131016-2026-12"));
        assertTrue(e.getMessage().contains("7 digits"), e.getMessage());
        assertThrows(FormatException.class, () -> ReceiptNumber.parse(null));
    }

    @Test
    void a_path_gives_a_number_only_in_its_canonical_form_up_to_the_longest_number() {
        String longest = "ABCDEFGHIJKLMNOP-2026-0000001";
        assertEquals(ReceiptNumber.MAX_LENGTH, longest.length());
        assertEquals(longest, ReceiptNumber.fromCanonical(longest).orElseThrow().format(), "at the limit");
        assertTrue(ReceiptNumber.fromCanonical("ABCDEFGHIJKLMNOPQ-2026-0000001").isEmpty(), "one past it");
        assertTrue(ReceiptNumber.fromCanonical("9".repeat(3000)).isEmpty());
        assertTrue(ReceiptNumber.fromCanonical("131016-2026-0000001 ").isEmpty());
        assertTrue(ReceiptNumber.fromCanonical("131017-2026-0000001").isEmpty(), "a wrong check digit");
        assertTrue(ReceiptNumber.fromCanonical(null).isEmpty());
        assertEquals("131016-2026-0000001", ReceiptNumber.fromCanonical("131016-2026-0000001").orElseThrow().format());
    }
}
