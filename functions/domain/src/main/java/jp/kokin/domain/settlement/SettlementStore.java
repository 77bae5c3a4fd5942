package jp.kokin.domain.settlement;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import jp.kokin.domain.checkout.Checkout;

/** What settling a day reads and writes: the day's paid checkouts and the day's stored snapshot. */
public interface SettlementStore {

    /** Checkouts paid on a JST business date (read after the day closed). */
    List<Checkout> paidOn(LocalDate businessDate);

    /** Stores a day's snapshot (document and transfer file), replacing an earlier run of the same day. */
    void putSettlement(LocalDate businessDate, String document, byte[] transferFile, Instant settledAt);

    Optional<StoredSettlement> findSettlement(LocalDate businessDate);

    /** A stored settlement: its document (JSON), transfer file (empty when nothing was paid) and when it ran. */
    record StoredSettlement(String document, byte[] transferFile, Instant settledAt) {}
}
