package jp.kokin.domain.settlement.treasury;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Objects;

import jp.kokin.domain.calendar.BankCalendar;
import jp.kokin.domain.catalog.Treasury;
import jp.kokin.domain.catalog.TreasurySettings;

/**
 * When a pay-in (国庫納付) is due, from the treasury creditor's {@link Treasury} block and the run's
 * business date, over {@link BankCalendar#japan()}'s bank business days:
 * <ul>
 *   <li>{@code payInBusinessDays} n: the n-th bank business day after the business date (n = 0: the
 *       business date when it is a business day, else the next one), as the transfer date is computed;</li>
 *   <li>{@code payInDayOfNextMonth} d: day d of the month after the business date's month (clamped to
 *       that month's last day), moved back to the previous business day when it is not one: a deadline
 *       is never moved later.</li>
 * </ul>
 * A pay-in of a fiscal year that had ended before the business date ({@link #closedYear}) is due on the
 * earlier of that date and the last business day on or before the closed year's cutoff
 * ({@link TreasurySettings#previousYearCutoff()} of year FY + 1, 出納整理期限).
 */
public final class PayInSchedule {
    private PayInSchedule() {}

    /** Whether fiscal year {@code fiscalYear} (April FY to March FY + 1) had ended before {@code businessDate}. */
    public static boolean closedYear(int fiscalYear, LocalDate businessDate) {
        return businessDate.isAfter(LocalDate.of(fiscalYear + 1, 3, 31));
    }

    /**
     * The due date of a pay-in of {@code fiscalYear} made by a run of {@code businessDate}.
     *
     * @throws BankCalendar.DateOutsideCalendarException for a date the calendar does not cover
     */
    public static LocalDate dueDate(Treasury treasury, TreasurySettings settings, LocalDate businessDate, int fiscalYear) {
        Objects.requireNonNull(treasury, "treasury");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(businessDate, "businessDate");
        BankCalendar calendar = BankCalendar.japan();
        LocalDate due;
        if (treasury.payInBusinessDays() != null) {
            due = calendar.addBusinessDays(businessDate, treasury.payInBusinessDays());
        } else {
            YearMonth next = YearMonth.from(businessDate).plusMonths(1);
            due = onOrBefore(calendar, next.atDay(Math.min(treasury.payInDayOfNextMonth(), next.lengthOfMonth())));
        }
        if (closedYear(fiscalYear, businessDate)) {
            LocalDate cutoff = cutoff(settings, fiscalYear);
            if (cutoff.isBefore(due)) {
                due = cutoff;
            }
        }
        return due;
    }

    /**
     * The last day a pay-in of closed fiscal year {@code fiscalYear} may be paid in: the last bank business
     * day on or before {@link TreasurySettings#previousYearCutoff()} of year FY + 1 (出納整理期限).
     *
     * @throws BankCalendar.DateOutsideCalendarException for a date the calendar does not cover
     */
    public static LocalDate cutoff(TreasurySettings settings, int fiscalYear) {
        Objects.requireNonNull(settings, "settings");
        return onOrBefore(BankCalendar.japan(), settings.previousYearCutoff().atYear(fiscalYear + 1));
    }

    /** {@code date} when it is a bank business day, else the last one before it. */
    static LocalDate onOrBefore(BankCalendar calendar, LocalDate date) {
        LocalDate d = date;
        while (!calendar.isBusinessDay(d)) {
            d = d.minusDays(1);
        }
        return d;
    }
}
