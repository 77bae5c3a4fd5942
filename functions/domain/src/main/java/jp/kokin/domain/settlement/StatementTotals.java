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

/**
 * The totals of a run's (or a provisional view's) statements, accumulated line by line: per creditor
 * the count of payments that carry money for it, the yen, the lines carried over from earlier
 * deemed payment dates and the totals per procedure. Memory grows with the creditors and
 * procedures, never with the lines, so a day of any size is counted in one pass.
 *
 * <p>Counts as {@link SettlementCalculator} always has: a creditor's {@code count} is of payments,
 * a procedure's {@code count} is of units (the item's quantity).
 */
public final class StatementTotals {
    private final LocalDate businessDate;
    private final Function<String, String> creditorName;
    private final Map<String, Creditor> creditors = new TreeMap<>();
    private long count;
    private long amount;
    private long carriedOver;

    /**
     * @param businessDate the run's business date: a line deemed paid before it is carried over
     * @param creditorName the display name of a creditor code (the catalog's, or the code itself)
     */
    public StatementTotals(LocalDate businessDate, Function<String, String> creditorName) {
        this.businessDate = Objects.requireNonNull(businessDate, "businessDate");
        this.creditorName = Objects.requireNonNull(creditorName, "creditorName");
    }

    /** Counts one line. */
    public void add(SettlementLine line) {
        boolean carried = isCarriedOver(line);
        Set<String> paid = new LinkedHashSet<>();
        for (SettlementLine.Share share : line.shares()) {
            Creditor c = creditors.computeIfAbsent(share.creditor(), code -> new Creditor(code, creditorName.apply(code)));
            c.procedure(share.procedureCode(), share.procedureName(), share.quantity(), share.amount());
            c.amount = Math.addExact(c.amount, share.amount());
            paid.add(share.creditor());
        }
        for (String code : paid) {
            Creditor c = creditors.get(code);
            c.count++;
            if (carried) {
                c.carriedOver++;
            }
        }
        count++;
        amount = Math.addExact(amount, line.amount());
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
        private long count;
        private long amount;
        private long carriedOver;

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

        /** Totals per procedure, by procedure code. */
        public List<ProcedureTotal> procedures() {
            List<ProcedureTotal> out = new ArrayList<>();
            procedures.forEach((procedureCode, t) ->
                    out.add(new ProcedureTotal(procedureCode, procedureNames.get(procedureCode), t[0], t[1])));
            return out;
        }

        /** This creditor's statement with {@code payments} listed (empty when they are not listed). */
        public CreditorStatement statement(List<SettlementPayment> payments) {
            return new CreditorStatement(code, name, count, amount, procedures(), payments);
        }
    }
}
