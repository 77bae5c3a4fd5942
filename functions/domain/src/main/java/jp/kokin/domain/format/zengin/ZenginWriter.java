package jp.kokin.domain.format.zengin;

import static jp.kokin.domain.format.zengin.Layout.*;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import jp.kokin.domain.format.FormatException;
import jp.kokin.domain.format.ZenginKana;

/**
 * Writes a 総合振込 file: 120-byte records (header {@code 1}, data {@code 2}…, trailer {@code 8},
 * end {@code 9}) in JIS X 0201, each optionally followed by CR LF.
 *
 * <p>Every field is checked before anything is produced; the first bad one is reported as a
 * {@link FormatException} whose message starts with its path, such as
 * {@code "transfers[2].accountNumber: ..."} (list indexes from 0). Names go through
 * {@link ZenginKana}; a name longer than its field is an error unless {@code truncateNames} is set.
 */
public final class ZenginWriter {

    private static final byte[] CRLF = {'\r', '\n'};

    private ZenginWriter() {
    }

    /** Writes the file, rejecting names that do not fit their fields. */
    public static byte[] write(TransferFile file, boolean crlf) {
        return write(file, crlf, false);
    }

    /**
     * Writes the file.
     *
     * @param crlf          end every record with CR LF (most banks accept both; some require one or the other)
     * @param truncateNames cut names that are longer than their fields instead of rejecting the file
     */
    public static byte[] write(TransferFile file, boolean crlf, boolean truncateNames) {
        List<byte[]> records = render(file, truncateNames);
        ByteArrayOutputStream out = new ByteArrayOutputStream(records.size() * (RECORD_LENGTH + 2));
        for (byte[] record : records) {
            out.writeBytes(record);
            if (crlf) {
                out.writeBytes(CRLF);
            }
        }
        return out.toByteArray();
    }

    /** Checks every field as {@link #write(TransferFile, boolean, boolean)} would, writing nothing. */
    public static void validate(TransferFile file, boolean truncateNames) {
        render(file, truncateNames);
    }

    private static List<byte[]> render(TransferFile file, boolean truncate) {
        if (file == null) {
            throw new FormatException("file is missing");
        }
        List<Transfer> transfers = file.transfers();
        if (transfers.isEmpty()) {
            throw new FormatException("transfers: a transfer file needs at least one transfer");
        }
        if (transfers.size() > MAX_COUNT) {
            throw new FormatException("transfers: " + transfers.size() + " transfers do not fit 合計件数 (at most "
                    + MAX_COUNT + " per file)");
        }
        List<byte[]> records = new ArrayList<>(transfers.size() + 3);
        records.add(header(file.header(), truncate));
        long total = 0;
        for (int i = 0; i < transfers.size(); i++) {
            Transfer transfer = transfers.get(i);
            records.add(data("transfers[" + i + "]", transfer, truncate));
            total += transfer.amount(); // each at most 10 digits: no overflow
        }
        if (total > MAX_TOTAL) {
            throw new FormatException("transfers: total amount " + total + " does not fit 合計金額 (12 digits)");
        }
        RecordBuilder trailer = new RecordBuilder(TRAILER);
        trailer.digits(T_COUNT, Integer.toString(transfers.size()));
        trailer.digits(T_TOTAL, Long.toString(total));
        records.add(trailer.bytes());
        records.add(new RecordBuilder(END).bytes());
        return records;
    }

    private static byte[] header(Header h, boolean truncate) {
        String p = "header.";
        RecordBuilder r = new RecordBuilder(HEADER);
        r.text(H_KIND, KIND_GENERAL_TRANSFER);
        r.text(H_CODE, CODE_JIS);
        r.digits(H_REQUESTER_CODE, exactDigits(p + "requesterCode", h.requesterCode(), 10));
        r.text(H_REQUESTER_NAME, kana(p + "requesterName", h.requesterName(), 40, true, truncate));
        if (h.transferDate() == null) {
            throw new FormatException(p + "transferDate: the transfer date is missing");
        }
        r.digits(H_TRANSFER_DATE, String.format("%02d%02d", h.transferDate().getMonthValue(), h.transferDate().getDayOfMonth()));
        r.digits(H_BANK_CODE, exactDigits(p + "bankCode", h.bankCode(), 4));
        r.text(H_BANK_NAME, kana(p + "bankName", h.bankName(), 15, false, truncate));
        r.digits(H_BRANCH_CODE, exactDigits(p + "branchCode", h.branchCode(), 3));
        r.text(H_BRANCH_NAME, kana(p + "branchName", h.branchName(), 15, false, truncate));
        r.digits(H_ACCOUNT_TYPE, accountType(p + "accountType", h.accountType()));
        r.digits(H_ACCOUNT_NUMBER, upToDigits(p + "accountNumber", h.accountNumber(), 7));
        return r.bytes();
    }

