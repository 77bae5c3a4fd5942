package jp.kokin.domain.catalog;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** How often the Art. 6(2) report (納付受託報告) is made to a ministry's collection officer. */
public enum ReportPeriod {
    MONTHLY,
    /** Each half of a month: the 1st to the 15th, the 16th to the month's end. */
    SEMIMONTHLY,
    DAILY;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ReportPeriod> fromWire(String wire) {
        return Arrays.stream(values()).filter(p -> p.wire().equals(wire)).findFirst();
    }
}
