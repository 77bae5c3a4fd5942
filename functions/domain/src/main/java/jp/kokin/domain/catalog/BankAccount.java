package jp.kokin.domain.catalog;

import java.util.Objects;

/** A creditor's (or the requester's) bank account for Zengin transfers. Names may be empty. */
public record BankAccount(String bankCode, String bankName, String branchCode, String branchName,
                          int accountType, String accountNumber, String holderKana) {
    public BankAccount {
        Objects.requireNonNull(bankCode, "bankCode");
        Objects.requireNonNull(branchCode, "branchCode");
        Objects.requireNonNull(accountNumber, "accountNumber");
        bankName = bankName == null ? "" : bankName;
        branchName = branchName == null ? "" : branchName;
        holderKana = holderKana == null ? "" : holderKana;
    }
}
