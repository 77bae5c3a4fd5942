package jp.kokin.domain.settlement;

/**
 * Where a settlement run is. {@code CLAIMING → SEALED → COMPLETE}; a run that claimed nothing is
 * {@code ABANDONED} instead: kept as a tombstone, so that its id is never given to another run. Only a {@code CLAIMING} run takes claims (each claim checks
 * it in the same transaction); only a {@code COMPLETE} run is shown by the API. Any invocation of
 * the job rolls an unfinished run forward from the state it finds.
 */
public enum RunState {
    CLAIMING, SEALED, COMPLETE, ABANDONED;

    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static RunState fromWire(String wire) {
        return valueOf(wire.toUpperCase(java.util.Locale.ROOT));
    }
}
