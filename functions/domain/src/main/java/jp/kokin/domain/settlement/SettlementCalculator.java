package jp.kokin.domain.settlement;

import java.time.LocalDate;
import java.time.MonthDay;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import jp.kokin.domain.calendar.BankCalendar;
import jp.kokin.domain.catalog.BankAccount;
import jp.kokin.domain.catalog.Catalog;
import jp.kokin.domain.catalog.Organization;
import jp.kokin.domain.catalog.SettlementSettings;
import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.checkout.CheckoutItem;
import jp.kokin.domain.checkout.CheckoutStatus;
import jp.kokin.domain.checkout.LineAmount;
import jp.kokin.domain.checkout.Payment;
import jp.kokin.domain.format.JapaneseDates;
import jp.kokin.domain.format.zengin.Header;
import jp.kokin.domain.format.zengin.Transfer;
import jp.kokin.domain.format.zengin.TransferFile;

/**
 * Settles one JST business date: each paid checkout's money is allocated to its creditors line
 * by line. Only the payment that paid a checkout counts; a duplicate payment is money to refund,
 * not the creditor's. The result depends only on the checkouts given, so a re-run of a day gives
 * the same statements and never counts a payment twice.
 *
 * <p>Counts: a creditor's {@code count} is the number of payments that carry money for it; a
 * procedure's {@code count} is the number of units (quantity) paid.
 */
public final class SettlementCalculator {
    private SettlementCalculator() {}

    public static Settlement settle(LocalDate businessDate, List<Checkout> paidCheckouts, Catalog catalog) {
        Map<String, Builder> byCreditor = new TreeMap<>();
        // One checkout once, even if the reader returned it twice (the newest version read wins).
        Map<String, Checkout> byId = new TreeMap<>();
        paidCheckouts.forEach(c -> byId.merge(c.id(), c, (a, b) -> a.version() >= b.version() ? a : b));
        List<Checkout> ordered = byId.values().stream()
                .filter(c -> c.status() == CheckoutStatus.PAID && c.paidAt() != null)
                .filter(c -> JapaneseDates.businessDate(c.paidAt()).equals(businessDate))
                .sorted(Comparator.comparing(Checkout::paidAt).thenComparing(Checkout::id))
                .toList();
        for (Checkout checkout : ordered) {
            Optional<Payment> winner = checkout.winningPayment();
            if (winner.isEmpty()) {
                continue;
            }
            Map<String, Long> shareOfThisPayment = new LinkedHashMap<>();
            for (CheckoutItem item : checkout.items()) {
                for (LineAmount line : item.lines()) {
                    Builder b = byCreditor.computeIfAbsent(line.creditor(), code -> new Builder(code,
                            catalog.organization(code).map(Organization::name).orElse(code)));
                    b.procedure(item.procedureCode(), item.name().ja(), item.quantity(), line.amount());
                    shareOfThisPayment.merge(line.creditor(), line.amount(), Math::addExact);
                }
            }
            shareOfThisPayment.forEach((creditor, amount) -> byCreditor.get(creditor)
                    .payment(new SettlementPayment(checkout.id(), winner.get().id(), amount, checkout.paidAt())));
        }
        return new Settlement(businessDate, byCreditor.values().stream().map(Builder::build).toList());
    }

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

    private static final class Builder {
        private final String code;
        private final String name;
        private final Map<String, long[]> procedures = new TreeMap<>();
        private final Map<String, String> procedureNames = new TreeMap<>();
        private final List<SettlementPayment> payments = new ArrayList<>();

        Builder(String code, String name) {
            this.code = code;
            this.name = name;
        }

        void procedure(String procedureCode, String procedureName, int quantity, long amount) {
            long[] totals = procedures.computeIfAbsent(procedureCode, k -> new long[2]);
            totals[0] += quantity;
            totals[1] = Math.addExact(totals[1], amount);
            procedureNames.putIfAbsent(procedureCode, procedureName);
        }

        void payment(SettlementPayment p) {
            payments.add(p);
        }

        CreditorStatement build() {
            List<ProcedureTotal> totals = procedures.entrySet().stream()
                    .map(e -> new ProcedureTotal(e.getKey(), procedureNames.get(e.getKey()), e.getValue()[0], e.getValue()[1]))
                    .toList();
            long amount = payments.stream().mapToLong(SettlementPayment::amount).sum();
            return new CreditorStatement(code, name, payments.size(), amount, totals, payments);
        }
    }
}