    private static byte[] data(String path, Transfer t, boolean truncate) {
        if (t == null) {
            throw new FormatException(path + ": the transfer is missing");
        }
        String p = path + ".";
        RecordBuilder r = new RecordBuilder(DATA);
        r.digits(D_BANK_CODE, exactDigits(p + "bankCode", t.bankCode(), 4));
        r.text(D_BANK_NAME, kana(p + "bankName", t.bankName(), 15, false, truncate));
        r.digits(D_BRANCH_CODE, exactDigits(p + "branchCode", t.branchCode(), 3));
        r.text(D_BRANCH_NAME, kana(p + "branchName", t.branchName(), 15, false, truncate));
        r.digits(D_CLEARING_HOUSE, "0");
        r.digits(D_ACCOUNT_TYPE, accountType(p + "accountType", t.accountType()));
        r.digits(D_ACCOUNT_NUMBER, upToDigits(p + "accountNumber", t.accountNumber(), 7));
        r.text(D_RECIPIENT_NAME, kana(p + "recipientName", t.recipientName(), 30, true, truncate));
        if (t.amount() < 1 || t.amount() > MAX_AMOUNT) {
            throw new FormatException(p + "amount: " + t.amount() + " yen is outside 1 to " + MAX_AMOUNT + " (10 digits)");
        }
        r.digits(D_AMOUNT, Long.toString(t.amount()));
        r.digits(D_NEW_CODE, "0");
        r.text(D_CUSTOMER_CODE_1, optionalDigits(p + "customerCode1", t.customerCode1(), 10));
        r.text(D_CUSTOMER_CODE_2, optionalDigits(p + "customerCode2", t.customerCode2(), 10));
        if (t.transferKind() != Transfer.TELEGRAPHIC && t.transferKind() != Transfer.DOCUMENTARY) {
            throw new FormatException(p + "transferKind: 振込区分 must be '7' (電信) or '8' (文書), not U+"
                    + String.format("%04X", (int) t.transferKind()));
        }
        r.text(D_TRANSFER_KIND, String.valueOf(t.transferKind()));
        return r.bytes();
    }

    private static String exactDigits(String path, String value, int length) {
        if (value == null || value.isEmpty()) {
            throw new FormatException(path + ": missing (" + length + " digits)");
        }
        if (value.length() != length || !allDigits(value)) {
            throw new FormatException(path + ": '" + shorten(value) + "' must be exactly " + length + " digits");
        }
        return value;
    }

    private static String upToDigits(String path, String value, int length) {
        if (value == null || value.isEmpty()) {
            throw new FormatException(path + ": missing (up to " + length + " digits)");
        }
        if (value.length() > length || !allDigits(value)) {
            throw new FormatException(path + ": '" + shorten(value) + "' must be 1 to " + length + " digits");
        }
        return zeroPad(value, length);
    }

    /** Up to {@code length} digits, zero-filled; empty or null is written as blanks. */
    private static String optionalDigits(String path, String value, int length) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        if (value.length() > length || !allDigits(value)) {
            throw new FormatException(path + ": '" + shorten(value) + "' must be empty or 1 to " + length + " digits");
        }
        return zeroPad(value, length);
    }

    private static String accountType(String path, int type) {
        if (!isAccountType(type)) {
            throw new FormatException(path + ": 預金種目 must be 1 (普通), 2 (当座), 4 (貯蓄) or 9 (その他), not " + type);
        }
        return Integer.toString(type);
    }

    private static String kana(String path, String value, int length, boolean required, boolean truncate) {
        String normalized;
        try {
            normalized = ZenginKana.normalize(value == null ? "" : value, length, truncate);
        } catch (FormatException e) {
            throw new FormatException(path + ": " + e.getMessage(), e);
        }
        if (required && normalized.isEmpty()) {
            throw new FormatException(path + ": missing (a name is required)");
        }
        return normalized;
    }

    private static boolean allDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static String zeroPad(String digits, int length) {
        return "0".repeat(length - digits.length()) + digits;
    }

    private static String shorten(String s) {
        return s.length() > 30 ? s.substring(0, 30) + "…" : s;
    }

    /** One record, blank-filled, written field by field. Values have been checked before they get here. */
    private static final class RecordBuilder {
        private final byte[] bytes = new byte[RECORD_LENGTH];

        RecordBuilder(byte type) {
            Arrays.fill(bytes, (byte) ' ');
            bytes[0] = type;
        }

        void digits(Field field, String digits) {
            if (digits.length() > field.length()) {
                throw new IllegalStateException(field.label() + " overflows: " + digits);
            }
            text(field, zeroPad(digits, field.length()));
        }

        void text(Field field, String value) {
            if (value.length() > field.length()) {
                throw new IllegalStateException(field.label() + " overflows: " + value);
            }
            for (int i = 0; i < value.length(); i++) {
                int b = encode(value.charAt(i));
                if (b < 0) {
                    throw new IllegalStateException(field.label() + " holds an unencodable character");
                }
                bytes[field.start() - 1 + i] = (byte) b;
            }
        }

        byte[] bytes() {
            return bytes;
        }
    }
}
