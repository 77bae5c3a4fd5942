package jp.kokin.settlement;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import java.util.function.Supplier;

import jp.kokin.adapters.json.Json;
import jp.kokin.domain.catalog.Catalog;
import jp.kokin.domain.format.zengin.ZenginReader;
import jp.kokin.domain.format.zengin.ZenginWriter;
import jp.kokin.domain.settlement.Settlement;
import jp.kokin.domain.settlement.SettlementCalculator;
import jp.kokin.domain.settlement.SettlementStore;

/** Settles a day from the ledger and the catalog, and reads stored settlements. */
final class Settlements {
    /** A day's settlement: final once the job stored it, provisional while the day is computed live. */
    record Day(Settlement settlement, Instant settledAt, byte[] transferFile) {
        boolean settled() {
            return settledAt != null;
        }
    }

    private final Supplier<Catalog> catalog;
    private final SettlementStore store;
    private final Clock clock;

    Settlements(Supplier<Catalog> catalog, SettlementStore store, Clock clock) {
        this.catalog = catalog;
        this.store = store;
        this.clock = clock;
    }

    /**
     * Computes the day and stores it (replacing an earlier run). The transfer file is read back
     * by the validating reader before it is stored; a day with no money to transfer has no file
     * (an empty 総合振込 file is not something a bank accepts).
     */
    Day settle(LocalDate businessDate) {
        Catalog cat = catalog.get();
        Settlement settlement = SettlementCalculator.settle(businessDate, store.paidOn(businessDate), cat);
        var transfers = SettlementCalculator.transferFile(settlement, cat);
        byte[] file = new byte[0];
        if (!transfers.transfers().isEmpty()) {
            file = ZenginWriter.write(transfers, true);
            ZenginReader.read(file);
        }
        Instant now = clock.instant();
        store.putSettlement(businessDate, Json.write(SettlementJson.write(settlement)), file, now);
        return new Day(settlement, now, file);
    }

    /** The stored settlement of the day, or the live computation when the job has not run yet (no file). */
    Day read(LocalDate businessDate) {
        Optional<SettlementStore.StoredSettlement> stored = store.findSettlement(businessDate);
        if (stored.isPresent()) {
            return new Day(SettlementJson.read(Json.parse(stored.get().document())), stored.get().settledAt(),
                    stored.get().transferFile());
        }
        return new Day(SettlementCalculator.settle(businessDate, store.paidOn(businessDate), catalog.get()), null, null);
    }

    /** The business date the daily run settles: yesterday in JST. */
    LocalDate previousBusinessDate() {
        return jp.kokin.domain.format.JapaneseDates.businessDate(clock.instant()).minusDays(1);
    }
}
