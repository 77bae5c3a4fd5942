package jp.kokin.domain.receipt;

import java.util.Optional;

/** Issued receipts by number (read by the portals' API and the citizens' receipt page). */
@FunctionalInterface
public interface ReceiptLookup {

    Optional<Receipt> findReceipt(String number);
}
