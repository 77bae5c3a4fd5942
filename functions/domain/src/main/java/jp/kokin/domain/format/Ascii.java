package jp.kokin.domain.format;

/** Small helpers for the ASCII-only parts of the formats; package-private on purpose. */
final class Ascii {

    private static final int QUOTE_LIMIT = 40;

    private Ascii() {
    }

    static boolean allDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /**
     * The input for an error message: shortened if long, with control characters shown as
     * {@code \\uXXXX} so that a message never carries a line break or a terminal escape.
     */
    static String quote(String s) {
        StringBuilder out = new StringBuilder();
        int shown = 0;
        for (int i = 0; i < s.length() && shown < QUOTE_LIMIT; shown++) {
            int cp = s.codePointAt(i);
            if (Character.isISOControl(cp) || Character.getType(cp) == Character.FORMAT
                    || Character.getType(cp) == Character.SURROGATE) {
                out.append(String.format("\\u%04X", cp));
            } else {
                out.appendCodePoint(cp);
            }
            i += Character.charCount(cp);
        }
        if (s.codePointCount(0, s.length()) > QUOTE_LIMIT) {
            out.append('…');
        }
        return out.toString();
    }
}
