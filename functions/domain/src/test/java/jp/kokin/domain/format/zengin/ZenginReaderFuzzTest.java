package jp.kokin.domain.format.zengin;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import jp.kokin.domain.format.FormatException;

/**
 * {@link ZenginReader#read} answers any bytes with a file or a {@link ZenginFormatException} placed inside
 * the input; and whatever it reads, the writer can write again and the reader reads back equal.
 * Seeds: {@code src/test/resources/jp/kokin/domain/format/zengin/ZenginReaderFuzzTestInputs/read/}.
 */
class ZenginReaderFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void read(@NotNull byte[] input) {
        TransferFile file;
        try {
            file = ZenginReader.read(input);
        } catch (ZenginFormatException e) {
            check(e.record() >= 1 && e.record() <= input.length / 120 + 1, "record out of range: " + e.getMessage());
            check(e.position() >= 1 && e.position() <= 121, "position out of range: " + e.getMessage());
            return;
        } catch (FormatException e) {
            throw new AssertionError("the reader must say where: " + e.getMessage(), e);
        }
        boolean crlf = input.length > 120 && input[120] == '\r';
        byte[] rewritten = ZenginWriter.write(file, crlf);
        check(rewritten.length == input.length, "rewritten to " + rewritten.length + " bytes from " + input.length);
        check(ZenginReader.read(rewritten).equals(file), "rewritten file reads differently");
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new AssertionError(message);
        }
    }
}
