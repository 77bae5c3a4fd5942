package jp.kokin.domain.settlement.treasury;

import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** {@link TreasuryReportStore} in memory, with the same conditions as the DynamoDB one. */
public final class InMemoryTreasuryReportStore implements TreasuryReportStore {
    private final Map<String, TreeMap<Integer, TreasuryReportVersion>> reports = new TreeMap<>();
    private final Map<String, Check> checks = new HashMap<>();
    private final Map<String, Generation> generations = new HashMap<>();

    private static String id(String org, LocalDate from, LocalDate to) {
        return org + "#" + from + "#" + to;
    }

    @Override
    public synchronized Optional<TreasuryReportVersion> newest(String organizationCode, LocalDate from, LocalDate to) {
        TreeMap<Integer, TreasuryReportVersion> versions = reports.get(id(organizationCode, from, to));
        return versions == null || versions.isEmpty() ? Optional.empty() : Optional.of(versions.lastEntry().getValue());
    }

    @Override
    public synchronized Optional<TreasuryReportVersion> version(String organizationCode, LocalDate from, LocalDate to, int version) {
        return Optional.ofNullable(reports.getOrDefault(id(organizationCode, from, to), new TreeMap<>()).get(version));
    }

    @Override
    public synchronized boolean claim(TreasuryReportVersion claimed) {
        return reports.computeIfAbsent(id(claimed.organizationCode(), claimed.from(), claimed.to()), k -> new TreeMap<>())
                .putIfAbsent(claimed.version(), claimed) == null;
    }

    @Override
    public synchronized boolean takeOver(TreasuryReportVersion abandoned, TreasuryReportVersion fresh) {
        var versions = reports.get(id(abandoned.organizationCode(), abandoned.from(), abandoned.to()));
        TreasuryReportVersion stored = versions == null ? null : versions.get(abandoned.version());
        if (stored == null || stored.issued() || !stored.claimedAt().equals(abandoned.claimedAt())) {
            return false;
        }
        versions.put(fresh.version(), fresh);
        return true;
    }

    @Override
    public synchronized boolean issue(TreasuryReportVersion issued) {
        var versions = reports.get(id(issued.organizationCode(), issued.from(), issued.to()));
        TreasuryReportVersion stored = versions == null ? null : versions.get(issued.version());
        if (stored == null || !stored.contentSha256().equals(issued.contentSha256()) || !stored.claimedAt().equals(issued.claimedAt())) {
            return false;
        }
        if (stored.issued()) {
            return stored.json().equals(issued.json()) && stored.csv().equals(issued.csv()) && stored.html().equals(issued.html());
        }
        versions.put(issued.version(), issued);
        return true;
    }

    @Override
    public synchronized Optional<Check> lastCheck(String organizationCode, LocalDate from, LocalDate to) {
        return Optional.ofNullable(checks.get(id(organizationCode, from, to)));
    }

    @Override
    public synchronized void recordCheck(String organizationCode, LocalDate from, LocalDate to, Check check) {
        checks.put(id(organizationCode, from, to), check);
    }

    @Override
    public synchronized boolean requestGeneration(String organizationCode, LocalDate from, LocalDate to, String inputsSha256,
                                                  Instant now, Instant staleBefore) {
        String id = id(organizationCode, from, to);
        Generation asked = generations.get(id);
        if (asked != null && asked.inputsSha256().equals(inputsSha256) && !asked.requestedAt().isBefore(staleBefore)) {
            return false;
        }
        generations.put(id, new Generation(inputsSha256, now, null));
        return true;
    }

    @Override
    public synchronized Optional<Generation> generation(String organizationCode, LocalDate from, LocalDate to) {
        return Optional.ofNullable(generations.get(id(organizationCode, from, to)));
    }

    @Override
    public synchronized void generationFailed(String organizationCode, LocalDate from, LocalDate to, String inputsSha256,
                                              String failure, Instant at) {
        String id = id(organizationCode, from, to);
        Generation asked = generations.get(id);
        if (asked == null || asked.inputsSha256().equals(inputsSha256)) {
            generations.put(id, new Generation(inputsSha256, at, failure));
        }
    }

    @Override
    public synchronized void withdrawGeneration(String organizationCode, LocalDate from, LocalDate to, String inputsSha256) {
        generations.computeIfPresent(id(organizationCode, from, to),
                (k, v) -> v.inputsSha256().equals(inputsSha256) ? new Generation(inputsSha256, Instant.EPOCH, null) : v);
    }
}
