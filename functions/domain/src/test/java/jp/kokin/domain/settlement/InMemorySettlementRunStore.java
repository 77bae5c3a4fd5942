package jp.kokin.domain.settlement;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.checkout.InMemoryCheckoutRepository;

/**
 * A {@link SettlementRunStore} in memory over an {@link InMemoryCheckoutRepository}, with the same
 * conditions as the DynamoDB one (claims at the read version, only into a claiming run, one open
 * run). Synchronized: concurrent claimers in tests see one order. The work list is read from the
 * repository directly (no index lag).
 */
public final class InMemorySettlementRunStore implements SettlementRunStore {
    private final InMemoryCheckoutRepository checkouts;
    private final int shards;
    private final Map<String, SettlementRun> runs = new TreeMap<>();
    private final Map<String, TreeMap<String, List<SettlementLine>>> batches = new TreeMap<>();
    private final Map<String, TreeMap<String, RunStatement>> statements = new TreeMap<>();
    private final Map<String, TreeMap<String, List<RefundClaim>>> refundClaims = new TreeMap<>();
    private final Map<String, TreeMap<String, RepaymentRequest>> repayments = new TreeMap<>();
    private final Map<String, RefundTransfers> refundTransfers = new TreeMap<>();
    private String open;
    private LocalDate latest;

    public InMemorySettlementRunStore(InMemoryCheckoutRepository checkouts, int shards) {
        this.checkouts = checkouts;
        this.shards = shards;
    }

    @Override
    public int shards() {
        return shards;
    }

    public static int shardOf(String checkoutId, int shards) {
        return Math.floorMod(checkoutId.hashCode(), shards);
    }

    @Override
    public synchronized UnsettledPage unsettled(int shard, Instant paidBefore, String cursor, int limit) {
        List<Checkout> all = checkouts.all().stream()
                .filter(Checkout::hasSettlementWork)
                .filter(c -> shardOf(c.id(), shards) == shard)
                .filter(c -> c.paidAt().isBefore(paidBefore))
                .sorted(Comparator.comparing(Checkout::paidAt).thenComparing(Checkout::id))
                .toList();
        // The cursor is the last key read (paidAt|id), as DynamoDB's ExclusiveStartKey: claiming a page
        // removes it from the work list without shifting the pages after it.
        List<Checkout> after = cursor == null ? all : all.stream().filter(c -> key(c).compareTo(cursor) > 0).toList();
        List<Checkout> page = after.subList(0, Math.min(limit, after.size()));
        return new UnsettledPage(page, page.size() < after.size() ? key(page.getLast()) : null);
    }

    private static String key(Checkout c) {
        return String.format("%020d%09d|%s", c.paidAt().getEpochSecond(), c.paidAt().getNano(), c.id());
    }

    @Override
    public Optional<Checkout> checkout(String checkoutId) {
        return checkouts.find(checkoutId);
    }

    @Override
    public synchronized Optional<SettlementRun> openRun() {
        return Optional.ofNullable(open).map(runs::get);
    }

    @Override
    public synchronized Optional<SettlementRun> createRun(SettlementRun run) {
        if (open != null || runs.containsKey(run.id().toString())) {
            return Optional.empty();
        }
        runs.put(run.id().toString(), run);
        open = run.id().toString();
        return Optional.of(run);
    }

    @Override
    public synchronized int nextSequence(LocalDate businessDate) {
        return (int) runs.values().stream().filter(r -> r.businessDate().equals(businessDate)).count() + 1;
    }

    @Override
    public synchronized ClaimOutcome claim(SettlementRun run, String batchId, List<Checkout> claimed) {
        if (claimed.isEmpty() || claimed.size() > claimSize(claimed)) {
            throw new IllegalArgumentException("a claim takes 1.." + claimSize(claimed) + " of these checkouts: " + claimed.size());
        }
        SettlementRun stored = runs.get(run.id().toString());
        if (stored == null || stored.state() != RunState.CLAIMING) {
            return new ClaimOutcome.RunClosed();
        }
        Set<String> changed = new HashSet<>();
        for (Checkout c : claimed) {
            Optional<Checkout> now = checkouts.find(c.id());
            if (now.isEmpty() || now.get().version() != c.version() || !now.get().hasSettlementWork()) {
                changed.add(c.id());
            }
        }
        if (!changed.isEmpty()) {
            return new ClaimOutcome.Changed(changed);
        }
        TreeMap<String, List<SettlementLine>> runBatches = batches.computeIfAbsent(run.id().toString(), k -> new TreeMap<>());
        if (runBatches.containsKey(batchId)) {
            throw new IllegalStateException("batch " + batchId + " exists");
        }
        List<SettlementLine> lines = new ArrayList<>();
        List<RefundClaim> refunds = new ArrayList<>();
        for (Checkout c : claimed) {
            SettlementClaim claim = SettlementClaim.of(c, run.id().toString());
            if (checkouts.update(claim.claimed()).isEmpty()) {
                throw new IllegalStateException("checkout " + c.id() + " changed under the lock");
            }
            claim.line().ifPresent(lines::add);
            refunds.addAll(claim.refunds());
        }
        runBatches.put(batchId, List.copyOf(lines));
        refundClaims.computeIfAbsent(run.id().toString(), k -> new TreeMap<>()).put(batchId, List.copyOf(refunds));
        return new ClaimOutcome.Claimed(lines, refunds);
    }

