package jp.kokin.domain.settlement.treasury;

import java.time.LocalDate;
import java.util.Objects;

/**
 * The payment of a pay-in as an operator records it ({@code POST /v1/treasury/payins/{id}/paid}).
 *
 * @param paidOn    the JST date the money was paid in
 * @param bank      the BoJ branch or agent bank (歳入代理店) that took it, at most {@value #MAX_TEXT} characters
 * @param reference the bank's receipt reference (領収日付印の番号, Pay-easy 収納番号…), at most {@value #MAX_TEXT}
 */
public record PayInPayment(LocalDate paidOn, String bank, String reference) {
    public static final int MAX_TEXT = 64;

    public PayInPayment {
        Objects.requireNonNull(paidOn, "paidOn");
        Objects.requireNonNull(bank, "bank");
        Objects.requireNonNull(reference, "reference");
        if (bank.isBlank() || bank.length() > MAX_TEXT || reference.isBlank() || reference.length() > MAX_TEXT) {
            throw new IllegalArgumentException("bank and reference are 1 to " + MAX_TEXT + " characters");
        }
    }
}
