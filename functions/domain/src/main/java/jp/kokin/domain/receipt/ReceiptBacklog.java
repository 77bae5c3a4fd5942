package jp.kokin.domain.receipt;

import java.time.Instant;
import java.util.List;

/** Paid checkouts still waiting for their receipt: the receipt sweeper's work list. */
public interface ReceiptBacklog {

    /** Ids of paid checkouts without a receipt, paid before {@code paidBefore}, at most {@code limit}. */
    List<String> awaitingReceipt(Instant paidBefore, int limit);
}
