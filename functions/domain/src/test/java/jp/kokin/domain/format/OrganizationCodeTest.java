package jp.kokin.domain.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OrganizationCodeTest {

    @Test
    void sixDigitsAreALocalGovernment() {
        OrganizationCode code = OrganizationCode.parse("131016");
        OrganizationCode.Local local = assertInstanceOf(OrganizationCode.Local.class, code);
        assertEquals(LocalGovernmentCode.parse("131016"), local.code());
        assertEquals("131016", code.value());
    }

    @ParameterizedTest
    @ValueSource(strings = {"MOFA", "MOJ-TOKYO", "A1", "ABCDEFGHIJKLMNOP", "NPA-2"})
    void anUpperCaseCodeIsANationalBody(String input) {
        OrganizationCode code = OrganizationCode.parse(input);
        assertInstanceOf(OrganizationCode.National.class, code);
        assertEquals(input, code.value());
        assertEquals(code, OrganizationCode.parse("national", input));
    }

    @Test
    void theKindCanBeGivenExplicitly() {
        assertEquals(new OrganizationCode.Local(LocalGovernmentCode.parse("271004")), OrganizationCode.parse("local", "271004"));
        assertEquals(new OrganizationCode.National("MOFA"), OrganizationCode.parse("national", "MOFA"));
    }

    @Test
    void aLocalCodeWithABadCheckDigitSaysSo() {
        FormatException e = assertThrows(FormatException.class, () -> OrganizationCode.parse("131017"));
        assertEquals("check digit of 131017 should be 6", e.getMessage());
    }

    @Test
    void aLocalKindNeedsALocalGovernmentCode() {
        assertThrows(FormatException.class, () -> OrganizationCode.parse("local", "MOFA"));
    }

    @Test
    void aNationalKindRejectsDigitsFirst() {
        assertThrows(FormatException.class, () -> OrganizationCode.parse("national", "131016"));
    }

    @Test
    void anUnknownKindIsNamed() {
        FormatException e = assertThrows(FormatException.class, () -> OrganizationCode.parse("prefecture", "130001"));
        assertTrue(e.getMessage().contains("'prefecture'"), e.getMessage());
    }

    @Test
    void fiveDigitsAreExplainedAsAnIncompleteLocalCode() {
        FormatException e = assertThrows(FormatException.class, () -> OrganizationCode.parse("13101"));
        assertTrue(e.getMessage().contains("5 digits") && e.getMessage().contains("6"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "M", "mofa", "1MOFA", "-MOFA", "MOFA_X", "ABCDEFGHIJKLMNOPQ", "MO FA", "ＭＯＦＡ"})
    void otherCodesAreRejected(String input) {
        assertThrows(FormatException.class, () -> OrganizationCode.parse(input));
    }

    @Test
    void missingValuesAreFormatExceptions() {
        assertThrows(FormatException.class, () -> OrganizationCode.parse(null));
        assertThrows(FormatException.class, () -> OrganizationCode.parse(null, "MOFA"));
        assertThrows(FormatException.class, () -> OrganizationCode.parse("national", null));
    }

    @Test
    void theSwitchOverKindsIsExhaustive() {
        String described = switch (OrganizationCode.parse("MOFA")) {
            case OrganizationCode.Local l -> "local " + l.code().prefectureCode();
            case OrganizationCode.National n -> "national " + n.code();
        };
        assertEquals("national MOFA", described);
    }
}
