package jp.kokin.settlement;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.format.JapaneseDates;
import jp.kokin.domain.settlement.SettlementStore;

/** A {@link SettlementStore} in memory: paid checkouts by JST business date, one snapshot per day, reads counted. */
final class InMemorySettlementStore implements SettlementStore {
    private final List<Checkout> checkouts = new ArrayList<>();
    private final Map<LocalDate, StoredSettlement> settlements = new HashMap<>();
    private int reads;

    void put(Checkout checkout) {
        checkouts.add(checkout);
    }

    /** Every read so far (paid checkouts of a day, or a stored snapshot). */
    int reads() {
        return reads;
    }

    Optional<StoredSettlement> stored(LocalDate businessDate) {
        return Optional.ofNullable(settlements.get(businessDate));
    }

    @Override
    public List<Checkout> paidOn(LocalDate businessDate) {
        reads++;
        return checkouts.stream().filter(c -> c.paidAt() != null && JapaneseDates.businessDate(c.paidAt()).equals(businessDate))
                .toList();
    }

    @Override
    public void putSettlement(LocalDate businessDate, String document, byte[] transferFile, Instant settledAt) {
        settlements.put(businessDate, new StoredSettlement(document, transferFile.clone(), settledAt));
    }

    @Override
    public Optional<StoredSettlement> findSettlement(LocalDate businessDate) {
        reads++;
        return stored(businessDate);
    }
}
