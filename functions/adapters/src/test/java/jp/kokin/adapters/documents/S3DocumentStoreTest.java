package jp.kokin.adapters.documents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The temporary copy a document is uploaded from, and the download name it is given. */
class S3DocumentStoreTest {
    private static final int PART = (int) S3DocumentStore.PART_BYTES;

    @TempDir
    Path dir;

    @Test
    void a_document_of_exactly_one_part_is_one_part_and_one_byte_more_is_two() throws Exception {
        var exact = S3DocumentStore.spill(out -> writeZeros(out, PART), dir.resolve("a"));
        var oneMore = S3DocumentStore.spill(out -> writeZeros(out, PART + 1), dir.resolve("b"));

        assertEquals(1, exact.partSha256().size());
        assertEquals(2, oneMore.partSha256().size());
        assertEquals(PART + 1L, Files.size(dir.resolve("b")));
        assertEquals(base64Sha256(new byte[1]), oneMore.partSha256().get(1), "the last part holds the one byte");
        assertEquals(base64Sha256(new byte[PART]), oneMore.partSha256().get(0));
    }

    @Test
    void bytes_written_one_at_a_time_or_in_arrays_give_the_same_digests() throws Exception {
        byte[] text = "全銀協フォーマット\r\n".repeat(50).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        var whole = S3DocumentStore.spill(out -> out.write(text), dir.resolve("a"));
        var single = S3DocumentStore.spill(out -> {
            for (byte b : text) {
                out.write(b);
            }
        }, dir.resolve("b"));

        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text)), whole.sha256Hex());
        assertEquals(whole.sha256Hex(), single.sha256Hex());
        assertEquals(whole.partSha256(), single.partSha256());
        assertEquals(whole.sha256Base64(), whole.partSha256().getFirst(), "one part: its digest is the whole's");
        assertEquals(text.length, whole.bytes());
    }

    @Test
    void an_empty_document_has_no_parts_and_the_empty_digest() throws Exception {
        var empty = S3DocumentStore.spill(out -> { }, dir.resolve("a"));

        assertEquals(0, empty.bytes());
        assertTrue(empty.partSha256().isEmpty());
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", empty.sha256Hex());
    }

    @Test
    void the_download_name_survives_in_utf_8_with_an_ascii_fallback_that_cannot_break_the_header() {
        assertEquals("attachment; filename=\"transfer-20261130.txt\"; filename*=UTF-8''transfer-20261130.txt",
                S3DocumentStore.attachment("transfer-20261130.txt"));
        assertEquals("attachment; filename=\"___.csv\"; filename*=UTF-8''%E6%98%8E%E7%B4%B0%22.csv",
                S3DocumentStore.attachment("明細\".csv"));
        assertEquals("attachment; filename=\"a_b_c d.txt\"; filename*=UTF-8''a%2Fb%5Cc%20d.txt",
                S3DocumentStore.attachment("a/b\\c d.txt"));
    }

    private static void writeZeros(java.io.OutputStream out, long n) throws IOException {
        byte[] chunk = new byte[64 * 1024];
        for (long left = n; left > 0; left -= chunk.length) {
            out.write(chunk, 0, (int) Math.min(chunk.length, left));
        }
    }

    private static String base64Sha256(byte[] bytes) throws Exception {
        return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
