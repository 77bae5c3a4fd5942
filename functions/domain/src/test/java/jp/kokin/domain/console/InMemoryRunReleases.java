package jp.kokin.domain.console;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Run releases in memory, with the store's conditions. */
public final class InMemoryRunReleases implements RunReleases {
    private final Map<String, RunRelease> releases = new HashMap<>();

    @Override
    public synchronized Optional<RunRelease> find(String runId) {
        return Optional.ofNullable(releases.get(runId));
    }

    @Override
    public synchronized boolean prepare(RunRelease prepared) {
        return releases.putIfAbsent(prepared.runId(), prepared) == null;
    }

    @Override
    public synchronized boolean approve(RunRelease approved) {
        RunRelease current = releases.get(approved.runId());
        if (current == null || current.approved() || !current.preparedBy().equals(approved.preparedBy())
                || !current.preparedAt().equals(approved.preparedAt())) {
            return false;
        }
        releases.put(approved.runId(), approved);
        return true;
    }
}
