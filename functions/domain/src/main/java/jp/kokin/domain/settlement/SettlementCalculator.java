package jp.kokin.domain.settlement;

import java.time.LocalDate;
import java.time.MonthDay;
import java.util.ArrayList;
import java.util.List;

import jp.kokin.domain.calendar.BankCalendar;
import jp.kokin.domain.catalog.BankAccount;
import jp.kokin.domain.catalog.Catalog;
import jp.kokin.domain.catalog.Organization;
import jp.kokin.domain.catalog.SettlementSettings;
import jp.kokin.domain.format.zengin.Header;
import jp.kokin.domain.format.zengin.Transfer;
import jp.kokin.domain.format.zengin.TransferFile;

/**
 * The Zengin transfer file of a settlement run's statements and its transfer date (取組日). What a
 * run's statements hold comes from {@link SettlementLine} and {@link StatementTotals}.
 */
public final class SettlementCalculator {
    private SettlementCalculator() {}

    /**
     * The Zengin 総合振込 file for a settlement: one data record per creditor with a non-zero
     * total, to the creditor's account, from the platform's account in the catalog.
     */
    public static TransferFile transferFile(Settlement settlement, Catalog catalog) {
        return transferFile(transferDate(settlement.businessDate(), catalog.settlement().transferDelayDays()),
                settlement.statements(), catalog);
    }

    /**
     * The Zengin 総合振込 file dated {@code transferDate} for {@code statements} (their totals only: a
     * settlement run passes its statements without their payments): one data record per creditor with
     * a non-zero total.
     */
    public static TransferFile transferFile(LocalDate transferDate, List<CreditorStatement> statements, Catalog catalog) {
        SettlementSettings s = catalog.settlement();
        BankAccount from = s.account();
        Header header = new Header(s.requesterCode(), s.requesterKana(), MonthDay.from(transferDate), from.bankCode(),
                from.bankName(), from.branchCode(), from.branchName(), from.accountType(), from.accountNumber());
        List<Transfer> transfers = new ArrayList<>();
        for (CreditorStatement statement : statements) {
            if (statement.amount() == 0) {
                continue;
            }
            Organization creditor = catalog.organization(statement.creditorCode()).orElseThrow(() ->
                    new IllegalStateException("creditor " + statement.creditorCode() + " is not in the catalog"));
            BankAccount to = creditor.bankAccount();
            transfers.add(new Transfer(to.bankCode(), to.bankName(), to.branchCode(), to.branchName(), to.accountType(),
                    to.accountNumber(), to.holderKana(), statement.amount(), "", ""));
        }
        return new TransferFile(header, transfers);
    }

    /**
     * The transfer date (取組日): the {@code delayDays}-th bank business day after the business
     * date; with no delay, the business date itself when it is a bank business day, else the next
     * one (a Saturday business date transfers on the Monday, or later when that is a holiday).
     * Bank business days are {@link BankCalendar#japan()}'s: no weekend, no holiday of the 祝日法,
     * no December 31 to January 3. Past {@link BankCalendar#certainThrough()} the answer rests on
     * the equinox formula: the caller logs {@link BankCalendar#warning(LocalDate, LocalDate)}.
     *
     * @throws BankCalendar.DateOutsideCalendarException for a date the calendar does not cover
     */
    public static LocalDate transferDate(LocalDate businessDate, int delayDays) {
        return BankCalendar.japan().addBusinessDays(businessDate, delayDays);
    }
}
