package jp.kokin.domain.catalog;

import java.util.Objects;

/**
 * The platform's own account as the requester (依頼人) of the Zengin transfer file.
 * {@code transferDelayDays}: the transfer date is this many bank business days after the business date
 * ({@code SettlementCalculator.transferDate}).
 */
public record SettlementSettings(String requesterCode, String requesterKana, BankAccount account,
                                 int transferDelayDays) {
    public SettlementSettings {
        Objects.requireNonNull(requesterCode, "requesterCode");
        Objects.requireNonNull(requesterKana, "requesterKana");
        Objects.requireNonNull(account, "account");
        if (transferDelayDays < 0 || transferDelayDays > 10) {
            throw new IllegalArgumentException("transferDelayDays must be 0 to 10");
        }
    }
}
