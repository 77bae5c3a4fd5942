package jp.kokin.domain.format.zengin;

/**
 * The 120-byte record layout of a 総合振込 file (code 区分 0, JIS X 0201), shared by the writer and
 * the reader. Positions are 1-based, as in the Zengin specification.
 */
final class Layout {

    static final int RECORD_LENGTH = 120;

    static final byte HEADER = '1';
    static final byte DATA = '2';
    static final byte TRAILER = '8';
    static final byte END = '9';

    /** 種別 21: 総合振込. */
    static final String KIND_GENERAL_TRANSFER = "21";
    /** コード区分 0: JIS X 0201 (the single-byte range of Shift_JIS). */
    static final String CODE_JIS = "0";

    /** A field: N (digits, right-aligned, zero-filled) or C (Zengin kana, left-aligned, space-filled). */
    record Field(String label, int start, int length) {
        int end() {
            return start + length - 1;
        }
    }

    // Header 1
    static final Field H_KIND = new Field("種別 (kind)", 2, 2);
    static final Field H_CODE = new Field("コード区分 (character code)", 4, 1);
    static final Field H_REQUESTER_CODE = new Field("依頼人コード (requester code)", 5, 10);
    static final Field H_REQUESTER_NAME = new Field("依頼人名 (requester name)", 15, 40);
    static final Field H_TRANSFER_DATE = new Field("振込指定日 (transfer date MMDD)", 55, 4);
    static final Field H_BANK_CODE = new Field("仕向銀行番号 (bank code)", 59, 4);
    static final Field H_BANK_NAME = new Field("仕向銀行名 (bank name)", 63, 15);
    static final Field H_BRANCH_CODE = new Field("仕向支店番号 (branch code)", 78, 3);
    static final Field H_BRANCH_NAME = new Field("仕向支店名 (branch name)", 81, 15);
    static final Field H_ACCOUNT_TYPE = new Field("預金種目 (account type)", 96, 1);
    static final Field H_ACCOUNT_NUMBER = new Field("口座番号 (account number)", 97, 7);
    static final Field H_BLANK = new Field("ダミー (blank)", 104, 17);

    // Data 2
    static final Field D_BANK_CODE = new Field("被仕向銀行番号 (bank code)", 2, 4);
    static final Field D_BANK_NAME = new Field("被仕向銀行名 (bank name)", 6, 15);
    static final Field D_BRANCH_CODE = new Field("被仕向支店番号 (branch code)", 21, 3);
    static final Field D_BRANCH_NAME = new Field("被仕向支店名 (branch name)", 24, 15);
    static final Field D_CLEARING_HOUSE = new Field("手形交換所番号 (clearing house)", 39, 4);
    static final Field D_ACCOUNT_TYPE = new Field("預金種目 (account type)", 43, 1);
    static final Field D_ACCOUNT_NUMBER = new Field("口座番号 (account number)", 44, 7);
    static final Field D_RECIPIENT_NAME = new Field("受取人名 (recipient name)", 51, 30);
    static final Field D_AMOUNT = new Field("金額 (amount)", 81, 10);
    static final Field D_NEW_CODE = new Field("新規コード (new code)", 91, 1);
    static final Field D_CUSTOMER_CODE_1 = new Field("顧客コード1 (customer code 1)", 92, 10);
    static final Field D_CUSTOMER_CODE_2 = new Field("顧客コード2 (customer code 2)", 102, 10);
    static final Field D_TRANSFER_KIND = new Field("振込区分 (transfer kind)", 112, 1);
    static final Field D_EDI_FLAG = new Field("識別表示 (EDI flag)", 113, 1);
    static final Field D_BLANK = new Field("ダミー (blank)", 114, 7);

    // Trailer 8
    static final Field T_COUNT = new Field("合計件数 (total count)", 2, 6);
    static final Field T_TOTAL = new Field("合計金額 (total amount)", 8, 12);
    static final Field T_BLANK = new Field("ダミー (blank)", 20, 101);

    // End 9
    static final Field E_BLANK = new Field("ダミー (blank)", 2, 119);

    static final long MAX_AMOUNT = 9_999_999_999L;
    static final long MAX_TOTAL = 999_999_999_999L;
    static final int MAX_COUNT = 999_999;

    private Layout() {
    }

    static boolean isAccountType(int type) {
        return type == 1 || type == 2 || type == 4 || type == 9;
    }

    /** JIS X 0201 byte of a character allowed in a record, or -1: ASCII as-is, ｡–ﾟ (U+FF61–U+FF9F) to A1–DF. */
    static int encode(char c) {
        if (c >= 0x20 && c <= 0x7E) {
            return c;
        }
        if (c >= '\uFF61' && c <= '\uFF9F') {
            return c - 0xFF61 + 0xA1;
        }
        return -1;
    }

    /** The character of a JIS X 0201 byte, or -1 for a byte outside printable ASCII and half-width katakana. */
    static int decode(byte b) {
        int u = b & 0xFF;
        if (u >= 0x20 && u <= 0x7E) {
            return u;
        }
        if (u >= 0xA1 && u <= 0xDF) {
            return u - 0xA1 + 0xFF61;
        }
        return -1;
    }
}
