package jp.kokin.settlement.run;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import jp.kokin.adapters.log.Log;
import jp.kokin.adapters.log.Metrics;
import jp.kokin.domain.catalog.Catalog;
import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.format.JapaneseDates;
import jp.kokin.domain.settlement.RunState;
import jp.kokin.domain.settlement.SettlementCalculator;
import jp.kokin.domain.settlement.SettlementRun;
import jp.kokin.domain.settlement.SettlementRunId;
import jp.kokin.domain.settlement.SettlementRunStore;
import jp.kokin.domain.settlement.SettlementRunStore.ClaimOutcome;
import jp.kokin.domain.settlement.DocumentStore;
import jp.kokin.domain.settlement.treasury.PayIn;
import jp.kokin.domain.settlement.treasury.PayInStore;

/**
 * Settles a business date in runs. An invocation first rolls forward the run it finds open (claims
 * more into it while it is claiming, seals it, writes its documents, completes it), then, while lines
 * of the date remain and time is left, opens a run, claims the lines shard by shard in parallel,
 * seals it when the shards are exhausted, the run is full ({@link Limits#maxRunPayments()}) or the
 * time budget for claiming is spent, and finishes it. What is left is answered as {@code more}: the
 * next invocation continues with another run of the same date (a split).
 *
 * <p>Exactly once rests on the store: a claim writes each checkout at the version read, only into a
 * run still claiming. A claim that finds checkouts changed is retried from a consistent read of them.
 */
public final class SettlementRunner {
    /** Checkouts per claim at most (the store may cut a batch shorter on size: {@link SettlementRunStore#claimSize}). */
    public static final int MAX_CLAIM = SettlementRunStore.MAX_CHECKOUTS_PER_CLAIM;
    /** Tries of one batch whose checkouts keep changing under it (re-read each time) before it is left for later. */
    static final int MAX_CLAIM_ATTEMPTS = 8;
    /** 1 when an invocation ends with lines of its date left, else 0 (an alarm watches three in a row). */
    public static final String INCOMPLETE_METRIC = "SettlementIncomplete";
    /** Checkouts read per shard when asking whether anything is left to settle. */
    static final int PROBE_PAGE = 25;

    /**
     * What bounds one run and one invocation.
     *
     * @param maxRunPayments a run stops claiming at this many payments (the rest goes to the next run)
     * @param documentReserve the fraction of the invocation's time kept for sealing, documents and
     *                        completion: claiming stops when less than this is left
     * @param readers shards read and claimed at once (threads)
     */
    public record Limits(long maxRunPayments, double documentReserve, int readers) {
        /** {@code SETTLEMENT_MAX_RUN_PAYMENTS} by default. */
        public static final long DEFAULT_MAX_RUN_PAYMENTS = 500_000;
        /** A third of the time for documents: the documents of 100,000 payments take about 7 s (README, bench), claims take the rest. */
        public static final double DEFAULT_DOCUMENT_RESERVE = 1.0 / 3;
        public static final int DEFAULT_READERS = 8;

        public Limits {
            if (maxRunPayments < 1) {
                throw new IllegalArgumentException("maxRunPayments must be at least 1: " + maxRunPayments);
            }
            if (!(documentReserve >= 0 && documentReserve < 1)) {
                throw new IllegalArgumentException("documentReserve must be in [0, 1): " + documentReserve);
            }
            if (readers < 1 || readers > 64) {
                throw new IllegalArgumentException("readers must be 1..64: " + readers);
            }
        }

        public static Limits defaults() {
            return new Limits(DEFAULT_MAX_RUN_PAYMENTS, DEFAULT_DOCUMENT_RESERVE, DEFAULT_READERS);
        }

