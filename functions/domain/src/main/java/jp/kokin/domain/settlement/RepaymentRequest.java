package jp.kokin.domain.settlement;

import java.util.Objects;

/**
 * A creditor's repayment request (返還請求) of one settlement run, as DynamoDB keeps it: refunds made
 * after the creditor's lines were settled, which the creditor pays back to the platform (those netted
 * against its transfer are in its statement instead). The rows are in the documents.
 *
 * @param count  fee-line rows requested
 * @param amount yen requested
 */
public record RepaymentRequest(SettlementRunId runId, String creditorCode, String creditorName, long count, long amount,
                               StoredObject json, StoredObject csv, StoredObject html) {
    public RepaymentRequest {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(creditorCode, "creditorCode");
        creditorName = creditorName == null ? "" : creditorName;
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(csv, "csv");
        Objects.requireNonNull(html, "html");
        if (count < 1 || amount < 1) {
            throw new IllegalArgumentException("a repayment request of " + creditorCode + " asks for something");
        }
    }
}
