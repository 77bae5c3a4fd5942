package jp.kokin.domain.format;

import java.util.HashMap;
import java.util.Map;

/**
 * Converts names to the character set of Zengin kana fields (受取人名, 依頼人名, bank and branch names):
 * half-width katakana {@code ｱ–ﾝ} with {@code ﾞ ﾟ} as separate characters, {@code A–Z},
 * {@code 0–9}, space and {@code ( ) - . /}.
 *
 * <ul>
 *   <li>hiragana and full-width katakana become half-width, voiced kana split: ガ → ｶﾞ, パ → ﾊﾟ, ヴ/ゔ → ｳﾞ;</li>
 *   <li>small kana become full size, in either width: ッ/ｯ → ﾂ, ャ/ｬ → ﾔ, ァ/ｧ → ｱ;</li>
 *   <li>full-width letters and digits become ASCII, and every letter upper case: ａｂ１ → AB1;</li>
 *   <li>the long-vowel mark and dashes become {@code -}: ー ｰ － ‐ −;</li>
 *   <li>the full-width space and {@code （）．／} become their ASCII equivalents;</li>
 *   <li>spaces at either end are removed;</li>
 *   <li>anything else, including {@code ｦ}/ヲ and the bank-dependent {@code , ｢ ｣ ¥}, is rejected.</li>
 * </ul>
 *
 * Length is counted in output characters, so ｶﾞ counts 2, as it takes 2 bytes in the file.
 */
public final class ZenginKana {

    private static final char DAKUTEN = '\uFF9E';
    private static final char HANDAKUTEN = '\uFF9F';

    /** Full-width katakana (U+30A1–U+30FA) to half-width, possibly followed by a (han)dakuten. */
    private static final Map<Character, String> KATAKANA = new HashMap<>();

    static {
        String plain = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワン";
        String half = "ｱｲｳｴｵｶｷｸｹｺｻｼｽｾｿﾀﾁﾂﾃﾄﾅﾆﾇﾈﾉﾊﾋﾌﾍﾎﾏﾐﾑﾒﾓﾔﾕﾖﾗﾘﾙﾚﾛﾜﾝ";
        for (int i = 0; i < plain.length(); i++) {
            KATAKANA.put(plain.charAt(i), String.valueOf(half.charAt(i)));
        }
        map("ァィゥェォッャュョヮヵヶ", "ｱｲｳｴｵﾂﾔﾕﾖﾜｶｹ", "");
        // ヰ and ヱ are obsolete; banks write them as ｲ and ｴ.
        map("ヰヱ", "ｲｴ", "");
        map("ガギグゲゴザジズゼゾダヂヅデドバビブベボヴヷヸヹ", "ｶｷｸｹｺｻｼｽｾｿﾀﾁﾂﾃﾄﾊﾋﾌﾍﾎｳﾜｲｴ", String.valueOf(DAKUTEN));
        map("パピプペポ", "ﾊﾋﾌﾍﾎ", String.valueOf(HANDAKUTEN));
    }

    private static void map(String from, String to, String mark) {
        for (int i = 0; i < from.length(); i++) {
            KATAKANA.put(from.charAt(i), to.charAt(i) + mark);
        }
    }

    private ZenginKana() {
    }

    /** Converts a name without a length limit. */
    public static String normalize(String name) {
        return normalize(name, Integer.MAX_VALUE, false);
    }

    /**
     * Converts a name for a field of {@code maxLength} characters.
     *
     * @param truncate cut a name that is too long at {@code maxLength} instead of rejecting it
     * @throws FormatException naming the first character that has no Zengin equivalent, with its
     *                         1-based position in code points, or saying how long the name is
     */
    public static String normalize(String name, int maxLength, boolean truncate) {
        if (name == null) {
            throw new FormatException("name is missing");
        }
        if (maxLength < 0) {
            throw new IllegalArgumentException("maxLength must not be negative: " + maxLength);
        }
        StringBuilder out = new StringBuilder(name.length() + 8);
        int position = 0;
        for (int i = 0; i < name.length(); ) {
            int cp = name.codePointAt(i);
            i += Character.charCount(cp);
            position++;
            String converted = convert(cp);
            if (converted == null) {
                throw new FormatException("character " + describe(cp) + " at position " + position
                        + " is not allowed in a Zengin name");
            }
            out.append(converted);
        }
        String result = strip(out);
        if (result.length() > maxLength) {
            if (!truncate) {
                throw new FormatException("name is " + result.length() + " characters long in Zengin kana, more than the "
                        + maxLength + " allowed: '" + result + "'");
            }
            result = strip(new StringBuilder(result.substring(0, maxLength)));
        }
        return result;
    }

    /** Whether a character may appear in a Zengin kana field as it is. */
    public static boolean isAllowed(char c) {
        return (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9')
                || c == ' ' || c == '(' || c == ')' || c == '-' || c == '.' || c == '/'
                || (c >= '\uFF71' && c <= '\uFF9F'); // ｱ–ﾝ, ﾞ, ﾟ
    }

    private static String convert(int cp) {
        if (cp > 0xFFFF) {
            return null;
        }
        char c = (char) cp;
        if (isAllowed(c)) {
            return String.valueOf(c);
        }
        if (c >= 'a' && c <= 'z') {
            return String.valueOf((char) (c - 'a' + 'A'));
        }
        if (c >= 'Ａ' && c <= 'Ｚ') {
            return String.valueOf((char) (c - 'Ａ' + 'A'));
        }
        if (c >= 'ａ' && c <= 'ｚ') {
            return String.valueOf((char) (c - 'ａ' + 'A'));
        }
        if (c >= '０' && c <= '９') {
            return String.valueOf((char) (c - '０' + '0'));
        }
        if (c >= '\u3041' && c <= '\u3096') { // hiragana ぁ–ゖ, same order as katakana ァ–ヶ
            return KATAKANA.get((char) (c + 0x60));
        }
        if (c >= '\u30A1' && c <= '\u30FA') {
            return KATAKANA.get(c);
        }
        return switch (c) {
            case 'ｧ' -> "ｱ";
            case 'ｨ' -> "ｲ";
            case 'ｩ' -> "ｳ";
            case 'ｪ' -> "ｴ";
            case 'ｫ' -> "ｵ";
            case 'ｬ' -> "ﾔ";
            case 'ｭ' -> "ﾕ";
            case 'ｮ' -> "ﾖ";
            case 'ｯ' -> "ﾂ";
            case 'ー', 'ｰ', '－', '‐', '−' -> "-";
            case '\u3000' -> " ";
            case '（' -> "(";
            case '）' -> ")";
            case '．' -> ".";
            case '／' -> "/";
            case '\u3099', '\u309B' -> String.valueOf(DAKUTEN); // combining and spacing ゛
            case '\u309A', '\u309C' -> String.valueOf(HANDAKUTEN); // combining and spacing ゜
            default -> null;
        };
    }

    private static String strip(StringBuilder s) {
        int start = 0;
        int end = s.length();
        while (start < end && s.charAt(start) == ' ') {
            start++;
        }
        while (end > start && s.charAt(end - 1) == ' ') {
            end--;
        }
        return s.substring(start, end);
    }

    private static String describe(int cp) {
        String code = String.format("U+%04X", cp);
        boolean printable = !Character.isISOControl(cp)
                && Character.getType(cp) != Character.FORMAT
                && Character.getType(cp) != Character.SURROGATE
                && Character.getType(cp) != Character.UNASSIGNED
                && !Character.isWhitespace(cp);
        return printable ? "'" + Character.toString(cp) + "' (" + code + ")" : code;
    }
}
