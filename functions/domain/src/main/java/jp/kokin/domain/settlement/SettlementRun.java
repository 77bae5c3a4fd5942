package jp.kokin.domain.settlement;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/**
 * A settlement run: the lines it claimed (stored with it, never changed after it is sealed), their
 * totals, and its documents in the object store once complete.
 *
 * @param cutoff lines paid before this instant (the end of {@code businessDate} in JST) are eligible
 * @param transferDate the 取組日 of its transfer file: a bank business day
 * @param count lines (payments) in the run; 0 until complete
 * @param amount yen over every creditor; 0 until complete
 * @param creditors creditors with a statement in the run; 0 until complete
 * @param carriedOver lines whose deemed payment date is before {@code businessDate}
 * @param transferFile the Zengin file; {@code null} until complete, and when the run transfers nothing
 * @param document the run document (JSON: the run and its statements' totals); {@code null} until complete
 */
public record SettlementRun(SettlementRunId id, RunState state, Instant createdAt, Instant cutoff, LocalDate transferDate,
                            long count, long amount, int creditors, long carriedOver,
                            StoredObject transferFile, StoredObject document, Instant completedAt) {

    public SettlementRun {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(cutoff, "cutoff");
        Objects.requireNonNull(transferDate, "transferDate");
        if (count < 0 || amount < 0 || creditors < 0 || carriedOver < 0 || carriedOver > count) {
            throw new IllegalArgumentException("run " + id + " has impossible totals");
        }
        if (state == RunState.COMPLETE && (document == null || completedAt == null)) {
            throw new IllegalArgumentException("a complete run has its document and completion time");
        }
    }

    /** A new run, taking claims. */
    public static SettlementRun open(SettlementRunId id, Instant createdAt, Instant cutoff, LocalDate transferDate) {
        return new SettlementRun(id, RunState.CLAIMING, createdAt, cutoff, transferDate, 0, 0, 0, 0, null, null, null);
    }

    public LocalDate businessDate() {
        return id.businessDate();
    }

    /** The run complete, with its totals and documents. */
    public SettlementRun completed(long count, long amount, int creditors, long carriedOver,
                                   StoredObject transferFile, StoredObject document, Instant completedAt) {
        return new SettlementRun(id, RunState.COMPLETE, createdAt, cutoff, transferDate, count, amount, creditors,
                carriedOver, transferFile, document, completedAt);
    }

    public SettlementRun inState(RunState next) {
        return new SettlementRun(id, next, createdAt, cutoff, transferDate, count, amount, creditors, carriedOver,
                transferFile, document, completedAt);
    }
}
