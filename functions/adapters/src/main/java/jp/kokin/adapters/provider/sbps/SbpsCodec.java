package jp.kokin.adapters.provider.sbps;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The link type's text rules: Shift_JIS forms, JST timestamps ({@code yyyyMMddHHmmss}) and values
 * that survive the trip through the citizen's browser unchanged.
 */
final class SbpsCodec {

    static final Charset SHIFT_JIS = Charset.forName("Shift_JIS");
    /** What browsers actually send for "Shift_JIS" (the WHATWG encoding), a superset. */
    static final Charset WINDOWS_31J = Charset.forName("windows-31j");
    static final ZoneId JST = ZoneId.of("Asia/Tokyo");
    static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("uuuuMMddHHmmss");

    /** What replaces a character that cannot travel: the full-width question mark (0x8148 in both charsets). */
    static final String REPLACEMENT = "？";

    private SbpsCodec() {}

    static String timestamp(Instant at) {
        return TIMESTAMP.format(at.atZone(JST));
    }

    /** A JST timestamp; empty when blank or not {@code yyyyMMddHHmmss}. */
    static Optional<Instant> parseTimestamp(String value) {
        if (value == null || !value.trim().matches("[0-9]{14}")) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDateTime.parse(value.trim(), TIMESTAMP).atZone(JST).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /**
     * {@code value} made safe for a Shift_JIS form whose bytes are hashed on both sides: control
     * characters become spaces, and every character that does not encode to the same bytes under
     * both JIS X 0208 Shift_JIS and windows-31j (what browsers send) and decode back to itself
     * becomes {@link #REPLACEMENT} — e.g. 髙 and ① (windows-31j only), 〜 and − (mapped
     * differently by the two), ¥ (becomes a backslash), 𠮷 (in neither). Then trimmed.
     */
    static String shiftJisSafe(String value) {
        if (value == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(value.length());
        value.codePoints().forEach(cp -> {
            String c = Character.toString(cp);
            if (Character.isISOControl(cp)) {
                out.append(' ');
            } else if (survives(c)) {
                out.append(c);
            } else {
                out.append(REPLACEMENT);
            }
        });
        return out.toString().trim();
    }

    private static boolean survives(String c) {
        if (!SHIFT_JIS.newEncoder().canEncode(c) || !WINDOWS_31J.newEncoder().canEncode(c)) {
            return false;
        }
        byte[] strict = c.getBytes(SHIFT_JIS);
        byte[] browser = c.getBytes(WINDOWS_31J);
        return java.util.Arrays.equals(strict, browser)
                && new String(strict, SHIFT_JIS).equals(c) && new String(browser, WINDOWS_31J).equals(c);
    }

    /** The longest prefix of a Shift_JIS-safe {@code value} that takes at most {@code maxBytes} in Shift_JIS. */
    static String truncateBytes(String value, int maxBytes) {
        int bytes = 0;
        int end = 0;
        while (end < value.length()) {
            int cp = value.codePointAt(end);
            int size = Character.toString(cp).getBytes(SHIFT_JIS).length;
            if (bytes + size > maxBytes) {
                break;
            }
            bytes += size;
            end += Character.charCount(cp);
        }
        return value.substring(0, end).trim();
    }

    /** Only printable ASCII, at most {@code max} characters (SBPS "X" fields). */
    static String ascii(String value, int max) {
        String kept = value == null ? "" : value.replaceAll("[^\\x21-\\x7e]", "");
        return kept.length() > max ? kept.substring(0, max) : kept;
    }

    /** A form body was not {@code application/x-www-form-urlencoded} as expected. */
    static final class MalformedFormException extends Exception {
        MalformedFormException(String message) {
            super(message);
        }
    }

    /**
     * Decodes an {@code application/x-www-form-urlencoded} body whose percent-escapes are bytes in
     * {@code charset}. A field given twice is refused: which one was signed would be ambiguous.
     */
    static Map<String, String> decodeForm(byte[] body, Charset charset) throws MalformedFormException {
        Map<String, String> fields = new LinkedHashMap<>();
        String raw = new String(body, StandardCharsets.ISO_8859_1);
        if (raw.isBlank()) {
            return fields;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = unescape(eq < 0 ? pair : pair.substring(0, eq), charset);
            String value = eq < 0 ? "" : unescape(pair.substring(eq + 1), charset);
            if (fields.putIfAbsent(name, value) != null) {
                throw new MalformedFormException("field " + name + " appears more than once");
            }
        }
        return fields;
    }

    private static String unescape(String s, Charset charset) throws MalformedFormException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '+') {
                out.write(' ');
            } else if (c == '%') {
                if (i + 2 >= s.length()) {
                    throw new MalformedFormException("truncated percent-escape");
                }
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new MalformedFormException("invalid percent-escape");
                }
                out.write(hi << 4 | lo);
                i += 2;
            } else {
                out.write(c);
            }
        }
        return out.toString(charset);
    }
}
