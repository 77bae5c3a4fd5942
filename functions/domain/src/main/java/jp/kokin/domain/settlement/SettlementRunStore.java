package jp.kokin.domain.settlement;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import jp.kokin.domain.checkout.Checkout;

/**
 * What settlement runs read and write (the ledger table). Exactly once per line rests on two
 * conditions the store enforces: a checkout is claimed only at the version it was read at and only
 * while unclaimed, and only into a run that is still {@link RunState#CLAIMING}, both in one
 * transaction with the batch of lines it records.
 *
 * <p>At most one run is open (not complete) at a time, platform-wide: opening a run takes that one
 * slot, completing or abandoning it frees it. A second invocation that finds a run open rolls it
 * forward instead of opening its own.
 */
public interface SettlementRunStore {

    /** The unsettled work list is split into this many shards (index partitions), read in parallel. */
    int shards();

    /**
     * One page of checkouts awaiting settlement in {@code shard} and paid before {@code paidBefore},
     * oldest first. Read from an eventually consistent index: a checkout may show at an older version
     * (its claim then fails and is retried from a consistent read) or briefly not at all.
     *
     * @param cursor {@code null} for the first page, then the page's {@link UnsettledPage#cursor()}
     */
    UnsettledPage unsettled(int shard, Instant paidBefore, String cursor, int limit);

    /** A page of the work list; {@code cursor} is {@code null} on the last page. */
    record UnsettledPage(List<Checkout> checkouts, String cursor) {
        public UnsettledPage {
            checkouts = List.copyOf(checkouts);
        }
    }

    /** The checkout as stored now (consistent read), to retry a claim that found it changed. */
    Optional<Checkout> checkout(String checkoutId);

    /**
     * Stores {@code next} at its version + 1 only if the stored checkout is still at its version (the
     * optimistic lock every checkout writer uses); empty when it changed meanwhile. A run uses it to
     * mark the refunds its refund transfer file paid as succeeded.
     */
    default Optional<Checkout> updateCheckout(Checkout next) {
        throw new UnsupportedOperationException("this store does not write checkouts");
    }

    /** The one run not yet complete, if any. */
    Optional<SettlementRun> openRun();

    /**
     * Opens {@code run} (state {@link RunState#CLAIMING}; its id the next sequence of its date) if no
     * run is open. Empty when another run is open or the id was taken meanwhile: read
     * {@link #openRun()} and roll that one forward.
     */
    Optional<SettlementRun> createRun(SettlementRun run);

    /** The next free sequence number for runs of {@code businessDate} (1 for the first). */
    int nextSequence(LocalDate businessDate);

    /**
     * Checkouts one claim takes at most: a DynamoDB transaction holds 100 actions, two of which are
     * the run's state check and the batch. Stores may cut claims shorter on size: see {@link #claimSize}.
     */
    int MAX_CHECKOUTS_PER_CLAIM = 98;

    /**
     * How many of {@code candidates}, from the first, one {@link #claim} takes: at most
     * {@link #MAX_CHECKOUTS_PER_CLAIM}, fewer when the store's size limits cut first (the DynamoDB
     * store: a transaction of 4 MB, a batch item of 350 KB; only unusually large checkouts reach
     * them), and at least 1 when there is a candidate. A caller claims
     * {@code candidates.subList(0, claimSize(candidates))}, then the rest in further batches.
     */
    default int claimSize(List<Checkout> candidates) {
        return Math.min(candidates.size(), MAX_CHECKOUTS_PER_CLAIM);
    }

    /**
     * Claims {@code checkouts} (each as read, at its version, with {@link Checkout#hasSettlementWork()},
     * no id twice) into {@code run} as {@link SettlementClaim#of} writes them and records their lines
     * and refund claims as one batch {@code batchId}, all in one transaction, or nothing.
     *
     * @param batchId unique within the run (the claimer's id and a counter, e.g. {@code "a1b2c3#000042"}:
     *     ASCII letters, digits and {@code #-_.}, at most 100), ordered as batches are listed
     * @throws IllegalArgumentException when {@code checkouts} is empty, holds more than
     *     {@link #claimSize} takes, or holds a checkout with nothing to settle, or one twice
     */
    ClaimOutcome claim(SettlementRun run, String batchId, List<Checkout> checkouts);

