package jp.kokin.settlement;

import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.settlement.DocumentStore;
import jp.kokin.domain.settlement.RunStatement;
import jp.kokin.domain.settlement.SettlementLine;
import jp.kokin.domain.settlement.SettlementRun;
import jp.kokin.domain.settlement.SettlementRunId;
import jp.kokin.domain.settlement.SettlementRunStore;
import jp.kokin.domain.settlement.StoredObject;

/**
 * TEMPORARY (issue 10, until {@code DynamoSettlementRuns} and {@code S3DocumentStore} land): stand-ins
 * for the settlement run store and the document store in {@link SettlementApiWiring#fromEnv}. Every
 * call fails, so the API answers {@code 500} rather than a wrong answer. Deleted when the real
 * adapters are wired.
 */
final class PendingAdapters {
    private PendingAdapters() {}

    private static IllegalStateException pending() {
        return new IllegalStateException("settlement runs are not wired yet (DynamoSettlementRuns / S3DocumentStore pending)");
    }

    static SettlementRunStore runs() {
        return new SettlementRunStore() {
            public int shards() { throw pending(); }
            public UnsettledPage unsettled(int shard, Instant paidBefore, String cursor, int limit) { throw pending(); }
            public Optional<Checkout> checkout(String checkoutId) { throw pending(); }
            public Optional<SettlementRun> openRun() { throw pending(); }
            public Optional<SettlementRun> createRun(SettlementRun run) { throw pending(); }
            public int nextSequence(LocalDate businessDate) { throw pending(); }
            public ClaimOutcome claim(SettlementRun run, String batchId, List<Checkout> checkouts) { throw pending(); }
            public SettlementRun seal(SettlementRunId runId) { throw pending(); }
            public void forEachLine(SettlementRunId runId, Consumer<SettlementLine> each) { throw pending(); }
            public void putStatements(List<RunStatement> statements) { throw pending(); }
            public SettlementRun complete(SettlementRun completed) { throw pending(); }
            public void abandon(SettlementRunId runId) { throw pending(); }
            public List<SettlementRun> runsOn(LocalDate businessDate) { throw pending(); }
            public Optional<SettlementRun> run(SettlementRunId runId) { throw pending(); }
            public void forEachStatement(SettlementRunId runId, Consumer<RunStatement> each) { throw pending(); }
            public Optional<RunStatement> statement(SettlementRunId runId, String creditorCode) { throw pending(); }
            public Optional<LocalDate> latestSettledDate() { throw pending(); }
        };
    }

    static DocumentStore documents() {
        return new DocumentStore() {
            public StoredObject put(String key, String contentType, Body body) { throw pending(); }
            public Optional<InputStream> open(String key) { throw pending(); }
            public URI presignedGet(String key, Duration validFor, String downloadName) { throw pending(); }
        };
    }
}
