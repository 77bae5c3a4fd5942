package jp.kokin.domain.catalog;

import java.time.MonthDay;
import java.util.Objects;

/**
 * The platform's settings as designated payment agent (指定納付受託者) for national revenue: catalog
 * {@code treasury} (top level).
 *
 * @param agentName            the agent's name as the payer's notice (Art. 6(1)) and the report print it
 * @param previousYearCutoff   the last day (month-day, in the year after the fiscal year) on which a
 *                             closed fiscal year's revenue may still be paid in (出納整理期限; default
 *                             May 31): a pay-in of that year still unpaid near it is an error
 * @param cutoffWarningBusinessDays how many bank business days before the cutoff an unpaid pay-in of a
 *                             closed year becomes an error (default 5)
 */
public record TreasurySettings(String agentName, MonthDay previousYearCutoff, int cutoffWarningBusinessDays) {
    public static final TreasurySettings DEFAULT = new TreasurySettings("Kokin 指定納付受託者", MonthDay.of(5, 31), 5);

    /** The agent's name as the notice and the report print it. */
    public static final int MAX_AGENT_NAME_LENGTH = 60;
    public static final int MAX_CUTOFF_WARNING_BUSINESS_DAYS = 60;

    public TreasurySettings {
        Objects.requireNonNull(agentName, "agentName");
        if (agentName.isBlank() || agentName.length() > MAX_AGENT_NAME_LENGTH) {
            throw new IllegalArgumentException("agentName must be 1 to " + MAX_AGENT_NAME_LENGTH + " characters");
        }
        Objects.requireNonNull(previousYearCutoff, "previousYearCutoff");
        if (previousYearCutoff.getMonthValue() < 4 || previousYearCutoff.getMonthValue() > 12) {
            throw new IllegalArgumentException("previousYearCutoff must be April to December (after the fiscal year ends)");
        }
        if (cutoffWarningBusinessDays < 0 || cutoffWarningBusinessDays > MAX_CUTOFF_WARNING_BUSINESS_DAYS) {
            throw new IllegalArgumentException("cutoffWarningBusinessDays must be 0 to " + MAX_CUTOFF_WARNING_BUSINESS_DAYS);
        }
    }
}