        /** From {@code SETTLEMENT_MAX_RUN_PAYMENTS}; a value that is not a positive number fails the cold start. */
        public static Limits fromEnv(Map<String, String> env) {
            String max = env.get("SETTLEMENT_MAX_RUN_PAYMENTS");
            if (max == null || max.isBlank()) {
                return defaults();
            }
            try {
                return new Limits(Long.parseLong(max.strip()), DEFAULT_DOCUMENT_RESERVE, DEFAULT_READERS);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("SETTLEMENT_MAX_RUN_PAYMENTS must be a positive integer, got '" + max + "'");
            }
        }
    }

    /**
     * What an invocation did.
     *
     * @param completed the runs it completed, in order (a run it rolled forward may be of another date)
     * @param creditors distinct creditors over those runs
     * @param more lines of the date may remain: the time budget ran out, or a batch kept changing
     * @param payIns the national pay-ins (国庫納付) of those runs, by id
     */
    public record Outcome(LocalDate businessDate, List<SettlementRun> completed, int creditors, boolean more,
                          String message, List<PayIn> payIns) {
        public Outcome {
            completed = List.copyOf(completed);
            payIns = List.copyOf(payIns);
        }

        public Outcome(LocalDate businessDate, List<SettlementRun> completed, int creditors, boolean more, String message) {
            this(businessDate, completed, creditors, more, message, List.of());
        }

        public Optional<SettlementRun> last() {
            return completed.isEmpty() ? Optional.empty() : Optional.of(completed.getLast());
        }
    }

    private final SettlementRunStore store;
    private final Supplier<Catalog> catalog;
    private final Clock clock;
    private final Supplier<String> claimerIds;
    private final Limits limits;
    private final RunDocuments documents;
    private final PayInStore payIns;

    /**
     * A runner for catalogs without treasury creditors (a run that meets a national line of one fails
     * when it creates the pay-in: wire a {@link PayInStore}).
     */
    public SettlementRunner(SettlementRunStore store, DocumentStore documents, Supplier<Catalog> catalog, Clock clock,
                            Supplier<String> claimerIds, Limits limits) {
        this(store, documents, NO_PAY_INS, catalog, clock, claimerIds, limits);
    }

    /**
     * @param payIns where the runs' national pay-ins (国庫納付) are created
     * @param claimerIds a fresh id per invocation (its claim batches are named after it); random in
     *                   Lambda, seeded in tests
     */
    public SettlementRunner(SettlementRunStore store, DocumentStore documents, PayInStore payIns, Supplier<Catalog> catalog,
                            Clock clock, Supplier<String> claimerIds, Limits limits) {
        this.payIns = Objects.requireNonNull(payIns, "payIns");
        this.store = Objects.requireNonNull(store, "store");
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.claimerIds = Objects.requireNonNull(claimerIds, "claimerIds");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.documents = new RunDocuments(store, Objects.requireNonNull(documents, "documents"), payIns, clock);
    }

    /** No pay-in store: refuses to create one. */
    private static final PayInStore NO_PAY_INS = new PayInStore() {
        @Override
        public boolean create(PayIn payIn) {
            throw new IllegalStateException("this settlement runner has no pay-in store for pay-in " + payIn.id());
        }

        @Override
        public Optional<PayIn> find(String id) {
            return Optional.empty();
        }

        @Override
        public List<PayIn> byBusinessDate(LocalDate businessDate) {
            return List.of();
        }

        @Override
        public List<PayIn> due() {
            return List.of();
        }

        @Override
        public List<PayIn> byOrganization(String organizationCode, LocalDate from, LocalDate to) {
            return List.of();
        }

        @Override
        public boolean update(PayIn updated) {
            return false;
        }
    };

    /** Lines paid before this instant (the start of the next day in JST) are eligible for {@code businessDate}. */
    public static Instant cutoff(LocalDate businessDate) {
        return businessDate.plusDays(1).atStartOfDay(JapaneseDates.JST).toInstant();
    }

    /** One invocation's state: its claimer id, its batch counter and its time budget. */
    private final class Invocation {
        final String claimer = claimerIds.get();
        final AtomicInteger batches = new AtomicInteger();
        final Instant stopClaiming;
        final AtomicBoolean leftBehind = new AtomicBoolean();

