package jp.kokin.domain.settlement;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A settlement run's id: {@code stl_YYYYMMDD_NNN}, its business date and its sequence number among
 * that date's runs (1, 2, … in the order they were opened). Readable by finance staff and stable.
 */
public record SettlementRunId(LocalDate businessDate, int sequence) {
    /** Runs per business date: the first run settles the day, later ones late lines and splits. */
    public static final int MAX_SEQUENCE = 999;
    private static final Pattern FORM = Pattern.compile("stl_[0-9]{8}_[0-9]{3}");
    private static final DateTimeFormatter BASIC = DateTimeFormatter.BASIC_ISO_DATE;

    public SettlementRunId {
        if (sequence < 1 || sequence > MAX_SEQUENCE) {
            throw new IllegalArgumentException("run sequence must be 1.." + MAX_SEQUENCE + ": " + sequence);
        }
    }

    /** Parses an id written as we write it; anything else is empty (a client's typo is a 404, never a 500). */
    public static Optional<SettlementRunId> parse(String text) {
        if (text == null || !FORM.matcher(text).matches()) {
            return Optional.empty();
        }
        try {
            LocalDate date = LocalDate.parse(text.substring(4, 12), BASIC);
            int sequence = Integer.parseInt(text.substring(13));
            return sequence < 1 ? Optional.empty() : Optional.of(new SettlementRunId(date, sequence));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return "stl_" + BASIC.format(businessDate) + "_" + String.format("%03d", sequence);
    }
}
