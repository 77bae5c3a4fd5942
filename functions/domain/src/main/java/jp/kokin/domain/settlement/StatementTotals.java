package jp.kokin.domain.settlement;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;

import jp.kokin.domain.format.JapaneseDates;

/**
 * The totals of a run's (or a provisional view's) statements, accumulated line by line: per creditor
 * the count of payments that carry money for it, the yen, the lines carried over from earlier
 * deemed payment dates and the totals per procedure. Memory grows with the creditors and
 * procedures, never with the lines, so a day of any size is counted in one pass.
 *
 * <p>Amounts are what the creditors are paid: each line net of its refunds before settlement
 * (収納後取消, {@link #refunded()}), each creditor's less the later refunds netted against it
 * ({@link #net}). Counts as {@link SettlementCalculator} always has: a creditor's {@code count} is of payments,
 * a procedure's {@code count} is of units (the item's quantity).
 */
public final class StatementTotals {
    private final LocalDate businessDate;
    private final Function<String, String> creditorName;
    private final Predicate<String> stated;
    private final Map<String, Creditor> creditors = new TreeMap<>();
    private long count;
    private long amount;
    private long carriedOver;
    private long refunded;
    private long netted;

    /**
     * @param businessDate the run's business date: a line deemed paid before it is carried over
     * @param creditorName the display name of a creditor code (the catalog's, or the code itself)
     */
    public StatementTotals(LocalDate businessDate, Function<String, String> creditorName) {
        this(businessDate, creditorName, code -> true);
    }

    /**
     * @param stated whether a creditor gets a statement: the shares of the others (treasury creditors,
     *               paid in by pay-ins) count in the lines' totals ({@link #count()}, {@link #amount()},
     *               {@link #refunded()}) but in no creditor's
     */
    public StatementTotals(LocalDate businessDate, Function<String, String> creditorName, Predicate<String> stated) {
        this.businessDate = Objects.requireNonNull(businessDate, "businessDate");
        this.creditorName = Objects.requireNonNull(creditorName, "creditorName");
        this.stated = Objects.requireNonNull(stated, "stated");
    }

    /** Counts one line. */
    public void add(SettlementLine line) {
        boolean carried = isCarriedOver(line);
        int fiscalYear = JapaneseDates.fiscalYear(line.paidAt());
        Set<String> paid = new LinkedHashSet<>();
        Set<String> cancelled = new LinkedHashSet<>();
        for (SettlementLine.Share share : line.shares()) {
            if (!stated.test(share.creditor())) {
                continue;
            }
            Creditor c = creditors.computeIfAbsent(share.creditor(), code -> new Creditor(code, creditorName.apply(code)));
            c.procedure(share.procedureCode(), share.procedureName(), share.quantity(), share.amount());
            c.amount = Math.addExact(c.amount, share.amount());
            c.refunded = Math.addExact(c.refunded, share.refunded());
            c.byFiscalYear.merge(fiscalYear, share.amount(), Math::addExact);
            paid.add(share.creditor());
            if (share.refunded() > 0) {
                cancelled.add(share.creditor());
            }
        }
        for (String code : paid) {
            Creditor c = creditors.get(code);
            c.count++;
            if (carried) {
                c.carriedOver++;
            }
            if (cancelled.contains(code)) {
                c.cancelled++;
            }
        }
        count++;
        amount = Math.addExact(amount, line.amount());
        refunded = Math.addExact(refunded, line.refunded());
        if (carried) {
            carriedOver++;
        }
    }

    /** Whether {@code line} is deemed paid before this business date (a late line carried over). */
    public boolean isCarriedOver(SettlementLine line) {
        return line.deemedDate().isBefore(businessDate);
    }

    /** The payments (lines) counted. */
    public long count() {
        return count;
    }

    public long amount() {
        return amount;
    }

    public long carriedOver() {
        return carriedOver;
    }

    /** Yen of the lines refunded before settlement (収納後取消). */
    public long refunded() {
        return refunded;
    }

    /** Yen of earlier runs' refunds deducted from the creditors' transfers ({@link Creditor#net}). */
    public long netted() {
        return netted;
    }

    /**
     * Deducts {@code yen} of a refund made after an earlier run settled the creditor's revenue of
     * {@code fiscalYear} from creditor {@code code}'s transfer, if its lines in these totals of that
     * fiscal year still cover it (never across creditors or fiscal years). Returns whether it did.
     */
    public boolean net(String code, int fiscalYear, long yen) {
        Creditor c = creditors.get(code);
        if (c == null || yen <= 0) {
            return false;
        }
        long left = c.byFiscalYear.getOrDefault(fiscalYear, 0L) - c.nettedByFiscalYear.getOrDefault(fiscalYear, 0L);
        if (yen > left) {
            return false;
        }
        c.nettedByFiscalYear.merge(fiscalYear, yen, Math::addExact);
        c.netted = Math.addExact(c.netted, yen);
        c.amount -= yen;
        amount -= yen;
        netted = Math.addExact(netted, yen);
        return true;
    }

    /** The creditors with money in the lines, by code. */
    public Collection<Creditor> creditors() {
        return List.copyOf(creditors.values());
    }

    /** One creditor's totals. */
    public static final class Creditor {
        private final String code;
        private final String name;
        private final Map<String, long[]> procedures = new TreeMap<>();
        private final Map<String, String> procedureNames = new TreeMap<>();
        private final Map<Integer, Long> byFiscalYear = new TreeMap<>();
        private final Map<Integer, Long> nettedByFiscalYear = new TreeMap<>();
        private long count;
        private long amount;
        private long carriedOver;
        private long refunded;
        private long cancelled;
        private long netted;

        Creditor(String code, String name) {
            this.code = code;
            this.name = name == null ? "" : name;
        }

        void procedure(String procedureCode, String procedureName, int quantity, long yen) {
            long[] totals = procedures.computeIfAbsent(procedureCode, k -> new long[2]);
            totals[0] += quantity;
            totals[1] = Math.addExact(totals[1], yen);
            procedureNames.putIfAbsent(procedureCode, procedureName);
        }

        public String code() {
            return code;
        }

        public String name() {
            return name;
        }

        public long count() {
            return count;
        }

        public long amount() {
            return amount;
        }

        public long carriedOver() {
            return carriedOver;
        }

        /** Yen of its payments refunded before settlement (収納後取消). */
        public long refunded() {
            return refunded;
        }

        /** Its payments with such a refund. */
        public long cancelled() {
            return cancelled;
        }

        /** Yen of earlier runs' refunds deducted from its transfer (返還金相殺). */
        public long netted() {
            return netted;
        }

        /** Totals per procedure, by procedure code. */
        public List<ProcedureTotal> procedures() {
            List<ProcedureTotal> out = new ArrayList<>();
            procedures.forEach((procedureCode, t) ->
                    out.add(new ProcedureTotal(procedureCode, procedureNames.get(procedureCode), t[0], t[1])));
            return out;
        }

        /** This creditor's statement with {@code payments} listed (empty when they are not listed); {@code amount} is the transfer. */
        public CreditorStatement statement(List<SettlementPayment> payments) {
            return new CreditorStatement(code, name, count, amount, procedures(), payments);
        }
    }
}
