package jp.kokin.domain.format.zengin;

import static jp.kokin.domain.format.zengin.Layout.*;

import java.time.DateTimeException;
import java.time.MonthDay;
import java.util.ArrayList;
import java.util.List;
import jp.kokin.domain.format.ZenginKana;

/**
 * Reads a 総合振込 file written by {@link ZenginWriter} or by another generator of the same layout.
 *
 * <p>The reader is strict: every record is 120 bytes, all followed by CR LF or none of them; the
 * records come in the order header, data (at least one), trailer, end; N fields hold digits, C fields
 * only Zengin kana characters, blank areas only spaces; the trailer's count and total match the data.
 * The first problem is reported as a {@link ZenginFormatException} with its record number and byte
 * position (both 1-based).
 */
public final class ZenginReader {

    private ZenginReader() {
    }

    public static TransferFile read(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw new ZenginFormatException(1, 1, "the file is empty");
        }
        List<byte[]> records = split(bytes);
        return parse(records);
    }

    /** Cuts the file into 120-byte records, deciding from the first record whether lines end in CR LF. */
    private static List<byte[]> split(byte[] bytes) {
        int firstBreak = -1;
        for (int i = 0; i < bytes.length && i <= RECORD_LENGTH; i++) {
            if (bytes[i] == '\r' || bytes[i] == '\n') {
                firstBreak = i;
                break;
            }
        }
        if (firstBreak >= 0 && firstBreak < RECORD_LENGTH) {
            throw new ZenginFormatException(1, firstBreak + 1,
                    "the record ends after " + firstBreak + " bytes; records are " + RECORD_LENGTH + " bytes long");
        }
        boolean crlf = firstBreak == RECORD_LENGTH;
        int stride = crlf ? RECORD_LENGTH + 2 : RECORD_LENGTH;
        List<byte[]> records = new ArrayList<>(bytes.length / stride + 1);
        for (int offset = 0, number = 1; offset < bytes.length; offset += stride, number++) {
            int available = bytes.length - offset;
            int end = Math.min(available, RECORD_LENGTH);
            for (int i = 0; i < end; i++) {
                byte b = bytes[offset + i];
                if (b == '\r' || b == '\n') {
                    throw new ZenginFormatException(number, i + 1, "the record ends after " + i + " bytes; records are "
                            + RECORD_LENGTH + " bytes long");
                }
            }
            if (available < RECORD_LENGTH) {
                throw new ZenginFormatException(number, available + 1, "the file ends after " + available
                        + " bytes of this record; records are " + RECORD_LENGTH + " bytes long");
            }
            if (crlf) {
                if (available < RECORD_LENGTH + 2 || bytes[offset + RECORD_LENGTH] != '\r'
                        || bytes[offset + RECORD_LENGTH + 1] != '\n') {
                    throw new ZenginFormatException(number, RECORD_LENGTH + 1,
                            "expected CR LF after the 120 bytes of the record, as after record 1");
                }
            } else if (available > RECORD_LENGTH && (bytes[offset + RECORD_LENGTH] == '\r'
                    || bytes[offset + RECORD_LENGTH] == '\n')) {
                throw new ZenginFormatException(number, RECORD_LENGTH + 1,
                        "a line break follows this record but not record 1: use CR LF after every record or after none");
            }
            byte[] record = new byte[RECORD_LENGTH];
            System.arraycopy(bytes, offset, record, 0, RECORD_LENGTH);
            records.add(record);
        }
        return records;
    }

    private static TransferFile parse(List<byte[]> records) {
        int n = records.size();
        Header header = null;
        List<Transfer> transfers = new ArrayList<>();
        long total = 0;
        boolean trailerSeen = false;
        boolean endSeen = false;
        for (int i = 0; i < n; i++) {
            Record r = new Record(i + 1, records.get(i));
            byte type = r.bytes[0];
            if (endSeen) {
                throw r.error(1, "nothing may follow the end record (9)");
            }
            if (header == null) {
                r.expectType(HEADER, "the file must start with a header record (1)");
                header = header(r);
            } else if (!trailerSeen) {
                if (type == DATA) {
                    Transfer t = data(r);
                    transfers.add(t);
                    total += t.amount();
                } else if (type == TRAILER && !transfers.isEmpty()) {
                    trailer(r, transfers.size(), total);
                    trailerSeen = true;
                } else if (transfers.isEmpty()) {
                    throw r.error(1, "expected a data record (2) after the header, found " + r.describeType());
                } else {
                    throw r.error(1, "expected a data record (2) or the trailer (8), found " + r.describeType());
                }
            } else {
                r.expectType(END, "expected the end record (9) after the trailer");
                r.blank(E_BLANK);
                endSeen = true;
            }
        }
        if (!endSeen) {
            String missing = trailerSeen ? "the end record (9)" : transfers.isEmpty() ? "data records (2)" : "the trailer (8)";
            throw new ZenginFormatException(n + 1, 1, "the file ends without " + missing);
        }
        return new TransferFile(header, transfers);
    }

    private static Header header(Record r) {
        r.fixed(H_KIND, KIND_GENERAL_TRANSFER, "種別 must be 21 (総合振込)");
        r.fixed(H_CODE, CODE_JIS, "コード区分 must be 0 (JIS X 0201); EBCDIC files are not supported");
        String requesterCode = r.digits(H_REQUESTER_CODE);
        String requesterName = r.requiredText(H_REQUESTER_NAME);
        String mmdd = r.digits(H_TRANSFER_DATE);
        int month = Integer.parseInt(mmdd.substring(0, 2));
        if (month < 1 || month > 12) {
            throw r.error(H_TRANSFER_DATE.start(), H_TRANSFER_DATE.label() + " " + mmdd + " has no month " + month);
        }
        MonthDay transferDate;
        try {
            transferDate = MonthDay.of(month, Integer.parseInt(mmdd.substring(2)));
        } catch (DateTimeException e) {
            throw r.error(H_TRANSFER_DATE.start() + 2, H_TRANSFER_DATE.label() + " " + mmdd + " is not a date");
        }
        String bankCode = r.digits(H_BANK_CODE);
        String bankName = r.text(H_BANK_NAME);
        String branchCode = r.digits(H_BRANCH_CODE);
        String branchName = r.text(H_BRANCH_NAME);
        int accountType = r.accountType(H_ACCOUNT_TYPE);
        String accountNumber = r.digits(H_ACCOUNT_NUMBER);
        r.blank(H_BLANK);
        return new Header(requesterCode, requesterName, transferDate, bankCode, bankName, branchCode, branchName,
                accountType, accountNumber);
    }

    private static Transfer data(Record r) {
        String bankCode = r.digits(D_BANK_CODE);
        String bankName = r.text(D_BANK_NAME);
        String branchCode = r.digits(D_BRANCH_CODE);
        String branchName = r.text(D_BRANCH_NAME);
        r.digits(D_CLEARING_HOUSE);
        int accountType = r.accountType(D_ACCOUNT_TYPE);
        String accountNumber = r.digits(D_ACCOUNT_NUMBER);
        String recipientName = r.requiredText(D_RECIPIENT_NAME);
        long amount = Long.parseLong(r.digits(D_AMOUNT));
        if (amount == 0) {
            throw r.error(D_AMOUNT.start(), D_AMOUNT.label() + " must be more than 0");
        }
        r.digits(D_NEW_CODE);
        // 識別表示 Y means 92–111 hold EDI text, not customer codes: say so rather than "not a digit".
        if (r.bytes[D_EDI_FLAG.start() - 1] == 'Y') {
            throw r.error(D_EDI_FLAG.start(), D_EDI_FLAG.label() + " is Y: EDI information is not supported");
        }
        String customerCode1 = r.digitsOrBlank(D_CUSTOMER_CODE_1);
        String customerCode2 = r.digitsOrBlank(D_CUSTOMER_CODE_2);
        byte kind = r.bytes[D_TRANSFER_KIND.start() - 1];
        if (kind != Transfer.TELEGRAPHIC && kind != Transfer.DOCUMENTARY) {
            throw r.error(D_TRANSFER_KIND.start(), D_TRANSFER_KIND.label() + " must be 7 (電信) or 8 (文書), found "
                    + Record.describe(kind));
        }
        r.blank(D_EDI_FLAG);
        r.blank(D_BLANK);
        return new Transfer(bankCode, bankName, branchCode, branchName, accountType, accountNumber, recipientName,
                amount, customerCode1, customerCode2, (char) kind);
    }

    private static void trailer(Record r, int count, long total) {
        long declaredCount = Long.parseLong(r.digits(T_COUNT));
        if (declaredCount != count) {
            throw r.error(T_COUNT.start(), T_COUNT.label() + " is " + declaredCount + " but the file has " + count
                    + " data records");
        }
        long declaredTotal = Long.parseLong(r.digits(T_TOTAL));
        if (declaredTotal != total) {
            throw r.error(T_TOTAL.start(), T_TOTAL.label() + " is " + declaredTotal + " but the data records add up to "
                    + total);
        }
        r.blank(T_BLANK);
    }

    /** One 120-byte record and the checks on its fields. */
    private record Record(int number, byte[] bytes) {

        ZenginFormatException error(int position, String message) {
            return new ZenginFormatException(number, position, message);
        }

        void expectType(byte type, String message) {
            if (bytes[0] != type) {
                throw error(1, message + ", found " + describeType());
            }
        }

        String describeType() {
            byte b = bytes[0];
            return switch (b) {
                case HEADER -> "a header record (1)";
                case DATA -> "a data record (2)";
                case TRAILER -> "a trailer (8)";
                case END -> "an end record (9)";
                default -> "record type " + describe(b);
            };
        }

        void fixed(Field field, String expected, String message) {
            for (int i = 0; i < field.length(); i++) {
                if (bytes[field.start() - 1 + i] != expected.charAt(i)) {
                    throw error(field.start() + i, message + ", found " + describe(bytes[field.start() - 1 + i]));
                }
            }
        }

        String digits(Field field) {
            StringBuilder out = new StringBuilder(field.length());
            for (int i = 0; i < field.length(); i++) {
                byte b = bytes[field.start() - 1 + i];
                if (b < '0' || b > '9') {
                    throw error(field.start() + i, field.label() + " holds digits only, found " + describe(b));
                }
                out.append((char) b);
            }
            return out.toString();
        }

        /** An optional N field: all blanks (returned as "") or all digits. */
        String digitsOrBlank(Field field) {
            if (bytes[field.start() - 1] == ' ') {
                blank(field);
                return "";
            }
            return digits(field);
        }

        int accountType(Field field) {
            int type = Integer.parseInt(digits(field));
            if (!isAccountType(type)) {
                throw error(field.start(), field.label() + " must be 1 (普通), 2 (当座), 4 (貯蓄) or 9 (その他), found " + type);
            }
            return type;
        }

        /** A C field: Zengin kana characters, trailing blanks removed. */
        String text(Field field) {
            StringBuilder out = new StringBuilder(field.length());
            for (int i = 0; i < field.length(); i++) {
                byte b = bytes[field.start() - 1 + i];
                int c = decode(b);
                if (c < 0 || !ZenginKana.isAllowed((char) c)) {
                    throw error(field.start() + i, field.label() + " may hold half-width kana, A-Z, 0-9, space and ( ) - . /"
                            + " only, found " + describe(b));
                }
                out.append((char) c);
            }
            int end = out.length();
            while (end > 0 && out.charAt(end - 1) == ' ') {
                end--;
            }
            if (end > 0 && out.charAt(0) == ' ') {
                throw error(field.start(), field.label() + " is left-aligned: it must not start with a blank");
            }
            return out.substring(0, end);
        }

        String requiredText(Field field) {
            String text = text(field);
            if (text.isEmpty()) {
                throw error(field.start(), field.label() + " is blank");
            }
            return text;
        }

        void blank(Field field) {
            for (int i = 0; i < field.length(); i++) {
                byte b = bytes[field.start() - 1 + i];
                if (b != ' ') {
                    throw error(field.start() + i, field.label() + " must be blank, found " + describe(b));
                }
            }
        }

        static String describe(byte b) {
            int c = decode(b);
            String hex = String.format("byte 0x%02X", b & 0xFF);
            return c > 0x20 ? "'" + (char) c + "' (" + hex + ")" : c == 0x20 ? "a blank" : hex;
        }
    }
}
