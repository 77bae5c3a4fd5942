package jp.kokin.domain.format.zengin;

import java.time.MonthDay;

/**
 * The header record ({@code 1}) of a 総合振込 file: who sends the money, from which account, on which day.
 * Values are checked by {@link ZenginWriter} (which names the bad field) rather than here, so that a
 * half-built file can still be described in an error message.
 *
 * @param requesterCode 依頼人コード, 10 digits assigned by the sending bank
 * @param requesterName 依頼人名, up to 40 characters of Zengin kana (converted by {@link jp.kokin.domain.format.ZenginKana})
 * @param transferDate  振込指定日
 * @param bankCode      仕向銀行番号, 4 digits
 * @param bankName      仕向銀行名, up to 15 characters of Zengin kana, may be empty
 * @param branchCode    仕向支店番号, 3 digits
 * @param branchName    仕向支店名, up to 15 characters of Zengin kana, may be empty
 * @param accountType   預金種目: 1 普通, 2 当座, 4 貯蓄, 9 その他
 * @param accountNumber 口座番号, up to 7 digits (zero-filled on the left)
 */
public record Header(
        String requesterCode,
        String requesterName,
        MonthDay transferDate,
        String bankCode,
        String bankName,
        String branchCode,
        String branchName,
        int accountType,
        String accountNumber) {
}
