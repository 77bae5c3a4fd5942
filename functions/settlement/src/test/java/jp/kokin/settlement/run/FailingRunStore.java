package jp.kokin.settlement.run;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.settlement.RunStatement;
import jp.kokin.domain.settlement.SettlementLine;
import jp.kokin.domain.settlement.SettlementRun;
import jp.kokin.domain.settlement.SettlementRunId;
import jp.kokin.domain.settlement.SettlementRunStore;

/**
 * A real store (in memory or DynamoDB) that fails on the k-th call of a step, as a crash would
 * there: the call does not happen, the invocation ends with {@link Crash}. Also runs an action
 * before a call (another writer, the clock moving).
 */
public final class FailingRunStore implements SettlementRunStore {
    /** The crash an injected failure throws. */
    public static final class Crash extends RuntimeException {
        Crash(String step, int call) {
            super("injected crash at " + step + " call " + call);
        }
    }

    /** The steps a failure can be injected at. */
    public enum Step { CREATE_RUN, CLAIM, SEAL, FOR_EACH_LINE, PUT_STATEMENTS, COMPLETE, UPDATE_CHECKOUT }

    private final SettlementRunStore real;
    private final Map<Step, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final Map<Step, Integer> failAt = new ConcurrentHashMap<>();
    private final Map<Step, Runnable> before = new ConcurrentHashMap<>();
    private volatile Consumer<List<Checkout>> beforeClaim = batch -> { };

    public FailingRunStore(SettlementRunStore real) {
        this.real = real;
    }

    /** The {@code k}-th call (1-based) of {@code step} crashes; the others go through. */
    public FailingRunStore failAt(Step step, int k) {
        failAt.put(step, k);
        return this;
    }

    /** Runs {@code action} before every call of {@code step}. */
    public FailingRunStore before(Step step, Runnable action) {
        before.put(step, action);
        return this;
    }

    /** Runs {@code action} with the checkouts of every claim before it is made. */
    public FailingRunStore beforeClaim(Consumer<List<Checkout>> action) {
        this.beforeClaim = action;
        return this;
    }

    public int calls(Step step) {
        AtomicInteger n = calls.get(step);
        return n == null ? 0 : n.get();
    }

    private void step(Step step) {
        Runnable action = before.get(step);
        if (action != null) {
            action.run();
        }
        int call = calls.computeIfAbsent(step, s -> new AtomicInteger()).incrementAndGet();
        Integer k = failAt.get(step);
        if (k != null && k == call) {
            throw new Crash(step.name(), call);
        }
    }

    @Override
    public int shards() {
        return real.shards();
    }

    @Override
    public UnsettledPage unsettled(int shard, Instant paidBefore, String cursor, int limit) {
        return real.unsettled(shard, paidBefore, cursor, limit);
    }

    @Override
    public Optional<Checkout> checkout(String checkoutId) {
        return real.checkout(checkoutId);
    }

    @Override
    public Optional<SettlementRun> openRun() {
        return real.openRun();
    }

    @Override
    public Optional<SettlementRun> createRun(SettlementRun run) {
        step(Step.CREATE_RUN);
        return real.createRun(run);
    }

    @Override
    public int nextSequence(LocalDate businessDate) {
        return real.nextSequence(businessDate);
    }

    @Override
    public int claimSize(List<Checkout> candidates) {
        return real.claimSize(candidates);
    }

    @Override
    public ClaimOutcome claim(SettlementRun run, String batchId, List<Checkout> checkouts) {
        beforeClaim.accept(checkouts);
        step(Step.CLAIM);
        return real.claim(run, batchId, checkouts);
    }

    @Override
    public SettlementRun seal(SettlementRunId runId) {
        step(Step.SEAL);
        return real.seal(runId);
    }

    @Override
    public void forEachLine(SettlementRunId runId, Consumer<SettlementLine> each) {
        step(Step.FOR_EACH_LINE);
        real.forEachLine(runId, each);
    }

    @Override
    public void putStatements(List<RunStatement> statements) {
        step(Step.PUT_STATEMENTS);
        real.putStatements(statements);
    }

    @Override
    public Optional<Checkout> updateCheckout(Checkout next) {
        step(Step.UPDATE_CHECKOUT);
        return real.updateCheckout(next);
    }

    @Override
    public void forEachRefundClaim(SettlementRunId runId, Consumer<jp.kokin.domain.settlement.RefundClaim> each) {
        real.forEachRefundClaim(runId, each);
    }

    @Override
    public void putRepaymentRequests(List<jp.kokin.domain.settlement.RepaymentRequest> requests) {
        real.putRepaymentRequests(requests);
    }

    @Override
    public void forEachRepaymentRequest(SettlementRunId runId, Consumer<jp.kokin.domain.settlement.RepaymentRequest> each) {
        real.forEachRepaymentRequest(runId, each);
    }

    @Override
    public Optional<jp.kokin.domain.settlement.RepaymentRequest> repaymentRequest(SettlementRunId runId, String creditorCode) {
        return real.repaymentRequest(runId, creditorCode);
    }

    @Override
    public void putRefundTransfers(jp.kokin.domain.settlement.RefundTransfers transfers) {
        real.putRefundTransfers(transfers);
    }

    @Override
    public Optional<jp.kokin.domain.settlement.RefundTransfers> refundTransfers(SettlementRunId runId) {
        return real.refundTransfers(runId);
    }

    @Override
    public SettlementRun complete(SettlementRun completed) {
        step(Step.COMPLETE);
        return real.complete(completed);
    }

    @Override
    public void abandon(SettlementRunId runId) {
        real.abandon(runId);
    }

    @Override
    public List<SettlementRun> runsOn(LocalDate businessDate) {
        return real.runsOn(businessDate);
    }

    @Override
    public Optional<SettlementRun> run(SettlementRunId runId) {
        return real.run(runId);
    }

    @Override
    public void forEachStatement(SettlementRunId runId, Consumer<RunStatement> each) {
        real.forEachStatement(runId, each);
    }

    @Override
    public Optional<RunStatement> statement(SettlementRunId runId, String creditorCode) {
        return real.statement(runId, creditorCode);
    }

    @Override
    public Optional<LocalDate> latestSettledDate() {
        return real.latestSettledDate();
    }
}