        Invocation(Instant deadline) {
            Instant now = clock.instant();
            long budget = Math.max(0, Duration.between(now, deadline).toMillis());
            this.stopClaiming = deadline.minusMillis((long) (budget * limits.documentReserve()));
        }

        boolean timeLeft() {
            return clock.instant().isBefore(stopClaiming);
        }

        String nextBatchId() {
            return claimer + "#" + String.format("%06d", batches.incrementAndGet());
        }
    }

    /**
     * Settles {@code businessDate} until nothing of it is left or claiming must stop before
     * {@code deadline} (the end of the invocation).
     */
    public Outcome settle(LocalDate businessDate, Instant deadline) {
        Invocation inv = new Invocation(deadline);
        List<SettlementRun> completed = new ArrayList<>();
        Set<String> creditors = new TreeSet<>();
        boolean more = false;
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(limits.readers(), store.shards()));
        try {
            while (true) {
                Optional<SettlementRun> open = store.openRun();
                if (open.isPresent()) {
                    Finished f = rollForward(open.get(), inv, pool);
                    f.run().ifPresent(run -> {
                        completed.add(run);
                        store.forEachStatement(run.id(), s -> creditors.add(s.creditorCode()));
                    });
                    continue;
                }
                if (!anyEligible(businessDate)) {
                    break;
                }
                if (!inv.timeLeft() || inv.leftBehind.get()) {
                    more = true;
                    break;
                }
                Catalog cat = catalog.get();
                SettlementRunId id = new SettlementRunId(businessDate, store.nextSequence(businessDate));
                SettlementRun run = SettlementRun.open(id, clock.instant(), cutoff(businessDate),
                        SettlementCalculator.transferDate(businessDate, cat.settlement().transferDelayDays()));
                Optional<SettlementRun> created = store.createRun(run);
                if (created.isPresent()) {
                    Log.info("settlement.run_opened", "runId", id, "claimer", inv.claimer);
                    Finished f = rollForward(created.get(), inv, pool);
                    f.run().ifPresent(r -> {
                        completed.add(r);
                        store.forEachStatement(r.id(), s -> creditors.add(s.creditorCode()));
                    });
                    if (f.run().isEmpty()) {
                        // Lines looked eligible but none could be claimed (another invocation took them,
                        // or they kept changing): look again, once, next time round.
                        inv.leftBehind.set(true);
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }
        String message = message(businessDate, completed, more);
        if (more) {
            Log.error("settlement.incomplete", null, "businessDate", businessDate, "runs", completed.size(),
                    "claimer", inv.claimer);
        }
        Metrics.count(INCOMPLETE_METRIC, more ? 1 : 0, clock.instant());
        List<PayIn> made = new ArrayList<>();
        for (SettlementRun run : completed) {
            String runId = run.id().toString();
            payIns.byBusinessDate(run.businessDate()).stream().filter(p -> p.runId().equals(runId)).forEach(made::add);
        }
        return new Outcome(businessDate, completed, creditors.size(), more, message, made);
    }

    private static String message(LocalDate date, List<SettlementRun> completed, boolean more) {
        if (completed.isEmpty() && !more) {
            return "nothing to settle for " + date + ": every payment deemed paid on or before it is in a run";
        }
        String runs = completed.size() + (completed.size() == 1 ? " run" : " runs") + " completed";
        return more ? runs + "; payments of " + date + " remain: the next invocation settles them in another run"
                : runs + "; nothing left to settle for " + date;
    }

    /** A run rolled forward to its end: complete, or abandoned (empty) when it claimed nothing. */
    private record Finished(Optional<SettlementRun> run) {}

    private Finished rollForward(SettlementRun run, Invocation inv, ExecutorService pool) {
        SettlementRun current = run;
        if (current.state() == RunState.CLAIMING) {
            claimInto(current, inv, pool);
            try {
                current = store.seal(current.id());
            } catch (IllegalStateException e) {
                if (store.run(current.id()).isEmpty()) {
                    // Another invocation found it empty and abandoned it meanwhile.
                    Log.info("settlement.run_abandoned", "runId", run.id(), "by", "another invocation");
                    return new Finished(Optional.empty());
                }
                throw e;
            }
            Log.info("settlement.run_sealed", "runId", current.id(), "claimer", inv.claimer);
        }
        Optional<SettlementRun> done = documents.finish(current, catalog.get());
        done.ifPresentOrElse(
                r -> Log.info("settlement.run_complete", "runId", r.id(), "payments", r.count(), "amount", r.amount(),
                        "creditors", r.creditors(), "carriedOver", r.carriedOver()),
                () -> Log.info("settlement.run_abandoned", "runId", run.id()));
        return new Finished(done);
    }

    /** Claims eligible lines into {@code run}, the shards in parallel, until exhausted, full, out of time or closed. */
    private void claimInto(SettlementRun run, Invocation inv, ExecutorService pool) {
        Capacity capacity = new Capacity(limits.maxRunPayments(), linesIn(run));
        AtomicBoolean stop = new AtomicBoolean();
        List<Future<?>> shards = new ArrayList<>();
        for (int shard = 0; shard < store.shards(); shard++) {
            int s = shard;
            shards.add(pool.submit(() -> claimShard(run, s, inv, capacity, stop)));
        }
        for (Future<?> f : shards) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while claiming into " + run.id(), e);
            } catch (ExecutionException e) {
                stop.set(true);
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                throw new IllegalStateException(e.getCause());
            }
        }
    }

