package jp.kokin.domain.settlement;

import java.util.Objects;

/**
 * The refund transfer file (総合振込) of one settlement run: refunds the providers could not make, paid
 * from the platform's account to the payers' accounts.
 *
 * @param count transfers in the file
 * @param amount yen over them
 */
public record RefundTransfers(SettlementRunId runId, long count, long amount, StoredObject file) {
    public RefundTransfers {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(file, "file");
        if (count < 1 || amount < 1) {
            throw new IllegalArgumentException("a refund transfer file of " + runId + " pays something");
        }
    }
}
