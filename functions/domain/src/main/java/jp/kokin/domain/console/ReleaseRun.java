package jp.kokin.domain.console;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The two-person release of a settlement run's transfer files, the same for the console (staff) and
 * the settlement API (operator keys): one principal prepares the release, another approves it, and
 * only then are the run's transfer file and refund transfer file served. The caller has already
 * checked that the run is complete and that the principal may settle every organization.
 */
public final class ReleaseRun {
    private final RunReleases releases;

    public ReleaseRun(RunReleases releases) {
        this.releases = Objects.requireNonNull(releases, "releases");
    }

    /** What became of a prepare. */
    public sealed interface Prepared {
        /** Stored now. */
        record Done(RunRelease release) implements Prepared {}

        /** The run already had a release (by anyone; maybe approved too): nothing changed. */
        record Already(RunRelease release) implements Prepared {}
    }

    /** What became of an approval. */
    public sealed interface Approved {
        /** Stored now. */
        record Done(RunRelease release) implements Approved {}

        /** Nobody prepared the run yet. */
        record NotPrepared() implements Approved {}

        /** Four eyes: the principal that prepared the run may not approve it. */
        record SamePrincipal(RunRelease release) implements Approved {}

        /** Approved before (by another principal than the preparer): nothing changed. */
        record Already(RunRelease release) implements Approved {}

        /** The release changed between the read and the conditional write (a concurrent approval). */
        record Changed() implements Approved {}
    }

    /** Prepares the release of {@code runId} by {@code principal} ({@code name}: how people know it, may be null). */
    public Prepared prepare(String runId, String principal, String name, Instant now) {
        RunRelease release = new RunRelease(runId, principal, name, now, null, null, null);
        if (releases.prepare(release)) {
            return new Prepared.Done(release);
        }
        return new Prepared.Already(releases.find(runId)
                .orElseThrow(() -> new IllegalStateException("run " + runId + " has a release that cannot be read")));
    }

    /** Approves the prepared release of {@code runId} by {@code principal}, never the one that prepared it. */
    public Approved approve(String runId, String principal, String name, Instant now) {
        Optional<RunRelease> found = releases.find(runId);
        if (found.isEmpty()) {
            return new Approved.NotPrepared();
        }
        RunRelease current = found.get();
        if (current.preparedBy().equals(principal)) {
            return new Approved.SamePrincipal(current);
        }
        if (current.approved()) {
            return new Approved.Already(current);
        }
        RunRelease approved = new RunRelease(runId, current.preparedBy(), current.preparedByName(), current.preparedAt(),
                principal, name, now);
        return releases.approve(approved) ? new Approved.Done(approved) : new Approved.Changed();
    }

    /** Whether the run's transfer files may be served: its release is approved. */
    public boolean released(String runId) {
        return releases.find(runId).filter(RunRelease::approved).isPresent();
    }
}
