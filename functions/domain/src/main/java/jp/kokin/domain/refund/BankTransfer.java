package jp.kokin.domain.refund;

import java.time.Instant;
import java.util.Objects;

import jp.kokin.domain.catalog.BankAccount;

/**
 * A refund the provider could not make, to be paid by bank transfer (口座返金). The payer gets a
 * single-use link (only its SHA-256 is stored) to give the account; {@code account} is null until
 * then, and the link works only while it is null and before {@code linkExpiresAt}. {@code transferRunId}:
 * the settlement run whose refund transfer file (総合振込) pays it, once one claimed it.
 */
public record BankTransfer(String linkTokenHash, Instant linkExpiresAt, BankAccount account, Instant accountGivenAt,
                           String transferRunId) {
    public BankTransfer {
        Objects.requireNonNull(linkTokenHash, "linkTokenHash");
        Objects.requireNonNull(linkExpiresAt, "linkExpiresAt");
    }

    public boolean accountGiven() {
        return account != null;
    }

    public BankTransfer withAccount(BankAccount given, Instant at) {
        return new BankTransfer(linkTokenHash, linkExpiresAt, Objects.requireNonNull(given, "given"), at, transferRunId);
    }

    public BankTransfer paidBy(String runId) {
        return new BankTransfer(linkTokenHash, linkExpiresAt, account, accountGivenAt, Objects.requireNonNull(runId, "runId"));
    }

    /** The account is given and no run has taken it into a refund transfer file yet. */
    public boolean awaitingTransfer() {
        return account != null && transferRunId == null;
    }
}