    /** Lines already in a run this invocation rolls forward (0 for a run it opened). */
    private long linesIn(SettlementRun run) {
        AtomicLong n = new AtomicLong();
        store.forEachLine(run.id(), line -> n.incrementAndGet());
        return n.get();
    }

    private void claimShard(SettlementRun run, int shard, Invocation inv, Capacity capacity, AtomicBoolean stop) {
        String cursor = null;
        do {
            if (stop.get()) {
                return;
            }
            if (!inv.timeLeft()) {
                stop.set(true);
                return;
            }
            int room = capacity.take(MAX_CLAIM);
            if (room == 0) {
                stop.set(true);
                return;
            }
            int claimed = 0;
            try {
                SettlementRunStore.UnsettledPage page = store.unsettled(shard, run.cutoff(), cursor, room);
                List<Checkout> batch = page.checkouts().stream().filter(c -> eligible(c, run)).toList();
                if (!batch.isEmpty()) {
                    claimed = claim(run, batch, inv, stop);
                }
                cursor = page.cursor();
            } finally {
                capacity.done(room, claimed);
            }
        } while (cursor != null);
    }

    /**
     * Room left in a run under its cap, shared by the shard readers: a reader takes room for one batch
     * before it reads, and gives back what its claim did not use. A reader finding no room waits while
     * other readers hold room they may give back, so the run fills up to the cap exactly.
     */
    private static final class Capacity {
        private final long cap;
        private long claimed;
        private long pending;

        Capacity(long cap, long claimed) {
            this.cap = cap;
            this.claimed = claimed;
        }

        /** Room for up to {@code max} lines; 0 when the run is full. */
        synchronized int take(int max) {
            while (true) {
                long room = cap - claimed - pending;
                if (room > 0) {
                    int n = (int) Math.min(max, room);
                    pending += n;
                    return n;
                }
                if (pending == 0) {
                    return 0;
                }
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return 0;
                }
            }
        }

