package jp.kokin.domain.console;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The audit log in memory: append-only, pages by position. */
public final class InMemoryAuditLog implements AuditLog {
    private static final ZoneId JST = ZoneId.of("Asia/Tokyo");
    private final List<AuditEntry> entries = new ArrayList<>();

    @Override
    public synchronized void append(AuditEntry entry) {
        if (entries.stream().anyMatch(e -> e.id().equals(entry.id()))) {
            throw new IllegalStateException("audit entry exists: " + entry.id());
        }
        entries.add(entry);
    }

    @Override
    public synchronized Page<AuditEntry> list(LocalDate from, LocalDate to, Optional<Set<String>> organizations,
                                              Optional<String> cursor, int limit) {
        var inRange = entries.stream().filter(e -> {
            LocalDate d = e.at().atZone(JST).toLocalDate();
            return !d.isBefore(from) && !d.isAfter(to) && organizations.map(o -> o.contains(e.organization())).orElse(true);
        }).sorted(Comparator.comparing(AuditEntry::at).thenComparing(AuditEntry::id)).toList();
        int start = cursor.map(Integer::parseInt).orElse(0);
        int end = Math.min(inRange.size(), start + limit);
        return new Page<>(inRange.subList(start, end), end < inRange.size() ? Optional.of(Integer.toString(end)) : Optional.empty());
    }

    public synchronized List<AuditEntry> all() {
        return List.copyOf(entries);
    }
}
