package jp.kokin.domain.format.zengin;

import java.util.List;
import java.util.Objects;

/** A whole 総合振込 file: the header and the transfers; the trailer and end records are derived. */
public record TransferFile(Header header, List<Transfer> transfers) {

    public TransferFile {
        Objects.requireNonNull(header, "header");
        transfers = List.copyOf(transfers);
    }

    /** 合計金額 of the trailer. */
    public long totalAmount() {
        long total = 0;
        for (Transfer t : transfers) {
            total = Math.addExact(total, t.amount());
        }
        return total;
    }

    /** 合計件数 of the trailer. */
    public int count() {
        return transfers.size();
    }
}
