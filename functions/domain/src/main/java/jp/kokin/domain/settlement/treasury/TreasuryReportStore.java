package jp.kokin.domain.settlement.treasury;

import java.time.LocalDate;
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
}
