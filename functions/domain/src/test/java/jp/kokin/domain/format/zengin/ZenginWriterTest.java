package jp.kokin.domain.format.zengin;

import static jp.kokin.domain.format.zengin.ZenginFixtures.aFile;
import static jp.kokin.domain.format.zengin.ZenginFixtures.aHeader;
import static jp.kokin.domain.format.zengin.ZenginFixtures.aTransfer;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.Charset;
import java.time.MonthDay;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import jp.kokin.domain.format.FormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ZenginWriterTest {

    /**
     * The golden file, one 120-character line per record, written by hand from the layout table:
     * every character is one byte in JIS X 0201, the single-byte range of Shift_JIS.
     */
    private static final String[] GOLDEN_LINES = {
            // 1|21|0|依頼人コード|依頼人名 C40|MMDD|銀行|銀行名 C15|支店|支店名 C15|種目|口座番号|blank 17
            "12101234567890ｺｳｷﾝ ｼﾕｳﾉｳﾀﾞｲｺｳ                         11270001ﾐｽﾞﾎ           001ﾄｳｷﾖｳｴｲｷﾞﾖｳﾌﾞ  11234567                 ",
            // 2|銀行|銀行名|支店|支店名|手形交換所|種目|口座|受取人名 C30|金額 N10|新規|顧客1|顧客2|区分|識別|blank 7
            "20005ﾐﾂﾋﾞｼﾕ-ｴﾌｼﾞｴｲ  123ｼﾝｼﾞﾕｸ         000010012345ﾁﾖﾀﾞｸ ｶｲｹｲｶﾝﾘｼﾔ               000000105000000131016          7        ",
            "29900ﾕｳﾁﾖ           018ｾﾞﾛｲﾁﾊﾁ        000027654321(ｶ)ﾊﾟｽﾎﾟ-ﾄ                    00020000000                    8        ",
            // 8|件数 N6|合計 N12|blank 101
            "8000002000002001050                                                                                                     ",
            // 9|blank 119
            "9                                                                                                                       ",
    };

    /** The input as a portal or the catalog would give it: full-width, hiragana, short account numbers. */
    private static TransferFile goldenInput() {
        Header header = new Header("1234567890", "コウキン　シュウノウダイコウ", MonthDay.of(11, 27), "0001", "ミズホ", "001",
                "トウキョウエイギョウブ", 1, "1234567");
        Transfer first = new Transfer("0005", "ミツビシユーエフジェイ", "123", "しんじゅく", 1, "12345",
                "チヨダク　カイケイカンリシャ", 1050, "131016", "");
        Transfer second = new Transfer("9900", "ゆうちょ", "018", "ゼロイチハチ", 2, "7654321", "（カ）パスポート",
                2_000_000, null, null, Transfer.DOCUMENTARY);
        return new TransferFile(header, List.of(first, second));
    }

    private static byte[] golden(String lineEnd) {
        return (String.join(lineEnd, GOLDEN_LINES) + lineEnd).getBytes(Charset.forName("Shift_JIS"));
    }

    @Test
    void theGoldenLinesAreEach120Bytes() {
        for (String line : GOLDEN_LINES) {
            assertEquals(120, line.getBytes(Charset.forName("Shift_JIS")).length, line);
        }
    }

    @Test
    void theWriterProducesTheGoldenFileByteForByteWithoutLineBreaks() {
        byte[] actual = ZenginWriter.write(goldenInput(), false);
        byte[] expected = golden("");
        assertEquals(600, actual.length);
        for (int i = 0; i < expected.length; i++) {
            int record = i / 120 + 1;
            int position = i % 120 + 1;
            assertEquals(expected[i], actual[i], "record " + record + ", byte " + position);
        }
    }

    @Test
    void theWriterProducesTheGoldenFileWithCrLf() {
        byte[] actual = ZenginWriter.write(goldenInput(), true);
        assertEquals(610, actual.length);
        assertArrayEquals(golden("\r\n"), actual);
    }

    @Test
    void kanaIsEncodedAsJisX0201SingleBytes() {
        byte[] file = ZenginWriter.write(goldenInput(), false);
        // 依頼人名 starts at byte 15 of the header: ｺ ｳ ｷ ﾝ = B A, B3, B7, DD
        assertEquals("bab3b7dd", HexFormat.of().formatHex(file, 14, 18));
        // 受取人名 of record 3 (second transfer) starts at byte 51: ( ｶ ) ﾊ ﾟ = 28 B6 29 CA DF
        assertEquals("28b629cadf", HexFormat.of().formatHex(file, 240 + 50, 240 + 55));
    }

    @Test
    void theTrailerCarriesCountAndTotalAndTheEndRecordIsBlank() {
        byte[] file = ZenginWriter.write(goldenInput(), false);
        String trailer = new String(file, 360, 120, Charset.forName("US-ASCII"));
        assertEquals("8", trailer.substring(0, 1));
        assertEquals("000002", trailer.substring(1, 7));
        assertEquals("000002001050", trailer.substring(7, 19));
        assertEquals(" ".repeat(101), trailer.substring(19));
        byte[] end = Arrays.copyOfRange(file, 480, 600);
        byte[] expectedEnd = new byte[120];
        Arrays.fill(expectedEnd, (byte) ' ');
        expectedEnd[0] = '9';
        assertArrayEquals(expectedEnd, end);
    }

    @Test
    void totalAndCountAreTheSumsOfTheTransfers() {
        assertEquals(2_001_050, goldenInput().totalAmount());
        assertEquals(2, goldenInput().count());
    }

    @Test
    void aBadFieldIsNamedByItsPathAndNothingIsWritten() {
        Transfer bad = new Transfer("0005", "", "123", "", 1, "12345678", "ﾔﾏﾀﾞ", 1, "", "");
        FormatException e = assertThrows(FormatException.class,
                () -> ZenginWriter.write(aFile(aTransfer(), aTransfer(), bad), true));
        assertTrue(e.getMessage().startsWith("transfers[2].accountNumber: "), e.getMessage());
    }

    @Test
    void aNameThatIsTooLongIsAnErrorUnlessTruncationIsAsked() {
        String longName = "ア".repeat(31);
        Transfer t = new Transfer("0005", "", "123", "", 1, "1", longName, 1, "", "");
        FormatException e = assertThrows(FormatException.class, () -> ZenginWriter.write(aFile(t), false));
        assertTrue(e.getMessage().startsWith("transfers[0].recipientName: name is 31 characters"), e.getMessage());
        byte[] file = ZenginWriter.write(aFile(t), false, true);
        assertEquals("ｱ".repeat(30), ZenginReader.read(file).transfers().get(0).recipientName());
    }

    @Test
    void aNameWithAForbiddenCharacterNamesFieldCharacterAndPosition() {
        Header h = aHeader();
        Header bad = new Header(h.requesterCode(), "千代田区", h.transferDate(), h.bankCode(), h.bankName(), h.branchCode(),
                h.branchName(), h.accountType(), h.accountNumber());
        FormatException e = assertThrows(FormatException.class,
                () -> ZenginWriter.write(new TransferFile(bad, List.of(aTransfer())), false));
        assertEquals("header.requesterName: character '千' (U+5343) at position 1 is not allowed in a Zengin name",
                e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"bankCode", "branchCode", "accountType", "accountNumber", "recipientName", "amount",
            "customerCode1", "customerCode2", "transferKind"})
    void everyTransferFieldIsChecked(String field) {
        Transfer t = aTransfer();
        Transfer bad = new Transfer(
                field.equals("bankCode") ? "005" : t.bankCode(), t.bankName(),
                field.equals("branchCode") ? "12X" : t.branchCode(), t.branchName(),
                field.equals("accountType") ? 3 : t.accountType(),
                field.equals("accountNumber") ? "" : t.accountNumber(),
                field.equals("recipientName") ? "　" : t.recipientName(),
                field.equals("amount") ? 0 : t.amount(),
                field.equals("customerCode1") ? "12345678901" : t.customerCode1(),
                field.equals("customerCode2") ? "-1" : t.customerCode2(),
                field.equals("transferKind") ? '9' : t.transferKind());
        FormatException e = assertThrows(FormatException.class, () -> ZenginWriter.write(aFile(bad), false));
        assertTrue(e.getMessage().startsWith("transfers[0]." + field + ": "), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"requesterCode", "requesterName", "transferDate", "bankCode", "bankName", "branchCode",
            "branchName", "accountType", "accountNumber"})
    void everyHeaderFieldIsChecked(String field) {
        Header h = aHeader();
        Header bad = new Header(
                field.equals("requesterCode") ? "123456789" : h.requesterCode(),
                field.equals("requesterName") ? null : h.requesterName(),
                field.equals("transferDate") ? null : h.transferDate(),
                field.equals("bankCode") ? "00011" : h.bankCode(),
                field.equals("bankName") ? "ﾐｽﾞﾎｷﾞﾝｺｳ ﾄｳｷﾖｳﾎﾝﾃﾝ" : h.bankName(),
                field.equals("branchCode") ? null : h.branchCode(),
                field.equals("branchName") ? "支店" : h.branchName(),
                field.equals("accountType") ? 0 : h.accountType(),
                field.equals("accountNumber") ? "１２３" : h.accountNumber());
        FormatException e = assertThrows(FormatException.class,
                () -> ZenginWriter.write(new TransferFile(bad, List.of(aTransfer())), false));
        assertTrue(e.getMessage().startsWith("header." + field + ": "), e.getMessage());
    }

    @Test
    void amountsAboveTenDigitsAreRejected() {
        Transfer t = aTransfer();
        Transfer big = new Transfer(t.bankCode(), t.bankName(), t.branchCode(), t.branchName(), t.accountType(),
                t.accountNumber(), t.recipientName(), 10_000_000_000L, "", "");
        assertThrows(FormatException.class, () -> ZenginWriter.write(aFile(big), false));
        Transfer max = new Transfer(t.bankCode(), t.bankName(), t.branchCode(), t.branchName(), t.accountType(),
                t.accountNumber(), t.recipientName(), 9_999_999_999L, "", "");
        assertEquals(9_999_999_999L, ZenginReader.read(ZenginWriter.write(aFile(max), false)).totalAmount());
    }

    @Test
    void aFileNeedsAtLeastOneTransfer() {
        FormatException e = assertThrows(FormatException.class,
                () -> ZenginWriter.write(new TransferFile(aHeader(), List.of()), false));
        assertTrue(e.getMessage().startsWith("transfers: "), e.getMessage());
    }

    @Test
    void aFileRefusesNullTransfers() {
        List<Transfer> transfers = new ArrayList<>();
        transfers.add(aTransfer());
        assertThrows(NullPointerException.class, () -> {
            transfers.add(null);
            new TransferFile(aHeader(), transfers);
        }, "the file itself refuses null transfers");
    }

    @Test
    void validateChecksWithoutWriting() {
        ZenginWriter.validate(aFile(), false);
        assertThrows(FormatException.class, () -> ZenginWriter.validate(new TransferFile(aHeader(), List.of()), false));
    }
}