    /** What a claim did. */
    sealed interface ClaimOutcome {
        /** Every checkout claimed; the lines and refund claims recorded in the batch. */
        record Claimed(List<SettlementLine> lines, List<RefundClaim> refunds) implements ClaimOutcome {
            public Claimed {
                lines = List.copyOf(lines);
                refunds = List.copyOf(refunds);
            }

            public Claimed(List<SettlementLine> lines) {
                this(lines, List.of());
            }

            /** Checkouts the claim wrote: one per line, and those claimed for their refunds alone. */
            public int checkouts() {
                return lines.size() + (int) refunds.stream().map(RefundClaim::checkoutId)
                        .filter(id -> lines.stream().noneMatch(l -> l.checkoutId().equals(id))).distinct().count();
            }
        }

        /** Nothing claimed: these checkouts changed since they were read (re-read them and try again). */
        record Changed(Set<String> checkoutIds) implements ClaimOutcome {
            public Changed {
                checkoutIds = Set.copyOf(checkoutIds);
            }
        }

        /** Nothing claimed: the run is no longer taking claims (another invocation sealed it). */
        record RunClosed() implements ClaimOutcome {}
    }

    /** {@code CLAIMING → SEALED}; idempotent. Returns the run as stored afterwards. */
    SettlementRun seal(SettlementRunId runId);

    /** Every line the run claimed, batch by batch in batch-id order (consistent reads, paged: memory does not grow). */
    void forEachLine(SettlementRunId runId, Consumer<SettlementLine> each);

    /** Every refund the run claimed, batch by batch in batch-id order (none by default: a store without refunds). */
    default void forEachRefundClaim(SettlementRunId runId, Consumer<RefundClaim> each) {
    }

    /** Stores the run's repayment requests (idempotent, like statements). */
    default void putRepaymentRequests(List<RepaymentRequest> requests) {
        if (!requests.isEmpty()) {
            throw new UnsupportedOperationException("this store keeps no repayment requests");
        }
    }

    /** A complete run's repayment requests in creditor-code order. */
    default void forEachRepaymentRequest(SettlementRunId runId, Consumer<RepaymentRequest> each) {
    }

    default Optional<RepaymentRequest> repaymentRequest(SettlementRunId runId, String creditorCode) {
        return Optional.empty();
    }

    /** Stores the run's refund transfer file record (idempotent). */
    default void putRefundTransfers(RefundTransfers transfers) {
        throw new UnsupportedOperationException("this store keeps no refund transfer files");
    }

    /** The run's refund transfer file, when it pays any refund by transfer. */
    default Optional<RefundTransfers> refundTransfers(SettlementRunId runId) {
        return Optional.empty();
    }

    /** Stores the run's statements (idempotent: a roll-forward writes the same again). */
    void putStatements(List<RunStatement> statements);

    /**
     * {@code SEALED → COMPLETE} with its totals and documents, frees the open slot and moves the
     * latest settled date forward; idempotent. Returns the run as stored.
     */
    SettlementRun complete(SettlementRun completed);

    /**
     * Marks a sealed or claiming run that claimed nothing {@link RunState#ABANDONED} (a tombstone: its
     * sequence number is never reused) and frees the open slot.
     */
    void abandon(SettlementRunId runId);

    /** Complete runs of a business date, oldest first. */
    List<SettlementRun> runsOn(LocalDate businessDate);

    /** A run in any state. */
    Optional<SettlementRun> run(SettlementRunId runId);

    /** A complete run's statements in creditor-code order (paged reads). */
    void forEachStatement(SettlementRunId runId, Consumer<RunStatement> each);

    Optional<RunStatement> statement(SettlementRunId runId, String creditorCode);

    /** The latest business date with a complete run: a payment deemed paid on or before it is late. */
    Optional<LocalDate> latestSettledDate();
}
