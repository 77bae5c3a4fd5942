package jp.kokin.domain.settlement;

import java.util.List;
import java.util.Objects;

/**
 * One creditor's statement (計算書) in one settlement run, as DynamoDB keeps it: the totals and where
 * its documents are. The payments themselves are in the documents (they grow with the day).
 *
 * @param carriedOver lines of earlier deemed payment dates, carried over into this run
 * @param json the statement as JSON (the API's statement shape, with every payment)
 * @param csv the statement as CSV (UTF-8 with BOM) for spreadsheets
 * @param html the printable statement
 * @param amount what the creditor is transferred (net of {@code refunded} and {@code netted})
 * @param refunded yen refunded before settlement (収納後取消)
 * @param netted yen of earlier runs' refunds deducted from this transfer (返還金相殺)
 */
public record RunStatement(SettlementRunId runId, String creditorCode, String creditorName, long count, long amount,
                           long carriedOver, List<ProcedureTotal> procedures, StoredObject json, StoredObject csv,
                           StoredObject html, long refunded, long netted) {

    /** A statement without refunds. */
    public RunStatement(SettlementRunId runId, String creditorCode, String creditorName, long count, long amount,
                        long carriedOver, List<ProcedureTotal> procedures, StoredObject json, StoredObject csv,
                        StoredObject html) {
        this(runId, creditorCode, creditorName, count, amount, carriedOver, procedures, json, csv, html, 0, 0);
    }

    /** What its payments paid: the transfer plus what was refunded and netted. */
    public long gross() {
        return amount + refunded + netted;
    }

    public RunStatement {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(creditorCode, "creditorCode");
        creditorName = creditorName == null ? "" : creditorName;
        procedures = List.copyOf(procedures);
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(csv, "csv");
        Objects.requireNonNull(html, "html");
        if (count < 0 || amount < 0 || carriedOver < 0 || carriedOver > count || refunded < 0 || netted < 0) {
            throw new IllegalArgumentException("statement of " + creditorCode + " in " + runId + " has impossible totals");
        }
    }
}
