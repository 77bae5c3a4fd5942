package jp.kokin.domain.format.zengin;

/**
 * A data record ({@code 2}) of a 総合振込 file: one credit transfer to one account.
 * Checked by {@link ZenginWriter}, which names the bad field.
 *
 * <p>Fixed by this implementation: 新規コード {@code 0}, 手形交換所番号 {@code 0000}, 識別表示 blank
 * (customer codes, not EDI information).
 *
 * @param bankCode      被仕向銀行番号, 4 digits
 * @param bankName      被仕向銀行名, up to 15 characters of Zengin kana, may be empty
 * @param branchCode    被仕向支店番号, 3 digits
 * @param branchName    被仕向支店名, up to 15 characters of Zengin kana, may be empty
 * @param accountType   預金種目: 1 普通, 2 当座, 4 貯蓄, 9 その他
 * @param accountNumber 口座番号, up to 7 digits (zero-filled on the left)
 * @param recipientName 受取人名, up to 30 characters of Zengin kana
 * @param amount        金額 in yen, 1 to 9,999,999,999
 * @param customerCode1 顧客コード1, up to 10 digits, or empty (written as blanks)
 * @param customerCode2 顧客コード2, up to 10 digits, or empty (written as blanks)
 * @param transferKind  振込区分: {@code '7'} 電信 (telegraphic, the default) or {@code '8'} 文書
 */
public record Transfer(
        String bankCode,
        String bankName,
        String branchCode,
        String branchName,
        int accountType,
        String accountNumber,
        String recipientName,
        long amount,
        String customerCode1,
        String customerCode2,
        char transferKind) {

    /** 振込区分 電信, the usual choice. */
    public static final char TELEGRAPHIC = '7';
    /** 振込区分 文書. */
    public static final char DOCUMENTARY = '8';

    /** A telegraphic transfer (振込区分 {@code 7}). */
    public Transfer(String bankCode, String bankName, String branchCode, String branchName, int accountType,
            String accountNumber, String recipientName, long amount, String customerCode1, String customerCode2) {
        this(bankCode, bankName, branchCode, branchName, accountType, accountNumber, recipientName, amount,
                customerCode1, customerCode2, TELEGRAPHIC);
    }
}
