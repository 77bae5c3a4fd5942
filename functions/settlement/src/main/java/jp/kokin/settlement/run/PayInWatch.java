package jp.kokin.settlement.run;

import java.time.Clock;
import java.time.LocalDate;
import java.util.Objects;
import java.util.function.Supplier;

import jp.kokin.adapters.log.Log;
import jp.kokin.adapters.log.Metrics;
import jp.kokin.domain.calendar.BankCalendar;
import jp.kokin.domain.catalog.Catalog;
import jp.kokin.domain.catalog.TreasurySettings;
import jp.kokin.domain.format.JapaneseDates;
import jp.kokin.domain.settlement.treasury.PayIn;
import jp.kokin.domain.settlement.treasury.PayInStatus;
import jp.kokin.domain.settlement.treasury.PayInStore;

/**
 * Watches the national pay-ins still due (part of the settlement job's hourly {@code watch}, run on
 * every watch): a pay-in due today or on the next bank business day is {@code treasury.payin_due_soon},
 * one whose due date has passed {@code treasury.payin_overdue}, and one of a closed fiscal year from
 * {@link TreasurySettings#cutoffWarningBusinessDays} bank business days before the year's cutoff
 * (出納整理期限, {@link TreasurySettings#previousYearCutoff} of the next year) {@code treasury.payin_cutoff}
 * (a pay-in may be both overdue and near its cutoff). Each is an ERROR log line (up to {@link #MAX_LOGGED}
 * per kind, then one line with the count) and each kind's count is an EMF metric an alarm watches:
 * {@value #DUE_SOON_METRIC}, {@value #OVERDUE_METRIC}, {@value #CUTOFF_METRIC}. A paid pay-in is silent.
 */
public final class PayInWatch {
    public static final String DUE_SOON_METRIC = "PayInsDueSoon";
    public static final String OVERDUE_METRIC = "PayInsOverdue";
    public static final String CUTOFF_METRIC = "PayInsPastCutoff";
    /** Pay-ins logged one by one per kind and watch; past it one line gives the count. */
    public static final int MAX_LOGGED = 100;

    /** What one watch found among the pay-ins due. */
    public record Outcome(long dueSoon, long overdue, long pastCutoff) {}

    private final PayInStore payIns;
    private final Supplier<Catalog> catalog;
    private final Clock clock;
    private final BankCalendar calendar;

    public PayInWatch(PayInStore payIns, Supplier<Catalog> catalog, Clock clock, BankCalendar calendar) {
        this.payIns = Objects.requireNonNull(payIns, "payIns");
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.calendar = Objects.requireNonNull(calendar, "calendar");
    }

    public Outcome watch() {
        LocalDate today = JapaneseDates.businessDate(clock.instant());
        LocalDate nextBusinessDay = calendar.nextBusinessDay(today);
        TreasurySettings settings = catalog.get().treasury();
        long dueSoon = 0;
        long overdue = 0;
        long pastCutoff = 0;
        for (PayIn p : payIns.due()) {
            if (p.status() != PayInStatus.DUE) {
                continue;
            }
            if (p.dueDate().isBefore(today)) {
                overdue++;
                log("treasury.payin_overdue", overdue, p, today);
            } else if (!p.dueDate().isAfter(nextBusinessDay)) {
                dueSoon++;
                log("treasury.payin_due_soon", dueSoon, p, today);
            }
            if (p.closedYear()) {
                LocalDate cutoff = settings.previousYearCutoff().atYear(p.fiscalYear() + 1);
                if (!today.isBefore(businessDaysBefore(cutoff, settings.cutoffWarningBusinessDays()))) {
                    pastCutoff++;
                    if (pastCutoff <= MAX_LOGGED) {
                        Log.error("treasury.payin_cutoff", null, "payinId", p.id(), "organizationCode", p.organizationCode(),
                                "amount", p.amount(), "dueDate", p.dueDate(), "fiscalYear", p.fiscalYear(), "cutoff", cutoff,
                                "today", today);
                    }
                }
            }
        }
        summarize("treasury.payin_overdue", overdue, today);
        summarize("treasury.payin_due_soon", dueSoon, today);
        summarize("treasury.payin_cutoff", pastCutoff, today);
        Metrics.count(DUE_SOON_METRIC, dueSoon, clock.instant());
        Metrics.count(OVERDUE_METRIC, overdue, clock.instant());
        Metrics.count(CUTOFF_METRIC, pastCutoff, clock.instant());
        Log.info("treasury.watched", "dueSoon", dueSoon, "overdue", overdue, "pastCutoff", pastCutoff, "today", today);
        return new Outcome(dueSoon, overdue, pastCutoff);
    }

    private static void log(String event, long nth, PayIn p, LocalDate today) {
        if (nth <= MAX_LOGGED) {
            Log.error(event, null, "payinId", p.id(), "organizationCode", p.organizationCode(), "amount", p.amount(),
                    "dueDate", p.dueDate(), "today", today);
        }
    }

    private static void summarize(String event, long count, LocalDate today) {
        if (count > MAX_LOGGED) {
            Log.error(event, null, "count", count, "logged", MAX_LOGGED, "today", today);
        }
    }

    /** The {@code days}-th bank business day before {@code date} ({@code date} itself with 0). */
    LocalDate businessDaysBefore(LocalDate date, int days) {
        LocalDate d = date;
        for (int i = 0; i < days; i++) {
            d = d.minusDays(1);
            while (!calendar.isBusinessDay(d)) {
                d = d.minusDays(1);
            }
        }
        return d;
    }
}