        synchronized void done(int taken, int used) {
            pending -= taken;
            claimed += used;
            notifyAll();
        }
    }

    /**
     * Claims a page of eligible checkouts in as many batches as the store cuts it into. A batch whose
     * checkouts changed since they were read is retried with them re-read (consistently), keeping
     * those still awaiting settlement for the run's date; after {@link #MAX_CLAIM_ATTEMPTS} tries its
     * checkouts are left for a later run. Returns the lines claimed.
     */
    private int claim(SettlementRun run, List<Checkout> page, Invocation inv, AtomicBoolean stop) {
        List<Checkout> pending = page;
        int claimed = 0;
        int attempts = 0;
        while (!pending.isEmpty()) {
            int take = batchSize(pending);
            List<Checkout> batch = List.copyOf(pending.subList(0, take));
            List<Checkout> rest = pending.subList(take, pending.size());
            ClaimOutcome outcome = store.claim(run, inv.nextBatchId(), batch);
            switch (outcome) {
                case ClaimOutcome.Claimed c -> {
                    claimed += c.checkouts();
                    pending = rest;
                    attempts = 0;
                }
                case ClaimOutcome.RunClosed r -> {
                    stop.set(true);
                    return claimed;
                }
                case ClaimOutcome.Changed changed -> {
                    if (++attempts >= MAX_CLAIM_ATTEMPTS) {
                        inv.leftBehind.set(true);
                        Log.warn("settlement.claim_gave_up", "runId", run.id(), "checkouts", batch.size(),
                                "attempts", attempts);
                        pending = rest;
                        attempts = 0;
                    } else {
                        List<Checkout> retry = new ArrayList<>(reread(batch, changed.checkoutIds(), run));
                        retry.addAll(rest);
                        pending = retry;
                    }
                }
            }
        }
        return claimed;
    }

    /** How many of {@code pending}, from the first, one claim takes (the store cuts by count and size). */
    private int batchSize(List<Checkout> pending) {
        return store.claimSize(pending);
    }

    private List<Checkout> reread(List<Checkout> pending, Set<String> changed, SettlementRun run) {
        Map<String, Checkout> fresh = new HashMap<>();
        for (String id : changed) {
            store.checkout(id).ifPresent(c -> fresh.put(id, c));
        }
        List<Checkout> next = new ArrayList<>();
        for (Checkout c : pending) {
            Checkout now = changed.contains(c.id()) ? fresh.get(c.id()) : c;
            if (now != null && eligible(now, run)) {
                next.add(now);
            }
        }
        return next;
    }

    /**
     * Awaiting settlement, paid before the run's cutoff and deemed paid on or before its date (the
     * index's instant strings do not sort exactly, so the date is checked here too); or settled by an
     * earlier run (or not settleable yet) with refunds awaiting settlement, which the first run to
     * find them claims, whatever its date.
     */
    private static boolean eligible(Checkout c, SettlementRun run) {
        return eligibleFor(c, run.cutoff(), run.businessDate());
    }

    private static boolean eligibleFor(Checkout c, Instant cutoff, LocalDate businessDate) {
        if (!c.awaitingSettlement()) {
            return !c.refundsAwaitingSettlement().isEmpty();
        }
        return c.paidAt().isBefore(cutoff) && !JapaneseDates.businessDate(c.paidAt()).isAfter(businessDate);
    }

    /** Whether any line is awaiting settlement for {@code businessDate}. */
    private boolean anyEligible(LocalDate businessDate) {
        Instant cutoff = cutoff(businessDate);
        for (int shard = 0; shard < store.shards(); shard++) {
            String cursor = null;
            do {
                SettlementRunStore.UnsettledPage page = store.unsettled(shard, cutoff, cursor, PROBE_PAGE);
                for (Checkout indexed : page.checkouts()) {
                    // The index lags the table: confirm with a consistent read, or a checkout claimed a
                    // moment ago opens an empty run (and an empty run answers "more" for nothing).
                    if (eligibleFor(indexed, cutoff, businessDate)
                            && store.checkout(indexed.id()).filter(c -> eligibleFor(c, cutoff, businessDate)).isPresent()) {
                        return true;
                    }
                }
                cursor = page.cursor();
            } while (cursor != null);
        }
        return false;
    }

}
