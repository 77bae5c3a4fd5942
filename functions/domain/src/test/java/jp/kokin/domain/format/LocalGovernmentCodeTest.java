package jp.kokin.domain.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LocalGovernmentCodeTest {

    @ParameterizedTest(name = "{2}: {0} → {1}")
    @CsvSource({
            "13101, 131016, 千代田区",
            "13104, 131041, 新宿区 (remainder 0 gives 1)",
            "13113, 131130, 渋谷区 (remainder 1 gives 0)",
            "13421, 134210, 小笠原村",
            "01100, 011002, 札幌市",
            "27100, 271004, 大阪市",
            "13000, 130001, 東京都"})
    void theCheckDigitOfTheBriefVectorsIsRight(String five, String six, String name) {
        assertEquals(six.charAt(5) - '0', LocalGovernmentCode.checkDigit(five));
        assertEquals(six, LocalGovernmentCode.fromFiveDigits(five).value());
        assertEquals(six, LocalGovernmentCode.parse(six).value());
    }

    @TestFactory
    Stream<DynamicTest> everyPrefectureFrom01To47IsValid() {
        return IntStream.rangeClosed(1, 47).mapToObj(p -> String.format("%02d000", p)).map(five ->
                DynamicTest.dynamicTest(five, () -> {
                    LocalGovernmentCode code = LocalGovernmentCode.fromFiveDigits(five);
                    assertEquals(five.substring(0, 2), code.prefectureCode());
                    assertEquals(code, LocalGovernmentCode.parse(code.value()));
                }));
    }

    @Test
    void aWrongCheckDigitIsRejectedNamingTheExpectedDigit() {
        FormatException e = assertThrows(FormatException.class, () -> LocalGovernmentCode.parse("131017"));
        assertEquals("check digit of 131017 should be 6", e.getMessage());
    }

    @Test
    void everyWrongCheckDigitIsRejected() {
        for (int d = 0; d <= 9; d++) {
            String code = "13101" + d;
            if (d == 6) {
                assertEquals(code, LocalGovernmentCode.parse(code).toString());
            } else {
                assertThrows(FormatException.class, () -> LocalGovernmentCode.parse(code), code);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"00", "48", "99"})
    void prefecturesOutside01To47AreRejected(String prefecture) {
        String five = prefecture + "000";
        String six = five + LocalGovernmentCode.checkDigit(five);
        FormatException e = assertThrows(FormatException.class, () -> LocalGovernmentCode.parse(six));
        assertTrue(e.getMessage().contains("prefecture " + prefecture), e.getMessage());
        assertThrows(FormatException.class, () -> LocalGovernmentCode.fromFiveDigits(five));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "13101", "1310160", "13101a", "１３１０１６", " 131016", "131016 ", "-13101"})
    void anythingButSixAsciiDigitsIsRejected(String input) {
        FormatException e = assertThrows(FormatException.class, () -> LocalGovernmentCode.parse(input));
        assertTrue(e.getMessage().contains("6 digits"), e.getMessage());
    }

    @Test
    void aMissingCodeIsAFormatExceptionNotANullPointerException() {
        assertThrows(FormatException.class, () -> LocalGovernmentCode.parse(null));
        assertThrows(FormatException.class, () -> LocalGovernmentCode.checkDigit(null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1310", "131016", "1310a"})
    void theCheckDigitNeedsExactlyFiveDigits(String input) {
        assertThrows(FormatException.class, () -> LocalGovernmentCode.checkDigit(input));
    }

    @Test
    void toStringIsTheSixDigits() {
        assertEquals("131016", LocalGovernmentCode.parse("131016").toString());
    }
}