    @Override
    public synchronized Optional<Checkout> updateCheckout(Checkout next) {
        return checkouts.update(next);
    }

    @Override
    public void forEachRefundClaim(SettlementRunId runId, Consumer<RefundClaim> each) {
        List<RefundClaim> list = new ArrayList<>();
        synchronized (this) {
            refundClaims.getOrDefault(runId.toString(), new TreeMap<>()).values().forEach(list::addAll);
        }
        list.forEach(each);
    }

    @Override
    public synchronized void putRepaymentRequests(List<RepaymentRequest> list) {
        for (RepaymentRequest r : list) {
            repayments.computeIfAbsent(r.runId().toString(), k -> new TreeMap<>()).put(r.creditorCode(), r);
        }
    }

    @Override
    public void forEachRepaymentRequest(SettlementRunId runId, Consumer<RepaymentRequest> each) {
        List<RepaymentRequest> list;
        synchronized (this) {
            list = List.copyOf(repayments.getOrDefault(runId.toString(), new TreeMap<>()).values());
        }
        list.forEach(each);
    }

    @Override
    public synchronized Optional<RepaymentRequest> repaymentRequest(SettlementRunId runId, String creditorCode) {
        return Optional.ofNullable(repayments.getOrDefault(runId.toString(), new TreeMap<>()).get(creditorCode));
    }

    @Override
    public synchronized void putRefundTransfers(RefundTransfers transfers) {
        refundTransfers.put(transfers.runId().toString(), transfers);
    }

    @Override
    public synchronized Optional<RefundTransfers> refundTransfers(SettlementRunId runId) {
        return Optional.ofNullable(refundTransfers.get(runId.toString()));
    }

    @Override
    public synchronized SettlementRun seal(SettlementRunId runId) {
        SettlementRun run = runs.get(runId.toString());
        if (run == null) {
            throw new IllegalStateException("run " + runId + " does not exist");
        }
        if (run.state() == RunState.CLAIMING) {
            run = run.inState(RunState.SEALED);
            runs.put(runId.toString(), run);
        }
        return run;
    }

    @Override
    public void forEachLine(SettlementRunId runId, Consumer<SettlementLine> each) {
        List<SettlementLine> lines = new ArrayList<>();
        synchronized (this) {
            batches.getOrDefault(runId.toString(), new TreeMap<>()).values().forEach(lines::addAll);
        }
        lines.forEach(each);
    }

    @Override
    public synchronized void putStatements(List<RunStatement> list) {
        for (RunStatement s : list) {
            statements.computeIfAbsent(s.runId().toString(), k -> new TreeMap<>()).put(s.creditorCode(), s);
        }
    }

    @Override
    public synchronized SettlementRun complete(SettlementRun completed) {
        SettlementRun stored = runs.get(completed.id().toString());
        if (stored.state() == RunState.COMPLETE) {
            return stored;
        }
        if (stored.state() != RunState.SEALED) {
            throw new IllegalStateException("run " + completed.id() + " is " + stored.state().wire());
        }
        runs.put(completed.id().toString(), completed);
        if (completed.id().toString().equals(open)) {
            open = null;
        }
        if (latest == null || latest.isBefore(completed.businessDate())) {
            latest = completed.businessDate();
        }
        return completed;
    }

    @Override
    public synchronized void abandon(SettlementRunId runId) {
        if (batches.containsKey(runId.toString()) && !batches.get(runId.toString()).isEmpty()
                && batches.get(runId.toString()).values().stream().anyMatch(b -> !b.isEmpty())
                || refundClaims.getOrDefault(runId.toString(), new TreeMap<>()).values().stream().anyMatch(b -> !b.isEmpty())) {
            throw new IllegalStateException("run " + runId + " claimed lines; it cannot be abandoned");
        }
        SettlementRun run = runs.get(runId.toString());
        if (run != null && run.state() != RunState.COMPLETE) {
            runs.put(runId.toString(), run.inState(RunState.ABANDONED));
        }
        if (runId.toString().equals(open)) {
            open = null;
        }
    }

    @Override
    public synchronized List<SettlementRun> runsOn(LocalDate businessDate) {
        return runs.values().stream().filter(r -> r.businessDate().equals(businessDate))
                .filter(r -> r.state() == RunState.COMPLETE)
                .sorted(Comparator.comparing(r -> r.id().sequence())).toList();
    }

    @Override
    public synchronized Optional<SettlementRun> run(SettlementRunId runId) {
        return Optional.ofNullable(runs.get(runId.toString()));
    }

    @Override
    public void forEachStatement(SettlementRunId runId, Consumer<RunStatement> each) {
        List<RunStatement> list;
        synchronized (this) {
            list = List.copyOf(statements.getOrDefault(runId.toString(), new TreeMap<>()).values());
        }
        list.forEach(each);
    }

    @Override
    public synchronized Optional<RunStatement> statement(SettlementRunId runId, String creditorCode) {
        return Optional.ofNullable(statements.getOrDefault(runId.toString(), new TreeMap<>()).get(creditorCode));
    }

    @Override
    public synchronized Optional<LocalDate> latestSettledDate() {
        return Optional.ofNullable(latest);
    }
}
