package jp.kokin.domain.settlement.treasury;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * Where pay-ins live (DynamoDB: {@code DynamoPayIns}; tests: {@code InMemoryPayInStore}). Pay-ins are
 * few (per run: treasury creditors × fiscal years × revenue items), so every list is small.
 */
public interface PayInStore {

    /**
     * Stores a new pay-in unless one with its id exists (a run rolled forward computes the same
     * pay-ins again): true when stored, false when it existed (the stored one is kept unchanged,
     * whatever its status).
     */
    boolean create(PayIn payIn);

    Optional<PayIn> find(String id);

    /** The pay-ins of the runs of one business date, by id. */
    List<PayIn> byBusinessDate(LocalDate businessDate);

    /** Every pay-in with status {@code DUE} (the agent's outstanding liability), by due date then id. */
    List<PayIn> due();

    /** The pay-ins of one treasury organization whose run's business date is in [from, to], by id. */
    List<PayIn> byOrganization(String organizationCode, LocalDate from, LocalDate to);

    /**
     * Stores {@code updated} (same id, {@code version} one more than the stored one) if the stored
     * pay-in still has {@code updated.version() - 1}: false when it changed meanwhile (read it again).
     */
    boolean update(PayIn updated);
}
