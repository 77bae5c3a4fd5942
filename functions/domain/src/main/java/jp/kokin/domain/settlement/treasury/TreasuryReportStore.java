package jp.kokin.domain.settlement.treasury;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the versions of Art. 6(2) reports are indexed (DynamoDB: {@code DynamoTreasuryReports}; tests:
 * {@code InMemoryTreasuryReportStore}). A version number is taken once: {@link #claim} is a
 * create-if-absent, so two concurrent requests cannot issue two different versions under one number.
 */
public interface TreasuryReportStore {

    /** The newest version (claimed or issued) of the report of {@code organizationCode} over [from, to]. */
    Optional<TreasuryReportVersion> newest(String organizationCode, LocalDate from, LocalDate to);

    Optional<TreasuryReportVersion> version(String organizationCode, LocalDate from, LocalDate to, int version);

    /** Stores {@code claimed} (not issued) unless its number exists: true when stored. */
    boolean claim(TreasuryReportVersion claimed);

    /**
     * Replaces the claim {@code abandoned} (still not issued, claimed at {@code abandoned.claimedAt()})
     * by {@code fresh} (same number, not issued): false when it changed meanwhile.
     */
    boolean takeOver(TreasuryReportVersion abandoned, TreasuryReportVersion fresh);

    /**
     * Records the documents of the claimed version ({@code issued}: same number and content digest,
     * with its documents). Idempotent: true when the stored version is (now) issued with these documents;
     * false when the claim was taken over meanwhile (another content).
     */
    boolean issue(TreasuryReportVersion issued);

    /**
     * What a request or the report job last found: the report computed from inputs of digest
     * {@code inputsSha256} (the header, the pay-ins' lines documents and the refund claims; see
     * {@code TreasuryReports.Inputs}) is version {@code version}. Inputs with that digest give that
     * content, so a request that finds the same digest serves the version without reading any line.
     */
    record Check(String inputsSha256, int version) {
        public Check {
            Objects.requireNonNull(inputsSha256, "inputsSha256");
            if (version < 1 || version > TreasuryReportVersion.MAX_VERSION) {
                throw new IllegalArgumentException("version " + version);
            }
        }
    }

    Optional<Check> lastCheck(String organizationCode, LocalDate from, LocalDate to);

    /** Replaces the last check (last writer wins: a stale one only makes the next request compute again). */
    void recordCheck(String organizationCode, LocalDate from, LocalDate to, Check check);

    /**
     * Records that the report job was asked to generate the report of inputs {@code inputsSha256}, unless it
     * was asked for (or failed on) the same inputs after {@code staleBefore}: true when recorded (the caller
     * queues the job), false when a generation of these inputs is already under way.
     */
    boolean requestGeneration(String organizationCode, LocalDate from, LocalDate to, String inputsSha256, Instant now,
                              Instant staleBefore);

    /**
     * The last request of the report job for this report: the inputs' digest, when it was asked (or when
     * the job failed), and, when the job could not generate it, why ({@code failure}, else null).
     */
    record Generation(String inputsSha256, Instant requestedAt, String failure) {
        public Generation {
            Objects.requireNonNull(inputsSha256, "inputsSha256");
            Objects.requireNonNull(requestedAt, "requestedAt");
        }
    }

    Optional<Generation> generation(String organizationCode, LocalDate from, LocalDate to);

    /**
     * The report job could not generate the report of inputs {@code inputsSha256} ({@code failure}, e.g.
     * {@code document_corrupt:<key>}): requests of those inputs get the failure until {@code at} is stale,
     * then ask again. Nothing happens when another generation (other inputs) was asked meanwhile.
     */
    void generationFailed(String organizationCode, LocalDate from, LocalDate to, String inputsSha256, String failure, Instant at);

    /** Forgets a request of these inputs (its message could not be queued), so that the next request asks again. */
    void withdrawGeneration(String organizationCode, LocalDate from, LocalDate to, String inputsSha256);
}
