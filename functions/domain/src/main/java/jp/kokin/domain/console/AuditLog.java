package jp.kokin.domain.console;

import java.time.LocalDate;
import java.util.Optional;
import java.util.Set;

/**
 * The append-only audit log (the ledger table; see docs/ARCHITECTURE.md). {@link #append} never
 * overwrites: an id that exists is an error. Nothing updates or deletes an entry (IAM denies it too).
 */
public interface AuditLog {
    void append(AuditEntry entry);

    /**
     * Entries whose JST date is within [from, to], oldest first, {@code limit} at most per page.
     *
     * @param cursor from the previous page's {@link Page#next()}, or empty for the first page
     */
    default Page<AuditEntry> list(LocalDate from, LocalDate to, Optional<String> cursor, int limit) {
        return list(from, to, Optional.empty(), cursor, limit);
    }

    /**
     * As {@link #list(LocalDate, LocalDate, Optional, int)}, only entries whose {@link AuditEntry#organization()}
     * is one of {@code organizations} (empty: every entry, {@code "-"} included). A page may hold fewer
     * than {@code limit} entries while {@link Page#next()} is present (the store read that far).
     */
    Page<AuditEntry> list(LocalDate from, LocalDate to, Optional<Set<String>> organizations, Optional<String> cursor, int limit);

    /** The longest date range one list may span (a year and a day). */
    int MAX_DAYS = 366;
}
