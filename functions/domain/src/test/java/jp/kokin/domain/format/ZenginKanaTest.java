package jp.kokin.domain.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ZenginKanaTest {

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', value = {
            "ガ|ｶﾞ",
            "パ|ﾊﾟ",
            "ヴ|ｳﾞ",
            "ゔ|ｳﾞ",
            "ッ|ﾂ",
            "ャ|ﾔ",
            "ュ|ﾕ",
            "ョ|ﾖ",
            "ァィゥェォ|ｱｲｳｴｵ",
            "ヮヵヶ|ﾜｶｹ",
            "ｧｨｩｪｫｬｭｮｯ|ｱｲｳｴｵﾔﾕﾖﾂ",
            "ー|-",
            "ｰ|-",
            "－|-",
            "ＡＢ１|AB1",
            "ａｂｃ|ABC",
            "abc xyz|ABC XYZ",
            "（カ）|(ｶ)",
            "Ａ．Ｂ／Ｃ|A.B/C",
            "ヤマダ　タロウ|ﾔﾏﾀﾞ ﾀﾛｳ",
            "やまだ たろう|ﾔﾏﾀﾞ ﾀﾛｳ",
            "チヨダク|ﾁﾖﾀﾞｸ",
            "シンジュクク|ｼﾝｼﾞﾕｸｸ",
            "ピーチ|ﾋﾟ-ﾁ",
            "ｶﾞｯｺｳ|ｶﾞﾂｺｳ",
            "カ\u3099|ｶﾞ",
            "ハ\u309A|ﾊﾟ",
            "ﾄｳｷﾖｳﾄ|ﾄｳｷﾖｳﾄ",
            "ヰヱ|ｲｴ",
            "0123456789|0123456789"})
    void namesBecomeHalfWidthUpperCaseZenginKana(String input, String expected) {
        assertEquals(expected, ZenginKana.normalize(input));
    }

    @Test
    void everyFullWidthKatakanaWithAHalfWidthFormConverts() {
        String all = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワン"
                + "ガギグゲゴザジズゼゾダヂヅデドバビブベボパピプペポ";
        String expected = "ｱｲｳｴｵｶｷｸｹｺｻｼｽｾｿﾀﾁﾂﾃﾄﾅﾆﾇﾈﾉﾊﾋﾌﾍﾎﾏﾐﾑﾒﾓﾔﾕﾖﾗﾘﾙﾚﾛﾜﾝ"
                + "ｶﾞｷﾞｸﾞｹﾞｺﾞｻﾞｼﾞｽﾞｾﾞｿﾞﾀﾞﾁﾞﾂﾞﾃﾞﾄﾞﾊﾞﾋﾞﾌﾞﾍﾞﾎﾞﾊﾟﾋﾟﾌﾟﾍﾟﾎﾟ";
        assertEquals(expected, ZenginKana.normalize(all));
        String hiragana = all.chars().mapToObj(c -> String.valueOf((char) (c - 0x60))).reduce("", String::concat);
        assertEquals(expected, ZenginKana.normalize(hiragana));
    }

    @Test
    void spacesAtEitherEndAreRemovedAndInnerSpacesKept() {
        assertEquals("ﾔﾏﾀﾞ  ﾀﾛｳ", ZenginKana.normalize("　ヤマダ  タロウ 　"));
        assertEquals("", ZenginKana.normalize("   "));
    }

    @Test
    void anEmojiIsRejectedWithItsCodePointPosition() {
        FormatException e = assertThrows(FormatException.class, () -> ZenginKana.normalize("ヤマ😀ダ"));
        assertEquals("character '😀' (U+1F600) at position 3 is not allowed in a Zengin name", e.getMessage());
    }

    @Test
    void aCharacterOutsideTheBmpIsNamedAsOneCharacterNotAsSurrogates() {
        FormatException e = assertThrows(FormatException.class, () -> ZenginKana.normalize("ｱ\uD842\uDFB7ｲ"));
        assertEquals("character '\uD842\uDFB7' (U+20BB7) at position 2 is not allowed in a Zengin name", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"山田", "ヲ", "を", "ｦ", ",", "ｰ,", "&", "¥", "｢", "･", "・", "\t", "\u0000", "é", "Ω", "\uD800"})
    void charactersWithoutAZenginFormAreRejected(String input) {
        FormatException e = assertThrows(FormatException.class, () -> ZenginKana.normalize(input));
        assertTrue(e.getMessage().contains("is not allowed in a Zengin name"), e.getMessage());
    }

    @Test
    void controlCharactersAreNamedByCodePointOnly() {
        FormatException e = assertThrows(FormatException.class, () -> ZenginKana.normalize("ｱ\nｲ"));
        assertEquals("character U+000A at position 2 is not allowed in a Zengin name", e.getMessage());
    }

    @Test
    void lengthIsCountedInOutputCharactersSoAVoicedKanaCountsTwo() {
        assertEquals("ｶﾞｶﾞ", ZenginKana.normalize("ガガ", 4, false));
        FormatException e = assertThrows(FormatException.class, () -> ZenginKana.normalize("ガガ", 3, false));
        assertTrue(e.getMessage().contains("4 characters") && e.getMessage().contains("3 allowed"), e.getMessage());
    }

    @Test
    void aLongNameIsCutOnlyWhenTruncationIsAsked() {
        assertEquals("ｶﾞｶ", ZenginKana.normalize("ガガ", 3, true));
        assertEquals("ABC", ZenginKana.normalize("ABC DEF", 4, true)); // no trailing blank left
        assertThrows(FormatException.class, () -> ZenginKana.normalize("ABC DEF", 4, false));
    }

    @Test
    void aMissingNameIsAFormatException() {
        assertThrows(FormatException.class, () -> ZenginKana.normalize(null));
    }

    @Test
    void isAllowedAcceptsExactlyTheZenginCharacterSet() {
        String allowed = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ()-./ﾞﾟ";
        for (char c = '\uFF71'; c <= '\uFF9D'; c++) {
            assertTrue(ZenginKana.isAllowed(c), () -> "half-width kana should be allowed");
        }
        for (char c : allowed.toCharArray()) {
            assertTrue(ZenginKana.isAllowed(c), String.valueOf(c));
        }
        for (char c : "abcｦｧｯｰ｢｣､･,¥&_:;ガア".toCharArray()) {
            assertFalse(ZenginKana.isAllowed(c), String.valueOf(c));
        }
    }

    @Test
    void theOutputIsAlwaysAllowedAndNormalizingTwiceChangesNothing() {
        Random random = new Random(20261126L);
        String alphabet = "アイウエオガパヴッャーｧｯｰ　ＡＢ１ａｂ２abcXYZ019 （）．／－ぁがぱゔ()-./ｶﾞﾊﾟ";
        for (int i = 0; i < 2_000; i++) {
            StringBuilder input = new StringBuilder();
            int length = random.nextInt(20);
            for (int j = 0; j < length; j++) {
                input.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String once = ZenginKana.normalize(input.toString());
            once.chars().forEach(c -> assertTrue(ZenginKana.isAllowed((char) c), input + " → " + once));
            assertEquals(once, ZenginKana.normalize(once), input.toString());
        }
    }
}
