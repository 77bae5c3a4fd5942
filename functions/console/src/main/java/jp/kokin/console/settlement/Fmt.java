package jp.kokin.console.settlement;

import java.text.NumberFormat;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;

/** How the settlement, pay-in and daily screens write yen, JST times and read dates. */
public final class Fmt {
    public static final ZoneId JST = ZoneId.of("Asia/Tokyo");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private Fmt() {}

    /** {@code ¥1,234}. */
    public static String yen(long amount) {
        return "¥" + NumberFormat.getIntegerInstance(Locale.JAPAN).format(amount);
    }

    public static String count(long n) {
        return NumberFormat.getIntegerInstance(Locale.JAPAN).format(n);
    }

    /** {@code yyyy-MM-dd HH:mm} JST; empty for null. */
    public static String jst(Instant at) {
        return at == null ? "" : TIME.format(at.atZone(JST));
    }

    /** An ISO date, empty when absent or malformed. */
    public static Optional<LocalDate> date(Optional<String> text) {
        try {
            return text.map(LocalDate::parse);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
