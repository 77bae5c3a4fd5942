package jp.kokin.domain.format.zengin;

import static jp.kokin.domain.format.zengin.ZenginFixtures.aFile;
import static jp.kokin.domain.format.zengin.ZenginFixtures.aHeader;
import static jp.kokin.domain.format.zengin.ZenginFixtures.aTransfer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.MonthDay;
import java.util.Arrays;
import jp.kokin.domain.format.FormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ZenginReaderTest {

    private static final int L = 120;

    /** Header, two transfers, trailer, end: records 1 to 5. */
    private static byte[] aValidFile(boolean crlf) {
        return ZenginWriter.write(aFile(aTransfer(), aTransfer()), crlf);
    }

    /** Puts ASCII text at a 1-based record and position of a file without line breaks. */
    private static byte[] patch(byte[] file, int record, int position, String ascii) {
        byte[] copy = file.clone();
        byte[] text = ascii.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(text, 0, copy, (record - 1) * L + position - 1, text.length);
        return copy;
    }

    private static ZenginFormatException readFails(byte[] file) {
        return assertThrows(ZenginFormatException.class, () -> ZenginReader.read(file));
    }

    private static void assertAt(int record, int position, ZenginFormatException e) {
        assertEquals(record + ":" + position, e.record() + ":" + e.position(), e.getMessage());
        assertTrue(e.getMessage().startsWith("record " + record + ", byte " + position + ": "), e.getMessage());
    }

    @Test
    void aWrittenFileReadsBackWithAndWithoutCrLf() {
        TransferFile file = aFile(aTransfer(), aTransfer());
        assertEquals(file, ZenginReader.read(ZenginWriter.write(file, false)));
        assertEquals(file, ZenginReader.read(ZenginWriter.write(file, true)));
    }

    @Test
    void theReaderGivesBackHeaderValues() {
        TransferFile read = ZenginReader.read(aValidFile(true));
        assertEquals(aHeader(), read.header());
        assertEquals(MonthDay.of(11, 27), read.header().transferDate());
        assertEquals(2, read.count());
        assertEquals(2100, read.totalAmount());
    }

    @Test
    void aZenginFormatExceptionIsAFormatException() {
        FormatException e = assertThrows(FormatException.class, () -> ZenginReader.read(new byte[0]));
        assertTrue(e instanceof ZenginFormatException);
    }

    @Test
    void aShortRecordIsReportedWhereTheLineBreakIs() {
        String file = "1".repeat(100) + "\r\n";
        assertAt(1, 101, readFails(file.getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void aTruncatedFileIsReportedAtTheFirstMissingByte() {
        byte[] file = Arrays.copyOf(aValidFile(false), 5 * L - 10);
        ZenginFormatException e = readFails(file);
        assertAt(5, 111, e);
        assertTrue(e.getMessage().contains("110 bytes"), e.getMessage());
    }

    @Test
    void aLongRecordIsReportedAtByte121() {
        byte[] valid = aValidFile(true);
        // one extra blank at the end of record 2, before its CR LF
        byte[] file = new byte[valid.length + 1];
        System.arraycopy(valid, 0, file, 0, 122 + 120);
        file[122 + 120] = ' ';
        System.arraycopy(valid, 122 + 120, file, 122 + 121, valid.length - 122 - 120);
        assertAt(2, 121, readFails(file));
    }

    @Test
    void crLfMustBeUsedConsistently() {
        byte[] valid = aValidFile(true);
        byte[] missingLastCrLf = Arrays.copyOf(valid, valid.length - 2);
        assertAt(5, 121, readFails(missingLastCrLf));

        byte[] noBreaks = aValidFile(false);
        byte[] oneBreak = new byte[noBreaks.length + 2];
        System.arraycopy(noBreaks, 0, oneBreak, 0, 2 * L);
        oneBreak[2 * L] = '\r';
        oneBreak[2 * L + 1] = '\n';
        System.arraycopy(noBreaks, 2 * L, oneBreak, 2 * L + 2, noBreaks.length - 2 * L);
        // record 1 had no line break, so the one after record 2 is the inconsistency
        ZenginFormatException e = readFails(oneBreak);
        assertAt(2, 121, e);
        assertTrue(e.getMessage().contains("CR LF after every record or after none"), e.getMessage());
    }

    @Test
    void lfWithoutCrIsRejected() {
        byte[] valid = aValidFile(true);
        byte[] lf = valid.clone();
        lf[120] = '\n';
        lf[121] = ' ';
        assertAt(1, 121, readFails(lf));
    }

    @ParameterizedTest(name = "{3}")
    @CsvSource({
            "1, 5, X, 依頼人コード: not a digit",
            "1, 14, ' ', 依頼人コード: blank in an N field",
            "1, 57, 3, 振込指定日: November 37th",
            "1, 55, 13, 振込指定日: month 13",
            "1, 96, 3, 預金種目 3 does not exist",
            "1, 2, 11, 種別 must be 21",
            "1, 4, 1, コード区分 EBCDIC",
            "1, 120, X, header blank area",
            "2, 3, A, 銀行番号: not a digit",
            "3, 50, /, 口座番号: not a digit",
            "3, 81, 0000000000, 金額 zero",
            "3, 90, a, 金額: letter",
            "3, 51, ' ', 受取人名 starts with a blank",
            "2, 60, a, 受取人名: lower case",
            "2, 6, ' ', 銀行名 starts with a blank",
            "2, 95, ' ', 顧客コード1: half blank",
            "2, 112, 9, 振込区分 9",
            "2, 113, Y, 識別表示 Y (EDI)",
            "2, 114, X, data blank area",
            "4, 20, 0, trailer blank area",
            "5, 2, X, end blank area"})
    void aBadByteIsReportedWithItsRecordAndPosition(int record, int position, String text, String why) {
        assertAt(record, position, readFails(patch(aValidFile(false), record, position, text)));
    }

    @Test
    void bytesOutsideJisX0201AreRejectedInNameFields() {
        byte[] file = aValidFile(false);
        file[L + 50] = (byte) 0x81; // first byte of a Shift_JIS double-byte character in 受取人名
        ZenginFormatException e = readFails(file);
        assertAt(2, 51, e);
        assertTrue(e.getMessage().contains("0x81"), e.getMessage());
    }

    @Test
    void aTrailerCountThatDoesNotMatchTheDataIsReportedAtTheCount() {
        ZenginFormatException e = readFails(patch(aValidFile(false), 4, 2, "000003"));
        assertAt(4, 2, e);
        assertTrue(e.getMessage().contains("2 data records"), e.getMessage());
    }

    @Test
    void aTrailerTotalThatDoesNotMatchTheDataIsReportedAtTheTotal() {
        ZenginFormatException e = readFails(patch(aValidFile(false), 4, 8, "000000002101"));
        assertAt(4, 8, e);
        assertTrue(e.getMessage().contains("2101") && e.getMessage().contains("2100"), e.getMessage());
    }

    @Test
    void recordsOutOfOrderAreReportedAtTheirTypeByte() {
        byte[] valid = aValidFile(false);
        byte[] swapped = valid.clone();
        // data record where the header should be
        System.arraycopy(valid, L, swapped, 0, L);
        assertAt(1, 1, readFails(swapped));

        // a second header after the data
        byte[] twoHeaders = valid.clone();
        System.arraycopy(valid, 0, twoHeaders, 2 * L, L);
        assertAt(3, 1, readFails(twoHeaders));

        // the end record before the trailer
        byte[] endFirst = valid.clone();
        System.arraycopy(valid, 4 * L, endFirst, 3 * L, L);
        System.arraycopy(valid, 3 * L, endFirst, 4 * L, L);
        assertAt(4, 1, readFails(endFirst));

        // a header followed directly by the trailer
        byte[] noData = new byte[3 * L];
        System.arraycopy(valid, 0, noData, 0, L);
        System.arraycopy(valid, 3 * L, noData, L, 2 * L);
        assertAt(2, 1, readFails(noData));
    }

    @Test
    void aFileMustEndWithTheEndRecordAndNothingAfterIt() {
        byte[] valid = aValidFile(false);
        assertAt(5, 1, readFails(Arrays.copyOf(valid, 4 * L)));
        byte[] extra = Arrays.copyOf(valid, 6 * L);
        System.arraycopy(valid, 4 * L, extra, 5 * L, L);
        assertAt(6, 1, readFails(extra));
    }

    @Test
    void anEmptyFileIsReportedAtTheFirstByte() {
        assertAt(1, 1, readFails(new byte[0]));
        assertAt(1, 1, readFails(null));
    }

    @Test
    void blankCustomerCodesReadAsEmpty() {
        Transfer t = ZenginReader.read(aValidFile(false)).transfers().get(0);
        assertEquals("0000131016", t.customerCode1());
        assertEquals("", t.customerCode2());
        assertEquals('7', t.transferKind());
    }
}
