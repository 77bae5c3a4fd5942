package jp.kokin.domain.console;

import java.time.Instant;
import java.util.Objects;

/**
 * The two-person release of a settlement run's transfer file: one settlement approver prepares it
 * (checked the statements), another approves it; only then may the file be downloaded.
 *
 * @param approvedBy {@code null} until approved; never equal to {@code preparedBy}
 */
public record RunRelease(String runId, String preparedBy, String preparedByName, Instant preparedAt,
                         String approvedBy, String approvedByName, Instant approvedAt) {
    public RunRelease {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(preparedBy, "preparedBy");
        Objects.requireNonNull(preparedAt, "preparedAt");
        if (approvedBy != null && approvedBy.equals(preparedBy)) {
            throw new IllegalArgumentException("the person who prepared a run never approves it");
        }
    }

    public boolean approved() {
        return approvedBy != null;
    }
}
