package jp.kokin.domain.settlement.treasury;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** {@link PayInStore} in memory, with the same conditions as the DynamoDB one. */
public final class InMemoryPayInStore implements PayInStore {
    private final Map<String, PayIn> byId = new TreeMap<>();

    @Override
    public synchronized boolean create(PayIn payIn) {
        return byId.putIfAbsent(payIn.id(), payIn) == null;
    }

    @Override
    public synchronized Optional<PayIn> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    @Override
    public synchronized List<PayIn> byBusinessDate(LocalDate businessDate) {
        return byId.values().stream().filter(p -> p.businessDate().equals(businessDate)).toList();
    }

    @Override
    public synchronized List<PayIn> due() {
        return byId.values().stream().filter(p -> p.status() == PayInStatus.DUE)
                .sorted(Comparator.comparing(PayIn::dueDate).thenComparing(PayIn::id)).toList();
    }

    @Override
    public synchronized List<PayIn> byOrganization(String organizationCode, LocalDate from, LocalDate to) {
        return byId.values().stream().filter(p -> p.organizationCode().equals(organizationCode))
                .filter(p -> !p.businessDate().isBefore(from) && !p.businessDate().isAfter(to)).toList();
    }

    @Override
    public synchronized boolean update(PayIn updated) {
        PayIn stored = byId.get(updated.id());
        if (stored == null || stored.version() != updated.version() - 1) {
            return false;
        }
        byId.put(updated.id(), updated);
        return true;
    }
}
