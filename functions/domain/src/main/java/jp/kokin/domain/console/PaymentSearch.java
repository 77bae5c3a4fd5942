package jp.kokin.domain.console;

import java.util.List;
import java.util.Optional;

/** The 収納一覧's reads, by index only (never a scan). */
public interface PaymentSearch {
    /** Newest first, {@code limit} at most. */
    Page<PaymentRow> list(PaymentQuery query, Optional<String> cursor, int limit);

    /** Checkouts with this portal reference (any portal; the caller filters by scope), newest first, at most 50. */
    List<PaymentRow> byReference(String reference);

    /** The checkout whose receipt has this number. */
    Optional<PaymentRow> byReceiptNumber(String receiptNumber);
}
