package jp.kokin.domain.receipt;

import java.util.ArrayList;
import java.util.List;

import jp.kokin.domain.checkout.Checkout;

/** A {@link ReceiptDue} that remembers which checkouts it was told about, in order. */
public final class RecordingReceiptDue implements ReceiptDue {
    private final List<String> due = new ArrayList<>();

    @Override
    public synchronized void receiptDue(Checkout paid) {
        due.add(paid.id());
    }

    /** The ids of the checkouts whose receipt was said to be due, once per call. */
    public synchronized List<String> due() {
        return List.copyOf(due);
    }
}
