package jp.kokin.domain.console;

import java.time.LocalDate;
import java.util.Optional;

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
    Page<AuditEntry> list(LocalDate from, LocalDate to, Optional<String> cursor, int limit);
}
