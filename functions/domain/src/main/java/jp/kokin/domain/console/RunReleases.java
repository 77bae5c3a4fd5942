package jp.kokin.domain.console;

import java.util.Optional;

/** Stored run releases (the ledger table). Writes are conditional: prepared once, approved once. */
public interface RunReleases {
    Optional<RunRelease> find(String runId);

    /** Stores a new release; false if the run already has one. */
    boolean prepare(RunRelease prepared);

    /** Stores the approval; false if the release is missing, changed or already approved. */
    boolean approve(RunRelease approved);
}
